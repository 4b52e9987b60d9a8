"""`terbuka stats_rebuild`: recompute every request's fact and the statistics from scratch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from terbuka.reports import facts


class Command(BaseCommand):
    help = (
        "Recompute the statistics of the information service: every request's fact, then the "
        "monthly sums with one GROUP BY. Safe to run at any time; the sums are replaced in one "
        "transaction. Use --sums-only to keep the facts and only regroup them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sums-only",
            action="store_true",
            help="Regroup the existing facts without recomputing them.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = facts.rebuild(refresh_facts=not options["sums_only"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Statistics rebuilt: {result['facts_changed']} fact(s) changed, "
                f"{result['month_cells']} month cell(s), {result['day_cells']} day cell(s)."
            )
        )
