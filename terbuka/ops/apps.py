from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup and restore (`terbuka backup`, `terbuka restore`), and the sweep of
    stored files no row names (`terbuka files_sweep`, the `files` daily job)."""

    name = "terbuka.ops"
    label = "ops"
    verbose_name = _("Operasional")

    def ready(self) -> None:
        from terbuka.core import files
        from terbuka.core.daily import register_daily_job

        # Last: after every app's own clean-up of its files (e.g. budget's staged uploads).
        register_daily_job("files", files.daily_counts)
