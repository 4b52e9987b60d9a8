"""`terbuka loaddemo_dip`: the demo DIP (entries, documents, a consequence test)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbuka.bodies.demo import demo_body_and_ppid_utama
from terbuka.registry.demo import load_demo_dip

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Create the demo DIP for the Kota Serang demo (after `loaddemo`): published entries of "
        "every class with scanned documents, a draft blocked by the safety scan, a decided "
        "consequence test and a serta-merta announcement. Does nothing when entries exist."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body, officer = demo_body_and_ppid_utama(DEMO_BODY)
        created = load_demo_dip(body, officer=officer)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {created} demo DIP entries."))
        else:
            self.stdout.write("The demo body already has DIP entries; nothing changed.")
