"""Who may do what in monev; every predicate reads a selector of `selectors.py`.

Announced results are public and need no predicate.
"""

from __future__ import annotations

from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import UserLike, is_superuser
from terbuka.monev.models import EvaluationCycle, Participant
from terbuka.monev.selectors import (
    cycles_evaluated_by,
    cycles_organised_by,
    cycles_visible_to,
    organiser_body_ids,
    participants_answerable_by,
    participants_visible_to,
    reads_every_participant,
)


def can_organise_body(user: UserLike, body: PublicBody) -> bool:
    """Create cycles and rubrics, import history: the body's PPID Utama and admins."""
    return is_superuser(user) or organiser_body_ids(user).filter(unit__body_id=body.pk).exists()


def can_organise_cycle(user: UserLike, cycle: EvaluationCycle) -> bool:
    """Move a cycle through its stages and compute its results."""
    return cycles_organised_by(user).filter(pk=cycle.pk).exists()


def can_evaluate_cycle(user: UserLike, cycle: EvaluationCycle) -> bool:
    """Verify answers, decide contests, enter presentation scores."""
    return cycles_evaluated_by(user).filter(pk=cycle.pk).exists()


def can_view_cycle_office(user: UserLike, cycle: EvaluationCycle) -> bool:
    return cycles_visible_to(user).filter(pk=cycle.pk).exists()


def can_answer(user: UserLike, participant: Participant) -> bool:
    """Answer, attach evidence, submit and contest for a participant."""
    return participants_answerable_by(user).filter(pk=participant.pk).exists()


def can_read_every_participant(user: UserLike, cycle: EvaluationCycle) -> bool:
    """The body's readers see every participant's answers, evidence and plan; a PPID
    Pelaksana only its own unit's (answers are not shared before the announcement)."""
    return reads_every_participant(user, cycle)


def can_view_participant(user: UserLike, participant: Participant) -> bool:
    """Read one participant's answers, evidence and improvement plan."""
    return participants_visible_to(user, participant.cycle).filter(pk=participant.pk).exists()
