"""`terbuka stats_drain`: bring the statistics up to date with the queued requests now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbuka.reports import facts


class Command(BaseCommand):
    help = (
        "Refresh the statistics of every request queued by an event (the task worker does this "
        "after each change; this runs it now, e.g. after a bulk import)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        taken = facts.drain()
        self.stdout.write(self.style.SUCCESS(f"{taken} queued request(s) refreshed."))
