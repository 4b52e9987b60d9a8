from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjectionsConfig(AppConfig):
    name = "terbuka.objections"
    label = "objections"
    verbose_name = _("Keberatan dan sengketa informasi")

    def ready(self) -> None:
        from terbuka.calendars.signals import register_clock_recomputer
        from terbuka.core.daily import register_daily_job
        from terbuka.objections.services import objection_recompute_clocks_for_dates
        from terbuka.objections.tasks import daily_counts

        register_clock_recomputer(objection_recompute_clocks_for_dates)
        register_daily_job("objections", daily_counts)
