"""E-mail for objection and dispute events (filled in by the notifications work)."""

from __future__ import annotations


def notify(event_id: int) -> None:
    """Send the e-mails an objection event calls for."""
