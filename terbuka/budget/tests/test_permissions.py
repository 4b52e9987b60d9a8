"""Who may import budgets and see an import's file and scan: one test per edge."""

from __future__ import annotations

from typing import Any

import pytest

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.budget import permissions, selectors
from terbuka.budget.tests.factories import make_import

pytestmark = pytest.mark.django_db


def test_unit_officer_imports_for_own_unit_only(
    body: Any, unit: Any, unit_officer: Any, other_unit: Any
) -> None:
    assert permissions.can_import_budget(unit_officer, body, unit)
    assert not permissions.can_import_budget(unit_officer, body, other_unit)


def test_ppid_utama_and_admin_import_for_every_unit(
    body: Any, unit: Any, other_unit: Any, ppid_utama: Any, ppid_utama_unit: Any
) -> None:
    admin: Any = MembershipFactory(unit=ppid_utama_unit, role=Membership.Role.ADMIN).user
    for user in (ppid_utama, admin):
        assert permissions.can_import_budget(user, body, unit)
        assert permissions.can_import_budget(user, body, other_unit)
        assert set(selectors.units_for_budget_import(user, body)) == {
            ppid_utama_unit,
            unit,
            other_unit,
        }


@pytest.mark.parametrize(
    "role",
    [Membership.Role.ATASAN_PPID, Membership.Role.EVALUATOR, Membership.Role.PETUGAS_LAYANAN],
)
def test_other_roles_do_not_import(body: Any, unit: Any, role: str) -> None:
    user: Any = MembershipFactory(unit=unit, role=role).user
    assert not permissions.can_import_budget(user, body, unit)


def test_inactive_membership_does_not_import(body: Any, unit: Any, unit_officer: Any) -> None:
    Membership.objects.filter(user=unit_officer).update(is_active=False)
    assert not permissions.can_import_budget(unit_officer, body, unit)


def test_citizen_and_anonymous(body: Any, unit: Any, applicant: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not permissions.can_import_budget(applicant, body, unit)
    assert not permissions.can_import_budget(AnonymousUser(), body, unit)


def test_superuser_imports_anywhere(body: Any, unit: Any) -> None:
    from terbuka.accounts.tests.factories import UserFactory

    root: Any = UserFactory(is_superuser=True)
    assert permissions.can_import_budget(root, body, unit)


def test_office_view_of_an_import(
    body: Any, unit: Any, unit_officer: Any, other_officer: Any, ppid_utama: Any
) -> None:
    imported = make_import(actor=unit_officer, body=body, unit=unit)
    assert permissions.can_view_import_office(unit_officer, imported)
    assert permissions.can_view_import_office(ppid_utama, imported)
    assert not permissions.can_view_import_office(other_officer, imported)
