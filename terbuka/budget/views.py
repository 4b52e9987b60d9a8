"""The public budget pages under /anggaran/: a body's published budgets by year and unit, and
one budget with its account hierarchy, drill-down, largest lines, year-on-year comparison and
downloads (UU 14/2008 Pasal 9(2) huruf c: financial reports are periodic information)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from terbuka.bodies.selectors import body_get_by_slug
from terbuka.budget import codes, selectors
from terbuka.budget.models import BudgetImport, BudgetLine
from terbuka.core.exceptions import NotFound
from terbuka.inforequests.exports import write_csv, write_xlsx

LARGEST = 10
EXPORT_COLUMNS = [
    ("kode_rekening", "kode_rekening"),
    ("uraian", "uraian"),
    ("anggaran", "anggaran"),
    ("realisasi", "realisasi"),
]


def _body_or_404(slug: str) -> Any:
    try:
        return body_get_by_slug(slug)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _active_or_404(pk: int) -> BudgetImport:
    return get_object_or_404(
        BudgetImport.objects.select_related("body", "unit"),
        pk=pk,
        status=BudgetImport.Status.ACTIVE,
    )


@require_GET
def body_budgets(request: HttpRequest, body_slug: str) -> HttpResponse:
    """Every published budget of a body, newest year first."""
    body = _body_or_404(body_slug)
    imports = list(selectors.import_list_active(body)[:500])
    years: dict[int, list[BudgetImport]] = {}
    for item in imports:
        years.setdefault(item.year, []).append(item)
    context = {"body": body, "years": sorted(years.items(), reverse=True)}
    return render(request, "budget/body.html", context)


def _ancestors(budget_import: BudgetImport, code: str) -> list[BudgetLine]:
    chain: list[str] = []
    current = code
    while current:
        chain.append(current)
        current = codes.parent_of(current)
    lines = {
        line.code: line
        for line in BudgetLine.objects.filter(budget_import=budget_import, code__in=chain)
    }
    return [lines[c] for c in reversed(chain) if c in lines]


@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One budget: the lines under `?kode=` (the top level without it), with their bars."""
    budget_import = _active_or_404(pk)
    raw = request.GET.get("kode", "").strip()
    code = ""
    if raw:
        try:
            code = codes.normalise_code(raw)
        except ValueError as exc:
            raise Http404(str(exc)) from exc
    current = selectors.line_get(budget_import, code) if code else None
    if code and current is None:
        raise Http404(code)
    lines = list(selectors.lines_for(budget_import, code or None))
    overall, roots = selectors.totals(budget_import)
    largest_value = max((line.allocation for line in lines), default=0)
    history = selectors.year_on_year(
        budget_import.body, budget_import.unit, budget_import.kind, code
    )
    context = {
        "budget": budget_import,
        "body": budget_import.body,
        "code": code,
        "current": current,
        "ancestors": _ancestors(budget_import, code) if code else [],
        "lines": [
            (line, selectors.Totals(line.allocation, line.realisation).percentage) for line in lines
        ],
        "level": codes.level_name(code) if code else "",
        "largest_value": largest_value,
        "overall": overall,
        "roots": roots,
        "largest": selectors.largest_lines(budget_import, LARGEST),
        "history": history,
        "history_max": max((h.totals.allocation for h in history), default=0),
        "has_realisation": any(line.realisation is not None for line in lines),
    }
    return render(request, "budget/detail.html", context)


@require_GET
def budget_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """All lines of a published budget as CSV or XLSX (the template's columns)."""
    budget_import = _active_or_404(pk)
    rows = (
        {
            "kode_rekening": line.code,
            "uraian": line.description,
            "anggaran": line.allocation,
            "realisasi": line.realisation,
        }
        for line in BudgetLine.objects.filter(budget_import=budget_import)
        .order_by("sort_key")
        .iterator(chunk_size=2000)
    )
    if fmt == "csv":
        data = write_csv(rows, EXPORT_COLUMNS)
        content_type = "text/csv; charset=utf-8"
    else:
        data = write_xlsx(rows, EXPORT_COLUMNS, title=f"Anggaran {budget_import.year}")
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=content_type)
    name = (
        f"anggaran-{budget_import.body.slug}-{budget_import.unit.slug}-"
        f"{budget_import.year}-{budget_import.kind}.{fmt}"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
