"""Reads of the public statistics pages beyond `figures.service_figures`.

Like the figures, these read only the precomputed sums (`MonthlyStat`, `DaysStat`), never the
requests: the index of every body is three queries however many bodies, units and requests
there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import body_list_public
from terbuka.core.exceptions import NotFound
from terbuka.reports.figures import Distribution, Interval, Period, wilson
from terbuka.reports.models import DaysStat, Measure, MonthlyStat


@dataclass(frozen=True)
class Headline:
    """The headline figures of one body (or of every body) for a period."""

    received: int
    on_time: Interval
    notice_days: Distribution


@dataclass(frozen=True)
class BodyHeadline:
    body: PublicBody
    headline: Headline | None  # None when the body has no request in the period


@dataclass(frozen=True)
class Headlines:
    rows: tuple[BodyHeadline, ...]
    total: Headline  # every body together


def _headline(sums: dict[str, int], days: dict[int, int]) -> Headline:
    # Decided cases as `figures` counts them: a notice on time, or an answer overdue.
    on_time = sums.get("noticed_on_time", 0)
    return Headline(
        received=sums.get("received", 0),
        on_time=wilson(on_time, on_time + sums.get("overdue", 0)),
        notice_days=Distribution.from_counts(days),
    )


def body_headlines(period: Period) -> Headlines:
    """Return every public body with its headline figures for a period (three queries)."""
    cells = Q(year=period.year, month__in=period.months)
    sums = {
        row["body_id"]: {k: int(v or 0) for k, v in row.items() if k != "body_id"}
        for row in MonthlyStat.objects.filter(cells)
        .values("body_id")
        .annotate(
            received=Sum("received"),
            noticed_on_time=Sum("noticed_on_time"),
            overdue=Sum("overdue"),
        )
        .order_by()
    }
    days: dict[int, dict[int, int]] = {}
    every: dict[int, int] = {}
    rows = (
        DaysStat.objects.filter(cells, measure=Measure.NOTICE)
        .values("body_id", "days")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for row in rows:
        count = int(row["n"] or 0)
        per_body = days.setdefault(row["body_id"], {})
        per_body[row["days"]] = per_body.get(row["days"], 0) + count
        every[row["days"]] = every.get(row["days"], 0) + count
    total: dict[str, int] = {}
    for values in sums.values():
        for name, value in values.items():
            total[name] = total.get(name, 0) + value
    return Headlines(
        rows=tuple(
            BodyHeadline(
                body=body,
                headline=(
                    _headline(sums[body.pk], days.get(body.pk, {}))
                    if sums.get(body.pk, {}).get("received")
                    else None
                ),
            )
            for body in body_list_public().only("pk", "name", "slug", "kind")
        ),
        total=_headline(total, every),
    )


def stats_years(body: PublicBody | None = None, unit: Unit | None = None) -> list[int]:
    """Return the years that have statistics (of a body, or one unit), newest first."""
    cells = MonthlyStat.objects.filter(received__gt=0)
    if body is not None:
        cells = cells.filter(body=body)
    if unit is not None:
        cells = cells.filter(unit_key=unit.pk)
    return list(cells.order_by("-year").values_list("year", flat=True).distinct())


def year_choices(years: Iterable[int], current: int, selected: int | None = None) -> list[int]:
    """The years a period switcher offers: those with data, this year and the one shown."""
    choices = {*years, current}
    if selected is not None:
        choices.add(selected)
    return sorted(choices, reverse=True)


def unit_get_for_stats(body: PublicBody, slug: str) -> Unit:
    """Return the unit of `body` with this slug for its statistics, or raise `NotFound`.

    A unit that was since deactivated keeps its public statistics: the requests it answered
    were public service all the same (UU 14/2008 Pasal 12).
    """
    try:
        return Unit.objects.only("pk", "name", "slug", "kind", "body_id", "is_active").get(
            body=body, slug=slug
        )
    except Unit.DoesNotExist:
        raise NotFound(_("Unit tidak ditemukan.")) from None
