"""Every write to bodies, units and memberships; each one checks its actor and logs a BodyEvent."""

from __future__ import annotations

import re
from typing import Any

from allauth.account.models import EmailAddress
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terbuka.accounts.models import User
from terbuka.bodies import permissions, roles, selectors, tree
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike
from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError

BODY_EDITABLE_FIELDS = (
    "name",
    "kind",
    "region_code",
    "description",
    "address",
    "phone",
    "email",
    "website",
)
UNIT_PROFILE_FIELDS = (
    "short_name",
    "description",
    "address",
    "phone",
    "email",
    "website",
    "service_hours",
    "ppid_name",
    "ppid_position",
    "atasan_name",
    "atasan_position",
)
UNIT_EDITABLE_FIELDS = ("kind", "name", "slug", "code", *UNIT_PROFILE_FIELDS)

# Kemendagri region codes: province NN, regency/city NN.NN, district NN.NN.NN and
# village NN.NN.NN.NNNN (Permendagri 72/2019 and its Kepmendagri updates).
REGION_CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
UNIT_CODE_RE = re.compile(r"^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$")
_PATH_MAX_LENGTH = Unit._meta.get_field("path").max_length or 255
_VILLAGE_KINDS = frozenset({Unit.Kind.KELURAHAN, Unit.Kind.DESA})


# --- Helpers ---------------------------------------------------------------------------------


