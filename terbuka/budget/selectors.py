"""Reads of budgets: who may import for which unit, active imports, drill-down, pages, totals.

Public reads see active imports only; a superseded import stays for history and is read by id.
Across units (a body-wide view) the lines of the same account are summed by sort key, so the
body's page shows one row per code with the units' amounts added up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Sum

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike, is_superuser, membership_active_for_user
from terbuka.budget import codes
from terbuka.budget.models import (
    KIND_PRECEDENCE,
    BudgetDocument,
    BudgetEvent,
    BudgetImport,
    BudgetLine,
    DocumentState,
)
from terbuka.registry.models import InfoClass
from terbuka.registry.states import EntryStatus
from terbuka.safety.models import Finding, FindingStatus, Severity
from terbuka.safety.selectors import scan_findings, scan_open_blocking

Role = Membership.Role
Status = BudgetImport.Status

# The PPID Utama publishes the body's budget documents (UU 14/2008 Pasal 9(2) huruf c);
# admins too. A PPID Pelaksana publishes those of its own unit.
BUDGET_BODY_ROLES: frozenset[str] = frozenset({Role.PPID_UTAMA, Role.ADMIN})
BUDGET_UNIT_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA})

MAX_PAGE_SIZE = 500
ZERO = Decimal("0.00")


# --- Who may import --------------------------------------------------------------------------


def budget_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Body ids where the user keeps every unit's budget (PPID Utama, admin)."""
    return (
        membership_active_for_user(user)
        .filter(role__in=list(BUDGET_BODY_ROLES))
        .values("unit__body_id")
    )


def budget_unit_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Unit ids whose budget the user keeps as PPID Pelaksana."""
    return (
        membership_active_for_user(user).filter(role__in=list(BUDGET_UNIT_ROLES)).values("unit_id")
    )


def units_for_budget_import(user: UserLike, body: PublicBody) -> QuerySet[Unit]:
    """Active units of `body` whose budget files the user may import."""
    units = Unit.objects.filter(body=body, is_active=True)
    if is_superuser(user) or budget_body_ids(user).filter(unit__body_id=body.pk).exists():
        return units
    return units.filter(pk__in=budget_unit_ids(user))


def import_editable_by(user: UserLike) -> QuerySet[BudgetImport]:
    """Imports the user may replace and whose original file and scan the user may see."""
    if is_superuser(user):
        return BudgetImport.objects.all()
    return BudgetImport.objects.filter(
        Q(body_id__in=budget_body_ids(user)) | Q(unit_id__in=budget_unit_ids(user))
    )


# --- Imports ---------------------------------------------------------------------------------


def import_list_active(
    body: PublicBody, *, year: int | None = None, unit: Unit | None = None, kind: str | None = None
) -> QuerySet[BudgetImport]:
    """Active imports of a body, optionally of one year, unit and kind."""
    qs = BudgetImport.objects.filter(body=body, status=Status.ACTIVE)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("unit").order_by("-year", "unit__path", "kind")


def import_get_active(body: PublicBody, unit: Unit, year: int, kind: str) -> BudgetImport | None:
    """The active import of a unit for a year and kind, if any."""
    return (
        BudgetImport.objects.filter(
            body=body, unit=unit, year=year, kind=kind, status=Status.ACTIVE
        )
        .select_related("unit")
        .first()
    )


def kind_for_scope(body: PublicBody, year: int, unit: Unit | None = None) -> str | None:
    """The furthest budget stage with an active import in the scope (`KIND_PRECEDENCE`)."""
    kinds = set(
        import_list_active(body, year=year, unit=unit)
        .order_by()
        .values_list("kind", flat=True)
        .distinct()
    )
    return next((kind for kind in KIND_PRECEDENCE if kind in kinds), None)


def import_history(body: PublicBody, unit: Unit, year: int, kind: str) -> QuerySet[BudgetImport]:
    """Every import of a unit for a year and kind, newest first (active and superseded)."""
    return BudgetImport.objects.filter(body=body, unit=unit, year=year, kind=kind).order_by(
        "-created_at", "-id"
    )


def import_timeline(budget_import: BudgetImport) -> QuerySet[BudgetEvent]:
    return budget_import.events.select_related("actor").order_by("occurred_at", "id")


def import_findings(budget_import: BudgetImport) -> QuerySet[Finding]:
    """Every finding of the scan of an import's original file (none when it was not scanned)."""
    if budget_import.scan is None:
        return Finding.objects.none()
    return scan_findings(budget_import.scan)


# --- Documents -------------------------------------------------------------------------------


