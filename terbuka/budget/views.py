"""The public budget pages under /anggaran/: a body's published budgets by year and unit, and
one budget with its account hierarchy, drill-down, largest lines, year-on-year comparison and
downloads (UU 14/2008 Pasal 9(2) huruf c: financial reports are periodic information)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from terbuka.bodies.models import Unit
from terbuka.bodies.selectors import body_get_by_slug
from terbuka.budget import codes, selectors
from terbuka.budget.models import BudgetDocument, BudgetImport, BudgetLine
from terbuka.core.web import found_or_404
from terbuka.inforequests.exports import write_csv, write_xlsx

LARGEST = 10
# A body page lists at most this many structured budgets (units x years x kinds).
MAX_IMPORTS = 500
EXPORT_COLUMNS = [
    ("kode_rekening", "kode_rekening"),
    ("uraian", "uraian"),
    ("anggaran", "anggaran"),
    ("realisasi", "realisasi"),
]


def _active_or_404(pk: int) -> BudgetImport:
    return get_object_or_404(
        BudgetImport.objects.select_related("body", "unit"),
        pk=pk,
        status=BudgetImport.Status.ACTIVE,
    )


def _filters(
    request: HttpRequest, choices: selectors.PublicChoices
) -> tuple[Unit | None, int | None]:
    """The unit (`?unit=<slug>`) and year (`?tahun=`) asked for; unknown values are ignored."""
    slug = request.GET.get("unit", "").strip()
    unit = next((u for u in choices.units if u.slug == slug), None) if slug else None
    raw = request.GET.get("tahun", "").strip()
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    return unit, year


@dataclass
class YearGroup:
    """What the body page shows for one year: structured budgets and released documents."""

    year: int
    imports: list[BudgetImport] = field(default_factory=list)
    documents: list[BudgetDocument] = field(default_factory=list)


def _by_year(
    imports: Iterable[BudgetImport], documents: Iterable[BudgetDocument]
) -> list[YearGroup]:
    groups: dict[int, YearGroup] = {}
    for item in imports:
        groups.setdefault(item.year, YearGroup(item.year)).imports.append(item)
    for document in documents:
        groups.setdefault(document.year, YearGroup(document.year)).documents.append(document)
    return sorted(groups.values(), key=lambda group: group.year, reverse=True)


@require_GET
def body_budgets(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A body's published budgets and released budget documents by year, newest first,
    optionally of one unit (`?unit=<slug>`) and one year (`?tahun=`)."""
    body = found_or_404(body_get_by_slug, body_slug)
    released = selectors.documents_public(body)
    choices = selectors.public_choices(body, released)
    unit, year = _filters(request, choices)
    imports = selectors.import_list_active(body, year=year, unit=unit)[:MAX_IMPORTS]
    documents = [
        document
        for document in released
        if (unit is None or document.unit_id == unit.pk) and (year is None or document.year == year)
    ]
    context = {
        "body": body,
        "years": _by_year(imports, documents),
        "choices": choices,
        "unit": unit,
        "year": year,
        "filtered": unit is not None or year is not None,
    }
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


def _code_or_404(request: HttpRequest) -> str:
    raw = request.GET.get("kode", "").strip()
    if not raw:
        return ""
    try:
        return codes.normalise_code(raw)
    except ValueError as exc:
        raise Http404(str(exc)) from exc


def _top_level(budget_import: BudgetImport) -> dict[str, Any]:
    """What only the budget's own page shows: totals, largest and overspent lines."""
    overall, roots = selectors.totals(budget_import)
    return {
        "overall": overall,
        "roots": roots,
        "largest": selectors.largest_lines(budget_import, LARGEST),
        "overspent": selectors.lines_overspent_largest(budget_import),
    }


@require_GET
def budget_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One budget: the lines under `?kode=` (the top level without it) with their bars, the
    year-on-year table, the other documents of the unit and the released source file."""
    budget_import = _active_or_404(pk)
    code = _code_or_404(request)
    current = selectors.line_get(budget_import, code) if code else None
    if code and current is None:
        raise Http404(code)
    lines = list(selectors.lines_for(budget_import, code or None))
    history = selectors.year_on_year(
        budget_import.body, budget_import.unit, budget_import.kind, code
    )
    context = {
        "budget": budget_import,
        "body": budget_import.body,
        "code": code,
        # Not `current`: base.html binds that name to the view name for the whole page.
        "selected_line": current,
        "ancestors": _ancestors(budget_import, code) if code else [],
        "lines": [
            (line, selectors.Totals(line.allocation, line.realisation).percentage) for line in lines
        ],
        "level": codes.level_name(code) if code else "",
        "largest_value": max((line.allocation for line in lines), default=0),
        "history": history,
        "history_max": max((h.totals.allocation for h in history), default=0),
        "has_realisation": any(line.realisation is not None for line in lines),
        "switcher": selectors.import_switcher(budget_import),
        "source": selectors.document_for_import(budget_import),
        **({} if code else _top_level(budget_import)),
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
