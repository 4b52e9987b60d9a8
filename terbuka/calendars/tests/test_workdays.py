from __future__ import annotations

import datetime as dt

import pytest
from django.conf import LazySettings
from django.utils import translation

from terbuka.calendars.models import Holiday
from terbuka.calendars.tests.conftest import SERANG_DAY
from terbuka.calendars.workdays import (
    Calendar,
    CalendarRangeError,
    HolidayEntry,
    SkippedDay,
    WorkingDayResult,
    add_working_days,
    due_date,
    is_working_day,
    region_applies,
    working_days_between,
)

D = dt.date


def test_day_one_is_the_first_working_day_after_start() -> None:
    result = add_working_days(D(2026, 1, 6), 1, calendar=Calendar())

    assert result == WorkingDayResult(D(2026, 1, 6), 1, D(2026, 1, 7), ())
    assert result.first_working_day == D(2026, 1, 7)


def test_friday_plus_one_is_monday() -> None:
    result = add_working_days(D(2026, 1, 9), 1, calendar=Calendar())

    assert result.due == D(2026, 1, 12)
    assert result.skipped == (
        SkippedDay(D(2026, 1, 10), "Sabtu"),
        SkippedDay(D(2026, 1, 11), "Minggu"),
    )


def test_weekend_start_counts_from_monday() -> None:
    assert add_working_days(D(2026, 1, 10), 1, calendar=Calendar()).due == D(2026, 1, 12)
    assert add_working_days(D(2026, 1, 11), 5, calendar=Calendar()).due == D(2026, 1, 16)


def test_friday_start_skips_weekend_and_monday_holiday(calendar_2026: Calendar) -> None:
    result = add_working_days(D(2026, 8, 14), 1, calendar=calendar_2026)

    assert result.due == D(2026, 8, 18)
    assert result.skipped == (
        SkippedDay(D(2026, 8, 15), "Sabtu"),
        SkippedDay(D(2026, 8, 16), "Minggu"),
        SkippedDay(D(2026, 8, 17), "Hari Kemerdekaan Republik Indonesia"),
    )


def test_idul_fitri_week_2026_with_cuti_bersama(calendar_2026: Calendar) -> None:
    result = add_working_days(D(2026, 3, 17), 1, calendar=calendar_2026)

    assert result.due == D(2026, 3, 25)
    assert result.skipped == (
        SkippedDay(D(2026, 3, 18), "Cuti Bersama Hari Suci Nyepi"),
        SkippedDay(D(2026, 3, 19), "Hari Suci Nyepi"),
        SkippedDay(D(2026, 3, 20), "Cuti Bersama Hari Raya Idul Fitri"),
        SkippedDay(D(2026, 3, 21), "Hari Raya Idul Fitri"),
        SkippedDay(D(2026, 3, 22), "Hari kedua dari Hari Raya Idul Fitri"),
        SkippedDay(D(2026, 3, 23), "Cuti Bersama Hari Raya Idul Fitri"),
        SkippedDay(D(2026, 3, 24), "Cuti Bersama Hari Raya Idul Fitri"),
    )


def test_ten_working_days_across_idul_fitri_2026(calendar_2026: Calendar) -> None:
    # UU 14/2008 Pasal 22(7): a request received on Monday 16 March 2026.
    result = add_working_days(D(2026, 3, 16), 10, calendar=calendar_2026)

    assert result.due == D(2026, 4, 7)
    assert [day.date for day in result.skipped] == [
        D(2026, 3, 18),
        D(2026, 3, 19),
        D(2026, 3, 20),
        D(2026, 3, 21),
        D(2026, 3, 22),
        D(2026, 3, 23),
        D(2026, 3, 24),
        D(2026, 3, 28),
        D(2026, 3, 29),
        D(2026, 4, 3),
        D(2026, 4, 4),
        D(2026, 4, 5),
    ]
    assert result.skipped[-1].name == "Kebangkitan Yesus Kristus"


def test_joint_leave_counts_as_working_when_switched_off() -> None:
    from terbuka.calendars.tests.conftest import entries_2026

    calendar = Calendar.from_entries(entries_2026(), joint_leave_non_working=False)

    result = add_working_days(D(2026, 3, 17), 1, calendar=calendar)

    assert result.due == D(2026, 3, 18)
    assert result.skipped == ()
    assert add_working_days(D(2026, 3, 18), 1, calendar=calendar).due == D(2026, 3, 20)