def documents_office(user: UserLike) -> QuerySet[BudgetDocument]:
    """Budget documents the user may replace, release and withdraw."""
    qs = BudgetDocument.objects.all()
    if not is_superuser(user):
        qs = qs.filter(Q(body_id__in=budget_body_ids(user)) | Q(unit_id__in=budget_unit_ids(user)))
    return qs.select_related("body", "unit", "entry", "document", "document__current")


def document_state(budget_document: BudgetDocument) -> str:
    """How a document stands (`DocumentState`), read from its DIP entry and document."""
    return document_states([budget_document])[budget_document.pk]


def document_states(budget_documents: list[BudgetDocument]) -> dict[int, str]:
    """`document_state` of many documents with one query for their findings."""
    scans = {
        d.document.current.scan_id
        for d in budget_documents
        if d.document.is_active and d.document.current is not None
    }
    held = set(
        Finding.objects.filter(
            scan_id__in=scans, status=FindingStatus.OPEN, severity=Severity.BLOCKING
        ).values_list("scan_id", flat=True)
    )
    states: dict[int, str] = {}
    for budget_document in budget_documents:
        document = budget_document.document
        if not document.is_active or document.current is None:
            states[budget_document.pk] = DocumentState.WITHDRAWN
        elif document.current.scan_id in held:
            states[budget_document.pk] = DocumentState.HELD
        elif budget_document.entry.status != EntryStatus.PUBLISHED:
            states[budget_document.pk] = DocumentState.UNPUBLISHED
        else:
            states[budget_document.pk] = DocumentState.PUBLISHED
    return states


def document_open_findings(budget_document: BudgetDocument) -> list[Finding]:
    """The open blocking findings of the document's current file."""
    current = budget_document.document.current
    if current is None:
        return []
    return list(scan_open_blocking(current.scan))


def document_timeline(budget_document: BudgetDocument) -> QuerySet[BudgetEvent]:
    return budget_document.events.select_related("actor").order_by("occurred_at", "id")


def _released_documents(body: PublicBody) -> QuerySet[BudgetDocument]:
    held = Finding.objects.filter(
        scan_id=OuterRef("document__current__scan_id"),
        status=FindingStatus.OPEN,
        severity=Severity.BLOCKING,
    )
    return (
        BudgetDocument.objects.filter(
            body=body,
            entry__status=EntryStatus.PUBLISHED,
            document__is_active=True,
            document__current__isnull=False,
        )
        .exclude(entry__info_class=InfoClass.DIKECUALIKAN)
        .filter(~Exists(held))
    )


def documents_public(
    body: PublicBody, *, year: int | None = None, unit: Unit | None = None
) -> list[BudgetDocument]:
    """Released budget documents: entry published, document active, current file clear."""
    qs = _released_documents(body)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return list(
        qs.select_related("unit", "entry", "document__current")
        # The extracted text of a file can run to megabytes; a list never shows it.
        .defer("document__current__text")
        .order_by("-year", "unit__name", "kind", "id")
    )


def documents_public_page(
    body: PublicBody,
    *,
    year: int | None = None,
    unit: Unit | None = None,
    kind: str | None = None,
    after: int | None = None,
    limit: int = 100,
) -> list[BudgetDocument]:
    """One page of released documents, newest id first, after the id `after` (keyset)."""
    qs = _released_documents(body)
    if year is not None:
        qs = qs.filter(year=year)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if after is not None:
        qs = qs.filter(pk__lt=after)
    return list(
        qs.select_related("body", "unit", "entry", "document__current")
        .defer("document__current__text")
        .order_by("-pk")[:limit]
    )


# --- Lines of one import ---------------------------------------------------------------------


def lines_for(budget_import: BudgetImport, parent_code: str | None = None) -> QuerySet[BudgetLine]:
    """The children of `parent_code` in tree order; the top-level lines when it is None."""
    return BudgetLine.objects.filter(
        budget_import=budget_import, parent_code=parent_code or ""
    ).order_by("sort_key")


def line_get(budget_import: BudgetImport, code: str) -> BudgetLine | None:
    return BudgetLine.objects.filter(budget_import=budget_import, code=code).first()


def lines_overspent(budget_import: BudgetImport) -> QuerySet[BudgetLine]:
    """Lines whose realisation exceeds their allocation, in tree order."""
    return BudgetLine.objects.filter(
        budget_import=budget_import, realisation__gt=F("allocation")
    ).order_by("sort_key")


