"""The public statistics pages under /statistik/: every body's headline figures, one body's
service figures with its league table of units, and one unit's figures.

UU 14/2008 Pasal 12: a body reports the requests it received, the time it took, how many it
granted and refused, and why it refused. The pages read only the precomputed sums
(`figures.service_figures`, `selectors`), never the requests, so they cost the same handful of
queries for ten requests or ten million.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import body_get_by_slug
from terbuka.core.web import found_or_404
from terbuka.reports import figures, selectors
from terbuka.reports.figures import Period, ServiceFigures
from terbuka.reports.models import Outcome, Semester

# Where the published reports and the open data live (config/urls.py mounts them).
REPORTS_PATH = "/laporan/{body}/"
OPEN_DATA_PATH = "/data/"
API_PATH = "/api/v1/reports/service"


def _period(request: HttpRequest) -> tuple[Period | None, str]:
    """The period of `?tahun=&semester=` (this year by default), or the user's error."""
    year = request.GET.get("tahun", "").strip() or timezone.localdate().year
    semester = request.GET.get("semester", "").strip()
    try:
        return figures.check_period(year, semester), ""
    except ValueError as exc:
        return None, str(exc)


def _switcher(period: Period | None, years: list[int]) -> dict[str, Any]:
    """What the period form offers: the years with data and this year, and the semesters."""
    current = timezone.localdate().year
    shown = period or Period(current, Semester.YEAR)
    query = {"tahun": shown.year, **({"semester": shown.semester} if shown.semester else {})}
    return {
        "period": period,
        "shown": shown,
        "shown_semester": str(shown.semester) if shown.semester else "",
        # Links to other statistics pages keep the period.
        "period_query": "?" + urlencode(query),
        "year_options": selectors.year_choices(years, current, shown.year),
        "semester_options": [
            ("" if value == Semester.YEAR else str(value), label)
            for value, label in Semester.choices
        ],
    }


def _links(body: PublicBody, period: Period, unit: Unit | None) -> dict[str, str]:
    query: dict[str, Any] = {"body": body.slug, "year": period.year}
    if period.semester:
        query["semester"] = period.semester
    if unit is not None:
        query["unit"] = unit.slug
    return {
        "reports": REPORTS_PATH.format(body=body.slug),
        "open_data": OPEN_DATA_PATH,
        "api": f"{API_PATH}?{urlencode(query)}",
    }


def _figures_context(
    body: PublicBody, period: Period | None, unit: Unit | None = None
) -> dict[str, Any]:
    if period is None:
        return {}
    service: ServiceFigures = figures.service_figures(body, period, unit=unit)
    return {
        "figures": service,
        "answered": service.received - service.outcomes.get(Outcome.PENDING, 0),
        "links": _links(body, period, unit),
    }


def _render(request: HttpRequest, name: str, context: dict[str, Any], error: str) -> HttpResponse:
    return render(request, name, {**context, "error": error}, status=400 if error else 200)


@require_safe
def stats_index(request: HttpRequest) -> HttpResponse:
    """Every body with its headline figures for the period (this year by default)."""
    period, error = _period(request)
    context = {
        **_switcher(period, selectors.stats_years()),
        "headlines": selectors.body_headlines(period) if period is not None else None,
        "open_data_url": OPEN_DATA_PATH,
    }
    return _render(request, "reports/stats/index.html", context, error)


@require_safe
def stats_body(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A body's service figures for the period, with its league table of units."""
    body = found_or_404(body_get_by_slug, body_slug)
    period, error = _period(request)
    context: dict[str, Any] = {
        "body": body,
        **_switcher(period, selectors.stats_years(body)),
        **_figures_context(body, period),
    }
    if "figures" in context:
        by_unit = context["figures"].by_unit
        context["league"] = figures.league(by_unit)
        context["unassigned"] = next((row for row in by_unit if row.unit_key == 0), None)
    return _render(request, "reports/stats/body.html", context, error)


@require_safe
def stats_unit(request: HttpRequest, body_slug: str, unit_slug: str) -> HttpResponse:
    """One unit's service figures for the period."""
    body = found_or_404(body_get_by_slug, body_slug)
    unit = found_or_404(selectors.unit_get_for_stats, body, unit_slug)
    period, error = _period(request)
    context = {
        "body": body,
        "unit": unit,
        **_switcher(period, selectors.stats_years(body, unit)),
        **_figures_context(body, period, unit),
    }
    return _render(request, "reports/stats/unit.html", context, error)
