from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "terbuka.charter"
    label = "charter"
    verbose_name = _("Maklumat dan informasi layanan")

    def ready(self) -> None:
        from terbuka.charter.formats import register_sources

        register_sources()