@dataclass(frozen=True)
class Totals:
    allocation: Decimal
    realisation: Decimal | None

    @property
    def percentage(self) -> Decimal | None:
        """Realisation as a percentage of the allocation, two decimals (None when undefined)."""
        if self.realisation is None or not self.allocation:
            return None
        ratio = self.realisation * 100 / self.allocation
        return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RootTotal:
    code: str
    description: str
    totals: Totals


def totals(budget_import: BudgetImport) -> tuple[Totals, list[RootTotal]]:
    """The import's totals and those of each top-level line (4, 5 and 6 are kept apart there:
    the overall sum of an APBD adds revenue to spending, so pages should show the roots)."""
    roots = [
        RootTotal(line.code, line.description, Totals(line.allocation, line.realisation))
        for line in lines_for(budget_import)
    ]
    return Totals(budget_import.total_allocation, budget_import.total_realisation), roots


def largest_lines(
    budget_import: BudgetImport, n: int = 10, depth: int | None = None
) -> list[BudgetLine]:
    """The `n` largest allocations at a depth, or among the leaves (lines without children)."""
    qs = BudgetLine.objects.filter(budget_import=budget_import)
    qs = qs.filter(depth=depth) if depth is not None else qs.filter(child_count=0)
    return list(qs.order_by("-allocation", "sort_key")[: max(0, n)])


# --- Lines across imports (public pages and the API) -----------------------------------------


def _prefix_q(prefix: str) -> Q:
    lower, upper = codes.subtree_bounds(prefix)
    condition = Q(sort_key__gte=lower)
    if upper is not None:
        condition &= Q(sort_key__lt=upper)
    return condition


@dataclass(frozen=True)
class LineRow:
    """A line as the public reads it: one import's line, or the sum over units by code."""

    code: str
    description: str
    depth: int
    allocation: Decimal
    realisation: Decimal | None
    sort_key: str

    @property
    def level(self) -> str:
        return codes.level_name(self.code)

    @property
    def totals(self) -> Totals:
        return Totals(self.allocation, self.realisation)


@dataclass(frozen=True)
class LinesPage:
    rows: list[LineRow]
    next_cursor: str | None
    totals: Totals
    kind: str | None
    import_ids: list[int]


def _cursor_ok(cursor: str | None) -> bool:
    """A cursor is a sort key: digits only (anything else starts from the beginning)."""
    return cursor is not None and cursor.isascii() and cursor.isdigit()


def lines_page(
    body: PublicBody,
    unit: Unit | None,
    year: int,
    account_prefix: str = "",
    cursor: str | None = None,
    limit: int = 100,
    *,
    kind: str | None = None,
) -> LinesPage:
    """One page of active lines in tree order, keyset over the code's sort key.

    `account_prefix` keeps a code and its descendants (`5.1` keeps `5.1.02`, not `5.10`). With
    no unit, the body's units are summed by code. With no kind, the furthest stage available
    is read (`kind_for_scope`). The totals are those of the prefix line, or of the imports.
    """
    limit = max(1, min(limit, MAX_PAGE_SIZE))
    if not kind:
        kind = kind_for_scope(body, year, unit)
    if kind is None:
        return LinesPage([], None, Totals(ZERO, None), None, [])
    imports = list(
        import_list_active(body, year=year, unit=unit, kind=kind)
        .order_by("pk")
        .values_list("pk", "total_allocation", "total_realisation")
    )
    import_ids = [pk for pk, _allocation, _realisation in imports]
    lines = BudgetLine.objects.filter(budget_import_id__in=import_ids)
    if account_prefix:
        lines = lines.filter(_prefix_q(account_prefix))
        prefix_key = codes.sort_key(account_prefix)
        summed = lines.filter(sort_key=prefix_key).aggregate(
            allocation=Sum("allocation"), realisation=Sum("realisation")
        )
        page_totals = Totals(summed["allocation"] or ZERO, summed["realisation"])
    else:
        reported = [r for _pk, _a, r in imports if r is not None]
        page_totals = Totals(
            sum((a for _pk, a, _r in imports), ZERO),
            sum(reported, ZERO) if reported else None,
        )
    if _cursor_ok(cursor):
        lines = lines.filter(sort_key__gt=cursor)
    if len(import_ids) == 1:
        rows = [
            LineRow(*values)
            for values in lines.order_by("sort_key").values_list(
                "code", "description", "depth", "allocation", "realisation", "sort_key"
            )[: limit + 1]
        ]
    else:
        grouped = (
            lines.order_by()
            .values("sort_key")
            .annotate(
                first_code=Min("code"),
                first_description=Min("description"),
                first_depth=Min("depth"),
                allocation_sum=Sum("allocation"),
                realisation_sum=Sum("realisation"),
            )
            .order_by("sort_key")
        )
        rows = [
            LineRow(
                row["first_code"],
                row["first_description"],
                row["first_depth"],
                row["allocation_sum"],
                row["realisation_sum"],
                row["sort_key"],
            )
            for row in grouped[: limit + 1]
        ]
    next_cursor = rows[limit - 1].sort_key if len(rows) > limit else None
    return LinesPage(rows[:limit], next_cursor, page_totals, kind, import_ids)


