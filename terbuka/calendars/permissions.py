"""Who may change the holiday table.

The predicate behind `calendars.manage_holidays` is registered by `terbuka/bodies/rules.py`
(PPID Utama or admin of any unit), so this app never imports `bodies`. Superusers, and users
granted the model permission through the Django admin, pass too.
"""

from __future__ import annotations

from typing import Any

MANAGE_HOLIDAYS = "calendars.manage_holidays"


def can_manage_holidays(user: Any) -> bool:
    """Return whether the user may add, edit, cancel, delete and seed holidays."""
    return bool(user.is_authenticated and user.has_perm(MANAGE_HOLIDAYS))
