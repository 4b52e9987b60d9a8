"""`terbuka loaddemo_monev`: Kota Serang's monev history, last year's internal monev of its
kecamatan and an upcoming coordination meeting."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from terbuka.bodies.demo import demo_body_and_ppid_utama
from terbuka.monev.demo import load_demo_monev

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Load the monev demo (after `loaddemo`): Kota Serang's KI Banten results, last year's "
        "announced internal monev of the six kecamatan with results and improvement actions, "
        "and an upcoming coordination meeting. Creates only what is missing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body, officer = demo_body_and_ppid_utama(DEMO_BODY)
        result = load_demo_monev(body, officer=officer)
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Monev demo: {result.history} history results, {result.cycles} announced "
                    f"cycle(s), {result.meetings} meeting(s)."
                )
            )
        else:
            self.stdout.write("The monev demo is already loaded; nothing changed.")
