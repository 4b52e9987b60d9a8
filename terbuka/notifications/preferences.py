"""Which requester e-mails an account's notification preference lets through.

Every e-mail a requester gets about their own request or objection has a kind here. The
statutory ones are always sent, whatever the account chose; a level only leaves out the rest:

- `ALL`: every e-mail (the default, and what an account without a preference gets);
- `DECISIONS`: the statutory notices plus decisions and deadlines;
- `STATUTORY`: the statutory notices alone.

E-mail is the only channel the platform sends on, and it sends each notice when its event
happens (there is no digest), so e-mail per kind is the whole of what can be chosen. Officers'
e-mails are their duty and never filtered.
"""

from __future__ import annotations

from enum import Enum

from terbuka.notifications.models import NotificationPreference

Level = NotificationPreference.EmailLevel


class Kind(Enum):
    STATUTORY = "statutory"
    DECISION = "decision"
    PROGRESS = "progress"


# Requester templates the law requires to reach the requester, with the rule that says so.
STATUTORY: dict[str, str] = {
    # UU 14/2008 Pasal 22(4)-(5): proof of receipt with the registration number.
    "request_received": "UU 14/2008 Pasal 22(4)-(5)",
    # Perki 1/2021: the requester is told what is missing and by when; the request lapses
    # otherwise, so the notice can never be left out.
    "completion_asked": "Perki 1/2021",
    # UU 14/2008 Pasal 22(8): the extension with its written reasons.
    "extended": "UU 14/2008 Pasal 22(8)",
    # UU 14/2008 Pasal 22(7): the written notice (pemberitahuan tertulis).
    "notice_issued": "UU 14/2008 Pasal 22(7)",
    # UU 14/2008 Pasal 22(7) huruf b: which public body holds the information.
    "forwarded": "UU 14/2008 Pasal 22(7) huruf b",
    # Perki 1/2021 (objection register): the requester gets a copy of the objection as receipt.
    "objections/received": "Perki 1/2021",
    # UU 14/2008 Pasal 36(2)-(3): the Atasan PPID's written answer, with reasons.
    "objections/answered": "UU 14/2008 Pasal 36(2)-(3)",
}

# Outcomes and the clocks the requester must watch.
DECISION: frozenset[str] = frozenset(
    {
        "fulfilled",
        "lapsed",
        "objections/settled",
        # UU 14/2008 Pasal 37(2): unanswered, the 14 working days for a dispute start.
        "objections/lapsed",
        "objections/dispute_decided",
    }
)

# Every other step of the procedure.
PROGRESS: frozenset[str] = frozenset(
    {
        "completed",
        "payment_recorded",
        "closed",
        "withdrawn",
        "objections/deliberation_started",
        "objections/deliberation_held",
        "objections/withdrawn",
        "objections/dispute_filed",
        "objections/dispute_complied",
        "objections/dispute_closed",
    }
)

_ALLOWED: dict[str, frozenset[Kind]] = {
    Level.ALL: frozenset(Kind),
    Level.DECISIONS: frozenset({Kind.STATUTORY, Kind.DECISION}),
    Level.STATUTORY: frozenset({Kind.STATUTORY}),
}


def kind_of(template: str) -> Kind | None:
    """Return the kind of a requester template, None for one not classified here."""
    if template in STATUTORY:
        return Kind.STATUTORY
    if template in DECISION:
        return Kind.DECISION
    if template in PROGRESS:
        return Kind.PROGRESS
    return None


def level_for(account_id: int | None) -> str:
    """Return the e-mail level of an account (ALL for none or without a preference)."""
    if account_id is None:
        return Level.ALL
    level = (
        NotificationPreference.objects.filter(user_id=account_id)
        .values_list("email_level", flat=True)
        .first()
    )
    return level or Level.ALL


def allows(level: str, template: str) -> bool:
    """Return whether an account at `level` gets the e-mail of `template`.

    A template not classified here is sent: leaving out an e-mail must be a decision.
    """
    kind = kind_of(template)
    return kind is None or kind in _ALLOWED.get(level, frozenset(Kind))