def _full_clean(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run `full_clean` and turn Django's error into the domain `ValidationError`."""
    try:
        obj.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        field, messages = next(iter(errors.items()))
        raise ValidationError(
            messages[0], field=None if field == NON_FIELD_ERRORS else field, errors=errors
        ) from exc


def _event(
    *,
    body: PublicBody,
    kind: str,
    actor: UserLike,
    unit: Unit | None = None,
    membership: Membership | None = None,
    data: dict[str, Any] | None = None,
) -> BodyEvent:
    event = BodyEvent(
        body=body,
        kind=kind,
        actor_id=actor.pk,
        unit=unit,
        membership=membership,
        data=data or {},
    )
    _full_clean(event)
    event.save()
    return event


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_manage_units(actor: UserLike, body: PublicBody) -> None:
    _require(
        permissions.can_manage_units(actor, body),
        _("Anda tidak berwenang mengelola unit badan publik ini."),
    )


def _require_manage_memberships(actor: UserLike, body: PublicBody) -> None:
    _require(
        permissions.can_manage_memberships(actor, body),
        _("Anda tidak berwenang mengelola keanggotaan badan publik ini."),
    )


def _apply(obj: models.Model, changes: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set changed attributes on `obj`; return {field: {"from": old, "to": new}}."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Fields that cannot be changed here: {sorted(unknown)}")
    diff: dict[str, Any] = {}
    for name, value in changes.items():
        old = getattr(obj, name)
        if value is None:
            value = ""
        if isinstance(value, str):
            value = value.strip()
        if old != value:
            diff[name] = {"from": old, "to": value}
            setattr(obj, name, value)
    return diff


# --- Bodies ----------------------------------------------------------------------------------


def _check_body(body: PublicBody) -> None:
    if body.region_code and not REGION_CODE_RE.match(body.region_code):
        raise ValidationError(
            _("Format kode wilayah harus NN, NN.NN, NN.NN.NN atau NN.NN.NN.NNNN."),
            field="region_code",
        )


@transaction.atomic
def body_create(*, actor: UserLike, name: str, slug: str, kind: str, **fields: Any) -> PublicBody:
    """Register a public body (badan publik, UU 14/2008 Pasal 1 angka 3)."""
    _require(
        permissions.can_create_body(actor),
        _("Hanya admin sistem yang dapat mendaftarkan badan publik."),
    )
    body = PublicBody(name=name.strip(), slug=slug.strip(), kind=kind)
    _apply(body, fields, BODY_EDITABLE_FIELDS)
    if PublicBody.objects.filter(slug=body.slug).exists():
        raise ValidationError(_("Slug badan publik ini sudah dipakai."), field="slug")
    _check_body(body)
    _full_clean(body)
    body.save()
    _event(
        body=body,
        kind=BodyEvent.Kind.BODY_CREATED,
        actor=actor,
        data={"slug": body.slug, "name": body.name, "kind": body.kind},
    )
    return body


@transaction.atomic
def body_update(*, body: PublicBody, actor: UserLike, **changes: Any) -> PublicBody:
    """Change a body's profile (name, kind, region code, contacts); the slug stays fixed."""
    _require_manage_units(actor, body)
    current = PublicBody.objects.select_for_update().get(pk=body.pk)
    diff = _apply(current, changes, BODY_EDITABLE_FIELDS)
    if not diff:
        return current
    _check_body(current)
    _full_clean(current)
    current.save(update_fields=[*diff, "updated_at"])
    _event(body=current, kind=BodyEvent.Kind.BODY_UPDATED, actor=actor, data={"changes": diff})
    return current


@transaction.atomic
def body_set_calendar_keeper(*, body: PublicBody, keeps: bool, actor: UserLike) -> PublicBody:
    """Let (or stop letting) the body's PPID Utama change the national holiday table.

    Only an installation superuser decides: the national rows move every body's clocks.
    """
    _require(
        permissions.can_create_body(actor),
        _("Hanya admin instalasi yang dapat menetapkan pengelola kalender nasional."),
    )
    current = PublicBody.objects.select_for_update().get(pk=body.pk)
    if current.keeps_national_calendar == keeps:
        return current
    current.keeps_national_calendar = keeps
    current.save(update_fields=["keeps_national_calendar", "updated_at"])
    _event(
        body=current,
        kind=BodyEvent.Kind.CALENDAR_KEEPER_CHANGED,
        actor=actor,
        data={"keeps_national_calendar": keeps},
    )
    return current


# --- Units -----------------------------------------------------------------------------------


def _check_unit(unit: Unit, parent: Unit | None, *, is_new: bool) -> None:
    """Validate a unit's place in the tree and its identifiers (raises `ValidationError`)."""
    if parent is not None:
        if parent.body_id != unit.body_id:
            raise ValidationError(
                _("Unit induk harus berada di badan publik yang sama."), field="parent"
            )
        if not parent.is_active:
            raise ValidationError(_("Unit induk tidak aktif."), field="parent")
    if unit.kind == Unit.Kind.PPID_UTAMA:
        if parent is not None:
            raise ValidationError(_("PPID Utama tidak boleh memiliki unit induk."), field="parent")
        others = Unit.objects.filter(body_id=unit.body_id, kind=Unit.Kind.PPID_UTAMA)
        if not is_new:
            others = others.exclude(pk=unit.pk)
        if others.exists():
            raise ValidationError(_("Badan publik ini sudah memiliki PPID Utama."), field="kind")
    if unit.kind in _VILLAGE_KINDS and parent is not None and parent.kind != Unit.Kind.KECAMATAN:
        raise ValidationError(
            _("Kelurahan dan desa harus berada di bawah kecamatan."), field="parent"
        )
    if (
        not is_new
        and unit.kind != Unit.Kind.KECAMATAN
        and Unit.objects.filter(parent_id=unit.pk, kind__in=list(_VILLAGE_KINDS)).exists()
    ):
        raise ValidationError(
            _("Unit ini membawahi kelurahan atau desa, jadi jenisnya harus kecamatan."),
            field="kind",
        )
    if not unit.slug:
        raise ValidationError(_("Slug wajib diisi."), field="slug")
    same_body = Unit.objects.filter(body_id=unit.body_id)
    if not is_new:
        same_body = same_body.exclude(pk=unit.pk)
    if same_body.filter(slug=unit.slug).exists():
        raise ValidationError(
            _("Slug ini sudah dipakai unit lain di badan publik ini."), field="slug"
        )
    if unit.code:
        if not UNIT_CODE_RE.match(unit.code):
            raise ValidationError(
                _("Format kode Kemendagri harus NN.NN, NN.NN.NN atau NN.NN.NN.NNNN."),
                field="code",
            )
        if parent is not None and parent.code and not unit.code.startswith(parent.code + "."):
            raise ValidationError(
                _("Kode Kemendagri harus diawali kode unit induknya (%(code)s).")
                % {"code": parent.code},
                field="code",
            )
        if same_body.filter(code=unit.code).exists():
            raise ValidationError(
                _("Kode Kemendagri ini sudah dipakai unit lain di badan publik ini."),
                field="code",
            )


def _check_path_length(length: int) -> None:
    if length > _PATH_MAX_LENGTH:
        raise ValidationError(_("Pohon unit terlalu dalam."), field="parent")


@transaction.atomic
def unit_create(
    *,
    actor: UserLike,
    body: PublicBody,
    kind: str,
    name: str,
    slug: str = "",
    parent: Unit | None = None,
    code: str = "",
    **profile: Any,
) -> Unit:
    """Add a unit to the body's tree and compute its materialised path."""
    _require_manage_units(actor, body)
    name = name.strip()
    unit = Unit(
        body=body,
        parent=parent,
        kind=kind,
        name=name,
        slug=(slug.strip() or slugify(name))[:80],
        code=code.strip(),
    )
    _apply(unit, profile, UNIT_PROFILE_FIELDS)
    _check_unit(unit, parent, is_new=True)
    _check_path_length(len(parent.path if parent is not None else "") + tree.SEGMENT_WIDTH + 1)
    _full_clean(unit, exclude=["path", "depth"])
    unit.save()
    # The path embeds the primary key, so it is known only after the insert.
    unit.path = tree.child_path(parent.path if parent is not None else "", unit.pk)
    unit.depth = tree.depth_of(unit.path)
    unit.save(update_fields=["path", "depth"])
    _event(
        body=body,
        kind=BodyEvent.Kind.UNIT_CREATED,
        actor=actor,
        unit=unit,
        data={
            "slug": unit.slug,
            "name": unit.name,
            "kind": unit.kind,
            "code": unit.code,
            "parent": parent.slug if parent is not None else None,
        },
    )
    return unit


def _lock_unit(unit: Unit) -> Unit:
    return (
        Unit.objects.select_for_update(of=("self",))
        .select_related("body", "parent")
        .get(pk=unit.pk)
    )


@transaction.atomic
def unit_update(*, unit: Unit, actor: UserLike, **changes: Any) -> Unit:
    """Change a unit's name, identifiers, kind or public profile (officials, contacts, hours)."""
    _require_manage_units(actor, unit.body)
    current = _lock_unit(unit)
    kind_changes = "kind" in changes and changes["kind"] != current.kind
    if kind_changes and current.kind == Unit.Kind.PPID_UTAMA:
        raise ValidationError(_("Jenis unit PPID Utama tidak dapat diubah."), field="kind")
    diff = _apply(current, changes, UNIT_EDITABLE_FIELDS)
    if not diff:
        return current
    _check_unit(current, current.parent, is_new=False)
    _full_clean(current)
    current.save(update_fields=[*diff, "updated_at"])
    _event(
        body=current.body,
        kind=BodyEvent.Kind.UNIT_UPDATED,
        actor=actor,
        unit=current,
        data={"changes": diff},
    )
    return current


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None, actor: UserLike) -> Unit:
    """Put a unit (with its whole subtree) under another parent, or at the root."""
    _require_manage_units(actor, unit.body)
    current = _lock_unit(unit)
    if new_parent is not None:
        new_parent = Unit.objects.select_for_update().get(pk=new_parent.pk)
    old_parent = current.parent
    if (new_parent.pk if new_parent else None) == current.parent_id:
        return current
    if new_parent is not None and tree.is_in_subtree(new_parent.path, current.path):
        raise ValidationError(
            _("Unit tidak dapat dipindah ke bawah dirinya sendiri atau sub-unitnya."),
            field="parent",
        )
    _check_unit(current, new_parent, is_new=False)
    old_prefix = current.path
    new_prefix = tree.child_path(new_parent.path if new_parent is not None else "", current.pk)
    subtree = Unit.objects.filter(selectors.unit_subtree_q(old_prefix), body_id=current.body_id)
    longest = subtree.aggregate(n=models.Max(Length("path")))["n"] or len(old_prefix)
    _check_path_length(longest - len(old_prefix) + len(new_prefix))
    current.parent = new_parent
    current.save(update_fields=["parent", "updated_at"])
    # One UPDATE rewrites the subtree: the old prefix of every path is replaced by the new one.
    moved = subtree.update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + (tree.depth_of(new_prefix) - current.depth),
        updated_at=timezone.now(),
    )
    current.refresh_from_db(fields=["path", "depth"])
    _event(
        body=current.body,
        kind=BodyEvent.Kind.UNIT_MOVED,
        actor=actor,
        unit=current,
        data={
            "from_parent": old_parent.slug if old_parent is not None else None,
            "to_parent": new_parent.slug if new_parent is not None else None,
            "old_path": old_prefix,
            "new_path": new_prefix,
            "units_moved": moved,
        },
    )
    return current