def test_zero_days_returns_start_unchanged(calendar_2026: Calendar) -> None:
    result = add_working_days(D(2026, 3, 21), 0, calendar=calendar_2026)

    assert result == WorkingDayResult(D(2026, 3, 21), 0, D(2026, 3, 21), ())
    assert result.first_working_day is None


def test_negative_days_raise() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(D(2026, 1, 1), -1, calendar=Calendar())
    with pytest.raises(ValueError, match="negative"):
        due_date(D(2026, 1, 1), -1, calendar=Calendar())


def test_due_beyond_the_last_date_raises_value_error() -> None:
    with pytest.raises(ValueError, match="out of range"):
        add_working_days(D(9999, 12, 30), 5, calendar=Calendar())


def test_holiday_on_a_weekend_is_named_by_the_holiday(calendar_2026: Calendar) -> None:
    result = add_working_days(D(2026, 5, 29), 2, calendar=calendar_2026)

    # Sun 31 May Waisak, Mon 1 June Pancasila.
    assert result.due == D(2026, 6, 3)
    assert result.skipped == (
        SkippedDay(D(2026, 5, 30), "Sabtu"),
        SkippedDay(D(2026, 5, 31), "Hari Raya Waisak"),
        SkippedDay(D(2026, 6, 1), "Hari Lahir Pancasila"),
    )


def test_two_holidays_on_one_date_are_joined() -> None:
    calendar = Calendar.from_mapping({D(2026, 7, 1): "A"})
    calendar = Calendar.from_entries([*calendar.entries, HolidayEntry(D(2026, 7, 1), "B")])

    result = add_working_days(D(2026, 6, 30), 1, calendar=calendar)

    assert result.skipped == (SkippedDay(D(2026, 7, 1), "A; B"),)


def test_weekend_names_follow_the_active_language() -> None:
    # The English catalogue is compiled by the lead; until then the source text stays.
    with translation.override("en"):
        result = add_working_days(D(2026, 1, 9), 1, calendar=Calendar())
    assert [day.name for day in result.skipped] in (["Saturday", "Sunday"], ["Sabtu", "Minggu"])


@pytest.mark.parametrize(
    ("holiday_region", "caller", "applies"),
    [
        ("", "", True),
        ("", "36.73", True),
        ("36.73", "36.73", True),
        ("36.73", "36.73.01", True),
        ("36.73", "36.73.01.1001", True),
        ("36.73", "", False),
        ("36.73", "36", False),
        ("36.73", "36.74", False),
        ("36.7", "36.73", False),
        ("36", "36.73", True),
    ],
)
def test_region_applies(holiday_region: str, caller: str, applies: bool) -> None:
    assert region_applies(holiday_region, caller) is applies


def test_local_holiday_applies_to_its_region_and_below(calendar_2026: Calendar) -> None:
    thursday = D(2026, 4, 9)

    assert add_working_days(thursday, 1, calendar=calendar_2026).due == SERANG_DAY
    assert add_working_days(thursday, 1, region_code="36.74", calendar=calendar_2026).due == (
        SERANG_DAY
    )
    for region in ("36.73", "36.73.01"):
        result = add_working_days(thursday, 1, region_code=region, calendar=calendar_2026)
        assert result.due == D(2026, 4, 13)
        assert result.skipped[0] == SkippedDay(SERANG_DAY, "Hari Jadi Kota Serang")


def test_working_days_between(calendar_2026: Calendar) -> None:
    assert working_days_between(D(2026, 3, 16), D(2026, 4, 7), calendar=calendar_2026) == 10
    assert working_days_between(D(2026, 3, 16), D(2026, 3, 16), calendar=calendar_2026) == 0
    assert working_days_between(D(2026, 3, 17), D(2026, 3, 24), calendar=calendar_2026) == 0
    assert working_days_between(D(2026, 4, 7), D(2026, 3, 16), calendar=calendar_2026) == -10
    assert working_days_between(D(2026, 1, 9), D(2026, 1, 12), calendar=Calendar()) == 1


def test_is_working_day(calendar_2026: Calendar) -> None:
    assert is_working_day(D(2026, 3, 25), calendar=calendar_2026)
    assert not is_working_day(D(2026, 3, 24), calendar=calendar_2026)
    assert not is_working_day(D(2026, 3, 28), calendar=calendar_2026)
    assert is_working_day(SERANG_DAY, calendar=calendar_2026)
    assert not is_working_day(SERANG_DAY, region_code="36.73.02", calendar=calendar_2026)


