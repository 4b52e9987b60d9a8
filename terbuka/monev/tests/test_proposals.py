"""Evidence proposals from Terbuka's own records, on the Kota Serang demo."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody
from terbuka.monev import proposals, services
from terbuka.monev.tests.test_rubric import VALID

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_participants() -> dict[str, Any]:
    for command in ("loaddemo", "loaddemo_requests", "loaddemo_dip", "loaddemo_budget"):
        call_command(command, stdout=StringIO())
    body = PublicBody.objects.get(slug="kota-serang")
    officer = User.objects.get(memberships__role="ppid_utama", memberships__unit__body=body)
    units = list(body.units.filter(slug__in=["dinkes", "bpkad"]))
    cycle = services.cycle_create(
        actor=officer,
        body=body,
        name="Monev internal",
        year=timezone.localdate().year,
        rubric=VALID,
        participants=units,
    )
    return {p.unit.slug: p for p in cycle.participants.select_related("unit", "cycle")}


def test_proposals_summarise_the_units_own_records(
    demo_participants: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    dinkes = demo_participants["dinkes"]
    with django_assert_max_num_queries(15):
        found = {p.key: p for p in proposals.for_participant(dinkes)}
    assert "budget" in found
    assert "dokumen anggaran" in found["budget"].detail
    assert found["budget"].url.startswith("/anggaran/kota-serang/?unit=dinkes")
    for proposal in found.values():
        assert proposal.title
        assert proposal.source
        # Aggregates only: no requester's name, NIK or address in any proposal.
        assert "3673" not in proposal.detail


def test_requests_and_dip_figures(demo_participants: dict[str, Any]) -> None:
    every = {
        slug: {p.key: p for p in proposals.for_participant(participant)}
        for slug, participant in demo_participants.items()
    }
    keys = set().union(*every.values())
    assert {"requests", "dip", "budget"} <= keys
    requests = next(found["requests"] for found in every.values() if "requests" in found)
    assert "permohonan diterima" in requests.detail
    assert requests.url == "/permohonan/arsip/"
    dip = next(found["dip"] for found in every.values() if "dip" in found)
    assert "entri DIP terbit" in dip.detail


def test_a_unit_without_records_gets_no_proposals(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="M",
        year=2026,
        rubric=rubric_data,
        participants=kecamatan[:1],
    )
    assert proposals.for_participant(cycle.participants.get()) == []
