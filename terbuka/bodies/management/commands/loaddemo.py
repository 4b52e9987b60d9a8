"""`terbuka loaddemo`: load the Pemerintah Kota Serang demo (idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from terbuka.bodies import demo


class Command(BaseCommand):
    help = (
        "Load the Pemerintah Kota Serang demo: PPID Utama, OPD, kecamatan, kelurahan and one "
        "account per role (password demo12345). Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = demo.load_kota_serang()
        body = result.body
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {body.name} ({body.slug}): {result.created_units} units, "
                    f"{result.created_users} accounts, {result.created_memberships} roles."
                )
            )
        else:
            self.stdout.write(f"The demo of {body.name} is already loaded; nothing changed.")
        self.stdout.write(
            f"\nDemo accounts (password {demo.DEMO_PASSWORD}; demo data only, never production):"
        )
        width = max(len(a.email) for a in demo.ACCOUNTS)
        for account in demo.ACCOUNTS:
            self.stdout.write(f"  {account.email:<{width}}  {account.description}")
        if settings.TERBUKA_STAFF_MFA_REQUIRED:
            self.stdout.write(
                self.style.WARNING(
                    "\nTERBUKA_STAFF_MFA_REQUIRED is on: officer accounts must enrol TOTP at "
                    "first sign-in. Set TERBUKA_STAFF_MFA_REQUIRED=false for the demo "
                    "(`make run` does)."
                )
            )
