"""Read-only queries of the public portal, composed from the other apps' models.

Every query here is bounded (LIMIT, or a fixed number of rows per kind) so that a page costs
the same number of queries and about the same time with 70 units or with 100,000.
Only active units are public; nothing here touches memberships or accounts, so no member's
name, e-mail or identity data can reach a public page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from terbuka.bodies import tree
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import Official, unit_officials
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.selectors import PUBLIC_ARCHIVE
from terbuka.monev.models import EvaluationCycle, Result
from terbuka.monev.states import CycleStatus
from terbuka.registry.models import InfoClass, InformationEntry
from terbuka.registry.states import EntryStatus
from terbuka.reports.models import MonthlyStat

# Kinds listed on a body's home page, in this order. Kelurahan and desa appear nested under
# their kecamatan instead of in a list of their own.
BODY_PAGE_KINDS: tuple[str, ...] = (
    Unit.Kind.PPID_UTAMA,
    Unit.Kind.OPD,
    Unit.Kind.KECAMATAN,
    Unit.Kind.LAINNYA,
)
NESTED_KINDS: tuple[str, ...] = (Unit.Kind.KELURAHAN, Unit.Kind.DESA)
# Kelurahan/desa listed under each kecamatan on a body page before "see all".
NESTED_PER_PARENT = 20


@dataclass(frozen=True)
class UnitLink:
    """A unit as a body page lists it: what a link to its profile needs."""

    pk: int
    slug: str
    name: str


@dataclass
class UnitEntry:
    """A unit on a body page with its first public children (kelurahan of a kecamatan)."""

    unit: Unit
    children: list[UnitLink] = field(default_factory=list)
    children_total: int = 0

    @property
    def has_more_children(self) -> bool:
        return self.children_total > len(self.children)


@dataclass
class KindGroup:
    """The first units of one kind on a body page, with the kind's total."""

    kind: str
    label: str
    total: int
    entries: list[UnitEntry] = field(default_factory=list)

    @property
    def has_more(self) -> bool:
        return self.total > len(self.entries)


@dataclass
class BodyOverview:
    """Everything a body's home page shows, read in a fixed number of queries."""

    body: PublicBody
    ppid_utama: Unit | None
    ppid_utama_officials: list[Official]
    counts: dict[str, int]
    groups: list[KindGroup]

    @property
    def total_units(self) -> int:
        return sum(self.counts.values())

    def count_rows(self) -> list[tuple[str, str, int]]:
        """Return (kind, label, count) for every kind that has units, in display order."""
        return [
            (kind, str(label), self.counts[kind])
            for kind, label in Unit.Kind.choices
            if self.counts.get(kind)
        ]


def public_units() -> QuerySet[Unit]:
    """Return the units the public may see."""
    return Unit.objects.filter(is_active=True)


def body_get_by_slug(slug: str) -> PublicBody | None:
    """Return the public body with this slug, or None."""
    return PublicBody.objects.filter(slug=slug).first()


def body_list_public() -> QuerySet[PublicBody]:
    """Return every public body, by name."""
    return PublicBody.objects.only("name", "slug", "kind", "region_code", "description").order_by(
        "name", "pk"
    )


def unit_counts_by_kind(body: PublicBody) -> dict[str, int]:
    """Return the number of public units of a body per kind (one grouped query)."""
    rows = public_units().filter(body=body).order_by().values_list("kind").annotate(n=Count("pk"))
    return dict(rows)


# Columns a body page reads from its units: the links, and the PPID Utama's card (officials,
# service hours; `path` finds an inherited Atasan PPID). Fewer columns keep both the SQL
# compilation and the model instances cheap; anything else would cost a query per access.
BODY_PAGE_UNIT_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "name",
    "slug",
    "path",
    "service_hours",
    "ppid_name",
    "ppid_position",
    "atasan_name",
    "atasan_position",
)


