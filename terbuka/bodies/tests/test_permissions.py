from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from terbuka.bodies import permissions, roles, selectors
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.tests.conftest import grant

pytestmark = pytest.mark.django_db

Role = Membership.Role
ALL_ROLES = list(Role.values)


def test_every_role_has_exactly_one_scope() -> None:
    assert frozenset(ALL_ROLES) == roles.BODY_WIDE_ROLES | roles.UNIT_ROLES
    assert not roles.BODY_WIDE_ROLES & roles.UNIT_ROLES
    assert roles.MANAGER_ROLES <= roles.BODY_WIDE_ROLES
    assert frozenset(ALL_ROLES) - {Role.EVALUATOR} == roles.IDENTITY_OFFICER_ROLES


@pytest.fixture
def tree_units(body: PublicBody, unit: Unit, kecamatan: Unit, kelurahan: Unit) -> dict[str, Unit]:
    return {u.slug: u for u in body.units.all()}


# Where each role is granted: PPID Utama at the PPID Utama unit, the others at Dinkes, so a
# body-wide role held at an OPD is checked too.
GRANTED_AT: dict[str, str] = {
    Role.PPID_UTAMA: "ppid-utama",
    Role.ATASAN_PPID: "ppid-utama",
    Role.ADMIN: "dinkes",
    Role.EVALUATOR: "dinkes",
    Role.PPID_PELAKSANA: "dinkes",
    Role.PETUGAS_LAYANAN: "kelurahan-uji",
}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_scope_matrix(role: str, tree_units: dict[str, Unit], other_body: PublicBody) -> None:
    """Body-wide roles reach every unit of their body; unit roles only their own unit;
    nobody reaches another body."""
    home = tree_units[GRANTED_AT[role]]
    officer = grant(home, role, f"{role}@example.test")
    scope = set(selectors.unit_scope_for(officer).values_list("slug", flat=True))
    if role in roles.BODY_WIDE_ROLES:
        assert scope == set(tree_units)
    else:
        assert scope == {home.slug}
    for unit in [*tree_units.values(), *other_body.units.all()]:
        assert permissions.can_act_on_unit(officer, unit) == (
            unit.slug in scope and unit.body_id == home.body_id
        )
        assert officer.has_perm("bodies.act_on_unit", unit) == permissions.can_act_on_unit(
            officer, unit
        )
    manages = role in roles.MANAGER_ROLES
    assert permissions.can_manage_units(officer, home.body) is manages
    assert permissions.can_manage_memberships(officer, home.body) is manages
    assert officer.has_perm("bodies.manage_units", home.body) is manages
    assert officer.has_perm("bodies.manage_memberships", home.body) is manages
    assert not permissions.can_manage_units(officer, other_body)
    assert not officer.has_perm("bodies.manage_units", other_body)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_contract_perms_for_other_apps(role: str, unit: Unit, ppid_utama_unit: Unit) -> None:
    home = ppid_utama_unit if role == Role.PPID_UTAMA else unit
    officer = grant(home, role, f"{role}@example.test")
    assert officer.has_perm("calendars.manage_holidays") is (role in {"ppid_utama", "admin"})
    # The role gate of `accounts.view_identity_as_officer` (objections/rules.py adds the scope).
    assert permissions.can_view_identity_as_officer(officer) is (role != "evaluator")


def test_citizen_and_anonymous_have_nothing(user: Any, body: PublicBody, unit: Unit) -> None:
    for who in (user, AnonymousUser()):
        assert not selectors.unit_scope_for(who).exists()
        assert not permissions.can_act_on_unit(who, unit)
        assert not permissions.can_manage_units(who, body)
        assert not permissions.can_manage_holidays(who)
        assert not permissions.can_view_identity_as_officer(who)
    assert not user.has_perm("calendars.manage_holidays")
    assert not user.has_perm("accounts.view_identity_as_officer")
    assert not user.has_perm("bodies.act_on_unit", unit)


