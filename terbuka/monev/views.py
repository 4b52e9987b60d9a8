"""The public monev pages under /monev/: a body's announced cycles and its results across the
years with trend alerts, one cycle's results by group, and each participant's certificate.

Only announced cycles are public (`selectors.cycles_public`); every other stage is the back
office's. Monev itself rests on UU 14/2008 and Perki 1/2022 (domain.md section 3).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import body_get_by_slug
from terbuka.core.pdf import pdf_response
from terbuka.core.web import found_or_404
from terbuka.monev import selectors, services
from terbuka.monev.models import EvaluationCycle, HistoricalResult, Participant, Result
from terbuka.monev.rubric import Category
from terbuka.monev.states import CycleStatus

# --- Queries of these pages ------------------------------------------------------------------


def _announced_or_404(pk: int) -> EvaluationCycle:
    """An announced cycle with its body and rubric; any other stage is not public."""
    return get_object_or_404(
        EvaluationCycle.objects.select_related("body", "rubric"),
        pk=pk,
        status=CycleStatus.ANNOUNCED,
    )


def _cycles_with_counts(body: PublicBody) -> list[EvaluationCycle]:
    return list(
        selectors.cycles_public(body)
        .select_related("rubric")
        .annotate(participant_count=Count("participants"))
    )


def _group_size(participant: Participant) -> int:
    return Participant.objects.filter(
        cycle_id=participant.cycle_id, group=participant.group
    ).count()


# --- History across the years ----------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """A trend alert with what fell: the score ("nilai turun"), the category, or both."""

    organiser: str
    alert: services.Alert

    @property
    def score_fell(self) -> bool:
        score, previous = self.alert.score, self.alert.previous_score
        return score is not None and previous is not None and score < previous

    @property
    def category_dropped(self) -> bool:
        return self.alert.category_dropped


@dataclass(frozen=True)
class Cell:
    """One participant's result in one year (`row` None when it was not evaluated)."""

    year: int
    row: HistoricalResult | None
    flag: Flag | None = None


@dataclass(frozen=True)
class Trend:
    """The change between a participant's last two results (`change` None without scores)."""

    year: int
    previous_year: int
    change: Decimal | None

    @property
    def direction(self) -> str:
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"

    @property
    def size(self) -> Decimal | None:
        return abs(self.change) if self.change is not None else None


@dataclass
class Line:
    name: str
    group: str
    cells: list[Cell]
    trend: Trend | None


@dataclass
class HistoryTable:
    """One organiser's results: a participant x year grid (scores of different organisers
    are never compared with each other)."""

    organiser: str
    years: list[int]
    lines: list[Line] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def _trend(rows: Sequence[HistoricalResult]) -> Trend | None:
    if len(rows) < 2:
        return None
    previous, last = rows[-2], rows[-1]
    change = (
        last.score - previous.score
        if last.score is not None and previous.score is not None
        else None
    )
    return Trend(year=last.year, previous_year=previous.year, change=change)


def _history_table(
    organiser: str, rows: list[HistoricalResult], categories: Sequence[str]
) -> HistoryTable:
    # `rows` keep the selector's order (participant, then year), as `trend_alerts` needs.
    flags = [Flag(organiser, alert) for alert in services.trend_alerts(rows, categories)]
    by_key = {(f.alert.participant, f.alert.year): f for f in flags}
    table = HistoryTable(organiser, sorted({row.year for row in rows}))
    for name, own in groupby(rows, key=lambda row: row.participant_name):
        mine = list(own)
        years = {row.year: row for row in mine}
        cells = [Cell(y, years.get(y), by_key.get((name, y))) for y in table.years]
        table.lines.append(Line(name, mine[-1].group, cells, _trend(mine)))
    table.flags = flags
    return table


def _history(body: PublicBody, categories: Sequence[str]) -> list[HistoryTable]:
    by_organiser: dict[str, list[HistoricalResult]] = {}
    for row in selectors.history_for(body):
        by_organiser.setdefault(row.organiser, []).append(row)
    return [
        _history_table(organiser, rows, categories)
        for organiser, rows in sorted(by_organiser.items())
    ]


# --- One cycle's results ---------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    name: str
    low: Decimal
    # The next category's threshold (exclusive); None for the best category.
    below: Decimal | None


@dataclass(frozen=True)
class CategoryCount:
    name: str
    count: int


def _thresholds(categories: Sequence[Category]) -> list[Threshold]:
    # Categories run from the highest threshold down, so each one ends below the one before.
    above = [None, *(c.min for c in categories[:-1])]
    return [Threshold(c.name, c.min, top) for c, top in zip(categories, above, strict=True)]


def _category_counts(
    results: Sequence[Result], categories: Sequence[Category]
) -> list[CategoryCount]:
    counts = Counter(result.category for result in results)
    known = [CategoryCount(c.name, counts.pop(c.name, 0)) for c in categories]
    return known + [CategoryCount(name, n) for name, n in sorted(counts.items())]


def _by_group(results: Sequence[Result]) -> list[tuple[str, list[Result]]]:
    return [
        (group, list(members))
        for group, members in groupby(results, key=lambda r: r.participant.group)
    ]


# --- Views -----------------------------------------------------------------------------------


@require_safe
def body_monev(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A body's announced cycles, newest first, and its results across the years with the
    falls in score or category flagged."""
    body = found_or_404(body_get_by_slug, body_slug)
    cycles = _cycles_with_counts(body)
    # Category order (best first) from the newest announced rubric; without one, only falls
    # in score are flagged.
    categories = [c.name for c in services.rubric_of(cycles[0]).categories] if cycles else []
    history = _history(body, categories)
    context = {
        "body": body,
        "cycles": cycles,
        "history": history,
        "flags": sorted(
            (flag for table in history for flag in table.flags),
            key=lambda f: (-f.alert.year, f.alert.participant, f.organiser),
        ),
    }
    return render(request, "monev/public/body.html", context)


@require_safe
def cycle_results(request: HttpRequest, pk: int) -> HttpResponse:
    """An announced cycle's results by group, the category thresholds and counts."""
    cycle = _announced_or_404(pk)
    categories = services.rubric_of(cycle).categories
    results = list(selectors.results_for(cycle))
    counts = _category_counts(results, categories)
    context = {
        "cycle": cycle,
        "body": cycle.body,
        "groups": _by_group(results),
        "thresholds": _thresholds(categories),
        "counts": counts,
        "largest_count": max((c.count for c in counts), default=0),
        "total": len(results),
    }
    return render(request, "monev/public/results.html", context)


@require_safe
def result_certificate(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    """A participant's one-page certificate of its announced score, category and rank."""
    cycle = _announced_or_404(pk)
    participant = selectors.participant_get(cycle, unit)
    if participant is None:
        raise Http404(unit)
    try:
        result = participant.result
    except Result.DoesNotExist as exc:
        raise Http404(unit) from exc
    context = {
        "cycle": cycle,
        "body": cycle.body,
        "unit": participant.unit,
        "participant": participant,
        "result": result,
        "group_size": _group_size(participant),
        "results_url": request.build_absolute_uri(reverse("monev:results", args=[cycle.pk])),
    }
    response = pdf_response(
        "monev/certificate.html",
        context,
        filename=f"sertifikat-monev-{cycle.year}-{participant.unit.slug}.pdf",
        request=request,
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
