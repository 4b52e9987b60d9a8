"""Objection fixtures: reuse the request app's hand-built holiday calendar."""

from __future__ import annotations

import pytest

from terbuka.calendars.workdays import Calendar
from terbuka.inforequests.tests.conftest import holiday_calendar


@pytest.fixture
def calendar() -> Calendar:
    """The Lebaran 2026 / year-end holiday fixtures as a calendar (no database)."""
    return holiday_calendar()