def test_bounded_calendar_refuses_dates_outside_its_window() -> None:
    calendar = Calendar.from_entries([], first=D(2026, 1, 1), last=D(2026, 1, 31))

    assert due_date(D(2026, 1, 5), 5, calendar=calendar) == D(2026, 1, 12)
    with pytest.raises(CalendarRangeError):
        due_date(D(2026, 1, 5), 30, calendar=calendar)
    with pytest.raises(CalendarRangeError):
        is_working_day(D(2026, 2, 2), calendar=calendar)
    with pytest.raises(CalendarRangeError):
        working_days_between(D(2025, 12, 1), D(2026, 1, 5), calendar=calendar)


@pytest.mark.django_db
def test_db_loads_the_table_with_one_query(
    holidays_2026: list[Holiday], django_assert_num_queries: object
) -> None:
    with django_assert_num_queries(1):  # type: ignore[operator]
        result = add_working_days(D(2026, 3, 16), 10)

    assert result.due == D(2026, 4, 7)


@pytest.mark.django_db
def test_db_database_and_hand_built_calendars_agree(
    holidays_2026: list[Holiday], calendar_2026: Calendar
) -> None:
    for start in (D(2026, 1, 1), D(2026, 3, 13), D(2026, 5, 13), D(2026, 12, 20)):
        for days in (1, 7, 10, 14, 30, 100):
            assert add_working_days(start, days) == add_working_days(
                start, days, calendar=calendar_2026
            )
            assert add_working_days(start, days, region_code="36.73") == add_working_days(
                start, days, region_code="36.73", calendar=calendar_2026
            )


@pytest.mark.django_db
def test_db_long_clock_widens_the_window(holidays_2026: list[Holiday]) -> None:
    # Every weekday of 2026-04 is a holiday: the first window (2*1 + 60 days) is too short.
    for day in range(1, 31):
        date = D(2026, 4, day)
        if date.weekday() < 5:
            Holiday.objects.get_or_create(
                date=date, name="Libur panjang", kind="national", source="manual"
            )

    assert add_working_days(D(2026, 3, 31), 1).due == D(2026, 5, 4)
    assert due_date(D(2026, 3, 31), 1) == D(2026, 5, 4)


@pytest.mark.django_db
def test_db_cancelled_holidays_are_working_days(holidays_2026: list[Holiday]) -> None:
    Holiday.objects.filter(date=D(2026, 3, 20)).update(is_cancelled=True)

    assert is_working_day(D(2026, 3, 20))
    assert add_working_days(D(2026, 3, 19), 1).due == D(2026, 3, 20)


@pytest.mark.django_db
def test_db_setting_switches_cuti_bersama(
    holidays_2026: list[Holiday], settings: LazySettings
) -> None:
    assert not is_working_day(D(2026, 3, 23))
    assert add_working_days(D(2026, 3, 17), 1).due == D(2026, 3, 25)

    settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING = False

    assert is_working_day(D(2026, 3, 23))
    assert add_working_days(D(2026, 3, 17), 1).due == D(2026, 3, 18)
    assert working_days_between(D(2026, 3, 17), D(2026, 3, 24)) == 4


@pytest.mark.django_db
def test_db_local_holidays_from_the_table(holidays_2026: list[Holiday]) -> None:
    assert is_working_day(SERANG_DAY)
    assert not is_working_day(SERANG_DAY, region_code="36.73")
    assert working_days_between(D(2026, 4, 9), D(2026, 4, 13), region_code="36.73.06") == 1


@pytest.mark.django_db
def test_db_one_calendar_for_many_clocks(
    holidays_2026: list[Holiday], calendar_2026: Calendar, django_assert_num_queries: object
) -> None:
    starts = [D(2026, 1, 1) + dt.timedelta(days=n) for n in range(365)]

    with django_assert_num_queries(1):  # type: ignore[operator]
        calendar = Calendar.load_for_clocks(starts[0], starts[-1], 100)
        dues = [due_date(start, 100, region_code="36.73", calendar=calendar) for start in starts]

    assert dues == [
        due_date(start, 100, region_code="36.73", calendar=calendar_2026) for start in starts
    ]
