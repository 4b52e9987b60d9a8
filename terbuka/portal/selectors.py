"""Read-only queries of the public portal, composed from the bodies app's models.

Every query here is bounded (LIMIT, or a fixed number of rows per kind) so that a page costs
the same number of queries and about the same time with 70 units or with 100,000.
Only active units are public; nothing here touches memberships or accounts, so no member's
name, e-mail or identity data can reach a public page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber

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


@dataclass
class UnitEntry:
    """A unit on a body page with its first public children (kelurahan of a kecamatan)."""

    unit: Unit
    children: list[Unit] = field(default_factory=list)
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


def unit_list_first_per_kind(
    body: PublicBody, *, kinds: Sequence[str], limit: int
) -> dict[str, list[Unit]]:
    """Return up to `limit` public units of each kind, by name, in one query.

    One `UNION ALL` of per-kind `LIMIT` queries: each branch is a short range scan of the
    (body, kind, name) index, where a window function would rank every unit of the body.
    """
    if not kinds:
        return {}
    parts: list[str] = []
    params: list[object] = []
    db = Unit.objects.db
    for kind in kinds:
        branch = public_units().filter(body=body, kind=kind).order_by("name", "pk")[:limit]
        sql, branch_params = branch.query.get_compiler(using=db).as_sql()
        parts.append(f"SELECT * FROM ({sql}) AS k{len(parts)}")  # noqa: S608 (compiled ORM SQL)
        params.extend(branch_params)
    grouped: dict[str, list[Unit]] = {kind: [] for kind in kinds}
    for unit in Unit.objects.raw(" UNION ALL ".join(parts), params):
        grouped[unit.kind].append(unit)
    return grouped


def unit_children_of(
    parents: Iterable[UnitEntry], *, per_parent: int = NESTED_PER_PARENT
) -> list[Unit]:
    """Return up to `per_parent` public children of each unit, by parent then name."""
    ids = [entry.unit.pk for entry in parents]
    if not ids:
        return []
    rank = Window(RowNumber(), partition_by=[F("parent_id")], order_by=[F("name"), F("id")])
    return list(
        public_units()
        .filter(parent_id__in=ids)
        .annotate(rank=rank)
        .filter(rank__lte=per_parent)
        .only("id", "parent_id", "slug", "name", "kind", "code")
        .order_by("parent_id", "name", "id")
    )


def unit_child_counts(parents: Iterable[UnitEntry]) -> dict[int, int]:
    """Return the number of public children per parent id (one grouped query)."""
    ids = [entry.unit.pk for entry in parents]
    if not ids:
        return {}
    rows = (
        public_units()
        .filter(parent_id__in=ids)
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
        for parent_id, n in unit_child_counts(by_pk.values()).items():
            by_pk[parent_id].children_total = n
        # A city's few kecamatan show their kelurahan; a body with more kecamatan than fit on
        # the page shows each one's count instead, so the page stays small at any scale.
        if counts[Unit.Kind.KECAMATAN] <= per_kind:
            for child in unit_children_of(by_pk.values()):
                by_pk[child.parent_id].children.append(child)  # type: ignore[index]
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


def unit_get_public(body: PublicBody, slug: str) -> Unit | None:
    """Return a public unit of a body by slug with its parent and number of public children."""
    children = (
        public_units()
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        public_units()
        .filter(body=body, slug=slug)
        .select_related("parent")
        .annotate(
            children_count=Coalesce(Subquery(children, output_field=IntegerField()), Value(0))
        )
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


def unit_children(unit: Unit, *, limit: int) -> list[Unit]:
    """Return the first `limit` public children of a unit, by name."""
    return list(
        public_units()
        .filter(parent=unit)
        .only("id", "slug", "name", "kind", "code", "parent_id")
        .order_by("name", "pk")[:limit]
    )