def unit_list_first_per_kind(
    body: PublicBody, *, kinds: Sequence[str], limit: int
) -> dict[str, list[Unit]]:
    """Return up to `limit` public units of each kind, by name, in one query.

    One `UNION ALL` of per-kind `LIMIT` queries: each branch is a short range scan of the
    (body, kind, name) index, where a window function would rank every unit of the body.
    Only `BODY_PAGE_UNIT_FIELDS` are loaded.
    """
    if not kinds:
        return {}
    parts: list[str] = []
    params: list[object] = []
    db = Unit.objects.db
    for kind in kinds:
        branch = (
            public_units()
            .filter(body=body, kind=kind)
            .only(*BODY_PAGE_UNIT_FIELDS)
            .order_by("name", "pk")[:limit]
        )
        sql, branch_params = branch.query.get_compiler(using=db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS k{len(parts)}")  # noqa: S608 (compiled ORM SQL)
        params.extend(branch_params)
    grouped: dict[str, list[Unit]] = {kind: [] for kind in kinds}
    for unit in Unit.objects.raw(" UNION ALL ".join(parts), params):
        grouped[unit.kind].append(unit)
    return grouped


def unit_first_children(
    parent_ids: Sequence[int], *, per_parent: int
) -> list[tuple[int, UnitLink, int]]:
    """Return up to `per_parent` public children of each parent, by parent then name, as
    (parent id, child, number of public children of that parent) in one query.

    Rows, not model instances: a body page lists dozens of children and only links them.
    """
    if not parent_ids:
        return []
    rows = (
        public_units()
        .filter(parent_id__in=parent_ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("parent_id")], order_by=[F("name"), F("id")]),
            siblings=Window(Count("id"), partition_by=[F("parent_id")]),
        )
        .filter(rank__lte=per_parent)
        .order_by("parent_id", "name", "id")
        .values_list("parent_id", "id", "slug", "name", "siblings")
    )
    return [(parent, UnitLink(pk, slug, name), n) for parent, pk, slug, name, n in rows]


