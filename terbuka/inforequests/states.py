"""The request state machine: one status table and the public phases.

`TRANSITIONS` is the only place that says which status may follow which; every service checks
it and nothing else changes `InformationRequest.status`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    INCOMPLETE = "incomplete", _("Menunggu kelengkapan")
    REGISTERED = "registered", _("Terdaftar")
    ROUTED = "routed", _("Didisposisikan")
    IN_PROGRESS = "in_progress", _("Sedang diproses")
    EXTENDED = "extended", _("Diperpanjang")
    NOTICE_ISSUED = "notice_issued", _("Pemberitahuan tertulis diterbitkan")
    AWAITING_PAYMENT = "awaiting_payment", _("Menunggu pembayaran")
    FULFILLED = "fulfilled", _("Informasi diberikan")
    CLOSED = "closed", _("Selesai")
    ORDERED = "ordered", _("Diperintahkan diberikan atas keberatan")
    FORWARDED = "forwarded", _("Diteruskan ke badan publik lain")
    WITHDRAWN = "withdrawn", _("Dicabut pemohon")
    LAPSED = "lapsed", _("Gugur (tidak dilengkapi)")


S = Status

# Statuses before the written notice in which the legal clock is running.
# UU 14/2008 Pasal 22(7): the notice is due within 10 working days of receipt.
# ORDERED: the Atasan PPID ordered the information given after an objection (Pasal 36(2)); the
# fulfilment clock of the order runs.
CLOCK_RUNNING: frozenset[Status] = frozenset(
    {S.REGISTERED, S.ROUTED, S.IN_PROGRESS, S.EXTENDED, S.ORDERED}
)
# Statuses that end the handling of a request. Only an Atasan PPID's order after an objection
# reopens one (CLOSED -> ORDERED, UU 14/2008 Pasal 36(2)); the others are never left.
TERMINAL: frozenset[Status] = frozenset({S.CLOSED, S.FORWARDED, S.WITHDRAWN, S.LAPSED})

TRANSITIONS: dict[Status, frozenset[Status]] = {
    # Perki 1/2021: an incomplete request is registered only once completed; it lapses when the
    # requester does not complete it within the completion window.
    S.INCOMPLETE: frozenset({S.REGISTERED, S.LAPSED, S.WITHDRAWN}),
    # UU 14/2008 Pasal 22(4)-(5): registered at receipt; the officer may still find it
    # incomplete, route it (disposisi), handle it, extend the clock once (Pasal 22(8)), decide
    # (Pasal 22(7)) or forward it to the body that holds the information (Pasal 22(7)b).
    S.REGISTERED: frozenset(
        {
            S.INCOMPLETE,
            S.ROUTED,
            S.IN_PROGRESS,
            S.EXTENDED,
            S.NOTICE_ISSUED,
            S.AWAITING_PAYMENT,
            S.FORWARDED,
            S.WITHDRAWN,
            S.ORDERED,
        }
    ),
    # ROUTED -> ROUTED: a further disposisi to another unit. Back to REGISTERED when every
    # unit has handed it back to the PPID Utama.
    S.ROUTED: frozenset(
        {
            S.ROUTED,
            S.REGISTERED,
            S.IN_PROGRESS,
            S.EXTENDED,
            S.NOTICE_ISSUED,
            S.AWAITING_PAYMENT,
            S.FORWARDED,
            S.WITHDRAWN,
            S.ORDERED,
        }
    ),
    S.IN_PROGRESS: frozenset(
        {
            S.ROUTED,
            S.REGISTERED,
            S.EXTENDED,
            S.NOTICE_ISSUED,
            S.AWAITING_PAYMENT,
            S.FORWARDED,
            S.WITHDRAWN,
            S.ORDERED,
        }
    ),
    # UU 14/2008 Pasal 22(8): one extension only, so EXTENDED never leads to EXTENDED again;
    # `is_extended` keeps the fact when the request moves on.
    S.EXTENDED: frozenset(
        {
            S.ROUTED,
            S.REGISTERED,
            S.IN_PROGRESS,
            S.NOTICE_ISSUED,
            S.AWAITING_PAYMENT,
            S.FORWARDED,
            S.WITHDRAWN,
            S.ORDERED,
        }
    ),
    # After the notice: a refusal closes the request; a grant is fulfilled (after payment of
    # copying and delivery costs when there are any, UU 14/2008 Pasal 21).
    S.NOTICE_ISSUED: frozenset({S.FULFILLED, S.CLOSED, S.WITHDRAWN, S.ORDERED}),
    S.AWAITING_PAYMENT: frozenset({S.NOTICE_ISSUED, S.CLOSED, S.WITHDRAWN, S.ORDERED}),
    S.FULFILLED: frozenset({S.CLOSED, S.ORDERED}),
    # UU 14/2008 Pasal 36(2): the Atasan PPID's order to give the information reopens a closed
    # request (a refusal, or an answer the requester objected to) with a new fulfilment clock.
    S.CLOSED: frozenset({S.ORDERED}),
    # A second objection (e.g. the order was not fulfilled) may order it again with a new clock.
    S.ORDERED: frozenset({S.FULFILLED, S.CLOSED, S.WITHDRAWN, S.ORDERED}),
    S.FORWARDED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.LAPSED: frozenset(),
}


class Phase(models.TextChoices):
    """What the requester and the public see: the status in plain words."""

    WAITING_FOR_REQUESTER = "waiting_for_requester", _("Menunggu Anda melengkapi permohonan")
    IN_PROCESS = "in_process", _("Sedang diproses badan publik")
    DECIDED = "decided", _("Sudah dijawab, informasi sedang disiapkan")
    WAITING_FOR_PAYMENT = "waiting_for_payment", _("Menunggu pembayaran biaya salinan")
    FINISHED = "finished", _("Selesai")
    FORWARDED = "forwarded", _("Diteruskan ke badan publik lain")
    ENDED = "ended", _("Dihentikan")


PHASES: dict[Status, Phase] = {
    S.INCOMPLETE: Phase.WAITING_FOR_REQUESTER,
    S.REGISTERED: Phase.IN_PROCESS,
    S.ROUTED: Phase.IN_PROCESS,
    S.IN_PROGRESS: Phase.IN_PROCESS,
    S.EXTENDED: Phase.IN_PROCESS,
    S.NOTICE_ISSUED: Phase.DECIDED,
    S.AWAITING_PAYMENT: Phase.WAITING_FOR_PAYMENT,
    S.FULFILLED: Phase.FINISHED,
    S.CLOSED: Phase.FINISHED,
    S.ORDERED: Phase.DECIDED,
    S.FORWARDED: Phase.FORWARDED,
    S.WITHDRAWN: Phase.ENDED,
    S.LAPSED: Phase.ENDED,
}


def phase_of(status: str) -> Phase:
    """Return the public phase of a status."""
    return PHASES[Status(status)]


def can_transition(old: str, new: str) -> bool:
    """Return whether the table allows `old` -> `new`."""
    return Status(new) in TRANSITIONS[Status(old)]
