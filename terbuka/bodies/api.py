"""Public read API of bodies and units, mounted at /api/v1/bodies."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from terbuka.bodies import selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.schemas import BodyDetailOut, BodyOut, UnitDetailOut, UnitOut

router = Router(tags=["badan publik"])

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000_000


class Pages(LimitOffsetPagination):
    """Ninja's limit/offset with bounds: a huge offset overflowed the database's integers."""

    class Input(Schema):
        limit: int = Field(100, ge=1, description=f"At most {MAX_LIMIT}; more is cut to it.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/", response=list[BodyOut], summary="Daftar badan publik")
@paginate(Pages, max_limit=MAX_LIMIT)
def body_list(request: HttpRequest) -> Any:
    """List the public bodies by name (`?limit` at most 500, `?offset`)."""
    return selectors.body_list_public().only("slug", "name", "kind", "region_code", "website")


@router.get("/{slug}", response=BodyDetailOut, summary="Profil badan publik")
def body_detail(request: HttpRequest, slug: str) -> PublicBody:
    """Return a body's public profile and the slug of its PPID Utama unit."""
    return selectors.body_get_by_slug(slug)


@router.get("/{slug}/units", response=list[UnitOut], summary="Daftar unit badan publik")
@paginate(Pages, max_limit=MAX_LIMIT)
def unit_list(request: HttpRequest, slug: str) -> Any:
    """List the body's active units in tree order; `parent` is the parent unit's slug."""
    return selectors.unit_list_public(selectors.body_get_by_slug(slug))


@router.get("/{slug}/units/{unit_slug}", response=UnitDetailOut, summary="Profil unit")
def unit_detail(request: HttpRequest, slug: str, unit_slug: str) -> Unit:
    """Return a unit's public profile: officials (name and position), contacts, hours."""
    return selectors.unit_get_public(selectors.body_get_by_slug(slug), unit_slug)
