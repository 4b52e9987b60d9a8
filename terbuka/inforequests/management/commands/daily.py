"""`terbuka daily [--date YYYY-MM-DD]`: the daily job of information requests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.inforequests.tasks import daily_run


class Command(BaseCommand):
    help = (
        "Daily job of information requests; cron runs it once a day (e.g. "
        "`15 0 * * * terbuka daily`). Flags overdue requests and escalates them to the unit, "
        "the PPID Utama and the Atasan PPID; sends deadline reminders (before the due date and "
        "on it); lapses incomplete requests whose completion window has passed; in December "
        "seeds next year's holidays. Idempotent: a second run on the same day sends nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", help="Run as if today were this date (YYYY-MM-DD); default: today."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today: date | None = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD.") from exc
        result = daily_run(today)
        seeded = "" if result.holidays_seeded is None else f", {result.holidays_seeded} holidays"
        self.stdout.write(
            f"{result.overdue} overdue, {result.reminders} reminders, "
            f"{result.lapsed} lapsed{seeded}."
        )
