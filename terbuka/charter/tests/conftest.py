"""Fixtures of the charter tests: a body with one user per role."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from terbuka.charter.services import DayHours

CHARTER_PARTS: dict[str, Any] = {
    "legal_basis": "UU 14/2008; Perki 1/2021.",
    "procedure": "Permohonan lewat meja layanan, surat, e-mail atau formulir daring.",
    "completion_time": "10 hari kerja, dapat diperpanjang 7 hari kerja.",
    "fees": "Gratis; salinan cetak Rp500 per lembar.",
    "guarantee": "Informasi diberikan tepat waktu.",
    "evaluation": "Dievaluasi setiap tahun.",
    "statement": "Kami sanggup melayani sesuai standar.",
    "signatory_name": "Rina Kartika",
    "signatory_position": "PPID Utama",
    "established_place": "Kota Uji",
    "established_on": date(2025, 1, 6),
}

WEEK = [DayHours(d, time(8), time(16), time(12), time(13)) for d in range(4)] + [
    DayHours(4, time(8), time(16, 30), time(11, 30), time(13))
]
CHANNELS = [{"kind": "email", "address": "ppid@kota-uji.test", "note": ""}]
TARIFFS: dict[str, Any] = {
    "copy_fee_per_sheet": 500,
    "courier_fee": 0,
    "post_fee": 0,
    "fax_fee": 0,
    "payment_instructions": "Tunai dengan kuitansi.",
}


@pytest.fixture
def roles(body: Any, ppid_utama_unit: Any, unit: Any) -> dict[str, Any]:
    """One user per role of the body, a citizen, another body's PPID Utama and a superuser."""
    from django.contrib.auth.models import AnonymousUser

    from terbuka.accounts.tests.factories import UserFactory
    from terbuka.bodies.models import Membership, Unit
    from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory

    role = Membership.Role

    def member(unit_: Any, role_: str, email: str, **extra: Any) -> Any:
        return MembershipFactory(unit=unit_, role=role_, user__email=email, **extra).user

    other = PublicBodyFactory(name="Kabupaten Lain", slug="kabupaten-lain")
    other_utama = UnitFactory(body=other, kind=Unit.Kind.PPID_UTAMA, slug="ppid-utama")
    return {
        "anonymous": AnonymousUser(),
        "citizen": UserFactory(email="warga@example.test"),
        "pelaksana": member(unit, role.PPID_PELAKSANA, "pelaksana@example.test"),
        "petugas": member(ppid_utama_unit, role.PETUGAS_LAYANAN, "petugas@example.test"),
        "utama": member(ppid_utama_unit, role.PPID_UTAMA, "utama@example.test"),
        "inactive_utama": member(
            ppid_utama_unit, role.PPID_UTAMA, "mantan@example.test", is_active=False
        ),
        "atasan": member(ppid_utama_unit, role.ATASAN_PPID, "atasan@example.test"),
        "evaluator": member(ppid_utama_unit, role.EVALUATOR, "evaluator@example.test"),
        "admin": member(ppid_utama_unit, role.ADMIN, "admin@example.test"),
        "other_body": member(other_utama, role.PPID_UTAMA, "lain@example.test"),
        "superuser": UserFactory(email="root@example.test", is_superuser=True, is_staff=True),
    }


ALLOWED = ("utama", "admin", "superuser")
FORBIDDEN = (
    "anonymous",
    "citizen",
    "pelaksana",
    "petugas",
    "inactive_utama",
    "atasan",
    "evaluator",
    "other_body",
)
