"""Reads of monev: who organises, evaluates and answers which cycle, and the results."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike, is_superuser, membership_active_for_user
from terbuka.monev.models import (
    EvaluationCycle,
    HistoricalResult,
    MonevEvent,
    Participant,
    Result,
)
from terbuka.monev.states import CycleStatus

Role = Membership.Role

# The PPID Utama runs the body's internal monev (Perwal Serang 35/2022: it coordinates every
# PPID Pelaksana) and records the commission's; admins too.
ORGANISER_ROLES: frozenset[str] = frozenset({Role.PPID_UTAMA, Role.ADMIN})
# Evaluators verify answers, decide contests and score presentations.
EVALUATOR_ROLES: frozenset[str] = ORGANISER_ROLES | {Role.EVALUATOR}
# A PPID Pelaksana answers for its own unit.
PARTICIPANT_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA})
# Who reads every cycle of the body without acting.
READER_ROLES: frozenset[str] = EVALUATOR_ROLES | {Role.ATASAN_PPID}


def _body_ids(user: UserLike, roles: frozenset[str]) -> QuerySet[Membership, Any]:
    return membership_active_for_user(user).filter(role__in=list(roles)).values("unit__body_id")


def organiser_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    return _body_ids(user, ORGANISER_ROLES)


def evaluator_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    return _body_ids(user, EVALUATOR_ROLES)


def reader_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Bodies whose every participant the user reads (organisers, evaluators, Atasan PPID)."""
    return _body_ids(user, READER_ROLES)


def participant_unit_ids(user: UserLike) -> QuerySet[Membership, Any]:
    return (
        membership_active_for_user(user).filter(role__in=list(PARTICIPANT_ROLES)).values("unit_id")
    )


def bodies_organised_by(user: UserLike) -> QuerySet[PublicBody]:
    """Bodies whose monev the user organises (cycles, rubrics, history, meetings), by name."""
    bodies = PublicBody.objects.order_by("name")
    if is_superuser(user):
        return bodies
    return bodies.filter(pk__in=organiser_body_ids(user))


def cycles_organised_by(user: UserLike) -> QuerySet[EvaluationCycle]:
    if is_superuser(user):
        return EvaluationCycle.objects.all()
    return EvaluationCycle.objects.filter(body_id__in=organiser_body_ids(user))


def cycles_evaluated_by(user: UserLike) -> QuerySet[EvaluationCycle]:
    if is_superuser(user):
        return EvaluationCycle.objects.all()
    return EvaluationCycle.objects.filter(body_id__in=evaluator_body_ids(user))


def cycles_visible_to(user: UserLike) -> QuerySet[EvaluationCycle]:
    """Cycles an officer sees in the back office: the body's readers, and participants."""
    if is_superuser(user):
        return EvaluationCycle.objects.all()
    return EvaluationCycle.objects.filter(
        Q(body_id__in=_body_ids(user, READER_ROLES))
        | Q(participants__unit_id__in=participant_unit_ids(user))
    ).distinct()


def cycle_get_visible(user: UserLike, pk: int) -> EvaluationCycle | None:
    """One cycle the user sees in the back office, with its body and rubric."""
    return (
        EvaluationCycle.objects.select_related("body", "rubric")
        .filter(pk=pk, pk__in=cycles_visible_to(user).values("pk"))
        .first()
    )


def participants_answerable_by(user: UserLike) -> QuerySet[Participant]:
    """Participants the user answers for: their own unit, or any of the organiser's body."""
    if is_superuser(user):
        return Participant.objects.all()
    return Participant.objects.filter(
        Q(unit_id__in=participant_unit_ids(user)) | Q(cycle__body_id__in=organiser_body_ids(user))
    )


def reads_every_participant(user: UserLike, cycle: EvaluationCycle) -> bool:
    """Whether the user is one of the body's readers, who see every participant."""
    return is_superuser(user) or reader_body_ids(user).filter(unit__body_id=cycle.body_id).exists()


def participants_visible_to(
    user: UserLike, cycle: EvaluationCycle, *, reader: bool | None = None
) -> QuerySet[Participant]:
    """The participants of a cycle whose answers, evidence and plan the user sees: all of them
    for the body's readers, only their own unit's for a PPID Pelaksana (answers are not shared
    between participants before the results are announced). `reader`: the answer of
    `reads_every_participant` when the caller already has it."""
    participants = Participant.objects.filter(cycle=cycle)
    if reader is None:
        reader = reads_every_participant(user, cycle)
    if reader:
        return participants
    return participants.filter(unit_id__in=participant_unit_ids(user))


def units_for_cycle(body: PublicBody) -> QuerySet[Unit]:
    """Units that may take part in a body's cycle."""
    return Unit.objects.filter(body=body, is_active=True)


def participant_get(cycle: EvaluationCycle, unit_slug: str) -> Participant | None:
    return cycle.participants.select_related("unit", "cycle").filter(unit__slug=unit_slug).first()


def results_for(cycle: EvaluationCycle) -> QuerySet[Result]:
    """Results in rank order within each group."""
    return (
        Result.objects.filter(participant__cycle=cycle)
        .select_related("participant", "participant__unit")
        .order_by("participant__group", "rank", "participant__unit__name")
    )


def cycles_public(body: PublicBody) -> QuerySet[EvaluationCycle]:
    return EvaluationCycle.objects.filter(body=body, status=CycleStatus.ANNOUNCED).order_by(
        "-year", "-id"
    )


def history_for(body: PublicBody) -> QuerySet[HistoricalResult]:
    return HistoricalResult.objects.filter(body=body).order_by("participant_name", "year")


def cycle_timeline(cycle: EvaluationCycle) -> QuerySet[MonevEvent]:
    return cycle.events.select_related("actor", "participant__unit").order_by("occurred_at", "id")
