"""Permission predicates for bodies, units and memberships.

Each predicate is a filter on a visibility selector (`selectors.unit_scope_for`,
`selectors.body_list_managed_by`), so the scope rules are written once. `rules.py` registers
them as django-rules permissions for templates and other apps.
"""

from __future__ import annotations

from typing import Any

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
