"""`terbuka loaddemo_objections`: demo objections and a dispute for the Kota Serang demo."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from terbuka.accounts.models import User
from terbuka.bodies.models import Membership, PublicBody
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.demo import load_demo_objections

DEMO_BODY = "kota-serang"
DEMO_CITIZEN = "warga@demo.test"


def _member(body: PublicBody, role: str) -> User | None:
    return User.objects.filter(
        memberships__unit__body=body, memberships__role=role, memberships__is_active=True
    ).first()


class Command(BaseCommand):
    help = (
        "Record demo objections for the Kota Serang demo (after `loaddemo_requests`): one on "
        "paper awaiting the Atasan PPID, one upheld and taken to the Komisi Informasi, one "
        "settled by deliberation and one in deliberation. Does nothing when the body already "
        "has objections."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        body = PublicBody.objects.filter(slug=DEMO_BODY).first()
        if body is None:
            raise CommandError("Load the demo first: terbuka loaddemo")
        if not InformationRequest.objects.filter(body=body).exists():
            raise CommandError("Load the demo requests first: terbuka loaddemo_requests")
        officer = _member(body, Membership.Role.PPID_UTAMA)
        atasan = _member(body, Membership.Role.ATASAN_PPID)
        citizen = User.objects.filter(email=DEMO_CITIZEN).first()
        if officer is None or atasan is None or citizen is None:
            raise CommandError(
                f"The demo body needs its PPID Utama, Atasan PPID and {DEMO_CITIZEN} accounts."
            )
        created = load_demo_objections(body, officer=officer, atasan=atasan, citizen=citizen)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Recorded {created} demo objections."))
        else:
            self.stdout.write("The demo body already has objections; nothing changed.")
