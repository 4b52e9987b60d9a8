from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessibleConfig(AppConfig):
    name = "terbuka.accessible"
    label = "accessible"
    verbose_name = _("Format aksesibel")

    def ready(self) -> None:
        from terbuka.accessible import services, sources
        from terbuka.core import jobs

        jobs.register_sweep("accessible_requeued", services.sweep)
        sources.register_builtin()
