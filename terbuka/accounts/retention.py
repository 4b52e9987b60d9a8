"""How long a requester's identity must be kept, and what of it may be deleted now.

The one place that states the retention rule for requester identities (docs/requester-area.md):

- UU 27/2022 Pasal 8 and Pasal 43-44: a data subject may ask to end processing and to delete
  their personal data, and the controller deletes data it no longer needs, except where another
  law requires keeping it (Pasal 15 and 43(2)).
- UU 14/2008 Pasal 22(2)-(4) and Perki 1/2021: the request and objection registers record the
  requester's name, address and contact; UU 43/2009 Pasal 40 and 47-48 (Kearsipan): records of
  the service are kept by the body's retention schedule (JRA) and destroyed only by it.

So an identity that no request or objection names may be deleted at once. An identity named by
a case is kept while a case is *in play* (open, or still open to the next legal step: an
objection within 30 working days, Pasal 36(1), or a dispute within 14, Pasal 37(2)) and then for
`retention_years()` after the last case ended. The KTP scan and the power of attorney only prove
who filed and for whom; once no case is in play the register (name, NIK, address, contact) is
what the archive keeps, so the requester may delete those two documents (UU 27/2022 Pasal 16(2)
huruf a: processing limited to its purpose).

This module reads the requests and objections of an identity: the requester area and its
retention rule are the one place where `accounts` looks at the case apps (a reading exception
to the dependency order of style.md section 1; nothing in the case apps imports it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from terbuka.accounts.models import RequesterIdentity

# UNCONFIRMED: the retention period of the request register in a body's JRA (UU 43/2009
# Pasal 48, PP 28/2012); five years after the case ends until the body sets its own through
# TERBUKA_CASE_RETENTION_YEARS.
DEFAULT_RETENTION_YEARS = 5


def retention_years() -> int:
    """Return how many years an identity is kept after the last of its cases ended."""
    return int(getattr(settings, "TERBUKA_CASE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))


def add_years(day: date, years: int) -> date:
    """Return the same calendar day `years` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def keep_until(last_ended_on: date) -> date:
    """Return the last day an identity is kept after its last case ended on `last_ended_on`."""
    return add_years(last_ended_on, retention_years())


@dataclass
class IdentityUse:
    """The cases that name one identity, and what that allows."""

    case_numbers: list[str] = field(default_factory=list)
    in_play: list[str] = field(default_factory=list)
    last_ended_on: date | None = None

    @property
    def is_used(self) -> bool:
        return bool(self.case_numbers)

    @property
    def kept_until(self) -> date | None:
        """The last day of retention; None while unused or while a case is in play."""
        if not self.is_used or self.in_play or self.last_ended_on is None:
            return None
        return keep_until(self.last_ended_on)

    @property
    def may_delete_documents(self) -> bool:
        """Whether the KTP scan and power of attorney may be deleted (no case in play)."""
        return not self.in_play


def _later(a: date | None, b: date | None) -> date | None:
    return max(d for d in (a, b) if d is not None) if (a or b) else None


def identity_uses(
    identities: Iterable[RequesterIdentity], *, today: date | None = None
) -> dict[int, IdentityUse]:
    """Return the use of each identity by requests, objections and disputes (five queries)."""
    from terbuka.inforequests.models import InformationRequest
    from terbuka.inforequests.states import TERMINAL
    from terbuka.objections.models import Objection
    from terbuka.objections.selectors import objection_open_until_for_requests
    from terbuka.objections.services import DISPUTABLE
    from terbuka.objections.states import DISPUTE_TERMINAL, OBJECTION_TERMINAL

    today = today or timezone.localdate()
    ids = [identity.pk for identity in identities]
    uses = {pk: IdentityUse() for pk in ids}
    if not ids:
        return uses
    requests = list(
        InformationRequest.objects.filter(requester_identity_id__in=ids).select_related("body")
    )
    windows = objection_open_until_for_requests(requests, today=today)
    for req in requests:
        use = uses[req.requester_identity_id]
        use.case_numbers.append(req.registration_number)
        if req.status not in TERMINAL or windows.get(req.pk) is not None:
            use.in_play.append(req.registration_number)
        elif req.closed_at is not None:
            use.last_ended_on = _later(use.last_ended_on, timezone.localdate(req.closed_at))
    objections = Objection.objects.filter(requester_identity_id__in=ids).select_related("dispute")
    for objection in objections:
        use = uses[objection.requester_identity_id]
        use.case_numbers.append(objection.registration_number)
        _objection_use(use, objection, today, DISPUTABLE, OBJECTION_TERMINAL, DISPUTE_TERMINAL)
    return uses


def _objection_use(
    use: IdentityUse,
    objection: Any,
    today: date,
    disputable: frozenset[str],
    terminal: frozenset[str],
    dispute_terminal: frozenset[str],
) -> None:
    number = objection.registration_number
    dispute = getattr(objection, "dispute", None)
    if dispute is not None:
        if dispute.status not in dispute_terminal or dispute.closed_at is None:
            use.in_play.append(number)
            return
        use.last_ended_on = _later(use.last_ended_on, timezone.localdate(dispute.closed_at))
        return
    # UU 14/2008 Pasal 37(2): after the Atasan's answer (or its lapse) a dispute may follow
    # within 14 working days.
    window = objection.dispute_due_on if objection.status in disputable else None
    if window is not None and today <= window:
        use.in_play.append(number)
        return
    if objection.status not in terminal and objection.status not in disputable:
        use.in_play.append(number)
        return
    ended = timezone.localdate(objection.closed_at) if objection.closed_at else None
    use.last_ended_on = _later(use.last_ended_on, _later(ended, window))


def identity_use(identity: RequesterIdentity, *, today: date | None = None) -> IdentityUse:
    """Return the use of one identity (see `identity_uses`)."""
    return identity_uses([identity], today=today)[identity.pk]
