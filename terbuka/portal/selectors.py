"""Read-only queries of the public portal, composed from the bodies app's models.

Every query here is bounded (LIMIT, or a fixed number of rows per kind) so that a page costs
the same number of queries and about the same time with 70 units or with 100,000.
Only active units are public; nothing here touches memberships or accounts, so no member's
name, e-mail or identity data can reach a public page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber

from terbuka.bodies import tree
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import Official, unit_officials

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
