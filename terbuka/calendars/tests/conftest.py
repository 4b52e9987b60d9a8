"""Fixtures of the calendar tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from rules.permissions import add_perm, perm_exists, remove_perm
from rules.predicates import predicate

from terbuka.calendars.models import Holiday
from terbuka.calendars.permissions import MANAGE_HOLIDAYS
from terbuka.calendars.workdays import Calendar, HolidayEntry

# The 2026 table from the SKB (as the `holidays` package has it): national holidays and
# cuti bersama, enough of them to exercise the arithmetic.
NATIONAL_2026 = {
    dt.date(2026, 1, 1): "Tahun Baru Masehi",
    dt.date(2026, 1, 16): "Isra Mikraj Nabi Muhammad",
    dt.date(2026, 2, 17): "Tahun Baru Imlek",
    dt.date(2026, 3, 19): "Hari Suci Nyepi",
    dt.date(2026, 3, 21): "Hari Raya Idul Fitri",
    dt.date(2026, 3, 22): "Hari kedua dari Hari Raya Idul Fitri",
    dt.date(2026, 4, 3): "Wafat Yesus Kristus",
    dt.date(2026, 4, 5): "Kebangkitan Yesus Kristus",
    dt.date(2026, 5, 1): "Hari Buruh Internasional",
    dt.date(2026, 5, 14): "Kenaikan Yesus Kristus",
    dt.date(2026, 5, 27): "Hari Raya Idul Adha",
    dt.date(2026, 5, 31): "Hari Raya Waisak",
    dt.date(2026, 6, 1): "Hari Lahir Pancasila",
    dt.date(2026, 6, 16): "Tahun Baru Islam",
    dt.date(2026, 8, 17): "Hari Kemerdekaan Republik Indonesia",
    dt.date(2026, 8, 25): "Maulid Nabi Muhammad",
    dt.date(2026, 12, 25): "Hari Raya Natal",
}
JOINT_LEAVE_2026 = {
    dt.date(2026, 2, 16): "Cuti Bersama Tahun Baru Imlek",
    dt.date(2026, 3, 18): "Cuti Bersama Hari Suci Nyepi",
    dt.date(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
    dt.date(2026, 3, 23): "Cuti Bersama Hari Raya Idul Fitri",
    dt.date(2026, 3, 24): "Cuti Bersama Hari Raya Idul Fitri",
    dt.date(2026, 5, 15): "Cuti Bersama Kenaikan Yesus Kristus",
    dt.date(2026, 5, 28): "Cuti Bersama Hari Raya Idul Adha",
    dt.date(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
}
SERANG_DAY = dt.date(2026, 4, 10)  # a Friday; a made-up local holiday of Kota Serang (36.73)


def entries_2026() -> list[HolidayEntry]:
    return [
        *(HolidayEntry(day, name, "national") for day, name in NATIONAL_2026.items()),
        *(HolidayEntry(day, name, "joint_leave") for day, name in JOINT_LEAVE_2026.items()),
        HolidayEntry(SERANG_DAY, "Hari Jadi Kota Serang", "local", "36.73"),
    ]


@pytest.fixture
def calendar_2026() -> Calendar:
    """The 2026 table as a hand-built calendar (no database)."""
    return Calendar.from_entries(entries_2026(), joint_leave_non_working=True)


@pytest.fixture
def holidays_2026(db: None) -> list[Holiday]:
    """The 2026 table in the database, as seeded rows plus the local holiday."""
    return [
        Holiday.objects.create(
            date=entry.date,
            name=entry.name,
            kind=entry.kind,
            region_code=entry.region_code,
            source=Holiday.Source.MANUAL if entry.region_code else Holiday.Source.SEEDED,
            seed_key="" if entry.region_code else f"{entry.date.isoformat()}:{entry.kind}",
        )
        for entry in entries_2026()
    ]


def _contract_predicate(user: Any) -> bool:
    """The contract `terbuka/bodies/rules.py` implements: PPID Utama or admin anywhere."""
    from terbuka.bodies.models import Membership

    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user=user,
        is_active=True,
        role__in=(Membership.Role.PPID_UTAMA, Membership.Role.ADMIN),
    ).exists()


@pytest.fixture(autouse=True)
def _manage_holidays_rule() -> Iterator[None]:
    """Use the bodies app's rule; stand in for it only while that app has not registered it."""
    if perm_exists(MANAGE_HOLIDAYS):
        yield
        return
    add_perm(MANAGE_HOLIDAYS, predicate(_contract_predicate))
    yield
    remove_perm(MANAGE_HOLIDAYS)


@pytest.fixture
def admin_officer(unit: Any) -> Any:
    """A user with the admin role in an OPD."""
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory

    return MembershipFactory(
        unit=unit, role=Membership.Role.ADMIN, user__email="admin@example.test"
    ).user
