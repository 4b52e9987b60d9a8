"""Output schemas of the bodies API (public information only: no member e-mails)."""

from __future__ import annotations

from ninja import Schema

from terbuka.bodies import selectors
from terbuka.bodies.models import PublicBody, Unit


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    region_code: str
    website: str


class BodyDetailOut(BodyOut):
    kind_label: str
    description: str
    address: str
    phone: str
    email: str
    ppid_utama: str | None

    @staticmethod
    def resolve_kind_label(obj: PublicBody) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_ppid_utama(obj: PublicBody) -> str | None:
        unit = selectors.unit_ppid_utama(obj)
        return unit.slug if unit is not None else None


class UnitOut(Schema):
    slug: str
    code: str
    name: str
    kind: str
    parent: str | None

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        slug = getattr(obj, "parent_slug", None)
        return str(slug) if slug else None


class OfficialOut(Schema):
    role: str
    name: str
    position: str


class UnitDetailOut(Schema):
    slug: str
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: str | None
    description: str
    address: str
    phone: str
    email: str
    website: str
    service_hours: str
    officials: list[OfficialOut]

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent(obj: Unit) -> str | None:
        return obj.parent.slug if obj.parent is not None else None

    @staticmethod
    def resolve_officials(obj: Unit) -> list[selectors.Official]:
        return selectors.unit_officials(obj)
