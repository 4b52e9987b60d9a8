"""The figures of the information service for a body or unit and a period, read from the sums.

`service_figures()` is what the service report, the statistics pages and the API print. It reads
only `MonthlyStat` and `DaysStat` (a handful of queries whatever the history's size) plus the
objection and dispute registers of the period. Medians and percentiles are exact: working days
are whole numbers, so the per-day counts of `DaysStat` are the whole distribution.

UU 14/2008 Pasal 12: the yearly report states the requests received, the time taken to fulfil
each, the number granted and refused, and the reasons for refusal.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests.models import InformationRequest
from terbuka.reports.models import (
    CHANNEL_FIELDS,
    COUNTER_FIELDS,
    LETTER_FIELDS,
    LETTERS,
    OUTCOME_FIELDS,
    DaysStat,
    Measure,
    MonthlyStat,
    Outcome,
    Semester,
)

# 95% two-sided normal quantile for the Wilson score interval.
Z_95 = 1.959963984540054
# Objection grounds: UU 14/2008 Pasal 35(1) a-g.
OBJECTION_GROUNDS: tuple[str, ...] = tuple("abcdefg")
# Distribution bands of working days, read against the law's clocks: 10 working days for the
# notice (UU 14/2008 Pasal 22(7)), 7 more when extended (Pasal 22(8)).
BANDS: tuple[tuple[int, int | None], ...] = ((0, 3), (4, 7), (8, 10), (11, 17), (18, None))


@dataclass(frozen=True)
class Period:
    year: int
    semester: int  # Semester: 0 the whole year, 1 January-June, 2 July-December

    @property
    def months(self) -> tuple[int, ...]:
        if self.semester == Semester.FIRST:
            return (1, 2, 3, 4, 5, 6)
        if self.semester == Semester.SECOND:
            return (7, 8, 9, 10, 11, 12)
        return tuple(range(1, 13))

    @property
    def first(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def last(self) -> date:
        month = self.months[-1]
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @property
    def label(self) -> str:
        if self.semester == Semester.FIRST:
            return _("Semester I %(year)d") % {"year": self.year}
        if self.semester == Semester.SECOND:
            return _("Semester II %(year)d") % {"year": self.year}
        return _("Tahun %(year)d") % {"year": self.year}


class PeriodError(ValueError):
    """A year or semester the user gave is not a period; `field` names which."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_period(year: Any, semester: Any = 0) -> Period:
    """Return the period, or raise PeriodError (a ValueError) with a message for the user."""
    try:
        year_value = int(year)
    except (TypeError, ValueError):
        raise PeriodError("year", _("Tahun harus berupa angka.")) from None
    try:
        semester_value = int(semester or 0)
    except (TypeError, ValueError):
        raise PeriodError("semester", _("Semester harus 1 atau 2.")) from None
    if not 2008 <= year_value <= 2100:
        # UU 14/2008 was enacted in 2008; nothing is reported before it.
        raise PeriodError("year", _("Tahun harus antara 2008 dan 2100."))
    if semester_value not in Semester.values:
        raise PeriodError("semester", _("Semester harus 1 atau 2 (kosong untuk satu tahun)."))
    return Period(year_value, semester_value)


@dataclass(frozen=True)
class Interval:
    """A proportion with its 95% Wilson score interval (all in 0..1; None when n is 0)."""

    successes: int
    n: int
    rate: float | None
    low: float | None
    high: float | None


def wilson(successes: int, n: int, z: float = Z_95) -> Interval:
    """Return the Wilson score interval of `successes` out of `n`.

    Unlike the normal approximation it stays inside [0, 1] and is honest for small n, which is
    why league tables rank by its lower bound (Alaveteli's lesson: a unit with 2 of 2 on time is
    not better than one with 95 of 100).
    """
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("need 0 <= successes <= n")
    if n == 0:
        return Interval(0, 0, None, None, None)
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(successes, n, p, low, high)


