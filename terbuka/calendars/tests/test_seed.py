from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command

from terbuka.calendars import services
from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.workdays import add_working_days, is_working_day
from terbuka.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

D = dt.date

# What holidays 0.109 offers for Indonesia (public + government categories, Indonesian names).
NATIONAL = {
    D(2026, 1, 1): "Tahun Baru Masehi",
    D(2026, 3, 19): "Hari Suci Nyepi",
    D(2026, 3, 21): "Hari Raya Idul Fitri",
    D(2026, 3, 22): "Hari kedua dari Hari Raya Idul Fitri",
    D(2026, 8, 17): "Hari Kemerdekaan Republik Indonesia",
    D(2026, 12, 25): "Hari Raya Natal",
    D(2027, 1, 1): "Tahun Baru Masehi",
    D(2027, 3, 10): "Hari Raya Idul Fitri (perkiraan)",
    D(2027, 3, 11): "Hari kedua dari Hari Raya Idul Fitri (perkiraan)",
    D(2027, 5, 20): "Hari Raya Waisak",
    D(2027, 8, 17): "Hari Kemerdekaan Republik Indonesia",
}
JOINT_LEAVE = {
    D(2026, 2, 16): "Cuti Bersama Tahun Baru Imlek",
    D(2026, 3, 18): "Cuti Bersama Hari Suci Nyepi",
    D(2026, 3, 20): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 3, 23): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 3, 24): "Cuti Bersama Hari Raya Idul Fitri",
    D(2026, 5, 15): "Cuti Bersama Kenaikan Yesus Kristus",
    D(2026, 5, 28): "Cuti Bersama Hari Raya Idul Adha",
    D(2026, 12, 24): "Cuti Bersama Hari Raya Natal",
    D(2027, 2, 5): "Cuti Bersama Tahun Baru Imlek",
    D(2027, 3, 9): "Cuti Bersama Hari Raya Idul Fitri",
    D(2027, 3, 12): "Cuti Bersama Hari Raya Idul Fitri",
    D(2027, 3, 15): "Cuti Bersama Hari Raya Idul Fitri",
    D(2027, 3, 25): "Cuti Bersama Wafat Yesus Kristus",
    D(2027, 5, 18): "Cuti Bersama Hari Raya Idul Adha",
    D(2027, 5, 19): "Cuti Bersama Hari Raya Waisak",
    D(2027, 12, 24): "Cuti Bersama Hari Raya Natal",
}


def seeded(kind: str) -> dict[dt.date, str]:
    return dict(
        Holiday.objects.filter(kind=kind, source=Holiday.Source.SEEDED).values_list("date", "name")
    )


def test_seed_2026_and_2027(user: Any) -> None:
    result = services.holidays_seed(years=[2026, 2027], actor=user)

    national, joint = seeded("national"), seeded("joint_leave")
    assert NATIONAL.items() <= national.items()
    assert joint == JOINT_LEAVE  # every cuti bersama of both years, nothing else
    assert len(national) == 35  # 17 in 2026, 18 in 2027 (Isra Mikraj falls twice)
    assert len(result.created) == Holiday.objects.count() == 51
    assert not Holiday.objects.exclude(region_code="").exists()
    events = HolidayEvent.objects.filter(kind=HolidayEvent.Kind.SEEDED)
    assert events.count() == 51
    event = events.get(date=D(2026, 3, 20))
    assert event.actor == user
    assert event.data["name"] == "Cuti Bersama Hari Raya Idul Fitri"
    assert event.data["kind"] == "joint_leave"
    assert event.data["package"].startswith("holidays 0.")
    assert Holiday.objects.get(date=D(2026, 3, 20)).seed_key == "2026-03-20:joint_leave"


def test_seeded_table_drives_the_arithmetic() -> None:
    services.holidays_seed(years=[2026, 2027])

    assert add_working_days(D(2026, 3, 17), 1).due == D(2026, 3, 25)
    assert add_working_days(D(2026, 3, 16), 10).due == D(2026, 4, 7)
    # 2027: Mon 8 Nyepi, 9 cuti, 10-11 Idul Fitri, 12 cuti, weekend, 15 cuti.
    assert add_working_days(D(2027, 3, 5), 1).due == D(2027, 3, 16)
    assert not is_working_day(D(2027, 12, 24))


def test_seeding_is_idempotent(django_capture_on_commit_callbacks: Any) -> None:
    services.holidays_seed(years=[2026])
    rows = list(Holiday.objects.values_list("id", "date", "name", "kind", "updated_at"))
    events = HolidayEvent.objects.count()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.holidays_seed(years=[2026])

    assert (result.created, result.renamed, result.removed) == ([], [], [])
    assert result.kept == len(rows) == 25
    assert list(Holiday.objects.values_list("id", "date", "name", "kind", "updated_at")) == rows
    assert HolidayEvent.objects.count() == events
    assert callbacks == []  # nothing changed, nobody is told


