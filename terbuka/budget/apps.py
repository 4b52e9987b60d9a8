from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "terbuka.budget"
    label = "budget"
    verbose_name = _("Transparansi anggaran")

    def ready(self) -> None:
        from terbuka.budget.staging import daily_counts
        from terbuka.core.daily import register_daily_job

        register_daily_job("budget", daily_counts)