@transaction.atomic
def unit_deactivate(*, unit: Unit, actor: UserLike, reason: str = "") -> Unit:
    """Take a unit out of service; its memberships stop granting any power."""
    _require_manage_units(actor, unit.body)
    current = _lock_unit(unit)
    if not current.is_active:
        return current
    if current.kind == Unit.Kind.PPID_UTAMA:
        raise ValidationError(_("Unit PPID Utama tidak dapat dinonaktifkan."))
    if Unit.objects.filter(parent_id=current.pk, is_active=True).exists():
        raise ValidationError(
            _(
                "Unit ini masih membawahi sub-unit aktif. Nonaktifkan atau pindahkan sub-unit "
                "tersebut terlebih dahulu."
            )
        )
    current.is_active = False
    current.save(update_fields=["is_active", "updated_at"])
    _event(
        body=current.body,
        kind=BodyEvent.Kind.UNIT_DEACTIVATED,
        actor=actor,
        unit=current,
        data={"reason": reason.strip()},
    )
    return current


@transaction.atomic
def unit_reactivate(*, unit: Unit, actor: UserLike) -> Unit:
    """Put a deactivated unit back into service."""
    _require_manage_units(actor, unit.body)
    current = _lock_unit(unit)
    if current.is_active:
        return current
    if current.parent is not None and not current.parent.is_active:
        raise ValidationError(_("Unit induknya tidak aktif; aktifkan unit induk terlebih dahulu."))
    current.is_active = True
    current.save(update_fields=["is_active", "updated_at"])
    _event(body=current.body, kind=BodyEvent.Kind.UNIT_REACTIVATED, actor=actor, unit=current)
    return current


