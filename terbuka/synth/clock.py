"""Working-day arithmetic over the world's whole span, from the holiday table.

`WorkDays` indexes every date of the span once, so adding working days is two list look-ups;
the legal clocks themselves (due dates with the inputs stored on a request) come from
`inforequests.deadlines` and `objections.deadlines`, cached per start date, so every date is
the one the services compute with the same calendar.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from terbuka.calendars.workdays import Calendar
from terbuka.inforequests import deadlines

UTC_MINUTES = 7 * 60  # Asia/Jakarta, the project's TIME_ZONE (no daylight saving)


class WorkDays:
    """Dates of a span as indexes (day 0 is `first`), with working-day counts."""

    def __init__(self, first: date, last: date, region_code: str = "") -> None:
        self.first = first
        self.calendar = Calendar.load(first - timedelta(days=14), last + timedelta(days=14))
        view = self.calendar.view(region_code)
        self.region_code = region_code
        self.dates: list[date] = []
        self.iso: list[str] = []
        self.through: list[int] = []  # working days from `first` through each date
        self.kth: list[int] = [0]  # the day index of the k-th working day
        self.working: list[bool] = []
        count = 0
        day = first
        index = 0
        while day <= last:
            working = view.is_working(day)
            if working:
                count += 1
                self.kth.append(index)
            self.dates.append(day)
            self.iso.append(day.isoformat())
            self.through.append(count)
            self.working.append(working)
            day += timedelta(days=1)
            index += 1
        self._clocks: dict[tuple[str, int, int], tuple[int, str, dict[str, Any]]] = {}
        self._fragments: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.dates)

    def index(self, day: date) -> int:
        return (day - self.first).days

    def add(self, day: int, working_days: int) -> int:
        """The day index `working_days` working days after `day` (day 1 is the next one)."""
        return self.kth[self.through[day] + working_days]

    def between(self, start: int, end: int) -> int:
        """Working days after `start` through `end` (0 when `end` is not later)."""
        return max(0, self.through[end] - self.through[start])

    def on_or_after(self, day: int) -> int:
        """The first working day index on or after `day`."""
        return self.kth[self.through[day]] if self.working[day] else self.add(day, 1)

    def utc(self, day: int, minute: int) -> str:
        """The UTC time string of local `minute` (from midnight) of day `day`."""
        minute -= UTC_MINUTES
        while minute < 0:
            day, minute = day - 1, minute + 1440
        while minute >= 1440:
            day, minute = day + 1, minute - 1440
        return f"{self.iso[day]} {minute // 60:02d}:{minute % 60:02d}:00"

    def fragment(self, inputs: dict[str, Any]) -> str:
        """The JSON text of a cached clock's inputs (the dicts live as long as the cache)."""
        text = self._fragments.get(id(inputs))
        if text is None:
            text = self._fragments[id(inputs)] = json.dumps(inputs)
        return text

    def clock(
        self, rule: str, start: int, days: int, compute: Callable[..., Any]
    ) -> tuple[int, str, dict[str, Any]]:
        """A legal clock from `start` through the service's own function, cached.

        Returns the due day index, its ISO date and the inputs the services store.
        """
        key = (rule, start, days)
        cached = self._clocks.get(key)
        if cached is None:
            result = compute(
                self.dates[start], calendar=self.calendar, region_code=self.region_code
            )
            due = self.index(result.due)
            cached = (due, self.iso[due], result.inputs)
            self._clocks[key] = cached
        return cached

    def notice(self, start: int) -> tuple[int, str, dict[str, Any]]:
        # UU 14/2008 Pasal 22(7): the written notice within 10 working days.
        return self.clock("notice", start, deadlines.NOTICE_DAYS, deadlines.notice_due)

    def extension(self, notice_due: int) -> tuple[int, str, dict[str, Any]]:
        # UU 14/2008 Pasal 22(8): one extension of 7 working days.
        return self.clock(
            "extension", notice_due, deadlines.EXTENSION_DAYS, deadlines.extension_due
        )

    def completion(self, asked: int) -> tuple[int, str, dict[str, Any]]:
        # Perki 1/2021: 3 working days to complete an incomplete request.
        return self.clock("completion", asked, deadlines.COMPLETION_DAYS, deadlines.completion_due)

    def objection_window(self, notice_day: int) -> tuple[int, str, dict[str, Any]]:
        # UU 14/2008 Pasal 36(1): 30 working days to object.
        return self.clock(
            "objection", notice_day, deadlines.OBJECTION_DAYS, deadlines.objection_window
        )


def dumps(value: Any) -> str:
    """JSON text as Django's JSONField stores it."""
    return json.dumps(value)
