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
    return figures.service_figures(body, period, unit=unit).api()
