"""`terbuka loaddemo_dip`: the demo DIP (entries, documents, a consequence test)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from terbuka.accounts.models import User
from terbuka.bodies.models import Membership, PublicBody
from terbuka.registry.demo import load_demo_dip

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Create the demo DIP for the Kota Serang demo (after `loaddemo`): published entries of "
        "every class with scanned documents, a draft blocked by the safety scan, a decided "
        "consequence test and a serta-merta announcement. Does nothing when entries exist."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body = PublicBody.objects.filter(slug=DEMO_BODY).first()
        if body is None:
            raise CommandError("Load the demo first: terbuka loaddemo")
        officer = User.objects.filter(
            memberships__unit__body=body,
            memberships__role=Membership.Role.PPID_UTAMA,
            memberships__is_active=True,
        ).first()
        if officer is None:
            raise CommandError("The demo body needs its PPID Utama account.")
        created = load_demo_dip(body, officer=officer)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created {created} demo DIP entries."))
        else:
            self.stdout.write("The demo body already has DIP entries; nothing changed.")
