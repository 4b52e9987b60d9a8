from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InforequestsConfig(AppConfig):
    name = "terbuka.inforequests"
    label = "inforequests"
    verbose_name = _("Permohonan informasi")

    def ready(self) -> None:
        from terbuka.calendars.signals import register_clock_recomputer
        from terbuka.core.daily import register_daily_job
        from terbuka.inforequests.services import request_recompute_clocks_for_dates
        from terbuka.inforequests.tasks import daily_counts

        register_clock_recomputer(request_recompute_clocks_for_dates)
        register_daily_job("requests", daily_counts)
