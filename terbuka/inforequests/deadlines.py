"""The legal clock of a request, as pure functions of dates and a `Calendar`.

Each function returns a `Clock`: the date and the inputs that produced it (start, number of
working days, rule, legal basis and every skipped day), stored in
`InformationRequest.clock_inputs` so a page can show how the date was computed. Nothing here
reads the current date or the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from terbuka.calendars.workdays import Calendar, add_working_days, working_days_between

# UU 14/2008 Pasal 22(7): the written notice within 10 working days of receipt.
NOTICE_DAYS = 10
# UU 14/2008 Pasal 22(8): one extension of at most 7 further working days, with reasons.
EXTENSION_DAYS = 7
# Perki 1/2021: an incomplete request is to be completed within 3 working days (per body).
COMPLETION_DAYS = 3
# UU 14/2008 Pasal 36(1): an objection within 30 working days of the notice.
OBJECTION_DAYS = 30
# Reminders to the unit and the PPID Utama: this many working days before the due date.
REMINDER_DAYS_BEFORE = 2

# A window of dates wide enough for every clock here (days before and after a start).
CALENDAR_DAYS_BEFORE = 14
CALENDAR_DAYS_AFTER = 2 * (NOTICE_DAYS + EXTENSION_DAYS + OBJECTION_DAYS) + 120


@dataclass(frozen=True)
class Clock:
    """A computed date and how it was computed."""

    due: date
    inputs: dict[str, Any]


def receipt_date(received_at: datetime) -> date:
    """Return the receipt date in the body's time zone (Asia/Jakarta)."""
    return timezone.localdate(received_at)


def calendar_for(start: date, end: date | None = None) -> Calendar:
    """Load one calendar that covers every clock starting from `start` (through `end`)."""
    return Calendar.load(
        start - timedelta(days=CALENDAR_DAYS_BEFORE),
        (end or start) + timedelta(days=CALENDAR_DAYS_AFTER),
    )


def _clock(rule: str, law: str, start: date, days: int, calendar: Calendar, region: str) -> Clock:
    result = add_working_days(start, days, region_code=region, calendar=calendar)
    return Clock(
        result.due,
        {
            "rule": rule,
            "law": law,
            "start": start.isoformat(),
            "working_days": days,
            "first_working_day": (
                result.first_working_day.isoformat() if result.first_working_day else None
            ),
            "due": result.due.isoformat(),
            "skipped": [{"date": d.date.isoformat(), "name": d.name} for d in result.skipped],
        },
    )


def notice_due(start: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the written-notice due date: 10 working days after the clock start."""
    return _clock("notice", "UU 14/2008 Pasal 22(7)", start, NOTICE_DAYS, calendar, region_code)


def extension_due(notice_due_on: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the extended due date: 7 working days after the original due date."""
    return _clock(
        "extension", "UU 14/2008 Pasal 22(8)", notice_due_on, EXTENSION_DAYS, calendar, region_code
    )


def completion_due(
    asked_on: date, *, calendar: Calendar, days: int = COMPLETION_DAYS, region_code: str = ""
) -> Clock:
    """Return the date by which the requester must complete an incomplete request."""
    return _clock("completion", "Perki 1/2021", asked_on, days, calendar, region_code)


def objection_window(notice_on: date, *, calendar: Calendar, region_code: str = "") -> Clock:
    """Return the last day for an objection to the Atasan PPID (for display)."""
    return _clock(
        "objection", "UU 14/2008 Pasal 36(1)", notice_on, OBJECTION_DAYS, calendar, region_code
    )


def working_days_before(due: date, days: int, *, calendar: Calendar, region_code: str = "") -> date:
    """Return the working day `days` working days before `due`."""
    view = calendar.view(region_code)
    day = due
    remaining = days
    while remaining > 0:
        day -= timedelta(days=1)
        if view.is_working(day):
            remaining -= 1
    return day


def reminder_dates(due: date, *, calendar: Calendar, region_code: str = "") -> dict[str, date]:
    """Return when to remind the handlers: before the due date and on it."""
    return {
        "before_due": working_days_before(
            due, REMINDER_DAYS_BEFORE, calendar=calendar, region_code=region_code
        ),
        "on_due": due,
    }


def is_overdue(due: date | None, today: date) -> bool:
    """Return whether a due date has passed (the due date itself is still in time)."""
    return due is not None and today > due


def working_days_left(due: date, today: date, *, calendar: Calendar, region_code: str = "") -> int:
    """Return working days from `today` to `due` (negative when overdue)."""
    return working_days_between(today, due, region_code=region_code, calendar=calendar)
