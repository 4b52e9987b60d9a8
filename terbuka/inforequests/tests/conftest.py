"""Fixtures of the request tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.calendars.models import Holiday
from terbuka.calendars.workdays import Calendar, HolidayEntry
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data

# Lebaran 2026 (SKB 3 Menteri): Nyepi, Idul Fitri and the cuti bersama around them, plus the
# Easter weekend that follows; and the 2026/2027 year end.
HOLIDAYS = {
    dt.date(2026, 3, 18): ("Cuti Bersama Hari Suci Nyepi", "joint_leave"),
    dt.date(2026, 3, 19): ("Hari Suci Nyepi", "national"),
    dt.date(2026, 3, 20): ("Cuti Bersama Hari Raya Idul Fitri", "joint_leave"),
    dt.date(2026, 3, 21): ("Hari Raya Idul Fitri", "national"),
    dt.date(2026, 3, 22): ("Hari kedua Hari Raya Idul Fitri", "national"),
    dt.date(2026, 3, 23): ("Cuti Bersama Hari Raya Idul Fitri", "joint_leave"),
    dt.date(2026, 3, 24): ("Cuti Bersama Hari Raya Idul Fitri", "joint_leave"),
    dt.date(2026, 4, 3): ("Wafat Yesus Kristus", "national"),
    dt.date(2026, 4, 5): ("Kebangkitan Yesus Kristus", "national"),
    dt.date(2026, 12, 24): ("Cuti Bersama Hari Raya Natal", "joint_leave"),
    dt.date(2026, 12, 25): ("Hari Raya Natal", "national"),
    dt.date(2027, 1, 1): ("Tahun Baru Masehi", "national"),
}


def holiday_calendar() -> Calendar:
    return Calendar.from_entries(
        (HolidayEntry(day, name, kind) for day, (name, kind) in HOLIDAYS.items()),
        joint_leave_non_working=True,
    )


@pytest.fixture
def calendar() -> Calendar:
    """The holiday fixtures as a hand-built calendar (no database)."""
    return holiday_calendar()


@pytest.fixture
def holidays(db: None) -> list[Holiday]:
    """The holiday fixtures in the database."""
    return [
        Holiday.objects.create(
            date=day,
            name=name,
            kind=kind,
            source=Holiday.Source.MANUAL,
        )
        for day, (name, kind) in HOLIDAYS.items()
    ]


@pytest.fixture
def desk_officer(ppid_utama_unit: Any) -> Any:
    """A petugas layanan at the PPID Utama desk (handles every request of the body)."""
    return MembershipFactory(
        unit=ppid_utama_unit,
        role=Membership.Role.PETUGAS_LAYANAN,
        user__email="petugas@example.test",
    ).user


@pytest.fixture
def other_unit(body: Any, ppid_utama_unit: Any) -> Any:
    return UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")


@pytest.fixture
def other_unit_officer(other_unit: Any) -> Any:
    return MembershipFactory(
        unit=other_unit, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user


@pytest.fixture
def submit(body: Any, applicant: Any) -> Callable[..., InformationRequest]:
    """File a request as `applicant` (keyword arguments override the defaults)."""

    def make(**overrides: Any) -> InformationRequest:
        kwargs: dict[str, Any] = {
            "actor": applicant,
            "body": body,
            "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
            "purpose": "Penelitian skripsi.",
            "obtain_method": InformationRequest.ObtainMethod.SOFTCOPY,
            "delivery_method": InformationRequest.DeliveryMethod.EMAIL,
            "identity_data": identity_data(),
        }
        kwargs.update(overrides)
        return services.request_submit(**kwargs)

    return make
