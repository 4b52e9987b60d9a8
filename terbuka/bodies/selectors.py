"""Every non-trivial read of bodies, units and memberships.

Visibility is written once: `unit_scope_for(user)` is the set of units a user may act on and
`body_list_managed_by(user)` the bodies whose tree and memberships a user may manage; the
predicates in `permissions.py` are filters on these querysets.

Lists stay fast with 100,000 units: they filter on indexed columns, annotate per-row counts
with correlated subqueries (evaluated only for the rows of the page) and page by keyset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import connection, models
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from terbuka.bodies import roles, tree
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.core.exceptions import NotFound

UserLike = AbstractBaseUser | AnonymousUser
T = TypeVar("T", bound=models.Model)

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200

_PATH_RE = re.compile(r"^(\d+\.)+$")
# A search term made only of digits and dots is a Kemendagri code (prefix).
_CODE_QUERY_RE = re.compile(r"^\d{2}(\.\d{0,4})*$")


# --- Roles and scope -------------------------------------------------------------------------


def is_superuser(user: UserLike) -> bool:
    """Return whether the user is an active installation superuser (every scope)."""
    return bool(user.is_active and getattr(user, "is_superuser", False))


def membership_active_for_user(user: UserLike) -> QuerySet[Membership]:
    """Return the user's memberships that grant power: active, in an active unit."""
    if not user.is_authenticated or not user.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(user_id=user.pk, is_active=True, unit__is_active=True)


def user_has_staff_role(user: Any) -> bool:
    """Return whether the user holds any active role in any unit."""
    return membership_active_for_user(user).exists()


def user_has_role(user: UserLike, role_set: Iterable[str]) -> bool:
    """Return whether the user holds an active membership in one of these roles."""
    return membership_active_for_user(user).filter(role__in=list(role_set)).exists()


