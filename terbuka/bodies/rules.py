"""django-rules permissions of the bodies app (autodiscovered by `rules.apps`).

The predicates delegate to `permissions.py`; other apps check them with
`user.has_perm("calendars.manage_holidays")` and the like.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from rules.permissions import add_perm as _add_perm
from rules.predicates import predicate as _predicate
from rules.rulesets import add_rule as _add_rule

from terbuka.bodies import permissions, selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import UserLike

F = TypeVar("F", bound=Callable[..., bool])


def predicate(fn: F) -> F:
    """Typed wrapper of `rules.predicate` (the package ships no annotations)."""
    return _predicate(fn)  # type: ignore[no-untyped-call,no-any-return]


def add_perm(name: str, pred: Callable[..., Any]) -> None:
    """Typed wrapper of `rules.add_perm`."""
    _add_perm(name, pred)  # type: ignore[no-untyped-call]


@predicate
def is_ppid_utama_or_admin(user: UserLike) -> bool:
    """Holds an active PPID Utama or admin membership in any unit, or is a superuser."""
    return permissions.can_manage_holidays(user)


@predicate
def changes_holiday_region(user: UserLike, region_code: str | None) -> bool:
    """May add or change holiday rows of this region ("" is the national table)."""
    return region_code is not None and permissions.can_change_holiday_region(user, region_code)


@predicate
def holds_staff_role(user: UserLike) -> bool:
    """Holds any active role in an active unit: such users must use TOTP (ASVS 6.3.3)."""
    return selectors.user_has_staff_role(user)


@predicate
def manages_units_of(user: UserLike, body: PublicBody | None) -> bool:
    """Is PPID Utama or admin of this body."""
    return body is not None and permissions.can_manage_units(user, body)


@predicate
def manages_memberships_of(user: UserLike, body: PublicBody | None) -> bool:
    """Is PPID Utama or admin of this body."""
    return body is not None and permissions.can_manage_memberships(user, body)


@predicate
def acts_on_unit(user: UserLike, unit: Unit | None) -> bool:
    """Has the unit within its role x unit scope."""
    return unit is not None and permissions.can_act_on_unit(user, unit)


add_perm("calendars.manage_holidays", is_ppid_utama_or_admin)
add_perm("calendars.change_holiday_region", changes_holiday_region)
add_perm("bodies.manage_units", manages_units_of)
add_perm("bodies.manage_memberships", manages_memberships_of)
add_perm("bodies.act_on_unit", acts_on_unit)
_add_rule("accounts.requires_mfa", holds_staff_role)  # type: ignore[no-untyped-call]
