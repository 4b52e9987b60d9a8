"""Notifications about request events.

Every service schedules `notify(event)` with `transaction.on_commit` after writing a
`RequestEvent`. Today it does nothing; the e-mail work (issue 3, later session) sends the
requester and the officers their messages from here, through tasks, so a failed send never
rolls back a legal fact.
"""

from __future__ import annotations

from terbuka.inforequests.models import RequestEvent


def notify(event: RequestEvent) -> None:
    """Send the notifications an event calls for (no-op until the e-mail work lands)."""
    return None