def test_superuser_reaches_everything(
    superuser: Any, body: PublicBody, unit: Unit, other_body: PublicBody
) -> None:
    assert selectors.unit_scope_for(superuser).count() == Unit.objects.count()
    assert permissions.can_manage_units(superuser, other_body)
    assert permissions.can_manage_holidays(superuser)
    assert permissions.can_view_identity_as_officer(superuser)
    assert superuser.has_perm("calendars.manage_holidays")


def test_holiday_perm_for_superuser_without_any_body(db: None) -> None:
    from terbuka.accounts.tests.factories import UserFactory

    root = UserFactory.create(email="root@example.test", is_superuser=True)
    assert permissions.can_manage_holidays(root)


def test_revoked_membership_grants_nothing(unit_officer: Any, unit: Unit) -> None:
    Membership.objects.filter(user=unit_officer).update(is_active=False)
    assert not permissions.can_act_on_unit(unit_officer, unit)
    assert not selectors.user_has_staff_role(unit_officer)


def test_membership_in_inactive_unit_grants_nothing(unit_officer: Any, unit: Unit) -> None:
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    assert not permissions.can_act_on_unit(unit_officer, unit)
    assert not permissions.can_view_identity_as_officer(unit_officer)


def test_inactive_user_has_nothing(ppid_utama: Any, body: PublicBody) -> None:
    ppid_utama.is_active = False
    assert not permissions.can_manage_units(ppid_utama, body)
    assert not selectors.unit_scope_for(ppid_utama).exists()


def test_predicates_are_one_query(
    ppid_utama: Any, body: PublicBody, unit: Unit, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        assert permissions.can_act_on_unit(ppid_utama, unit)
    with django_assert_num_queries(1):
        assert permissions.can_manage_units(ppid_utama, body)
    with django_assert_num_queries(1):
        assert permissions.can_manage_holidays(ppid_utama)


# --- Who changes which holiday rows (calendars.change_holiday_region) --------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_holiday_regions_by_role_and_keeper(role: str, unit: Unit, ppid_utama_unit: Unit) -> None:
    PublicBody.objects.filter(pk=unit.body_id).update(region_code="36.73")
    home = ppid_utama_unit if role == Role.PPID_UTAMA else unit
    officer = grant(home, role, f"{role}@example.test")
    manager = role in roles.MANAGER_ROLES

    assert officer.has_perm("calendars.change_holiday_region", "36.73.01") is manager
    assert officer.has_perm("calendars.change_holiday_region", "36.73") is manager
    assert not officer.has_perm("calendars.change_holiday_region", "")
    assert not officer.has_perm("calendars.change_holiday_region", "36.74")
    assert not officer.has_perm("calendars.change_holiday_region", "36")
    assert not officer.has_perm("calendars.change_holiday_region", None)

    PublicBody.objects.filter(pk=unit.body_id).update(keeps_national_calendar=True)
    officer = type(officer).objects.get(pk=officer.pk)  # a fresh object: the answer is cached
    assert officer.has_perm("calendars.change_holiday_region", "") is manager
    assert officer.has_perm("calendars.change_holiday_region", "31.71") is manager


def test_holiday_regions_of_a_body_without_a_code_and_of_citizens(
    user: Any, body: PublicBody, ppid_utama_unit: Unit
) -> None:
    officer = grant(ppid_utama_unit, Role.PPID_UTAMA, "utama2@example.test")
    PublicBody.objects.filter(pk=body.pk).update(region_code="")
    assert permissions.holiday_regions(officer) == frozenset()
    assert not permissions.can_change_holiday_region(officer, "36.73")
    for who in (user, AnonymousUser()):
        assert not permissions.can_change_holiday_region(who, "")
        assert not permissions.can_change_holiday_region(who, "36.73")


def test_superuser_changes_every_holiday_row(superuser: Any) -> None:
    assert permissions.holiday_regions(superuser) is None
    assert superuser.has_perm("calendars.change_holiday_region", "")
    assert superuser.has_perm("calendars.change_holiday_region", "11.01")