def unit_child_counts(parent_ids: Sequence[int]) -> dict[int, int]:
    """Return the number of public children per parent id (one grouped query)."""
    if not parent_ids:
        return {}
    rows = (
        public_units()
        .filter(parent_id__in=parent_ids)
        .order_by()
        .values_list("parent_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def body_overview(body: PublicBody, *, per_kind: int) -> BodyOverview:
    """Read a body's home page: counts per kind, the first units of each kind, kecamatan trees."""
    counts = unit_counts_by_kind(body)
    kinds = [kind for kind in BODY_PAGE_KINDS if counts.get(kind)]
    firsts = unit_list_first_per_kind(body, kinds=kinds, limit=per_kind)
    ppid = firsts.pop(Unit.Kind.PPID_UTAMA, [None])[0]
    entries = {kind: [UnitEntry(unit) for unit in units] for kind, units in firsts.items()}
    kecamatan = entries.get(Unit.Kind.KECAMATAN, [])
    if kecamatan and any(counts.get(kind) for kind in NESTED_KINDS):
        by_pk = {entry.unit.pk: entry for entry in kecamatan}
        # A city's few kecamatan show their kelurahan (the first rows of each, which also carry
        # the count); a body with more kecamatan than fit on the page shows each one's count
        # instead, so the page stays small at any scale.
        if counts[Unit.Kind.KECAMATAN] <= per_kind:
            for parent_id, child, siblings in unit_first_children(
                list(by_pk), per_parent=NESTED_PER_PARENT
            ):
                by_pk[parent_id].children.append(child)
                by_pk[parent_id].children_total = siblings
        else:
            for parent_id, n in unit_child_counts(list(by_pk)).items():
                by_pk[parent_id].children_total = n
    labels = dict(Unit.Kind.choices)
    groups = [
        KindGroup(kind=kind, label=str(labels[kind]), total=counts[kind], entries=kind_entries)
        for kind, kind_entries in entries.items()
    ]
    return BodyOverview(
        body=body,
        ppid_utama=ppid,
        ppid_utama_officials=unit_officials(ppid) if ppid is not None else [],
        counts=counts,
        groups=groups,
    )


def unit_search(
    body: PublicBody, *, q: str = "", kind: str = "", parent: Unit | None = None
) -> QuerySet[Unit]:
    """Return the public units of a body matching a search text, kind and parent, in tree order.

    Tree order (the materialised path) keeps each kelurahan under its kecamatan and is read
    straight from the (body, is_active, path) index: no sort of 100,000 rows for page 1.
    """
    units = public_units().filter(body=body)
    if kind:
        units = units.filter(kind=kind)
    if parent is not None:
        units = units.filter(parent=parent)
    q = q.strip()
    if q:
        units = units.filter(
            Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__startswith=q)
        )
    return (
        units.select_related("parent")
        .only(
            "id",
            "slug",
            "name",
            "short_name",
            "kind",
            "code",
            "parent__id",
            "parent__slug",
            "parent__name",
        )
        .order_by("path")
    )


# A unit page links its parent: only these columns of the parent are read.
_PARENT_DEFERRED: tuple[str, ...] = tuple(
    f"parent__{f.name}" for f in Unit._meta.concrete_fields if f.name not in ("id", "slug", "name")
)


def unit_get_public(body: PublicBody, slug: str) -> Unit | None:
    """Return a public unit of a body by slug, with its parent's id, slug and name."""
    return (
        public_units()
        .filter(body=body, slug=slug)
        .select_related("parent")
        .defer(*_PARENT_DEFERRED)
        .first()
    )


def unit_ancestors(unit: Unit) -> list[Unit]:
    """Return the unit's ancestors from the root down, read from its materialised path."""
    pks = tree.ancestor_pks(unit.path)
    if not pks:
        return []
    by_pk = {
        ancestor.pk: ancestor
        for ancestor in Unit.objects.filter(pk__in=pks).only("id", "slug", "name", "body_id")
    }
    return [by_pk[pk] for pk in pks if pk in by_pk]


def unit_children(unit: Unit, *, limit: int) -> tuple[list[Unit], int]:
    """Return the first `limit` public children of a unit, by name, and how many it has.

    The total is a window count over the same rows, computed before the LIMIT: one query.
    """
    children: list[Unit] = list(
        public_units()
        .filter(parent=unit)
        .annotate(siblings=Window(Count("id")))
        .only("id", "slug", "name", "kind", "code", "parent_id")
        .order_by("name", "pk")[:limit]
    )
    total: int = children[0].siblings if children else 0  # type: ignore[attr-defined]
    return children, total


# --- The front door: what a body's home and a unit's page show besides units -----------------
#
# Every block below is one bounded query (LIMIT) returning small frozen rows, never model
# instances: the rows are cached as they are (`front_blocks_*`), and a template cannot reach
# a related object (and so a requester's identity) through them. Labels are looked up when
# the page renders, so a cached block serves both languages.

# Rows per block on a home or unit page, and items per feed.
NEWEST_LIMIT = 5
SERTA_MERTA_LIMIT = 5
MONEV_TOP = 3
FEED_LIMIT = 50
# How long a page's blocks are reused (seconds). A body's newest entries and serta-merta
# announcements are read fresh on every request instead: UU 14/2008 Pasal 10 asks for
# announcements at once, and both come in one query.
FRONT_TTL = 60


@dataclass(frozen=True)
class EntryRow:
    """A published DIP entry as the front door and the feeds list it."""

    pk: int
    number: int
    title: str
    summary: str
    info_class: str
    published_at: datetime | None
    unit_name: str

    @property
    def info_class_label(self) -> str:
        return str(dict(InfoClass.choices).get(self.info_class, self.info_class))


@dataclass(frozen=True)
class AnswerRow:
    """An answered request of the public archive: only what the archive itself shows."""

    pk: int
    registration_number: str
    details: str
    decision: str
    issued_at: datetime
    unit_name: str

    @property
    def decision_label(self) -> str:
        return str(dict(WrittenNotice.Decision.choices).get(self.decision, self.decision))


@dataclass(frozen=True)
class StatsGlance:
    """A year's service figures of a body or unit, read from the precomputed monthly sums."""

    year: int
    received: int
    answered: int
    pending: int
    on_time: int
    decided: int

    @property
    def on_time_percent(self) -> int | None:
        return round(100 * self.on_time / self.decided) if self.decided else None


@dataclass(frozen=True)
class MonevRow:
    unit_name: str
    score: Decimal
    category: str
    rank: int


@dataclass(frozen=True)
class MonevGlance:
    """The newest announced monev cycle of a body and its best results."""

    cycle_pk: int
    name: str
    year: int
    top: tuple[MonevRow, ...]


@dataclass(frozen=True)
class FrontBlocks:
    """The cached blocks of a body's home page (its entries are read fresh, with the
    serta-merta announcements)."""

    answers: tuple[AnswerRow, ...]
    stats: StatsGlance | None
    monev: MonevGlance | None


@dataclass(frozen=True)
class UnitBlocks:
    """The cached blocks of a unit's page."""

    entries: tuple[EntryRow, ...]
    answers: tuple[AnswerRow, ...]


_ENTRY_FIELDS = (
    "pk",
    "number",
    "title",
    "summary",
    "info_class",
    "published_at",
    "unit__name",
)


def entry_list_newest_qs(
    body: PublicBody, *, unit: Unit | None = None
) -> QuerySet[InformationEntry]:
    """The published public DIP entries of a body (or one unit), newest first.

    Exempt entries (UU 14/2008 Pasal 17) are left out: their title is listed in the DIP, but
    they are not information the public may obtain, so they are not "new information".
    """
    qs = InformationEntry.objects.filter(body=body, status=EntryStatus.PUBLISHED).exclude(
        info_class=InfoClass.DIKECUALIKAN
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("-published_at", "-id")


def entry_list_newest(
    body: PublicBody, *, unit: Unit | None = None, limit: int = NEWEST_LIMIT
) -> list[EntryRow]:
    """Return the newest published public DIP entries of a body (or one unit), newest first."""
    rows = entry_list_newest_qs(body, unit=unit).values_list(*_ENTRY_FIELDS)[:limit]
    return [EntryRow(*row) for row in rows]


def _serta_merta(body: PublicBody) -> QuerySet[InformationEntry]:
    # UU 14/2008 Pasal 10: announced at once, until withdrawn.
    return InformationEntry.objects.filter(
        body=body, status=EntryStatus.PUBLISHED, info_class=InfoClass.SERTA_MERTA
    ).order_by("-published_at", "-id")


def serta_merta_for_body(body: PublicBody, *, limit: int = SERTA_MERTA_LIMIT) -> list[EntryRow]:
    """Return a body's published serta-merta announcements, newest first (one query)."""
    return [EntryRow(*row) for row in _serta_merta(body).values_list(*_ENTRY_FIELDS)[:limit]]


def entry_rows_for_front(
    body: PublicBody, *, limit: int = NEWEST_LIMIT, serta_merta_limit: int = SERTA_MERTA_LIMIT
) -> tuple[list[EntryRow], list[EntryRow]]:
    """Return a body's newest public entries and its serta-merta announcements in one query.

    Both are read fresh on every request (an announcement must show at once): one `UNION ALL`
    of the two `LIMIT` queries, each wrapped as `unit_list_first_per_kind` does (SQLite
    refuses a LIMIT directly inside a compound statement).
    """
    db = InformationEntry.objects.db
    parts: list[str] = []
    params: list[Any] = []
    branches = (
        ("n", entry_list_newest_qs(body), limit),
        ("s", _serta_merta(body), serta_merta_limit),
    )
    for tag, qs, n in branches:
        branch = qs.annotate(front_block=Value(tag)).values_list("front_block", *_ENTRY_FIELDS)
        sql, branch_params = branch[:n].query.get_compiler(using=db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS b{tag}")  # noqa: S608 (compiled ORM SQL)
        params.extend(branch_params)
    newest: list[EntryRow] = []
    serta_merta: list[EntryRow] = []
    with connections[db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for tag, *row in cursor.fetchall():
            (newest if tag == "n" else serta_merta).append(_entry_row(row, connections[db]))
    return newest, serta_merta


def _entry_row(row: list[Any], connection: Any) -> EntryRow:
    """An `EntryRow` from a raw cursor row (the date converted as the ORM would)."""
    pk, number, title, summary, info_class, published_at, unit_name = row
    if published_at is not None and not isinstance(published_at, datetime):
        published_at = parse_datetime(str(published_at))
    if published_at is not None and settings.USE_TZ and timezone.is_naive(published_at):
        published_at = timezone.make_aware(published_at, UTC)  # SQLite stores UTC
    return EntryRow(pk, number, title, summary, info_class, published_at, unit_name)


def answer_list_newest(
    body: PublicBody, *, unit: Unit | None = None, limit: int = NEWEST_LIMIT
) -> list[AnswerRow]:
    """Return the newest answers of the public archive of a body (or one unit).

    An answer is an archived request with its written notice (UU 14/2008 Pasal 22(7)). Only
    the columns the archive page shows are read: no requester, identity or purpose.
    """
    qs = InformationRequest.objects.filter(PUBLIC_ARCHIVE, body=body, notice__isnull=False)
    if unit is not None:
        qs = qs.filter(unit=unit)
    rows = qs.order_by("-notice__issued_at", "-pk").values_list(
        "pk",
        "registration_number",
        "details",
        "notice__decision",
        "notice__issued_at",
        "unit__name",
    )[:limit]
    return [
        AnswerRow(pk, number, details, decision, issued, unit_name or "")
        for pk, number, details, decision, issued, unit_name in rows
    ]


def stats_glance(body: PublicBody, *, year: int, unit: Unit | None = None) -> StatsGlance | None:
    """Return a year's figures of a body (or unit) from `MonthlyStat`, or None without any.

    One aggregate over at most 12 rows per unit: the requests themselves are never counted.
    """
    cells = MonthlyStat.objects.filter(body=body, year=year)
    if unit is not None:
        cells = cells.filter(unit_key=unit.pk)
    sums = cells.aggregate(
        received=Sum("received"),
        pending=Sum("pending"),
        granted_full=Sum("granted_full"),
        granted_partial=Sum("granted_partial"),
        refused=Sum("refused"),
        not_held=Sum("not_held"),
        forwarded=Sum("forwarded"),
        on_time=Sum("noticed_on_time"),
        overdue=Sum("overdue"),
    )
    n = {key: int(value or 0) for key, value in sums.items()}
    if not n["received"]:
        return None
    answered = sum(
        n[key] for key in ("granted_full", "granted_partial", "refused", "not_held", "forwarded")
    )
    return StatsGlance(
        year=year,
        received=n["received"],
        answered=answered,
        pending=n["pending"],
        on_time=n["on_time"],
        decided=n["on_time"] + n["overdue"],
    )


def monev_latest(body: PublicBody, *, top: int = MONEV_TOP) -> MonevGlance | None:
    """Return the newest announced monev cycle of a body with its best results (one query)."""
    latest = (
        EvaluationCycle.objects.filter(body=body, status=CycleStatus.ANNOUNCED)
        .order_by("-year", "-id")
        .values("pk")[:1]
    )
    rows = list(
        Result.objects.filter(participant__cycle_id=Subquery(latest))
        .order_by("overall_rank", "participant__unit__name")
        .values_list(
            "participant__cycle_id",
            "participant__cycle__name",
            "participant__cycle__year",
            "participant__unit__name",
            "score",
            "category",
            "overall_rank",
        )[:top]
    )
    if not rows:
        return None
    cycle_pk, name, year = rows[0][:3]
    return MonevGlance(
        cycle_pk=cycle_pk,
        name=name,
        year=year,
        top=tuple(MonevRow(*row[3:]) for row in rows),
    )


def _front_key(kind: str, pk: int) -> str:
    return f"portal:front:{kind}:{pk}"


def front_blocks_for_body(body: PublicBody, *, year: int) -> FrontBlocks:
    """Return a body home page's cached blocks, from the cache or in three queries."""
    key = _front_key("body", body.pk)
    blocks: FrontBlocks | None = cache.get(key)
    if blocks is None or (blocks.stats is not None and blocks.stats.year != year):
        blocks = FrontBlocks(
            answers=tuple(answer_list_newest(body)),
            stats=stats_glance(body, year=year),
            monev=monev_latest(body),
        )
        cache.set(key, blocks, FRONT_TTL)
    return blocks


def front_blocks_for_unit(body: PublicBody, unit: Unit) -> UnitBlocks:
    """Return a unit page's blocks, from the cache or in two queries."""
    key = _front_key("unit", unit.pk)
    blocks: UnitBlocks | None = cache.get(key)
    if blocks is None:
        blocks = UnitBlocks(
            entries=tuple(entry_list_newest(body, unit=unit)),
            answers=tuple(answer_list_newest(body, unit=unit)),
        )
        cache.set(key, blocks, FRONT_TTL)
    return blocks