@dataclass(frozen=True)
class Distribution:
    """Working days to a milestone: count, mean, median, 90th percentile and the whole spread."""

    count: int
    total: int
    histogram: tuple[tuple[int, int], ...]  # (days, requests), days ascending

    @classmethod
    def from_counts(cls, counts: Mapping[int, int]) -> Distribution:
        pairs = tuple(sorted((int(d), int(c)) for d, c in counts.items() if c))
        return cls(
            count=sum(c for _d, c in pairs),
            total=sum(d * c for d, c in pairs),
            histogram=pairs,
        )

    @property
    def mean(self) -> Decimal | None:
        if not self.count:
            return None
        return _round1(Fraction(self.total, self.count))

    def quantile_rank(self, rank: int) -> int:
        """The value at 1-based `rank` in the sorted list of all observations."""
        seen = 0
        for days, count in self.histogram:
            seen += count
            if seen >= rank:
                return days
        raise ValueError("rank beyond count")

    @property
    def median(self) -> Decimal | None:
        if not self.count:
            return None
        n = self.count
        if n % 2:
            return Decimal(self.quantile_rank((n + 1) // 2))
        low, high = self.quantile_rank(n // 2), self.quantile_rank(n // 2 + 1)
        return _round1(Fraction(low + high, 2))

    @property
    def p90(self) -> int | None:
        """The 90th percentile by nearest rank (a value some request really took)."""
        if not self.count:
            return None
        return self.quantile_rank(math.ceil(0.9 * self.count))

    @property
    def bands(self) -> list[tuple[str, int]]:
        """Requests per band of working days (0-3, 4-7, 8-10, 11-17, 18 or more)."""
        rows = []
        for low, high in BANDS:
            label = f"{low}-{high}" if high is not None else f">= {low}"
            n = sum(c for d, c in self.histogram if d >= low and (high is None or d <= high))
            rows.append((label, n))
        return rows


def _round1(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthRow:
    year: int
    month: int
    received: int
    granted: int  # in full or in part
    refused: int
    other: int  # not held, forwarded, withdrawn, lapsed
    pending: int
    on_time: Interval
    notice_days: Distribution


@dataclass(frozen=True)
class UnitRow:
    unit_key: int  # Unit pk; 0 for the PPID Utama (requests without a unit)
    name: str
    slug: str
    received: int
    outcomes: dict[str, int]
    on_time: Interval
    notice_days: Distribution


@dataclass(frozen=True)
class ServiceFigures:
    """Every figure of the service report for one body (or all) and unit (or all) and period."""

    body_slug: str  # "" for every body (the national report)
    body_name: str
    unit_id: int | None
    unit_name: str
    period: Period
    received: int
    by_channel: dict[str, int]
    outcomes: dict[str, int]
    refused_by_ground: dict[str, int]
    extended: int
    overdue: int
    noticed: int
    fulfilled: int
    on_time: Interval
    notice_days: Distribution
    fulfil_days: Distribution
    by_month: tuple[MonthRow, ...]
    by_unit: tuple[UnitRow, ...]
    objections: dict[str, Any]  # {"total", "by_ground": {a-g}, "by_status": {status: n}}
    disputes: dict[str, int]
    computed_at: datetime = field(default_factory=timezone.now)

    def api(self) -> dict[str, Any]:
        """The API's answer (GET /api/v1/reports/service)."""
        median = self.notice_days.median
        return {
            "body": self.body_slug,
            "unit": self.unit_id,
            "year": self.period.year,
            "semester": self.period.semester or None,
            "received": self.received,
            "granted_full": self.outcomes[Outcome.GRANTED_FULL],
            "granted_partial": self.outcomes[Outcome.GRANTED_PARTIAL],
            "refused": self.outcomes[Outcome.REFUSED],
            "refused_by_ground": dict(self.refused_by_ground),
            "not_held": self.outcomes[Outcome.NOT_HELD],
            "forwarded": self.outcomes[Outcome.FORWARDED],
            "withdrawn": self.outcomes[Outcome.WITHDRAWN],
            "lapsed": self.outcomes[Outcome.LAPSED],
            "pending": self.outcomes[Outcome.PENDING],
            "extended": self.extended,
            "overdue": self.overdue,
            "objections": self.objections["total"],
            "disputes": self.disputes["filed"],
            "median_days_to_notice": float(median) if median is not None else None,
            "on_time_rate": self.on_time.rate,
            "by_channel": dict(self.by_channel),
        }

    def as_json(self) -> dict[str, Any]:
        """A JSON-safe snapshot (stored with a generated report)."""
        data = asdict(self)
        data["computed_at"] = self.computed_at.isoformat()
        return data


# --- Reading the sums -------------------------------------------------------------------------


def _cells(
    body: PublicBody | None, period: Period, unit: Unit | None
) -> tuple[QuerySet[MonthlyStat], QuerySet[DaysStat]]:
    where = Q(year=period.year, month__in=period.months)
    if body is not None:
        where &= Q(body=body)
    if unit is not None:
        where &= Q(unit_key=unit.pk)
    return MonthlyStat.objects.filter(where), DaysStat.objects.filter(where)


_SUMS = {name: Sum(name) for name in COUNTER_FIELDS}


def _sums(row: Mapping[str, Any]) -> dict[str, int]:
    return {name: int(row.get(name) or 0) for name in COUNTER_FIELDS}


def _on_time(sums: Mapping[str, int]) -> Interval:
    # Decided cases: a notice within the clock (successes) or an answer overdue (failures).
    return wilson(sums["noticed_on_time"], sums["noticed_on_time"] + sums["overdue"])


def _raw_rows(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """The rows of a grouped values() query as plain tuples, read from the cursor.

    Every column is a whole number or a short text, which both databases return as Python
    int and str already; skipping the ORM's per-value converters keeps a national report
    (thousands of units x 30 counters) within the cost of the bare GROUP BY.
    """
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _grouped_sums(rows: QuerySet[Any, Any]) -> dict[Any, dict[str, int]]:
    """{group: counters} from `values(<group>).annotate(**_SUMS)`."""
    names = [*rows.query.annotation_select]
    return {
        row[0]: {name: int(value or 0) for name, value in zip(names, row[1:], strict=True)}
        for row in _raw_rows(rows)
    }


def _distributions(
    rows: Iterable[tuple[Any, str, int, int | None]],
) -> dict[Any, dict[str, dict[int, int]]]:
    """Histograms per group from (group, measure, days, requests) rows."""
    found: dict[Any, dict[str, dict[int, int]]] = {}
    for group, measure, days, n in rows:
        per = found.get(group)
        if per is None:
            per = found[group] = {Measure.NOTICE: {}, Measure.FULFIL: {}}
        bucket = per[measure]
        bucket[days] = bucket.get(days, 0) + (n or 0)
    return found


def unit_names(keys: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Names and slugs of unit keys (0: a request of a body without any unit)."""
    wanted = [k for k in keys if k]
    names = {
        pk: (name, slug)
        for pk, name, slug in Unit.objects.filter(pk__in=wanted).values_list("pk", "name", "slug")
    }
    names[0] = (_("Tanpa unit"), "")
    return names


def service_figures(
    body: PublicBody | None, period: Period, *, unit: Unit | None = None
) -> ServiceFigures:
    """Return the service figures of `body` (None: every body) or one unit, for a period."""
    from terbuka.objections import selectors as objection_selectors

    months, days = _cells(body, period, unit)
    month_rows = _grouped_sums(months.values("month").annotate(**_SUMS).order_by("month"))
    # The period's totals are the sums of its months (one scan of the cells fewer).
    total = {name: sum(row[name] for row in month_rows.values()) for name in COUNTER_FIELDS}
    unit_rows = _grouped_sums(months.values("unit_key").annotate(**_SUMS).order_by("unit_key"))
    # Two grouped reads, so a national report moves thousands of rows rather than every cell.
    per_month = _distributions(
        _raw_rows(days.values_list("month", "measure", "days").annotate(n=Sum("count")).order_by())
    )
    whole: dict[str, dict[int, int]] = {Measure.NOTICE: {}, Measure.FULFIL: {}}
    for per in per_month.values():
        for measure, counts in per.items():
            for day, n in counts.items():
                whole[measure][day] = whole[measure].get(day, 0) + n
    per_unit = _distributions(
        _raw_rows(
            days.filter(measure=Measure.NOTICE)
            .values_list("unit_key", "measure", "days")
            .annotate(n=Sum("count"))
            .order_by()
        )
    )
    names = unit_names(unit_rows)

    def outcomes(sums: Mapping[str, int]) -> dict[str, int]:
        return {name: sums[name] for name in OUTCOME_FIELDS}

    by_month = []
    for month in period.months:
        sums = month_rows.get(month) or _sums({})
        by_month.append(
            MonthRow(
                year=period.year,
                month=month,
                received=sums["received"],
                granted=sums["granted_full"] + sums["granted_partial"],
                refused=sums["refused"],
                other=sums["not_held"] + sums["forwarded"] + sums["withdrawn"] + sums["lapsed"],
                pending=sums["pending"],
                on_time=_on_time(sums),
                notice_days=Distribution.from_counts(
                    per_month.get(month, {}).get(Measure.NOTICE, {})
                ),
            )
        )
    by_unit = sorted(
        (
            UnitRow(
                unit_key=key,
                name=names.get(key, ("?", ""))[0],
                slug=names.get(key, ("?", ""))[1],
                received=sums["received"],
                outcomes=outcomes(sums),
                on_time=_on_time(sums),
                notice_days=Distribution.from_counts(per_unit.get(key, {}).get(Measure.NOTICE, {})),
            )
            for key, sums in unit_rows.items()
        ),
        key=lambda row: (row.unit_key != 0, row.name),
    )
    # A unit's objections and disputes are those of the requests it answered (its facts), the
    # same requests its figures count, whether it was named or given the request by disposisi.
    answered = (
        InformationRequest.objects.filter(fact__unit_key=unit.pk) if unit is not None else None
    )
    objections = objection_selectors.objection_outcome_summary(
        body=body, first=period.first, last=period.last, requests=answered
    )
    disputes = objection_selectors.dispute_outcome_summary(
        body=body, first=period.first, last=period.last, requests=answered
    )
    return ServiceFigures(
        body_slug=body.slug if body is not None else "",
        body_name=body.name if body is not None else _("Semua badan publik"),
        unit_id=unit.pk if unit is not None else None,
        unit_name=unit.name if unit is not None else "",
        period=period,
        received=total["received"],
        by_channel={
            channel: total[name]
            for channel, name in CHANNEL_FIELDS.items()
            if channel in InformationRequest.Channel.values
        },
        outcomes=outcomes(total),
        refused_by_ground={letter: total[LETTER_FIELDS[letter]] for letter in LETTERS},
        extended=total["extended"],
        overdue=total["overdue"],
        noticed=total["noticed"],
        fulfilled=total["fulfilled"],
        on_time=_on_time(total),
        notice_days=Distribution.from_counts(whole[Measure.NOTICE]),
        fulfil_days=Distribution.from_counts(whole[Measure.FULFIL]),
        by_month=tuple(by_month),
        by_unit=tuple(by_unit),
        objections=objections,
        disputes=disputes,
    )


# --- League table -----------------------------------------------------------------------------


@dataclass(frozen=True)
class League:
    ranked: tuple[tuple[int, UnitRow], ...]  # (rank, row), best lower bound first
    too_few: tuple[UnitRow, ...]  # units left out: fewer decided requests than the threshold
    threshold: int


def league_threshold() -> int:
    return int(getattr(settings, "TERBUKA_LEAGUE_MIN_REQUESTS", 10))


def league(rows: Sequence[UnitRow], *, threshold: int | None = None) -> League:
    """Rank units by the lower bound of their on-time rate; leave out units with few cases.

    Ties in the lower bound share a rank (competition ranking: 1, 1, 3).
    """
    minimum = league_threshold() if threshold is None else threshold
    eligible = [r for r in rows if r.unit_key and r.on_time.n >= minimum and r.on_time.n > 0]
    too_few = tuple(r for r in rows if r.unit_key and r not in eligible)
    eligible.sort(key=lambda r: (-(r.on_time.low or 0.0), -(r.on_time.n), r.name))
    ranked: list[tuple[int, UnitRow]] = []
    for index, row in enumerate(eligible):
        if index and math.isclose(row.on_time.low or 0.0, eligible[index - 1].on_time.low or 0.0):
            rank = ranked[-1][0]
        else:
            rank = index + 1
        ranked.append((rank, row))
    return League(tuple(ranked), too_few, minimum)
