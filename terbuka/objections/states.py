"""The objection and dispute state machines: status tables and public phases.

`OBJECTION_TRANSITIONS` and `DISPUTE_TRANSITIONS` are the only places that say which status may
follow which; every service checks them and nothing else changes a status.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("Diterima")
    IN_DELIBERATION = "in_deliberation", _("Dalam musyawarah")
    SETTLED_BY_DELIBERATION = "settled_by_deliberation", _("Selesai melalui musyawarah")
    ANSWERED_UPHELD = "answered_upheld", _("Dijawab: keputusan PPID dikuatkan")
    ANSWERED_ORDERED = "answered_ordered", _("Dijawab: informasi diperintahkan diberikan")
    LAPSED_UNANSWERED = "lapsed_unanswered", _("Tidak ditanggapi dalam jangka waktu")
    WITHDRAWN = "withdrawn", _("Dicabut pemohon")


OS = ObjectionStatus

# UU 14/2008 Pasal 36(2): the Atasan PPID answers within 30 working days of receipt.
OBJECTION_CLOCK_RUNNING: frozenset[ObjectionStatus] = frozenset({OS.RECEIVED, OS.IN_DELIBERATION})

OBJECTION_TERMINAL: frozenset[ObjectionStatus] = frozenset(
    {OS.SETTLED_BY_DELIBERATION, OS.ANSWERED_UPHELD, OS.ANSWERED_ORDERED, OS.WITHDRAWN}
)

OBJECTION_TRANSITIONS: dict[ObjectionStatus, frozenset[ObjectionStatus]] = {
    # UU 14/2008 Pasal 35(2): grounds b-g may be settled by deliberation (musyawarah);
    # Pasal 36(2): the Atasan PPID answers in writing.
    OS.RECEIVED: frozenset(
        {
            OS.IN_DELIBERATION,
            OS.ANSWERED_UPHELD,
            OS.ANSWERED_ORDERED,
            OS.LAPSED_UNANSWERED,
            OS.WITHDRAWN,
        }
    ),
    # A deliberation that does not agree goes on to the Atasan's written answer.
    OS.IN_DELIBERATION: frozenset(
        {
            OS.SETTLED_BY_DELIBERATION,
            OS.ANSWERED_UPHELD,
            OS.ANSWERED_ORDERED,
            OS.LAPSED_UNANSWERED,
            OS.WITHDRAWN,
        }
    ),
    # Decision: a late answer is still an answer (it is recorded, the lapse stays visible in the
    # events), so LAPSED_UNANSWERED is not terminal. The 14-working-day dispute window then runs
    # from the end of the 30 days (UU 14/2008 Pasal 37(2)).
    OS.LAPSED_UNANSWERED: frozenset({OS.ANSWERED_UPHELD, OS.ANSWERED_ORDERED, OS.WITHDRAWN}),
    OS.SETTLED_BY_DELIBERATION: frozenset(),
    OS.ANSWERED_UPHELD: frozenset(),
    OS.ANSWERED_ORDERED: frozenset(),
    OS.WITHDRAWN: frozenset(),
}


class DisputeStatus(models.TextChoices):
    REGISTERED = "registered", _("Terdaftar di Komisi Informasi")
    MEDIATION = "mediation", _("Mediasi")
    ADJUDICATION = "adjudication", _("Ajudikasi nonlitigasi")
    DECIDED = "decided", _("Diputus")
    COMPLIANCE = "compliance", _("Pelaksanaan putusan")
    COURT_APPEAL = "court_appeal", _("Keberatan ke pengadilan")
    CLOSED = "closed", _("Selesai")


D = DisputeStatus

DISPUTE_TERMINAL: frozenset[DisputeStatus] = frozenset({D.CLOSED})

DISPUTE_TRANSITIONS: dict[DisputeStatus, frozenset[DisputeStatus]] = {
    # UU 14/2008 Pasal 38-39: the Komisi Informasi settles by mediation or adjudication;
    # the registration may end early (withdrawn or not accepted) -> CLOSED.
    D.REGISTERED: frozenset({D.MEDIATION, D.ADJUDICATION, D.CLOSED}),
    # Pasal 40: an agreed mediation ends in a decision of the Komisi; a failed one goes on to
    # adjudication (Pasal 42).
    D.MEDIATION: frozenset({D.ADJUDICATION, D.DECIDED, D.CLOSED}),
    D.ADJUDICATION: frozenset({D.DECIDED, D.CLOSED}),
    # Pasal 47-48: a party may take the decision to the PTUN / PN within 14 working days.
    D.DECIDED: frozenset({D.COMPLIANCE, D.COURT_APPEAL, D.CLOSED}),
    D.COURT_APPEAL: frozenset({D.COMPLIANCE, D.CLOSED}),
    D.COMPLIANCE: frozenset({D.CLOSED}),
    D.CLOSED: frozenset(),
}


class ObjectionPhase(models.TextChoices):
    """What the requester sees: the objection status in plain words."""

    IN_PROCESS = "in_process", _("Sedang diproses Atasan PPID")
    SETTLED = "settled", _("Selesai melalui musyawarah")
    ANSWERED = "answered", _("Sudah dijawab Atasan PPID")
    UNANSWERED = "unanswered", _("Belum dijawab dalam 30 hari kerja")
    ENDED = "ended", _("Dicabut")


OBJECTION_PHASES: dict[ObjectionStatus, ObjectionPhase] = {
    OS.RECEIVED: ObjectionPhase.IN_PROCESS,
    OS.IN_DELIBERATION: ObjectionPhase.IN_PROCESS,
    OS.SETTLED_BY_DELIBERATION: ObjectionPhase.SETTLED,
    OS.ANSWERED_UPHELD: ObjectionPhase.ANSWERED,
    OS.ANSWERED_ORDERED: ObjectionPhase.ANSWERED,
    OS.LAPSED_UNANSWERED: ObjectionPhase.UNANSWERED,
    OS.WITHDRAWN: ObjectionPhase.ENDED,
}


def objection_phase_of(status: str) -> ObjectionPhase:
    """Return the public phase of an objection status."""
    return OBJECTION_PHASES[ObjectionStatus(status)]


def can_objection_transition(old: str, new: str) -> bool:
    """Return whether the objection table allows `old` -> `new`."""
    return ObjectionStatus(new) in OBJECTION_TRANSITIONS[ObjectionStatus(old)]


def can_dispute_transition(old: str, new: str) -> bool:
    """Return whether the dispute table allows `old` -> `new`."""
    return DisputeStatus(new) in DISPUTE_TRANSITIONS[DisputeStatus(old)]
