"""Who may change the holiday table.

The predicates are registered by `terbuka/bodies/rules.py`, so this app never imports `bodies`:
`calendars.manage_holidays` opens the back office (PPID Utama or admin of any unit, superusers);
`calendars.change_holiday_region` decides each row by its region code: national rows ("") only
for superusers and the body keeping the national calendar, local rows for the bodies of that
region (`bodies.permissions.holiday_regions`).
"""

from __future__ import annotations

from typing import Any

MANAGE_HOLIDAYS = "calendars.manage_holidays"
CHANGE_HOLIDAY_REGION = "calendars.change_holiday_region"


def can_manage_holidays(user: Any) -> bool:
    """Return whether the user may add, edit, cancel, delete and seed holidays."""
    return bool(user.is_authenticated and user.has_perm(MANAGE_HOLIDAYS))


def can_change_holiday_region(user: Any, region_code: str) -> bool:
    """Return whether the user may add or change a holiday of this region ("" = national)."""
    return bool(user.is_authenticated and user.has_perm(CHANGE_HOLIDAY_REGION, region_code))


def can_seed_holidays(user: Any) -> bool:
    """Return whether the user may fill the national table from the `holidays` package."""
    return can_change_holiday_region(user, "")
