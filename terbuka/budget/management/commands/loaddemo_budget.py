"""`terbuka loaddemo_budget`: two years of Dinas Kesehatan's realisation report for the demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbuka.bodies.demo import demo_body_and_ppid_utama
from terbuka.budget.demo import load_demo_budget

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Upload the demo budgets (after `loaddemo`): Dinas Kesehatan's yearly realisation "
        "report for last year and this year and last year's audited statement. Does nothing "
        "when the body has budgets."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body, officer = demo_body_and_ppid_utama(DEMO_BODY)
        created = load_demo_budget(body, officer=officer)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Imported {created} demo budgets."))
        else:
            self.stdout.write("The demo body already has budgets; nothing changed.")