def user_needs_mfa_enrolment(user: Any) -> bool:
    """Return whether an officer still has to enrol a TOTP authenticator."""
    if not user_has_staff_role(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def unit_scope_for(user: UserLike) -> QuerySet[Unit]:
    """Return the units the user may act on (role x unit scope, see `roles.py`).

    Body-wide roles reach every unit of the membership's body; unit roles only their own unit.
    Superusers reach every unit.
    """
    if is_superuser(user):
        return Unit.objects.all()
    if not user.is_authenticated:
        return Unit.objects.none()
    memberships = membership_active_for_user(user)
    body_ids = memberships.filter(role__in=list(roles.BODY_WIDE_ROLES)).values("unit__body_id")
    unit_ids = memberships.filter(role__in=list(roles.UNIT_ROLES)).values("unit_id")
    return Unit.objects.filter(Q(body_id__in=body_ids) | Q(pk__in=unit_ids))


def body_list_managed_by(user: UserLike) -> QuerySet[PublicBody]:
    """Return the bodies whose profile, units and memberships the user may manage."""
    if is_superuser(user):
        return PublicBody.objects.all()
    if not user.is_authenticated:
        return PublicBody.objects.none()
    body_ids = (
        membership_active_for_user(user)
        .filter(role__in=list(roles.MANAGER_ROLES))
        .values("unit__body_id")
    )
    return PublicBody.objects.filter(pk__in=body_ids)


def membership_list_for_user(user: UserLike) -> list[Membership]:
    """Return the user's effective memberships with their unit and body, for the dashboard."""
    return list(
        membership_active_for_user(user)
        .select_related("unit", "unit__body")
        .order_by("unit__body__name", "unit__path", "role")
    )


# --- Bodies ----------------------------------------------------------------------------------


def body_list_public() -> QuerySet[PublicBody]:
    """Return every public body, by name."""
    return PublicBody.objects.order_by("name", "pk")


def body_get_by_slug(slug: str) -> PublicBody:
    """Return the body with this slug or raise `NotFound`."""
    try:
        return PublicBody.objects.get(slug=slug)
    except PublicBody.DoesNotExist:
        raise NotFound(_("Badan publik tidak ditemukan.")) from None


# --- Units -----------------------------------------------------------------------------------


def unit_subtree_q(path: str) -> Q:
    """Return a filter for the subtree rooted at `path` (the root included) that uses an index.

    SQLite uses an index for `LIKE 'x%'` only with a NOCASE index, so it gets the equivalent
    binary range; PostgreSQL has a `varchar_pattern_ops` index for `LIKE` on `path` (created
    by `db_index=True`), and a range would be wrong under a locale collation.
    """
    if connection.vendor == "sqlite":
        return Q(path__gte=path, path__lt=tree.subtree_upper_bound(path))
    return Q(path__startswith=path)


def unit_descendants(unit: Unit, *, include_self: bool = False) -> QuerySet[Unit]:
    """Return the units below `unit` (and `unit` itself when asked), in tree order."""
    qs = Unit.objects.filter(unit_subtree_q(unit.path), body_id=unit.body_id)
    if not include_self:
        qs = qs.exclude(pk=unit.pk)
    return qs.order_by("path")


def _member_count() -> Coalesce:
    members = (
        Membership.objects.filter(unit=OuterRef("pk"), is_active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=models.IntegerField()), 0)


def unit_list_for_body(
    body: PublicBody,
    *,
    kind: str | None = None,
    q: str | None = None,
    parent: Unit | None = None,
    is_active: bool | None = None,
) -> QuerySet[Unit]:
    """Return the body's units in tree order, with the parent and the active member count."""
    qs = (
        Unit.objects.filter(body=body)
        .select_related("parent")
        .annotate(member_count=_member_count())
        .order_by("path")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    term = (q or "").strip()
    if term:
        if _CODE_QUERY_RE.match(term):
            qs = qs.filter(code__startswith=term)
        else:
            qs = qs.filter(Q(name__icontains=term) | Q(short_name__icontains=term))
    return qs


def unit_list_public(body: PublicBody) -> QuerySet[Unit]:
    """Return the body's active units in tree order with `parent_slug`, for public listings."""
    return (
        Unit.objects.filter(body=body, is_active=True)
        .annotate(parent_slug=F("parent__slug"))
        .only("slug", "code", "name", "kind", "path", "body_id")
        .order_by("path")
    )


def unit_children_counts(units: Iterable[Unit]) -> dict[int, int]:
    """Return {unit id: number of active children} for these units, in one query."""
    ids = [u.pk for u in units]
    if not ids:
        return {}
    rows = (
        Unit.objects.filter(parent_id__in=ids, is_active=True)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("pk"))
        .values_list("parent_id", "n")
    )
    counts = dict.fromkeys(ids, 0)
    counts.update(dict(rows))
    return counts


def unit_tree(
    body: PublicBody, *, max_depth: int | None = None, active_only: bool = True
) -> QuerySet[Unit]:
    """Return the body's unit tree in path order (pre-order), optionally cut at a depth."""
    qs = Unit.objects.filter(body=body).order_by("path")
    if active_only:
        qs = qs.filter(is_active=True)
    if max_depth is not None:
        qs = qs.filter(depth__lte=max_depth)
    return qs


def unit_get_for_user(user: UserLike, *, body: PublicBody, slug: str) -> Unit:
    """Return the unit of `body` with this slug if the user may act on it; else `NotFound`."""
    try:
        return unit_scope_for(user).select_related("body", "parent").get(body=body, slug=slug)
    except Unit.DoesNotExist:
        raise NotFound(_("Unit tidak ditemukan.")) from None


def unit_get_public(body: PublicBody, slug: str) -> Unit:
    """Return the active unit of `body` with this slug, or raise `NotFound`."""
    try:
        return Unit.objects.select_related("body", "parent").get(
            body=body, slug=slug, is_active=True
        )
    except Unit.DoesNotExist:
        raise NotFound(_("Unit tidak ditemukan.")) from None


def unit_find_in_body(body: PublicBody, ref: str) -> Unit | None:
    """Return the unit of `body` whose slug or Kemendagri code is `ref`, if any."""
    ref = ref.strip()
    if not ref:
        return None
    field = "code" if _CODE_QUERY_RE.match(ref) else "slug"
    return Unit.objects.filter(body=body, **{field: ref}).first()


def unit_ppid_utama(body: PublicBody) -> Unit | None:
    """Return the body's PPID Utama unit, if it has one."""
    return Unit.objects.filter(body=body, kind=Unit.Kind.PPID_UTAMA).first()


@dataclass(frozen=True)
class Official:
    """A public official shown on a unit's profile: name and position, never contact data."""

    role: str
    name: str
    position: str
    inherited_from: Unit | None = None


def unit_officials(unit: Unit) -> list[Official]:
    """Return the unit's PPID and Atasan PPID; the Atasan comes from the nearest ancestor when
    the unit names none (a PPID Pelaksana answers to the body's Atasan PPID)."""
    # UU 14/2008 Pasal 1 angka 9 (PPID) and Pasal 36 (objections are answered by the Atasan PPID).
    officials: list[Official] = []
    ppid_role = _("PPID Utama") if unit.kind == Unit.Kind.PPID_UTAMA else _("PPID Pelaksana")
    if unit.ppid_name or unit.ppid_position:
        officials.append(Official(ppid_role, unit.ppid_name, unit.ppid_position))
    if unit.atasan_name or unit.atasan_position:
        officials.append(Official(_("Atasan PPID"), unit.atasan_name, unit.atasan_position))
    else:
        ancestor = (
            Unit.objects.filter(pk__in=tree.ancestor_pks(unit.path))
            .exclude(atasan_name="")
            .order_by("-depth")
            .only("name", "slug", "atasan_name", "atasan_position", "depth")
            .first()
        )
        if ancestor is not None:
            officials.append(
                Official(_("Atasan PPID"), ancestor.atasan_name, ancestor.atasan_position, ancestor)
            )
    return officials


# --- Memberships -----------------------------------------------------------------------------


def membership_list_for_body(
    body: PublicBody,
    *,
    unit: Unit | None = None,
    role: str | None = None,
    q: str | None = None,
    is_active: bool | None = True,
) -> QuerySet[Membership]:
    """Return the body's memberships (optionally of one unit) with user and unit, tree order."""
    qs = Membership.objects.filter(unit__body=body).select_related("user", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if role:
        qs = qs.filter(role=role)
    if is_active is not None:
        qs = qs.filter(is_active=is_active)
    term = (q or "").strip()
    if term:
        qs = qs.filter(Q(user__email__icontains=term) | Q(user__full_name__icontains=term))
    return qs.order_by("unit__path", "pk")


def membership_get_in_body(body: PublicBody, pk: int) -> Membership:
    """Return the membership `pk` of a unit of `body`, or raise `NotFound`."""
    try:
        return Membership.objects.select_related("user", "unit", "unit__body").get(
            pk=pk, unit__body=body
        )
    except Membership.DoesNotExist:
        raise NotFound(_("Keanggotaan tidak ditemukan.")) from None


# --- Keyset pagination -----------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset-paginated list; cursors are opaque strings for the query string."""

    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None


@dataclass(frozen=True)
class Keyset(Generic[T]):
    """How a list is ordered and how a row's position is written in a cursor."""

    fields: tuple[str, ...]
    values_of: Callable[[T], tuple[str, ...]]
    parsers: tuple[Callable[[str], Any], ...]

    def encode(self, obj: T) -> str:
        return "~".join(self.values_of(obj))

    def decode(self, cursor: str | None) -> tuple[Any, ...] | None:
        if not cursor:
            return None
        parts = cursor.split("~")
        if len(parts) != len(self.fields):
            return None
        try:
            return tuple(parse(part) for parse, part in zip(self.parsers, parts, strict=True))
        except ValueError:
            return None


def _parse_path(value: str) -> str:
    if not _PATH_RE.match(value):
        raise ValueError(value)
    return value


def _parse_id(value: str) -> int:
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


UNIT_KEYSET: Keyset[Unit] = Keyset(
    fields=("path",), values_of=lambda u: (u.path,), parsers=(_parse_path,)
)
MEMBERSHIP_KEYSET: Keyset[Membership] = Keyset(
    fields=("unit__path", "pk"),
    values_of=lambda m: (m.unit.path, str(m.pk)),
    parsers=(_parse_path, _parse_id),
)


def _beyond(fields: Sequence[str], values: Sequence[Any], op: str) -> Q:
    """Return the lexicographic `fields > values` (op "gt") or `<` (op "lt") condition."""
    condition = Q()
    for i, name in enumerate(fields):
        term = Q(**dict(zip(fields[:i], values[:i], strict=True)))
        term &= Q(**{f"{name}__{op}": values[i]})
        condition = term if i == 0 else condition | term
    return condition


def paginate_keyset(
    qs: QuerySet[T],
    keyset: Keyset[T],
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
) -> Page[T]:
    """Return one page of `qs` after (or before) a cursor, reading at most `size + 1` rows."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    after_values = keyset.decode(after)
    before_values = None if after_values else keyset.decode(before)
    if before_values is not None:
        rows = list(
            qs.filter(_beyond(keyset.fields, before_values, "lt")).order_by(
                *(f"-{f}" for f in keyset.fields)
            )[: size + 1]
        )
        has_previous = len(rows) > size
        items = list(reversed(rows[:size]))
        return Page(
            items,
            keyset.encode(items[-1]) if items else None,
            keyset.encode(items[0]) if items and has_previous else None,
        )
    if after_values is not None:
        qs = qs.filter(_beyond(keyset.fields, after_values, "gt"))
    rows = list(qs.order_by(*keyset.fields)[: size + 1])
    items = rows[:size]
    return Page(
        items,
        keyset.encode(items[-1]) if len(rows) > size else None,
        keyset.encode(items[0]) if items and after_values is not None else None,
    )
