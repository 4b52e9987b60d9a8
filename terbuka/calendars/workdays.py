"""Working-day arithmetic (hari kerja) for the legal clocks of UU 14/2008.

UU 14/2008 counts every clock in working days: the written notice within 10 (Pasal 22(7)), one
extension of 7 more (Pasal 22(8)), an objection within 30 and its answer within 30 (Pasal 36),
a dispute at the Komisi Informasi within 14 (Pasal 37(2)). Saturday and Sunday are never
working days; the holiday table adds national holidays, cuti bersama (when
`settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING`, the default) and local holidays of a region.

The arithmetic is pure: it works on a `Calendar`, an immutable snapshot of the holiday table
for a window of dates. Load one with `Calendar.load(first, last)` (one query) and reuse it for
any number of clocks, or build one by hand with `Calendar.from_entries` in tests. The public
functions load a calendar themselves when none is given. Nothing here reads the current date,
so a result depends only on its arguments and the holiday table.

Counting rule: day 1 is the first working day *after* the start date, so a request received on
a Friday with 1 working day is due on Monday when Monday is a working day.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.conf import settings
from django.utils.translation import gettext as _

# The API and the calculator refuse longer clocks; the longest statutory one is 100 working
# days (UU 14/2008 Pasal 38: the Komisi Informasi settles a dispute within 100 working days).
MAX_WORKING_DAYS = 365
# Dates the calculator and the API accept as a start.
EARLIEST_START = date(2000, 1, 1)
LATEST_START = date(2100, 12, 31)

JOINT_LEAVE = "joint_leave"  # Holiday.Kind.JOINT_LEAVE, kept here so this module stays pure
SATURDAY, SUNDAY = 5, 6

_T = TypeVar("_T")


class CalendarRangeError(LookupError):
    """The arithmetic needed a date outside the window the calendar was loaded for."""


@dataclass(frozen=True)
class HolidayEntry:
    """One non-cancelled row of the holiday table."""

    date: date
    name: str
    kind: str = "national"
    region_code: str = ""


@dataclass(frozen=True)
class SkippedDay:
    """A non-working day passed over on the way to a due date."""

    date: date
    name: str


@dataclass(frozen=True)
class WorkingDayResult:
    """The outcome of adding working days: the due date and every non-working day skipped."""

    start: date
    days: int
    due: date
    skipped: tuple[SkippedDay, ...]

    @property
    def first_working_day(self) -> date | None:
        """Return day 1 of the count (None when no day is added)."""
        if self.days == 0:
            return None
        skipped = {day.date for day in self.skipped}
        day = self.start + timedelta(days=1)
        while day in skipped:
            day += timedelta(days=1)
        return day


def region_applies(holiday_region: str, region_code: str) -> bool:
    """Return whether a holiday of `holiday_region` applies to a caller in `region_code`.

    A national row (empty code) applies everywhere; a local one applies to its region and every
    region below it ("36.73" covers "36.73" and "36.73.01", not "36.7" or "36.730").
    """
    return (
        not holiday_region
        or region_code == holiday_region
        or region_code.startswith(holiday_region + ".")
    )


@dataclass(frozen=True)
class _RegionView:
    """The non-working holiday dates that apply to one region, indexed for the arithmetic."""

    names: Mapping[date, tuple[str, ...]]
    weekday_holidays: tuple[date, ...]  # sorted; Monday-Friday only

    def count(self, after: date, through: date) -> int:
        """Count working days d with after < d <= through (after <= through)."""
        weekdays = _weekdays_through(through) - _weekdays_through(after)
        holidays = bisect_right(self.weekday_holidays, through) - bisect_right(
            self.weekday_holidays, after
        )
        return weekdays - holidays

    def is_working(self, day: date) -> bool:
        return day.weekday() < SATURDAY and day not in self.names


@dataclass(frozen=True)
class Calendar:
    """An immutable snapshot of the holiday table for the window `first`..`last` (inclusive).

    `first`/`last` of None mean the entries are complete for every date (hand-built calendars
    in tests and benchmarks). Views per region are computed once and cached.
    """

    entries: tuple[HolidayEntry, ...] = ()
    joint_leave_non_working: bool = True
    first: date | None = None
    last: date | None = None
    _views: dict[str, _RegionView] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[HolidayEntry],
        *,
        joint_leave_non_working: bool | None = None,
        first: date | None = None,
        last: date | None = None,
    ) -> Calendar:
        """Build a calendar from entries; the cuti bersama rule defaults to the setting."""
        if joint_leave_non_working is None:
            joint_leave_non_working = settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING
        return cls(tuple(entries), joint_leave_non_working, first, last)

    @classmethod
    def from_mapping(cls, holidays: Mapping[date, str]) -> Calendar:
        """Build an unbounded calendar of national holidays from {date: name}."""
        return cls.from_entries(HolidayEntry(day, name) for day, name in holidays.items())

    @classmethod
    def load(cls, first: date, last: date) -> Calendar:
        """Load the holiday table for first..last (inclusive) with one query."""
        from terbuka.calendars.selectors import holiday_entries_between

        return cls.from_entries(holiday_entries_between(first, last), first=first, last=last)

    @classmethod
    def load_for_clocks(cls, first_start: date, last_start: date, max_days: int) -> Calendar:
        """Load, with one query, a window wide enough for clocks of up to `max_days` working
        days starting from first_start through last_start (for recomputing many clocks)."""
        return cls.load(first_start, last_start + timedelta(days=2 * max_days + 120))

    def view(self, region_code: str = "") -> _RegionView:
        view = self._views.get(region_code)
        if view is None:
            view = self._views[region_code] = self._build_view(region_code)
        return view

    def _build_view(self, region_code: str) -> _RegionView:
        names: dict[date, list[str]] = {}
        for entry in self.entries:
            if entry.kind == JOINT_LEAVE and not self.joint_leave_non_working:
                continue
            if not region_applies(entry.region_code, region_code):
                continue
            names.setdefault(entry.date, []).append(entry.name)
        weekday_holidays = tuple(sorted(d for d in names if d.weekday() < SATURDAY))
        return _RegionView({d: tuple(n) for d, n in names.items()}, weekday_holidays)

    def check_covers(self, after: date, through: date) -> None:
        """Raise CalendarRangeError unless the window holds every date in (after, through]."""
        if (self.first is not None and after + timedelta(days=1) < self.first) or (
            self.last is not None and through > self.last
        ):
            raise CalendarRangeError(after, through)


def _weekdays_through(day: date) -> int:
    """Count the Monday-Friday dates from 0001-01-01 (a Monday) through `day`."""
    weeks, rest = divmod(day.toordinal() - 1, 7)
    return weeks * 5 + min(rest + 1, 5)


def _add_weekdays(day: date, count: int) -> date:
    """Return the `count`-th Monday-Friday date after `day` (count >= 1)."""
    weekday = day.weekday()
    if weekday > 4:  # from a weekend, count as from the Friday before
        day -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(count, 5)
    weekend = 2 if weekday + rest > 4 else 0
    return day + timedelta(days=weeks * 7 + rest + weekend)


def _check_days(days: int) -> None:
    if days < 0:
        raise ValueError("days must not be negative")


def _due_on(start: date, days: int, calendar: Calendar, region_code: str) -> date:
    if days == 0:
        return start
    view = calendar.view(region_code)
    # Jump by weekdays, then make up for the holidays jumped over; each step stays on or before
    # the answer, and stops on it because the count only grows on working days.
    due = _add_weekdays(start, days)
    while (missing := days - view.count(start, due)) > 0:
        due = _add_weekdays(due, missing)
    calendar.check_covers(start, due)
    return due


def _skipped(
    start: date, due: date, calendar: Calendar, region_code: str
) -> tuple[SkippedDay, ...]:
    view = calendar.view(region_code)
    weekend_names = {SATURDAY: _("Sabtu"), SUNDAY: _("Minggu")}
    skipped: list[SkippedDay] = []
    day = start + timedelta(days=1)
    one = timedelta(days=1)
    while day < due:
        names = view.names.get(day)
        if names:
            skipped.append(SkippedDay(day, "; ".join(names)))
        elif day.weekday() >= SATURDAY:
            skipped.append(SkippedDay(day, weekend_names[day.weekday()]))
        day += one
    return tuple(skipped)


def _with_calendar(first: date, span_days: int, attempt: Callable[[Calendar], _T]) -> _T:
    """Run `attempt` on calendars loaded from the DB, widening the window until it fits."""
    for _try in range(8):
        try:
            last = first + timedelta(days=span_days)
        except OverflowError:
            last = date.max
        try:
            return attempt(Calendar.load(first, last))
        except CalendarRangeError:
            if last == date.max:
                raise
            span_days *= 2
    raise CalendarRangeError(first)  # pragma: no cover - only with years of holidays


def due_date(
    start: date, days: int, *, region_code: str = "", calendar: Calendar | None = None
) -> date:
    """Return the date `days` working days after `start`, without listing skipped days.

    The fast path for recomputing many clocks over one `Calendar`.
    """
    _check_days(days)
    try:
        if calendar is not None:
            return _due_on(start, days, calendar, region_code)
        return _with_calendar(
            start, 2 * days + 60, lambda cal: _due_on(start, days, cal, region_code)
        )
    except OverflowError as exc:
        raise ValueError("due date out of range") from exc


def add_working_days(
    start: date, days: int, *, region_code: str = "", calendar: Calendar | None = None
) -> WorkingDayResult:
    """Add `days` working days to `start`: day 1 is the first working day after `start`.

    Returns the due date and every non-working day strictly between `start` and the due
    date, weekends named by weekday and holidays by their names. `days=0` returns `start`.
    Raises ValueError for negative days or a due date beyond the supported range.
    """
    _check_days(days)

    def attempt(cal: Calendar) -> WorkingDayResult:
        due = _due_on(start, days, cal, region_code)
        return WorkingDayResult(start, days, due, _skipped(start, due, cal, region_code))

    try:
        if calendar is not None:
            return attempt(calendar)
        return _with_calendar(start, 2 * days + 60, attempt)
    except OverflowError as exc:
        raise ValueError("due date out of range") from exc


def working_days_between(
    start: date, end: date, *, region_code: str = "", calendar: Calendar | None = None
) -> int:
    """Count the working days after `start` up to and including `end`.

    Negative when `end` is before `start` (minus the working days after `end` through
    `start`), so `working_days_between(due, today)` reads as "working days overdue".
    """
    after, through = (start, end) if start <= end else (end, start)
    sign = 1 if start <= end else -1

    def attempt(cal: Calendar) -> int:
        cal.check_covers(after, through)
        return sign * cal.view(region_code).count(after, through)

    if calendar is not None:
        return attempt(calendar)
    return attempt(Calendar.load(after, through))


def is_working_day(day: date, *, region_code: str = "", calendar: Calendar | None = None) -> bool:
    """Return whether `day` is a working day (not a weekend, not a holiday that applies)."""
    if calendar is None:
        calendar = Calendar.load(day, day)
    calendar.check_covers(day - timedelta(days=1), day)
    return calendar.view(region_code).is_working(day)
