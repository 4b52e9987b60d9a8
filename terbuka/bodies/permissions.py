"""Permission predicates for bodies, units and memberships.

Each predicate is a filter on a visibility selector (`selectors.unit_scope_for`,
`selectors.body_list_managed_by`), so the scope rules are written once. `rules.py` registers
them as django-rules permissions for templates and other apps.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from terbuka.bodies import roles, selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import UserLike


def can_create_body(user: UserLike) -> bool:
    """Return whether the user may register a new public body (installation superusers)."""
    return bool(user.is_active and getattr(user, "is_superuser", False))


def can_manage_units(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may change the body's profile and unit tree."""
    return selectors.body_list_managed_by(user).filter(pk=body.pk).exists()


def can_manage_memberships(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may grant and revoke roles in the body's units."""
    # The same roles as for units today (PPID Utama and admin); kept apart so they can diverge.
    return selectors.body_list_managed_by(user).filter(pk=body.pk).exists()


def can_act_on_unit(user: UserLike, unit: Unit) -> bool:
    """Return whether the unit is within the user's role x unit scope."""
    return selectors.unit_scope_for(user).filter(pk=unit.pk).exists()


def can_manage_holidays(user: UserLike) -> bool:
    """Return whether the user may edit the holiday table (a PPID Utama or admin anywhere)."""
    if can_create_body(user):
        return True
    return selectors.user_has_role(user, roles.MANAGER_ROLES)


def holiday_regions(user: UserLike) -> frozenset[str] | None:
    """Return the region codes whose local holidays the user keeps; None means every row.

    National holidays and cuti bersama come from one SKB for the whole country and move every
    body's clocks (UU 14/2008 Pasal 22(7) counts working days), so on an installation serving
    several bodies only the keeper of the national calendar changes them: a superuser or a PPID
    Utama/admin of a body marked `keeps_national_calendar`. Any other PPID Utama or admin keeps
    the local holidays of its body's region and the regions inside it. Remembered on the user
    object, like Django's permission cache, so a page checking many rows asks once.
    """
    if hasattr(user, "_holiday_regions"):
        return cast("frozenset[str] | None", user._holiday_regions)
    regions: frozenset[str] | None
    if can_create_body(user):
        regions = None
    else:
        managed = list(
            selectors.body_list_managed_by(user).values_list(
                "region_code", "keeps_national_calendar"
            )
        )
        if any(keeps for _, keeps in managed):
            regions = None
        else:
            regions = frozenset(code for code, _ in managed if code)
    user._holiday_regions = regions  # type: ignore[union-attr]
    return regions


def can_change_holiday_region(user: UserLike, region_code: str) -> bool:
    """Return whether the user may add or change a holiday row of this region ("" = national).

    A user with no PPID Utama or admin role manages no body, so keeps no region.
    """
    if not user.is_authenticated:
        return False
    regions = holiday_regions(user)
    if regions is None:
        return True
    return bool(region_code) and any(
        region_code == code or region_code.startswith(code + ".") for code in regions
    )


def can_view_identity_as_officer(user: UserLike) -> bool:
    """Return whether the user holds a role that handles requesters' identities at all.

    The role gate only: `objections/rules.py` also asks that the identity belong to a request
    or objection in the user's scope.
    """
    if can_create_body(user):
        return True
    return selectors.user_has_role(user, roles.IDENTITY_OFFICER_ROLES)


def can_open_office(user: Any) -> bool:
    """Return whether the user may open the officers' workspace (any active role)."""
    return selectors.is_superuser(user) or selectors.user_has_staff_role(user)


def require_office_access(user: Any) -> None:
    """Refuse the officers' workspace to a user without any active role (HTTP 403)."""
    if not can_open_office(user):
        raise PermissionDenied(_("Halaman ini hanya untuk petugas badan publik."))