# --- Memberships -----------------------------------------------------------------------------


def _membership_data(membership: Membership) -> dict[str, Any]:
    return {
        "user": membership.user.email,
        "unit": membership.unit.slug,
        "role": membership.role,
    }


@transaction.atomic
def membership_grant(*, actor: UserLike, user: User, unit: Unit, role: str) -> Membership:
    """Give a user a role in a unit; granting an active role again changes nothing."""
    body = unit.body
    _require_manage_memberships(actor, body)
    if role not in Membership.Role.values:
        raise ValidationError(_("Peran tidak dikenal."), field="role")
    if not unit.is_active:
        raise ValidationError(_("Unit ini tidak aktif."), field="unit")
    if role == Membership.Role.PPID_UTAMA and unit.kind != Unit.Kind.PPID_UTAMA:
        raise ValidationError(
            _("Peran PPID Utama hanya dapat diberikan di unit PPID Utama."), field="role"
        )
    membership = (
        Membership.objects.select_for_update().filter(user=user, unit=unit, role=role).first()
    )
    if membership is not None and membership.is_active:
        return membership
    if membership is not None:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
        data = {**_membership_data(membership), "reactivated": True}
    else:
        membership = Membership(user=user, unit=unit, role=role)
        _full_clean(membership)
        membership.save()
        data = _membership_data(membership)
    _event(
        body=body,
        kind=BodyEvent.Kind.MEMBERSHIP_GRANTED,
        actor=actor,
        unit=unit,
        membership=membership,
        data=data,
    )
    return membership


@transaction.atomic
def membership_grant_by_email(
    *, actor: UserLike, email: str, unit: Unit, role: str, full_name: str = ""
) -> tuple[Membership, bool]:
    """Give the account with this e-mail a role, creating the account when there is none.

    A new account has no usable password: its owner sets one with "Lupa kata sandi" (password
    reset) and confirms the address on first sign-in. Returns the membership and whether an
    account was created.
    """
    _require_manage_memberships(actor, unit.body)
    address = email.strip().lower()
    user = User.objects.filter(email__iexact=address).first()
    created = user is None
    if user is None:
        user = User(email=address, full_name=full_name.strip())
        user.set_unusable_password()
        _full_clean(user, exclude=["password"])
        user.save()
        EmailAddress.objects.create(user=user, email=address, primary=True, verified=False)
    membership = membership_grant(actor=actor, user=user, unit=unit, role=role)
    return membership, created


@transaction.atomic
def membership_revoke(*, actor: UserLike, membership: Membership, reason: str = "") -> Membership:
    """Withdraw a role; a body always keeps at least one active PPID Utama or admin."""
    body = membership.unit.body
    _require_manage_memberships(actor, body)
    current = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "unit", "unit__body")
        .get(pk=membership.pk)
    )
    if not current.is_active:
        return current
    if current.role in roles.MANAGER_ROLES:
        others = (
            Membership.objects.filter(
                unit__body=body,
                unit__is_active=True,
                is_active=True,
                role__in=list(roles.MANAGER_ROLES),
            )
            .exclude(pk=current.pk)
            .exists()
        )
        if not others:
            raise Conflict(
                _(
                    "Peran ini tidak dapat dicabut: badan publik harus tetap memiliki minimal "
                    "satu PPID Utama atau admin aktif."
                )
            )
    current.is_active = False
    current.save(update_fields=["is_active", "updated_at"])
    _event(
        body=body,
        kind=BodyEvent.Kind.MEMBERSHIP_REVOKED,
        actor=actor,
        unit=current.unit,
        membership=current,
        data={**_membership_data(current), "reason": reason.strip()},
    )
    return current
