"""The objection clocks across Lebaran 2026."""

from __future__ import annotations

import datetime as dt

from terbuka.calendars.workdays import Calendar, is_working_day
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.objections import deadlines

D = dt.date


def test_ground_without_notice_is_first_working_day_after_due(calendar: Calendar) -> None:
    start = deadlines.ground_arose_on(None, D(2026, 3, 17), calendar=calendar)
    assert start is not None
    assert start > D(2026, 3, 17)
    assert is_working_day(start, calendar=calendar)
    assert deadlines.ground_arose_on(D(2026, 3, 2), D(2026, 3, 17), calendar=calendar) == D(
        2026, 3, 2
    )
    assert deadlines.ground_arose_on(None, None, calendar=calendar) is None


def test_filing_window_and_response_are_30_working_days(calendar: Calendar) -> None:
    start = D(2026, 3, 16)
    window = deadlines.filing_window(start, calendar=calendar)
    assert window.due == request_deadlines.objection_window(start, calendar=calendar).due
    response = deadlines.response_due(start, calendar=calendar)
    assert response.due == window.due
    assert response.inputs["law"] == "UU 14/2008 Pasal 36(2)"
    assert response.inputs["working_days"] == 30


def test_commission_clocks(calendar: Calendar) -> None:
    start_clock, settle_clock = deadlines.commission_clocks(D(2026, 3, 16), calendar=calendar)
    assert start_clock.due < settle_clock.due
    assert settle_clock.inputs["working_days"] == 100