def test_reseed_keeps_officer_edits_and_cancellations(user: Any) -> None:
    services.holidays_seed(years=[2026])
    moved = Holiday.objects.get(date=D(2026, 3, 24), kind="joint_leave")
    services.holiday_update(holiday=moved, actor=user, date=D(2026, 3, 25))
    renamed = Holiday.objects.get(date=D(2026, 8, 17))
    services.holiday_update(holiday=renamed, actor=user, name="HUT RI ke-81")
    cancelled = Holiday.objects.get(date=D(2026, 12, 24))
    services.holiday_cancel(holiday=cancelled, reason="SKB dicabut", actor=user)
    count = Holiday.objects.count()

    result = services.holidays_seed(years=[2026])

    assert result.created == []
    assert Holiday.objects.count() == count
    assert not Holiday.objects.filter(date=D(2026, 3, 24)).exists()
    assert Holiday.objects.get(pk=moved.pk).date == D(2026, 3, 25)
    assert Holiday.objects.get(pk=renamed.pk).name == "HUT RI ke-81"
    assert Holiday.objects.get(pk=cancelled.pk).is_cancelled
    assert is_working_day(D(2026, 12, 24))


def test_reseed_skips_dates_entered_by_hand(user: Any) -> None:
    services.holiday_create(
        date=D(2026, 3, 20), name="Cuti Bersama Idul Fitri 1447 H", kind="joint_leave", actor=user
    )
    services.holiday_create(
        date=D(2026, 1, 1), name="Tahun Baru Masehi", kind="joint_leave", actor=user
    )

    result = services.holidays_seed(years=[2026])

    assert result.skipped == 2
    assert Holiday.objects.filter(date=D(2026, 3, 20)).count() == 1
    assert Holiday.objects.filter(date=D(2026, 1, 1)).count() == 1


def test_reseed_follows_package_renames_and_removals() -> None:
    services.holidays_seed(years=[2026])
    # As if an older package had called it differently and offered a date it no longer has.
    Holiday.objects.filter(date=D(2026, 1, 1)).update(name="Tahun Baru 2026")
    stale = Holiday.objects.create(
        date=D(2026, 7, 7),
        name="Perkiraan lama",
        kind="national",
        source=Holiday.Source.SEEDED,
        seed_key="2026-07-07:national",
    )
    kept = Holiday.objects.create(
        date=D(2026, 7, 8),
        name="Perkiraan lama, dibatalkan",
        kind="national",
        source=Holiday.Source.SEEDED,
        seed_key="2026-07-08:national",
        is_cancelled=True,
    )

    result = services.holidays_seed(years=[2026])

    assert [row.date for row in result.renamed] == [D(2026, 1, 1)]
    assert Holiday.objects.get(date=D(2026, 1, 1)).name == "Tahun Baru Masehi"
    assert result.removed == ["2026-07-07:national"]
    assert not Holiday.objects.filter(pk=stale.pk).exists()
    assert Holiday.objects.filter(pk=kept.pk).exists()
    removal = HolidayEvent.objects.get(kind=HolidayEvent.Kind.DELETED)
    assert removal.date == D(2026, 7, 7)
    assert removal.data["reason"] == "no longer offered"
    rename = HolidayEvent.objects.get(kind=HolidayEvent.Kind.UPDATED)
    assert rename.data["changes"] == {"name": ["Tahun Baru 2026", "Tahun Baru Masehi"]}


def test_seed_signals_the_changed_dates_on_commit(django_capture_on_commit_callbacks: Any) -> None:
    from terbuka.calendars.signals import holidays_changed

    received: list[list[dt.date]] = []

    def receiver(sender: Any, dates: list[dt.date], **kwargs: Any) -> None:
        received.append(dates)

    holidays_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.holidays_seed(years=[2026])
    finally:
        holidays_changed.disconnect(receiver)

    assert len(received) == 1
    assert received[0] == sorted(received[0])
    assert {D(2026, 3, 20), D(2026, 12, 25)} <= set(received[0])


@pytest.mark.parametrize(
    ("years", "message"),
    [([], "Pilih paling sedikit satu tahun."), ([1999], "Tahun harus antara 2000 dan 2100.")],
)
def test_seed_validates_years(years: list[int], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.holidays_seed(years=years)

    assert caught.value.message == message


def test_command_seeds_given_years_idempotently() -> None:
    out = StringIO()
    call_command("seed_holidays", "--years", "2026", "2027", stdout=out)
    assert out.getvalue() == (
        "Seeded 2026, 2027: 51 created, 0 renamed, 0 removed, 0 kept, 0 already entered by hand.\n"
    )

    out = StringIO()
    call_command("seed_holidays", "--years", "2027", "2026", stdout=out)
    assert out.getvalue() == (
        "Seeded 2026, 2027: 0 created, 0 renamed, 0 removed, 51 kept, 0 already entered by hand.\n"
    )
    assert Holiday.objects.count() == 51


def test_command_defaults_to_this_and_next_year() -> None:
    with time_machine.travel(dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.timezone.utc)):
        # 20:00 UTC on 31 December is already 2027 in Jakarta.
        call_command("seed_holidays", stdout=StringIO())

    years = {day.year for day in Holiday.objects.values_list("date", flat=True)}
    assert years == {2027, 2028}


def test_command_rejects_bad_years() -> None:
    with pytest.raises(CommandError, match=r"Tahun harus antara 2000 dan 2100\."):
        call_command("seed_holidays", "--years", "1990", stdout=StringIO())
