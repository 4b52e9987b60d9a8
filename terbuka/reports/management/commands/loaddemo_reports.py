"""`terbuka loaddemo_reports`: Kota Serang's register of the past two years, for the statistics."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from terbuka.bodies.demo import demo_body_and_ppid_utama
from terbuka.calendars.services import holidays_seed
from terbuka.reports.demo import load_demo_history

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Load the statistics demo (after `loaddemo`): about 320 closed requests of Kota Serang "
        "received since January of last year, with their notices, extensions and late answers, "
        "last year's service-report narrative, and the statistics rebuilt. Creates only what "
        "is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body, officer = demo_body_and_ppid_utama(DEMO_BODY)
        # The history's clocks count last year's holidays too.
        holidays_seed(years=[timezone.localdate().year - 1])
        result = load_demo_history(body, officer=officer)
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Statistics demo: {result.requests} past requests, "
                    f"{result.narratives} report narrative(s); statistics rebuilt."
                )
            )
        else:
            self.stdout.write("The statistics demo is already loaded; nothing changed.")
