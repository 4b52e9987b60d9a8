"""`terbuka loaddemo_requests`: a few demo requests in every state for the Kota Serang demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from terbuka.accounts.models import User
from terbuka.bodies.models import Membership, PublicBody
from terbuka.inforequests.demo import load_demo_requests

DEMO_BODY = "kota-serang"


class Command(BaseCommand):
    help = (
        "Record demo information requests for the Kota Serang demo (after `loaddemo`): new, "
        "routed, extended, decided, refused, incomplete and overdue. Does nothing when the body "
        "already has requests."
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
            raise CommandError("The demo body has no PPID Utama account.")
        created = load_demo_requests(body, officer)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Recorded {created} demo requests."))
        else:
            self.stdout.write("The demo body already has requests; nothing changed.")