@dataclass(frozen=True)
class YearAmount:
    year: int
    totals: Totals
    imports: int


def year_on_year(
    body: PublicBody, unit: Unit | None, kind: str, code_prefix: str = ""
) -> list[YearAmount]:
    """The amount of a code (or of the whole budget) in every year with an active import."""
    imports = import_list_active(body, unit=unit, kind=kind).order_by()
    rows: list[dict[str, Any]]
    if not code_prefix:
        rows = list(
            imports.values("year").annotate(
                allocation=Sum("total_allocation"),
                realisation=Sum("total_realisation"),
                n=Count("pk"),
            )
        )
    else:
        rows = list(
            BudgetLine.objects.filter(
                budget_import__in=imports.values("pk"), sort_key=codes.sort_key(code_prefix)
            )
            .order_by()
            .values(year=F("budget_import__year"))
            .annotate(
                allocation=Sum("allocation"),
                realisation=Sum("realisation"),
                n=Count("pk"),
            )
        )
    found = [
        YearAmount(row["year"], Totals(row["allocation"] or ZERO, row["realisation"]), row["n"])
        for row in rows
    ]
    return sorted(found, key=lambda item: item.year)


# --- Public page helpers ---------------------------------------------------------------------

OVERSPENT_SHOWN = 20


@dataclass(frozen=True)
class PublicChoices:
    """The units and years a body's budget page can be filtered by."""

    units: list[Unit]
    years: list[int]


def public_choices(body: PublicBody, documents: list[BudgetDocument]) -> PublicChoices:
    """Units (tree order) and years (newest first) with an active import or one of the given
    released `documents` (`documents_public(body)`): two queries."""
    pairs = set(
        BudgetImport.objects.filter(body=body, status=Status.ACTIVE)
        .order_by()
        .values_list("unit_id", "year")
        .distinct()
    )
    pairs.update((document.unit_id, document.year) for document in documents)
    unit_ids = {unit_id for unit_id, _year in pairs}
    units = list(Unit.objects.filter(body=body, pk__in=unit_ids).order_by("path"))
    return PublicChoices(units, sorted({year for _unit_id, year in pairs}, reverse=True))


@dataclass(frozen=True)
class Switcher:
    """The active imports next to one: other kinds of its year, its kind in other years."""

    kinds: list[BudgetImport]
    years: list[BudgetImport]


def import_switcher(budget_import: BudgetImport) -> Switcher:
    """Active imports of the same unit: every kind of the same year (budget stage order) and
    the same kind in every year (newest first), the import itself included; one query."""
    # Imported here: this section of the module leaves the module's imports as they are.
    from terbuka.budget.models import BudgetKind

    siblings = list(
        BudgetImport.objects.filter(
            Q(year=budget_import.year) | Q(kind=budget_import.kind),
            body_id=budget_import.body_id,
            unit_id=budget_import.unit_id,
            status=Status.ACTIVE,
        ).only("pk", "year", "kind")
    )
    stage = {kind: index for index, kind in enumerate(BudgetKind.values)}
    kinds = sorted(
        (item for item in siblings if item.year == budget_import.year),
        key=lambda item: stage.get(item.kind, len(stage)),
    )
    years = sorted(
        (item for item in siblings if item.kind == budget_import.kind),
        key=lambda item: item.year,
        reverse=True,
    )
    return Switcher(kinds, years)


def lines_overspent_largest(
    budget_import: BudgetImport, n: int = OVERSPENT_SHOWN
) -> list[BudgetLine]:
    """The `n` lines whose realisation exceeds their allocation the most (`excess` annotated);
    `budget_import.overspent_count` says how many there are in all."""
    return list(
        lines_overspent(budget_import)
        .annotate(excess=F("realisation") - F("allocation"))
        .order_by("-excess", "sort_key")[: max(0, n)]
    )


def document_for_import(budget_import: BudgetImport) -> BudgetDocument | None:
    """The released budget document whose file the import's numbers were read from."""
    return (
        _released_documents(budget_import.body)
        .filter(budget_import=budget_import)
        .select_related("entry", "document__current")
        .defer("document__current__text")
        .first()
    )
