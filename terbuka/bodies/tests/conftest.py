"""Fixtures of the bodies tests: a second body, a kecamatan with a kelurahan, role holders."""

from __future__ import annotations

from typing import Any

import pytest

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory


def grant(unit: Unit, role: str, email: str) -> Any:
    """Give a new user `role` in `unit` and return the user."""
    return MembershipFactory.create(unit=unit, role=role, user__email=email).user


@pytest.fixture
def kecamatan(body: PublicBody, ppid_utama_unit: Unit) -> Unit:
    return UnitFactory.create(
        body=body,
        parent=ppid_utama_unit,
        kind=Unit.Kind.KECAMATAN,
        name="Kecamatan Uji",
        slug="kecamatan-uji",
        code="99.01.01",
    )


@pytest.fixture
def kelurahan(body: PublicBody, kecamatan: Unit) -> Unit:
    return UnitFactory.create(
        body=body,
        parent=kecamatan,
        kind=Unit.Kind.KELURAHAN,
        name="Kelurahan Uji",
        slug="kelurahan-uji",
        code="99.01.01.1001",
    )


@pytest.fixture
def other_body(db: None) -> PublicBody:
    """A second body with its own PPID Utama and one OPD."""
    city = PublicBodyFactory.create(name="Pemerintah Kota Lain", slug="kota-lain")
    utama = UnitFactory.create(
        body=city, kind=Unit.Kind.PPID_UTAMA, name="PPID Kota Lain", slug="ppid"
    )
    UnitFactory.create(body=city, parent=utama, name="Dinas Lain", slug="dinas-lain")
    return city


@pytest.fixture
def other_ppid_utama(other_body: PublicBody) -> Any:
    return grant(
        other_body.units.get(kind=Unit.Kind.PPID_UTAMA),
        Membership.Role.PPID_UTAMA,
        "utama-lain@example.test",
    )


@pytest.fixture
def body_admin(ppid_utama_unit: Unit) -> Any:
    return grant(ppid_utama_unit, Membership.Role.ADMIN, "admin-badan@example.test")


@pytest.fixture
def superuser(db: None) -> Any:
    from terbuka.accounts.tests.factories import UserFactory

    return UserFactory.create(email="super@example.test", is_superuser=True, is_staff=True)
