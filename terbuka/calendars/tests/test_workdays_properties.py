"""Properties of the working-day arithmetic, checked with hypothesis against a naive reference."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbuka.calendars.models import Holiday
from terbuka.calendars.workdays import (
    Calendar,
    HolidayEntry,
    add_working_days,
    due_date,
    is_working_day,
    working_days_between,
)

D = dt.date
FIRST, LAST = D(2025, 1, 1), D(2028, 12, 31)

dates = st.dates(min_value=FIRST, max_value=LAST)
starts = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 30))
day_counts = st.integers(min_value=0, max_value=150)
kinds = st.sampled_from(["national", "joint_leave", "local"])
regions = st.sampled_from(["", "36", "36.73", "36.73.01", "36.74"])


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    entries = draw(
        st.lists(
            st.builds(
                lambda day, kind, region: HolidayEntry(
                    day, f"Libur {day}", kind, region if kind == "local" else ""
                ),
                dates,
                kinds,
                st.sampled_from(["36", "36.73", "36.73.01", "36.74"]),
            ),
            max_size=80,
        )
    )
    return Calendar.from_entries(entries, joint_leave_non_working=draw(st.booleans()))


def naive_is_working(calendar: Calendar, day: dt.date, region: str) -> bool:
    if day.weekday() >= 5:
        return False
    return not any(
        entry.date == day
        and (entry.kind != "joint_leave" or calendar.joint_leave_non_working)
        and (
            not entry.region_code
            or region == entry.region_code
            or region.startswith(entry.region_code + ".")
        )
        for entry in calendar.entries
    )


def naive_due(calendar: Calendar, start: dt.date, days: int, region: str) -> dt.date:
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        counted += naive_is_working(calendar, day, region)
    return day


@given(calendars(), starts, day_counts, regions)
def test_matches_the_day_by_day_reference(
    calendar: Calendar, start: dt.date, days: int, region: str
) -> None:
    result = add_working_days(start, days, region_code=region, calendar=calendar)

    assert result.due == naive_due(calendar, start, days, region)
    assert due_date(start, days, region_code=region, calendar=calendar) == result.due
    between = [start + dt.timedelta(days=n) for n in range(1, (result.due - start).days)]
    assert [s.date for s in result.skipped] == [
        day for day in between if not naive_is_working(calendar, day, region)
    ]


@given(calendars(), starts, st.integers(min_value=1, max_value=150), regions)
def test_due_date_is_always_a_working_day(
    calendar: Calendar, start: dt.date, days: int, region: str
) -> None:
    due = add_working_days(start, days, region_code=region, calendar=calendar).due

    assert is_working_day(due, region_code=region, calendar=calendar)
    assert due > start


@given(calendars(), starts, day_counts, dates, regions)
def test_adding_a_holiday_never_moves_a_due_date_earlier(
    calendar: Calendar, start: dt.date, days: int, extra: dt.date, region: str
) -> None:
    before = add_working_days(start, days, region_code=region, calendar=calendar).due
    more = Calendar.from_entries(
        [*calendar.entries, HolidayEntry(extra, "Tambahan")],
        joint_leave_non_working=calendar.joint_leave_non_working,
    )

    after = add_working_days(start, days, region_code=region, calendar=more).due

    assert after >= before
    if before < extra or not naive_is_working(calendar, extra, region):
        assert after == before


@given(
    calendars(),
    starts,
    st.integers(min_value=0, max_value=80),
    st.integers(min_value=0, max_value=80),
    regions,
)
def test_adding_in_two_steps_equals_adding_once(
    calendar: Calendar, start: dt.date, first: int, second: int, region: str
) -> None:
    once = add_working_days(start, first + second, region_code=region, calendar=calendar).due
    halfway = add_working_days(start, first, region_code=region, calendar=calendar).due

    assert add_working_days(halfway, second, region_code=region, calendar=calendar).due == once


@given(calendars(), starts, day_counts, dates, regions)
def test_working_days_between_is_consistent(
    calendar: Calendar, start: dt.date, days: int, end: dt.date, region: str
) -> None:
    due = add_working_days(start, days, region_code=region, calendar=calendar).due
    assert working_days_between(start, due, region_code=region, calendar=calendar) == days

    count = working_days_between(start, end, region_code=region, calendar=calendar)
    assert count == -working_days_between(end, start, region_code=region, calendar=calendar)
    if end >= start:
        reached = add_working_days(start, count, region_code=region, calendar=calendar).due
        assert reached <= end
        assert (reached == end) or not naive_is_working(calendar, end, region) or count == 0


@pytest.fixture
def table(db: None) -> None:
    for day, kind in (
        (D(2026, 3, 18), "joint_leave"),
        (D(2026, 3, 19), "national"),
        (D(2026, 3, 20), "joint_leave"),
        (D(2026, 3, 23), "joint_leave"),
        (D(2026, 3, 24), "joint_leave"),
        (D(2026, 8, 17), "national"),
        (D(2026, 12, 25), "national"),
        (D(2027, 1, 1), "national"),
    ):
        Holiday.objects.create(date=day, name=f"Libur {day}", kind=kind, source="manual")


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    start=st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=60),
    now=st.datetimes(
        min_value=dt.datetime(2000, 1, 1),  # noqa: DTZ001 (hypothesis wants naive bounds)
        max_value=dt.datetime(2090, 12, 31),  # noqa: DTZ001
        timezones=st.just(dt.timezone.utc),
    ),
)
def test_result_does_not_depend_on_the_day_the_code_runs(
    table: None, start: dt.date, days: int, now: dt.datetime
) -> None:
    baseline = add_working_days(start, days)

    with time_machine.travel(now, tick=False):
        assert add_working_days(start, days) == baseline
        assert working_days_between(start, baseline.due) == days
