"""Every allowed and every forbidden pair of the objection and dispute tables, driven through
the services (the table itself is checked pair by pair in `test_states.py`)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from terbuka.core.exceptions import InvalidTransition
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.objections import services
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionEvent,
)
from terbuka.objections.states import (
    DISPUTE_TERMINAL,
    DISPUTE_TRANSITIONS,
    OBJECTION_CLOCK_RUNNING,
    OBJECTION_TERMINAL,
    OBJECTION_TRANSITIONS,
    DisputeStatus,
    ObjectionStatus,
)

pytestmark = pytest.mark.django_db

OS = ObjectionStatus
DS = DisputeStatus
REASONS = "Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b."
# Nothing moves an objection back to RECEIVED or a dispute back to REGISTERED: only filing
# creates those (see the table tests below), so no service targets them.
OBJECTION_PAIRS = [(o, n) for o, n in itertools.product(OS, OS) if n != OS.RECEIVED]
DISPUTE_PAIRS = [(o, n) for o, n in itertools.product(DS, DS) if n != DS.REGISTERED]


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def ctx(
    ppid_utama: Any,
    applicant: Any,
    atasan: Any,
    file_objection: Callable[..., Objection],
) -> dict[str, Any]:
    return {
        "officer": ppid_utama,
        "applicant": applicant,
        "atasan": atasan,
        "file": file_objection,
    }


# --- Objections -------------------------------------------------------------------------------


def _put_objection_in(objection: Objection, status: ObjectionStatus) -> None:
    """Bring a fresh objection into `status` with the rows and dates that status implies."""
    today = _today()
    now = timezone.now()
    fields: dict[str, Any] = {"status": status}
    if status in OBJECTION_TERMINAL:
        fields["closed_at"] = now
    if status == OS.SETTLED_BY_DELIBERATION:
        Deliberation.objects.create(
            objection=objection,
            held_at=now,
            place="Ruang rapat PPID",
            participants="Pemohon, PPID Utama",
            outcome=Deliberation.Outcome.AGREED,
            result="Informasi diberikan dalam tujuh hari kerja.",
            recorded_at=now,
        )
    if status in (OS.ANSWERED_UPHELD, OS.ANSWERED_ORDERED):
        ordered = status == OS.ANSWERED_ORDERED
        AtasanResponse.objects.create(
            objection=objection,
            decision=(
                AtasanResponse.Decision.ORDERED_FULL if ordered else AtasanResponse.Decision.UPHELD
            ),
            reasons=REASONS,
            responded_on=today,
            fulfilment_due_on=today + dt.timedelta(days=14) if ordered else None,
            atasan_name="Drs. Atasan",
            atasan_position="Sekretaris Daerah",
            issued_at=now,
        )
        fields["dispute_due_on"] = today + dt.timedelta(days=20)
        if ordered:
            assert objection.request is not None
            InformationRequest.objects.filter(pk=objection.request.pk).update(
                status=RequestStatus.ORDERED, order_due_on=today + dt.timedelta(days=14)
            )
    if status == OS.LAPSED_UNANSWERED:
        fields.update(
            response_due_on=today - dt.timedelta(days=1),
            dispute_due_on=today + dt.timedelta(days=18),
            is_overdue=True,
        )
    Objection.objects.filter(pk=objection.pk).update(**fields)
    objection.refresh_from_db()


def _answer(objection: Objection, actor: Any, decision: str) -> Callable[[], Any]:
    return lambda: services.objection_answer(
        objection=objection,
        actor=actor,
        decision=decision,
        reasons=REASONS,
        atasan_name="Drs. Atasan",
        atasan_position="Sekretaris Daerah",
    )


def _lapse(objection: Objection) -> int:
    # The 30 working days ran out yesterday, whatever the status (Pasal 36(2)).
    Objection.objects.filter(pk=objection.pk).update(
        response_due_on=_today() - dt.timedelta(days=1)
    )
    return services.objection_mark_lapsed(_today())


def _drive_objection(
    objection: Objection, new: ObjectionStatus, ctx: dict[str, Any]
) -> Callable[[], Any]:
    """Return the service call that moves `objection` towards `new`."""
    officer = ctx["officer"]
    calls: dict[ObjectionStatus, Callable[[], Any]] = {
        OS.IN_DELIBERATION: lambda: services.objection_start_deliberation(
            objection=objection, actor=officer, note="Pemohon setuju bermusyawarah."
        ),
        OS.SETTLED_BY_DELIBERATION: lambda: services.objection_record_deliberation(
            objection=objection,
            actor=officer,
            held_at=timezone.now(),
            place="Ruang rapat PPID",
            participants="Pemohon, PPID Utama, Dinas Kesehatan",
            outcome=Deliberation.Outcome.AGREED,
            result="Informasi diberikan dalam tujuh hari kerja.",
        ),
        OS.ANSWERED_UPHELD: _answer(objection, ctx["atasan"], "upheld"),
        OS.ANSWERED_ORDERED: _answer(objection, ctx["atasan"], "ordered_full"),
        OS.LAPSED_UNANSWERED: lambda: _lapse(objection),
        OS.WITHDRAWN: lambda: services.objection_withdraw(
            objection=objection, actor=ctx["applicant"], reason="Sudah diberikan."
        ),
    }
    return calls[new]


def _objection_rows(objection: Objection) -> tuple[int, int, int]:
    return (
        ObjectionEvent.objects.filter(objection=objection).count(),
        Deliberation.objects.filter(objection=objection).count(),
        AtasanResponse.objects.filter(objection=objection).count(),
    )


@pytest.mark.parametrize(
    ("old", "new"), OBJECTION_PAIRS, ids=[f"{o}->{n}" for o, n in OBJECTION_PAIRS]
)
def test_objection_pair(old: ObjectionStatus, new: ObjectionStatus, ctx: dict[str, Any]) -> None:
    # Ground e may be deliberated (Pasal 35(2)), so every path of the table is open.
    objection = ctx["file"](grounds=["e"])
    _put_objection_in(objection, old)
    request = objection.request
    assert request is not None
    request_status = InformationRequest.objects.get(pk=request.pk).status
    before = _objection_rows(objection)
    last_event = ObjectionEvent.objects.filter(objection=objection).order_by("-pk").first()
    assert last_event is not None
    call = _drive_objection(objection, new, ctx)
    if new in OBJECTION_TRANSITIONS[old]:
        result = call()
        if new == OS.LAPSED_UNANSWERED:
            assert result == 1
        objection.refresh_from_db()
        assert objection.status == new
        moved = ObjectionEvent.objects.filter(
            objection=objection, pk__gt=last_event.pk, subject="objection"
        ).exclude(to_status="")
        assert [(e.from_status, e.to_status) for e in moved] == [(old, new)]
        assert (objection.closed_at is not None) is (new in OBJECTION_TERMINAL)
        if new in (OS.ANSWERED_UPHELD, OS.ANSWERED_ORDERED, OS.LAPSED_UNANSWERED):
            assert objection.dispute_due_on is not None
        if new == OS.ANSWERED_ORDERED:
            assert InformationRequest.objects.get(pk=request.pk).status == RequestStatus.ORDERED
        return
    if new == OS.LAPSED_UNANSWERED:
        # The daily job does not raise: it passes over objections whose clock does not run.
        assert call() == 0
    else:
        with pytest.raises(InvalidTransition) as excinfo:
            call()
        assert excinfo.value.status_code == 409
        if new == OS.SETTLED_BY_DELIBERATION:
            assert excinfo.value.code == "not_in_deliberation"
        else:
            assert excinfo.value.message == (
                f'Keberatan berstatus "{old.label}" tidak dapat diubah menjadi "{new.label}".'
            )
            assert excinfo.value.details == {"from_status": old, "to_status": new}
    objection.refresh_from_db()
    assert objection.status == old
    assert _objection_rows(objection) == before
    assert InformationRequest.objects.get(pk=request.pk).status == request_status


def test_ground_a_cannot_be_deliberated_even_when_the_table_allows(ctx: dict[str, Any]) -> None:
    # UU 14/2008 Pasal 35(2): only grounds b-g; a Pasal 17 refusal needs the written answer.
    objection = ctx["file"](grounds=["a", "e"])
    with pytest.raises(InvalidTransition) as excinfo:
        services.objection_start_deliberation(objection=objection, actor=ctx["officer"])
    assert excinfo.value.code == "deliberation_not_allowed"
    objection.refresh_from_db()
    assert objection.status == OS.RECEIVED
    assert objection.events.count() == 1


def test_an_answer_cannot_be_recorded_twice(ctx: dict[str, Any]) -> None:
    objection = ctx["file"]()
    _answer(objection, ctx["atasan"], "upheld")()
    with pytest.raises(InvalidTransition):
        _answer(objection, ctx["atasan"], "upheld")()
    assert AtasanResponse.objects.filter(objection=objection).count() == 1


def test_objection_table_covers_every_status() -> None:
    assert set(OBJECTION_TRANSITIONS) == set(OS)
    for targets in OBJECTION_TRANSITIONS.values():
        assert targets <= set(OS)


def test_only_filing_creates_a_received_objection() -> None:
    assert all(OS.RECEIVED not in targets for targets in OBJECTION_TRANSITIONS.values())


def test_objection_terminal_statuses_lead_nowhere() -> None:
    for status in OBJECTION_TERMINAL:
        assert OBJECTION_TRANSITIONS[status] == frozenset()
    # A lapse is not the end: a late answer is still recorded (Pasal 36(2), 37(2)).
    assert OS.LAPSED_UNANSWERED not in OBJECTION_TERMINAL
    assert OBJECTION_TRANSITIONS[OS.LAPSED_UNANSWERED]
    assert OBJECTION_CLOCK_RUNNING.isdisjoint(OBJECTION_TERMINAL)


def test_every_objection_status_is_reachable_from_receipt() -> None:
    seen = {OS.RECEIVED}
    frontier = [OS.RECEIVED]
    while frontier:
        for target in OBJECTION_TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(OS)


def test_every_open_objection_status_can_end() -> None:
    for status in set(OS) - OBJECTION_TERMINAL:
        assert OBJECTION_TRANSITIONS[status] & OBJECTION_TERMINAL


# --- Disputes ---------------------------------------------------------------------------------


def _dispute_in(status: DisputeStatus, ctx: dict[str, Any]) -> Dispute:
    """File a dispute after an upheld answer and bring it into `status` with its fields."""
    objection = ctx["file"]()
    _answer(objection, ctx["atasan"], "upheld")()
    objection.refresh_from_db()
    dispute = services.dispute_file(
        objection=objection,
        actor=ctx["officer"],
        filed_on=_today(),
        commission_name="Komisi Informasi Provinsi Banten",
    )
    today = _today()
    fields: dict[str, Any] = {"status": status}
    if status in (DS.DECIDED, DS.COURT_APPEAL, DS.COMPLIANCE):
        fields.update(
            decision=Dispute.Decision.GRANTED_FULL,
            decided_on=today,
            decision_text="Memerintahkan termohon memberikan informasi.",
        )
    if status == DS.COURT_APPEAL:
        fields.update(
            court=Dispute.Court.PTUN, court_filed_on=today, court_filed_by=Dispute.Party.BODY
        )
    if status == DS.COMPLIANCE:
        fields["compliance_due_on"] = today + dt.timedelta(days=14)
    if status == DS.CLOSED:
        fields.update(closed_at=timezone.now(), close_reason="Sengketa dicabut pemohon.")
    Dispute.objects.filter(pk=dispute.pk).update(**fields)
    dispute.refresh_from_db()
    return dispute


def _drive_dispute(dispute: Dispute, new: DisputeStatus, actor: Any) -> Callable[[], Any]:
    today = _today()
    calls: dict[DisputeStatus, Callable[[], Any]] = {
        DS.MEDIATION: lambda: services.dispute_start_mediation(dispute=dispute, actor=actor),
        DS.ADJUDICATION: lambda: services.dispute_start_adjudication(dispute=dispute, actor=actor),
        DS.DECIDED: lambda: services.dispute_record_decision(
            dispute=dispute,
            actor=actor,
            decision=Dispute.Decision.GRANTED_PARTIAL,
            decided_on=today,
            decision_text="Memerintahkan termohon memberikan sebagian informasi.",
        ),
        DS.COURT_APPEAL: lambda: services.dispute_appeal(
            dispute=dispute,
            actor=actor,
            court=Dispute.Court.PTUN,
            filed_on=today,
            filed_by=Dispute.Party.BODY,
        ),
        DS.COMPLIANCE: lambda: services.dispute_start_compliance(
            dispute=dispute, actor=actor, compliance_due_on=today + dt.timedelta(days=14)
        ),
        DS.CLOSED: lambda: services.dispute_close(
            dispute=dispute, actor=actor, reason="Pemohon mencabut permohonan sengketa."
        ),
    }
    return calls[new]


@pytest.mark.parametrize(("old", "new"), DISPUTE_PAIRS, ids=[f"{o}->{n}" for o, n in DISPUTE_PAIRS])
def test_dispute_pair(old: DisputeStatus, new: DisputeStatus, ctx: dict[str, Any]) -> None:
    dispute = _dispute_in(old, ctx)
    events = ObjectionEvent.objects.filter(objection_id=dispute.objection_id)
    before = events.count()
    last = events.order_by("-pk").first()
    assert last is not None
    call = _drive_dispute(dispute, new, ctx["officer"])
    if new in DISPUTE_TRANSITIONS[old]:
        call()
        dispute.refresh_from_db()
        assert dispute.status == new
        moved = events.filter(pk__gt=last.pk)
        assert [(e.subject, e.from_status, e.to_status) for e in moved] == [("dispute", old, new)]
        assert moved.get().actor == ctx["officer"]
        assert (dispute.closed_at is not None) is (new in DISPUTE_TERMINAL)
        return
    with pytest.raises(InvalidTransition) as excinfo:
        call()
    assert excinfo.value.status_code == 409
    assert excinfo.value.message == (
        f'Sengketa berstatus "{old.label}" tidak dapat diubah menjadi "{new.label}".'
    )
    assert excinfo.value.details == {"from_status": old, "to_status": new}
    dispute.refresh_from_db()
    assert dispute.status == old
    assert events.count() == before


@pytest.mark.parametrize("old", list(DS), ids=str)
def test_record_compliance_only_from_compliance(old: DisputeStatus, ctx: dict[str, Any]) -> None:
    dispute = _dispute_in(old, ctx)
    before = ObjectionEvent.objects.filter(objection_id=dispute.objection_id).count()

    def call() -> Dispute:
        return services.dispute_record_compliance(
            dispute=dispute,
            actor=ctx["officer"],
            complied_on=_today(),
            note="Salinan informasi diserahkan kepada pemohon.",
        )

    if old == DS.COMPLIANCE:
        assert call().status == DS.CLOSED
        return
    with pytest.raises(InvalidTransition) as excinfo:
        call()
    assert excinfo.value.code == "not_in_compliance"
    dispute.refresh_from_db()
    assert dispute.status == old
    assert ObjectionEvent.objects.filter(objection_id=dispute.objection_id).count() == before


@pytest.mark.parametrize("old", list(DS), ids=str)
def test_court_outcome_only_after_an_appeal(old: DisputeStatus, ctx: dict[str, Any]) -> None:
    dispute = _dispute_in(old, ctx)
    if old == DS.COURT_APPEAL:
        done = services.dispute_record_court_outcome(
            dispute=dispute,
            actor=ctx["officer"],
            outcome="Menguatkan putusan Komisi Informasi.",
            decided_on=_today(),
        )
        assert done.status == DS.CLOSED
        return
    with pytest.raises(InvalidTransition):
        services.dispute_record_court_outcome(
            dispute=dispute,
            actor=ctx["officer"],
            outcome="Menguatkan putusan Komisi Informasi.",
            decided_on=_today(),
        )
    dispute.refresh_from_db()
    assert dispute.status == old


def test_dispute_table_covers_every_status() -> None:
    assert set(DISPUTE_TRANSITIONS) == set(DS)
    for targets in DISPUTE_TRANSITIONS.values():
        assert targets <= set(DS)
    assert all(DS.REGISTERED not in targets for targets in DISPUTE_TRANSITIONS.values())


def test_every_dispute_status_is_reachable_and_can_close() -> None:
    seen = {DS.REGISTERED}
    frontier = [DS.REGISTERED]
    while frontier:
        for target in DISPUTE_TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(DS)
    for status in set(DS) - DISPUTE_TERMINAL:
        assert DS.CLOSED in DISPUTE_TRANSITIONS[status]
    for status in DISPUTE_TERMINAL:
        assert DISPUTE_TRANSITIONS[status] == frozenset()
