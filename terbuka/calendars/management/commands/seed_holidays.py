"""`terbuka seed_holidays [--years 2026 2027]`: fill the holiday table from the package."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from terbuka.calendars.services import holidays_seed
from terbuka.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Seed Indonesian national holidays and cuti bersama from the `holidays` package. "
        "Idempotent; rows edited or cancelled by an officer are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            help="Years to seed (default: the current and the next year).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years: list[int] | None = options["years"]
        if not years:
            this_year = timezone.localdate().year
            years = [this_year, this_year + 1]
        try:
            result = holidays_seed(years=years)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Seeded {', '.join(map(str, sorted(set(years))))}: "
            f"{len(result.created)} created, {len(result.renamed)} renamed, "
            f"{len(result.removed)} removed, {result.kept} kept, "
            f"{result.skipped} already entered by hand."
        )
