"""`terbuka daily [--date YYYY-MM-DD]`: every app's daily job (see `terbuka.core.daily`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from terbuka.core.daily import describe, run_daily


class Command(BaseCommand):
    help = (
        "The daily job; cron runs it once a day (e.g. `15 0 * * * terbuka daily`). In December "
        "seeds next year's holidays. Requests: flags overdue ones and escalates them to the "
        "unit, the PPID Utama and the Atasan PPID, sends deadline reminders (before the due "
        "date and on it), lapses incomplete ones whose completion window has passed. "
        "Objections: lapses those the Atasan PPID did not answer in 30 working days, reminds "
        "the Atasan before the due date and on it, and reminds the body of a Komisi Informasi "
        "decision to carry out. Idempotent: a second run on the same day sends nothing. Prints "
        "one line of counts per job; exits with an error if any job failed (the others still "
        "run)."
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
        report = run_daily(today)
        for name, counts in report.counts.items():
            if counts:
                self.stdout.write(f"{name}: {describe(counts)}.")
        if report.failed:
            raise CommandError(f"Failed: {', '.join(report.failed)} (see the log).")
