from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    name = "terbuka.calendars"
    label = "calendars"
    verbose_name = _("Kalender hari kerja")

    def ready(self) -> None:
        from terbuka.calendars.tasks import daily_run
        from terbuka.core.daily import register_daily_job

        register_daily_job("calendar", daily_run)
