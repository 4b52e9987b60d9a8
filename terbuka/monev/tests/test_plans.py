"""Evidence rules, improvement actions, coordination meetings and trend alerts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from terbuka.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from terbuka.monev import services
from terbuka.monev.models import Evidence, HistoricalResult, ImprovementAction, MonevEvent
from terbuka.monev.states import ACTION_TRANSITIONS, ActionStatus
from terbuka.safety.tests.corpus import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: Any) -> Any:
    cycle = services.cycle_create(
        actor=ppid_utama,
        body=body,
        name="Monev 2026",
        year=2026,
        rubric=rubric_data,
        participants=kecamatan,
        open_questionnaire=True,
    )
    return cycle.participants.get(unit=kecamatan[0])


def test_pdf_evidence_is_typed_by_content_and_limited(participant: Any, camat_officer: Any) -> None:
    [q2] = services.answers_save(
        participant=participant, actor=camat_officer, answers={"q2": "sebagian"}
    )
    with pytest.raises(ValidationError) as fake:
        services.evidence_add_pdf(
            answer=q2, actor=camat_officer, data=b"MZ\x90\x00" * 10, filename="bukti.pdf"
        )
    assert "file" in fake.value.details["fields"]
    with pytest.raises(ValidationError) as big:
        services.evidence_add_pdf(
            answer=q2, actor=camat_officer, data=pdf() + b" " * 2_100_000, filename="b.pdf"
        )
    assert "file" in big.value.details["fields"]
    evidence = services.evidence_add_pdf(
        answer=q2, actor=camat_officer, data=pdf(), filename="C:\\dokumen\\register.pdf"
    )
    assert evidence.original_name == "register.pdf"
    assert services.evidence_missing(participant) == []
    services.evidence_remove(evidence=evidence, actor=camat_officer)
    assert services.evidence_missing(participant) == ["q2"]
    assert Evidence.objects.count() == 0
    kinds = list(MonevEvent.objects.filter(participant=participant).values_list("kind", flat=True))
    assert kinds.count("evidence_added") == 1
    assert kinds.count("evidence_removed") == 1


def test_evidence_only_by_the_participant_while_open(
    participant: Any, camat_officer: Any, unit_officer: Any
) -> None:
    [q1] = services.answers_save(participant=participant, actor=camat_officer, answers={"q1": "ya"})
    with pytest.raises(PermissionDenied):
        services.evidence_add_link(answer=q1, actor=unit_officer, url="https://a.example")
    services.evidence_add_link(answer=q1, actor=camat_officer, url="https://a.example")
    with pytest.raises(ValidationError):
        services.evidence_add_link(answer=q1, actor=camat_officer, url="https://a.example")
    participant.cycle.status = "verification"
    participant.cycle.save()
    with pytest.raises(InvalidTransition):
        services.evidence_add_link(answer=q1, actor=camat_officer, url="https://b.example")


@pytest.mark.parametrize("old", list(ActionStatus))
@pytest.mark.parametrize("new", list(ActionStatus))
def test_every_action_transition(
    participant: Any, camat_officer: Any, old: ActionStatus, new: ActionStatus
) -> None:
    action = services.action_create(
        participant=participant, actor=camat_officer, title="Umumkan register permohonan"
    )
    ImprovementAction.objects.filter(pk=action.pk).update(status=old)
    action.refresh_from_db()
    if new == old:
        assert services.action_update(action=action, actor=camat_officer, status=new).status == old
    elif new in ACTION_TRANSITIONS[old]:
        moved = services.action_update(action=action, actor=camat_officer, status=new)
        assert moved.status == new
    else:
        with pytest.raises(InvalidTransition):
            services.action_update(action=action, actor=camat_officer, status=new)


def test_action_fields_and_permission(
    participant: Any, camat_officer: Any, unit_officer: Any
) -> None:
    with pytest.raises(ValidationError):
        services.action_create(participant=participant, actor=camat_officer, title=" ")
    action = services.action_create(
        participant=participant, actor=camat_officer, title="Perbarui DIP", owner_name="Sekcam"
    )
    updated = services.action_update(
        action=action,
        actor=camat_officer,
        due_on=date(2026, 12, 31),
        owner=camat_officer,
        status="in_progress",
    )
    assert updated.due_on == date(2026, 12, 31)
    assert updated.owner == camat_officer
    with pytest.raises(PermissionDenied):
        services.action_update(action=action, actor=unit_officer, status="done")


def test_meetings(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
    participant: Any,
    unit: Any,
) -> None:
    action = services.action_create(
        participant=participant, actor=camat_officer, title="Lengkapi DIP"
    )
    when = datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=camat_officer,
            body=body,
            title="Rakor",
            starts_at=when,
            place="Aula",
            agenda="Monev",
            units=kecamatan[:2],
        )
    with pytest.raises(ValidationError) as outside:
        services.meeting_create(
            actor=ppid_utama,
            body=body,
            title="Rakor",
            starts_at=when,
            place="Aula",
            agenda="Monev",
            units=[kecamatan[1]],
            actions=[action],
        )
    assert "actions" in outside.value.details["fields"]
    meeting = services.meeting_create(
        actor=ppid_utama,
        body=body,
        title="Rapat koordinasi Kecamatan Serang dan Cipocok Jaya",
        starts_at=when,
        place="Aula Diskominfo",
        agenda="Tindak lanjut hasil monev",
        units=kecamatan[:2],
        cycle=participant.cycle,
        actions=[action],
    )
    assert meeting.attendance.count() == 2
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=meeting, actor=ppid_utama, minutes="x", attendance={unit.pk: (True, "")}
        )
    recorded = services.meeting_record(
        meeting=meeting,
        actor=ppid_utama,
        minutes="Disepakati memperbarui DIP sebelum Januari.",
        attendance={kecamatan[0].pk: (True, "Sekcam"), kecamatan[1].pk: (False, "")},
    )
    assert recorded.minutes.startswith("Disepakati")
    present = {a.unit_id: a.present for a in recorded.attendance.all()}
    assert present == {kecamatan[0].pk: True, kecamatan[1].pk: False}
    assert list(recorded.actions.all()) == [action]


CATEGORIES = ["Informatif", "Menuju Informatif", "Cukup Informatif", "Kurang Informatif"]


def test_trend_alerts_flag_the_fall_from_92_5(body: Any) -> None:
    rows = [
        HistoricalResult(
            body=body,
            participant_name="Kota Serang",
            year=year,
            organiser="KI",
            score=Decimal(score) if score else None,
            category=category,
        )
        for year, score, category in (
            (2018, "70.00", "Cukup Informatif"),
            (2019, "92.50", "Informatif"),
            (2020, "90.10", "Informatif"),
            (2021, "85.00", "Menuju Informatif"),
            (2022, None, "Menuju Informatif"),
        )
    ]
    alerts = services.trend_alerts(rows, CATEGORIES)
    assert [(a.year, a.category_dropped) for a in alerts] == [(2020, False), (2021, True)]
    assert alerts[0].previous_score == Decimal("92.50")


def test_an_action_for_a_question_takes_its_lost_points(
    participant: Any, camat_officer: Any, ppid_utama: Any
) -> None:
    services.answers_save(
        participant=participant, actor=camat_officer, answers={"q1": "tidak", "q2": "sebagian"}
    )
    services.cycle_compute(cycle=participant.cycle, actor=ppid_utama)
    action = services.action_create(
        participant=participant, actor=camat_officer, title="Umumkan DIP", question_key="q2"
    )
    assert action.lost_points == Decimal("26.25")
    with pytest.raises(ValidationError) as twice:
        services.action_create(
            participant=participant, actor=camat_officer, title="Lagi", question_key="q2"
        )
    assert "question_key" in twice.value.details["fields"]
    with pytest.raises(ValidationError):
        services.action_create(
            participant=participant, actor=camat_officer, title="X", question_key="q9"
        )
