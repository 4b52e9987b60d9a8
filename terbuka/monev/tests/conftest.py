from __future__ import annotations

import copy
from typing import Any

import pytest

from terbuka.bodies.models import Membership, Unit
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.monev.tests.test_rubric import VALID


@pytest.fixture
def rubric_data() -> dict[str, Any]:
    """SAQ 70 (one indicator, questions q1 and q2) and presentation 30 (scored by a panel)."""
    data = copy.deepcopy(VALID)
    data["stages"][0]["indicators"][0]["questions"].append(
        {
            "key": "q2",
            "text": "Apakah register permohonan diumumkan?",
            "weight": 3,
            "evidence": "link_or_pdf",
            "options": [
                {"key": "ya", "label": "Ya", "score": 100},
                {"key": "sebagian", "label": "Sebagian", "score": 50},
                {"key": "tidak", "label": "Tidak", "score": 0},
            ],
        }
    )
    return data


@pytest.fixture
def kecamatan(body: Any, ppid_utama_unit: Any) -> list[Any]:
    return [
        UnitFactory(
            body=body,
            parent=ppid_utama_unit,
            kind=Unit.Kind.KECAMATAN,
            name=name,
            slug=slug,
        )
        for name, slug in (
            ("Kecamatan Serang", "kec-serang"),
            ("Kecamatan Cipocok Jaya", "kec-cipocok-jaya"),
            ("Kecamatan Taktakan", "kec-taktakan"),
        )
    ]


@pytest.fixture
def evaluator(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.EVALUATOR, user__email="evaluator@example.test"
    ).user


@pytest.fixture
def camat_officer(kecamatan: list[Unit]) -> Any:
    """The PPID Pelaksana of Kecamatan Serang."""
    return MembershipFactory(
        unit=kecamatan[0], role=Membership.Role.PPID_PELAKSANA, user__email="kec@example.test"
    ).user
