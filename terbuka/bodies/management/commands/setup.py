"""`terbuka setup` (run by `make run`): migrate, seed holidays, load the demo into an empty DB."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from terbuka.bodies.models import PublicBody


class Command(BaseCommand):
    help = (
        "Migrate the database, seed the holiday table for this year and the next, and load "
        "the Kota Serang demo when the database has no public body yet."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo",
            action="store_true",
            help="Never load the demo data, even into an empty database (production).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=verbosity)

        from terbuka.calendars.services import holidays_seed

        year = timezone.localdate().year
        holidays_seed(years=[year, year + 1])
        self.stdout.write(f"Holidays seeded for {year} and {year + 1}.")

        if options["no_demo"]:
            self.stdout.write("--no-demo: the demo is not loaded.")
        elif PublicBody.objects.exists():
            self.stdout.write("The database already has public bodies; the demo is not loaded.")
        else:
            call_command("loaddemo", stdout=self.stdout, verbosity=verbosity)
            # Named, not imported: the bodies app does not depend on the request app.
            call_command("loaddemo_requests", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_objections", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_dip", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_budget", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_monev", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_reports", stdout=self.stdout, verbosity=verbosity)
            call_command("loaddemo_charter", stdout=self.stdout, verbosity=verbosity)
        if settings.TERBUKA_STAFF_MFA_REQUIRED:
            self.stdout.write(
                self.style.WARNING(
                    "Staff MFA is required (TERBUKA_STAFF_MFA_REQUIRED=true): demo officers "
                    "must enrol TOTP first. `make run` sets TERBUKA_STAFF_MFA_REQUIRED=false."
                )
            )
        else:
            self.stdout.write("Staff MFA is off (TERBUKA_STAFF_MFA_REQUIRED=false): demo only.")
