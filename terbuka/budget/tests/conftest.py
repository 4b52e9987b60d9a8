from __future__ import annotations

from typing import Any

import pytest

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory


@pytest.fixture
def other_unit(body: Any, ppid_utama_unit: Any) -> Any:
    return UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")


@pytest.fixture
def other_officer(other_unit: Any) -> Any:
    return MembershipFactory(
        unit=other_unit, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user
