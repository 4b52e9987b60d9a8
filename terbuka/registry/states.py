"""The life of a DIP entry and of a consequence test: explicit tables of allowed transitions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Terbit")
    WITHDRAWN = "withdrawn", _("Ditarik")


ES = EntryStatus

ENTRY_TRANSITIONS: dict[EntryStatus, frozenset[EntryStatus]] = {
    # Publication runs the safety gate (design.md: nothing is released before the scan passed or
    # an officer overrode a finding with a reason).
    ES.DRAFT: frozenset({ES.PUBLISHED}),
    ES.PUBLISHED: frozenset({ES.WITHDRAWN}),
    # A withdrawn entry may be published again (after correction), through the same gate.
    ES.WITHDRAWN: frozenset({ES.PUBLISHED}),
}


class ConsequenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draf (usulan)")
    DECIDED = "decided", _("Ditetapkan")
    REVIEW_DUE = "review_due", _("Perlu ditinjau")
    REVIEWED = "reviewed", _("Telah ditinjau")
    CANCELLED = "cancelled", _("Dibatalkan")


CS = ConsequenceStatus

CONSEQUENCE_TRANSITIONS: dict[ConsequenceStatus, frozenset[ConsequenceStatus]] = {
    # Perki 1/2021 Pasal 49 ff.: a PPID Pelaksana may propose a test; the PPID decides it.
    CS.DRAFT: frozenset({CS.DECIDED, CS.CANCELLED}),
    # UU 14/2008 Pasal 20: exemptions under Pasal 17 a-f are not permanent. At the end of the
    # exemption period the test is due for review; it may be reviewed earlier.
    CS.DECIDED: frozenset({CS.REVIEW_DUE, CS.REVIEWED}),
    CS.REVIEW_DUE: frozenset({CS.REVIEWED}),
    CS.REVIEWED: frozenset(),
    CS.CANCELLED: frozenset(),
}


def entry_can_move(old: str, new: str) -> bool:
    return EntryStatus(new) in ENTRY_TRANSITIONS[EntryStatus(old)]


def consequence_can_move(old: str, new: str) -> bool:
    return ConsequenceStatus(new) in CONSEQUENCE_TRANSITIONS[ConsequenceStatus(old)]
