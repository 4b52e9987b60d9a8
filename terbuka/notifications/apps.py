from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "terbuka.notifications"
    label = "notifications"
    verbose_name = _("Notifikasi e-mail")

    def ready(self) -> None:
        from terbuka.core import jobs
        from terbuka.core.daily import register_daily_job
        from terbuka.notifications import services

        jobs.register_sweep("notifications_recovered", services.sweep)
        # A sweep once a day even where no worker runs (e.g. the worker unit is down).
        register_daily_job("recovery", jobs.daily_run)
        register_daily_job("notifications", services.daily_run)
