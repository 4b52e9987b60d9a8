"""Every pair of the objection and dispute transition tables, allowed and forbidden."""

from __future__ import annotations

import itertools

import pytest

from terbuka.objections.states import (
    DISPUTE_TERMINAL,
    DISPUTE_TRANSITIONS,
    OBJECTION_PHASES,
    OBJECTION_TERMINAL,
    OBJECTION_TRANSITIONS,
    DisputeStatus,
    ObjectionStatus,
    can_dispute_transition,
    can_objection_transition,
    objection_phase_of,
)

OS = ObjectionStatus
D = DisputeStatus

OBJECTION_ALLOWED = {
    (OS.RECEIVED, OS.IN_DELIBERATION),
    (OS.RECEIVED, OS.ANSWERED_UPHELD),
    (OS.RECEIVED, OS.ANSWERED_ORDERED),
    (OS.RECEIVED, OS.LAPSED_UNANSWERED),
    (OS.RECEIVED, OS.WITHDRAWN),
    (OS.IN_DELIBERATION, OS.SETTLED_BY_DELIBERATION),
    (OS.IN_DELIBERATION, OS.ANSWERED_UPHELD),
    (OS.IN_DELIBERATION, OS.ANSWERED_ORDERED),
    (OS.IN_DELIBERATION, OS.LAPSED_UNANSWERED),
    (OS.IN_DELIBERATION, OS.WITHDRAWN),
    (OS.LAPSED_UNANSWERED, OS.ANSWERED_UPHELD),
    (OS.LAPSED_UNANSWERED, OS.ANSWERED_ORDERED),
    (OS.LAPSED_UNANSWERED, OS.WITHDRAWN),
}

DISPUTE_ALLOWED = {
    (D.REGISTERED, D.MEDIATION),
    (D.REGISTERED, D.ADJUDICATION),
    (D.REGISTERED, D.CLOSED),
    (D.MEDIATION, D.ADJUDICATION),
    (D.MEDIATION, D.DECIDED),
    (D.MEDIATION, D.CLOSED),
    (D.ADJUDICATION, D.DECIDED),
    (D.ADJUDICATION, D.CLOSED),
    (D.DECIDED, D.COMPLIANCE),
    (D.DECIDED, D.COURT_APPEAL),
    (D.DECIDED, D.CLOSED),
    (D.COURT_APPEAL, D.COMPLIANCE),
    (D.COURT_APPEAL, D.CLOSED),
    (D.COMPLIANCE, D.CLOSED),
}


@pytest.mark.parametrize(("old", "new"), list(itertools.product(OS, OS)))
def test_objection_pair(old: ObjectionStatus, new: ObjectionStatus) -> None:
    assert can_objection_transition(old, new) is ((old, new) in OBJECTION_ALLOWED)


@pytest.mark.parametrize(("old", "new"), list(itertools.product(D, D)))
def test_dispute_pair(old: DisputeStatus, new: DisputeStatus) -> None:
    assert can_dispute_transition(old, new) is ((old, new) in DISPUTE_ALLOWED)


def test_tables_cover_every_status() -> None:
    assert set(OBJECTION_TRANSITIONS) == set(OS)
    assert set(DISPUTE_TRANSITIONS) == set(D)
    assert set(OBJECTION_PHASES) == set(OS)
    assert all(not OBJECTION_TRANSITIONS[s] for s in OBJECTION_TERMINAL)
    assert all(not DISPUTE_TRANSITIONS[s] for s in DISPUTE_TERMINAL)


def test_phase_of() -> None:
    assert objection_phase_of("in_deliberation") == objection_phase_of("received")
