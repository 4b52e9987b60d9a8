from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations: backup and restore (`terbuka backup`, `terbuka restore`)."""

    name = "terbuka.ops"
    label = "ops"
    verbose_name = _("Operasional")
