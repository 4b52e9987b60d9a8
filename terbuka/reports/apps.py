from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "terbuka.reports"
    label = "reports"
    verbose_name = _("Laporan dan statistik")

    def ready(self) -> None:
        from terbuka.core.daily import register_daily_job
        from terbuka.reports import signals, tasks

        signals.connect()
        register_daily_job("statistics", tasks.daily_run)
