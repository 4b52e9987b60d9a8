"""The life of an evaluation cycle, an answer's verification, a contest and an action."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    QUESTIONNAIRE = "questionnaire", _("Pengisian kuesioner")
    VERIFICATION = "verification", _("Verifikasi")
    OBJECTION = "objection", _("Masa sanggah")
    PRESENTATION = "presentation", _("Presentasi / visitasi")
    ANNOUNCED = "announced", _("Diumumkan")
    CANCELLED = "cancelled", _("Dibatalkan")


C = CycleStatus

# domain.md 3.2: questionnaire (SAQ) -> verification -> objection window (masa sanggah, e.g. KI
# DKI 2025) -> presentation or visit -> announcement. A commission may skip the objection window
# or the presentation, so verification and the window may go straight on to the announcement.
CYCLE_TRANSITIONS: dict[CycleStatus, frozenset[CycleStatus]] = {
    C.DRAFT: frozenset({C.QUESTIONNAIRE, C.CANCELLED}),
    C.QUESTIONNAIRE: frozenset({C.VERIFICATION, C.CANCELLED}),
    C.VERIFICATION: frozenset({C.OBJECTION, C.PRESENTATION, C.ANNOUNCED}),
    C.OBJECTION: frozenset({C.PRESENTATION, C.ANNOUNCED}),
    C.PRESENTATION: frozenset({C.ANNOUNCED}),
    C.ANNOUNCED: frozenset(),
    C.CANCELLED: frozenset(),
}
# Participants answer while the questionnaire is open; evaluators verify from then until the
# announcement; contests are filed in the objection window; panels score presentations.
ANSWERING = frozenset({C.QUESTIONNAIRE})
VERIFYING = frozenset({C.QUESTIONNAIRE, C.VERIFICATION, C.OBJECTION, C.PRESENTATION})
CONTESTING = frozenset({C.OBJECTION})
DECIDING_CONTESTS = frozenset({C.OBJECTION, C.PRESENTATION})
PANEL_SCORING = frozenset({C.VERIFICATION, C.OBJECTION, C.PRESENTATION})
COMPUTING = frozenset({C.QUESTIONNAIRE, C.VERIFICATION, C.OBJECTION, C.PRESENTATION})


class Verification(models.TextChoices):
    UNVERIFIED = "unverified", _("Belum diverifikasi")
    ACCEPTED = "accepted", _("Diterima")
    CHANGED = "changed", _("Diubah evaluator")


class ContestStatus(models.TextChoices):
    OPEN = "open", _("Diajukan")
    UPHELD = "upheld", _("Dikabulkan")
    REJECTED = "rejected", _("Ditolak")


CONTEST_TRANSITIONS: dict[ContestStatus, frozenset[ContestStatus]] = {
    ContestStatus.OPEN: frozenset({ContestStatus.UPHELD, ContestStatus.REJECTED}),
    ContestStatus.UPHELD: frozenset(),
    ContestStatus.REJECTED: frozenset(),
}


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Belum dikerjakan")
    IN_PROGRESS = "in_progress", _("Sedang dikerjakan")
    DONE = "done", _("Selesai")
    DROPPED = "dropped", _("Dibatalkan")
    CARRIED = "carried", _("Dibawa ke siklus berikutnya")


A = ActionStatus

ACTION_TRANSITIONS: dict[ActionStatus, frozenset[ActionStatus]] = {
    A.OPEN: frozenset({A.IN_PROGRESS, A.DONE, A.DROPPED, A.CARRIED}),
    A.IN_PROGRESS: frozenset({A.OPEN, A.DONE, A.DROPPED, A.CARRIED}),
    A.DONE: frozenset({A.IN_PROGRESS}),
    A.DROPPED: frozenset(),
    A.CARRIED: frozenset(),
}


def cycle_can_move(old: str, new: str) -> bool:
    return CycleStatus(new) in CYCLE_TRANSITIONS[CycleStatus(old)]


def contest_can_move(old: str, new: str) -> bool:
    return ContestStatus(new) in CONTEST_TRANSITIONS[ContestStatus(old)]


def action_can_move(old: str, new: str) -> bool:
    return ActionStatus(new) in ACTION_TRANSITIONS[ActionStatus(old)]
