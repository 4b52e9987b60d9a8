from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "terbuka.accounts"
    label = "accounts"
    verbose_name = _("Akun")

    def ready(self) -> None:
        from terbuka.accounts import signals  # noqa: F401  (connects the receivers)
        from terbuka.core.files import register_stored_names

        # The identity documents are named by plain columns (the files are encrypted blobs).
        for column in ("ktp_scan_name", "power_of_attorney_name"):
            register_stored_names(
                "accounts.RequesterIdentity",
                column,
                storage="private",
                folder="identity",
                pattern=r"identity/[0-9a-f]{32}\.bin",
            )
