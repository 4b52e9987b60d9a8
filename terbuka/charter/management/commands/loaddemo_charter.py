"""`terbuka loaddemo_charter`: the demo service charter, procedures, hours and fees."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbuka.bodies.demo import demo_body_and_ppid_utama
from terbuka.charter.demo import load_demo_charter

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Create the demo service information for the Kota Serang demo (after `loaddemo`): two "
        "versions of the service charter, the three procedures, service hours and channels, "
        "and the fees. Fills only what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body, officer = demo_body_and_ppid_utama(DEMO_BODY)
        written = load_demo_charter(body, officer=officer)
        if written:
            self.stdout.write(
                self.style.SUCCESS(f"Wrote {written} demo service-information parts.")
            )
        else:
            self.stdout.write("The demo body already has its service information; nothing changed.")
