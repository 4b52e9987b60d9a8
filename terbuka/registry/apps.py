from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "terbuka.registry"
    label = "registry"
    verbose_name = _("Daftar Informasi Publik")

    def ready(self) -> None:
        from terbuka.core.daily import register_daily_job
        from terbuka.registry.tasks import daily_counts

        register_daily_job("registry", daily_counts)
