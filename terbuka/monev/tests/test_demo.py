"""The monev demo loads through the services and a second run changes nothing."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from terbuka.monev.models import (
    Answer,
    EvaluationCycle,
    Evidence,
    HistoricalResult,
    ImprovementAction,
    Meeting,
    MonevEvent,
    Result,
    Rubric,
)
from terbuka.monev.states import CycleStatus, Verification

pytestmark = pytest.mark.django_db

MODELS = (
    Rubric,
    EvaluationCycle,
    Answer,
    Evidence,
    Result,
    HistoricalResult,
    ImprovementAction,
    Meeting,
    MonevEvent,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_monev_demo_loads_once() -> None:
    call_command("loaddemo", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_monev", stdout=out)
    assert "Monev demo: 3 history results, 1 announced cycle(s), 1 meeting(s)." in out.getvalue()

    city = {
        r.year: (r.score, r.category, r.rank)
        for r in HistoricalResult.objects.filter(participant_name="Pemerintah Kota Serang")
    }
    assert city == {
        2019: (Decimal("92.50"), "Informatif", 3),
        2020: (None, "Informatif", 5),
        2025: (Decimal("99.85"), "Informatif", None),
    }
    assert all(
        r.source.startswith("https://")
        for r in HistoricalResult.objects.filter(organiser="Komisi Informasi Provinsi Banten")
    )

    cycle = EvaluationCycle.objects.get()
    last_year = timezone.localdate().year - 1
    assert (cycle.status, cycle.year) == (CycleStatus.ANNOUNCED, last_year)
    assert cycle.announced_on is not None
    assert cycle.announced_on.year == last_year
    results = list(Result.objects.filter(participant__cycle=cycle).order_by("rank"))
    assert len(results) == 6
    assert [r.rank for r in results] == [1, 2, 3, 4, 5, 6]
    assert len({r.category for r in results}) >= 3
    assert all(p.submitted_at for p in cycle.participants.all())
    changed = Answer.objects.filter(verification=Verification.CHANGED)
    assert changed.count() == 3
    assert all(a.verification_note for a in changed)
    assert not Answer.objects.filter(verification=Verification.UNVERIFIED).exists()
    assert Evidence.objects.filter(kind=Evidence.Kind.LINK).exists()
    # Announcing recorded the history of every kecamatan and planned improvements.
    assert HistoricalResult.objects.filter(cycle=cycle).count() == 6
    assert ImprovementAction.objects.filter(participant__cycle=cycle).count() > 6

    meeting = Meeting.objects.get()
    assert meeting.starts_at > timezone.now()
    assert meeting.cycle == cycle
    invited = sorted(a.unit.slug for a in meeting.attendance.all())
    assert invited == ["kecamatan-cipocok-jaya", "kecamatan-serang"]
    actions = list(meeting.actions.select_related("participant__unit"))
    assert {a.participant.unit.slug for a in actions} == set(invited)
    assert any(a.status == "in_progress" and a.owner_name for a in actions)

    before = _counts()
    again = StringIO()
    call_command("loaddemo_monev", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert _counts() == before
