"""The reports API: `/api/v1/reports/...`, public and read-only.

`GET /reports/service?body=kota-serang&year=2026` (optional `unit`, `semester`) answers the
figures of the service report (UU 14/2008 Pasal 12) for requests received in the period, read
from the precomputed sums. `body=` may be left out for every body's total (the national report).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.core.exceptions import ValidationError
from terbuka.reports import figures

router = Router(tags=["reports"])

ERRORS: dict[int, type[Schema]] = {404: ErrorOut, 422: ErrorOut}


class ServiceFilters(Schema):
    body: str = Field("", max_length=100, description="Body slug; empty for every body.")
    year: int = Field(..., description="Year the requests were received.")
    semester: int | None = Field(None, description="1 (January-June) or 2 (July-December).")
    unit: str = Field("", max_length=100, description="Unit slug or Kemendagri code.")


class ServiceOut(Schema):
    body: str
    unit: int | None
    year: int
    semester: int | None
    received: int = Field(..., description="Requests received in the period.")
    granted_full: int
    granted_partial: int
    refused: int
    refused_by_ground: dict[str, int] = Field(
        ..., description="Refusals by UU 14/2008 Pasal 17 letter (a-j)."
    )
    not_held: int
    forwarded: int
    withdrawn: int
    lapsed: int
    pending: int
    extended: int
    overdue: int
    objections: int
    disputes: int
    median_days_to_notice: float | None = Field(
        ..., description="Median working days from receipt to the written notice."
    )
    on_time_rate: float | None
    by_channel: dict[str, int]


class IntervalOut(Schema):
    successes: int = Field(..., description="Written notices on time.")
    n: int = Field(..., description="Decided cases: notices on time plus overdue answers.")
    rate: float | None
    low: float | None = Field(..., description="Lower bound of the 95% Wilson interval.")
    high: float | None = Field(..., description="Upper bound of the 95% Wilson interval.")


class MonthOut(Schema):
    year: int
    month: int
    received: int
    granted: int
    refused: int
    other: int
    pending: int
    on_time: IntervalOut
    median_days_to_notice: float | None


class UnitFiguresOut(Schema):
    rank: int | None = Field(..., description="None when the unit has too few decided cases.")
    unit: str
    name: str
    received: int
    on_time: IntervalOut
    median_days_to_notice: float | None


class StatisticsOut(Schema):
    body: str
    unit: int | None
    year: int
    semester: int | None
    league_threshold: int
    months: list[MonthOut]
    units: list[UnitFiguresOut]


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


@router.get(
    "/service",
    response={200: ServiceOut, **ERRORS},
    auth=None,
    summary="Service report figures",
)
def service_report(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    """The service report's figures for a body (or every body), unit and year or semester."""
    body, unit, period = _scope(filters)
    return figures.service_figures(body, period, unit=unit).api()


def _scope(filters: ServiceFilters) -> tuple[Any, Any, figures.Period]:
    try:
        period = figures.check_period(filters.year, filters.semester or 0)
    except figures.PeriodError as exc:
        raise _refuse(exc.field, str(exc)) from None
    body = body_selectors.body_get_by_slug(filters.body) if filters.body else None
    unit = None
    if filters.unit:
        if body is None:
            raise _refuse("unit", _("Sebutkan badan publik untuk memilih unit."))
        unit = body_selectors.unit_find_in_body(body, filters.unit)
        if unit is None:
            raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    return body, unit, period


def _interval(value: figures.Interval) -> dict[str, Any]:
    return {
        "successes": value.successes,
        "n": value.n,
        "rate": value.rate,
        "low": value.low,
        "high": value.high,
    }


def _median(distribution: figures.Distribution) -> float | None:
    median = distribution.median
    return float(median) if median is not None else None


@router.get(
    "/statistics",
    response={200: StatisticsOut, **ERRORS},
    auth=None,
    summary="Monthly statistics and the units' league table",
)
def statistics(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    """Requests per month and the units ranked by the lower bound of their on-time rate.

    Units with fewer decided cases than the threshold come last with `rank` null: their rate
    is too uncertain to rank.
    """
    body, unit, period = _scope(filters)
    found = figures.service_figures(body, period, unit=unit)
    table = figures.league(found.by_unit)
    units = [(rank, row) for rank, row in table.ranked] + [(None, row) for row in table.too_few]
    return {
        "body": found.body_slug,
        "unit": found.unit_id,
        "year": period.year,
        "semester": period.semester or None,
        "league_threshold": table.threshold,
        "months": [
            {
                "year": row.year,
                "month": row.month,
                "received": row.received,
                "granted": row.granted,
                "refused": row.refused,
                "other": row.other,
                "pending": row.pending,
                "on_time": _interval(row.on_time),
                "median_days_to_notice": _median(row.notice_days),
            }
            for row in found.by_month
        ],
        "units": [
            {
                "rank": rank,
                "unit": row.slug,
                "name": row.name,
                "received": row.received,
                "on_time": _interval(row.on_time),
                "median_days_to_notice": _median(row.notice_days),
            }
            for rank, row in units
        ],
    }
