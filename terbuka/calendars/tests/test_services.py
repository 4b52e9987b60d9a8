from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from terbuka.calendars import services
from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.signals import (
    holidays_changed,
    register_clock_recomputer,
    unregister_clock_recomputer,
)
from terbuka.calendars.tests.factories import HolidayFactory
from terbuka.calendars.workdays import add_working_days
from terbuka.core.exceptions import Conflict, InvalidTransition, ValidationError

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def changes() -> Iterator[list[list[dt.date]]]:
    """Collect the dates of every `holidays_changed` signal."""
    received: list[list[dt.date]] = []

    def receiver(sender: Any, dates: list[dt.date], **kwargs: Any) -> None:
        received.append(dates)

    holidays_changed.connect(receiver)
    yield received
    holidays_changed.disconnect(receiver)


@pytest.fixture
def recomputed() -> Iterator[list[list[dt.date]]]:
    """Collect the dates every registered clock recomputer is called with."""
    calls: list[list[dt.date]] = []

    def recompute(dates: Sequence[dt.date]) -> None:
        calls.append(list(dates))

    register_clock_recomputer(recompute)
    yield calls
    unregister_clock_recomputer(recompute)


def test_create_adds_a_manual_row_with_an_event(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        holiday = services.holiday_create(
            date=D(2026, 11, 2),
            name=" Hari Jadi Kota Serang ",
            kind=Holiday.Kind.LOCAL,
            region_code="36.73",
            note="Perda Kota Serang",
            actor=user,
        )

    assert holiday.source == Holiday.Source.MANUAL
    assert holiday.name == "Hari Jadi Kota Serang"
    assert holiday.updated_by == user
    event = HolidayEvent.objects.get()
    assert (event.holiday, event.kind, event.date, event.actor) == (
        holiday,
        HolidayEvent.Kind.CREATED,
        D(2026, 11, 2),
        user,
    )
    assert event.data == {
        "date": "2026-11-02",
        "name": "Hari Jadi Kota Serang",
        "kind": "local",
        "region_code": "36.73",
        "source": "manual",
        "note": "Perda Kota Serang",
    }
    assert changes == [[D(2026, 11, 2)]]


def test_create_local_without_region_is_refused(user: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        services.holiday_create(
            date=D(2026, 11, 2), name="Hari Jadi", kind=Holiday.Kind.LOCAL, actor=user
        )

    assert caught.value.message == "Hari libur daerah harus memiliki kode wilayah."
    assert caught.value.details == {
        "fields": {"region_code": ["Hari libur daerah harus memiliki kode wilayah."]}
    }
    assert not Holiday.objects.exists()
    assert not HolidayEvent.objects.exists()


@pytest.mark.parametrize(
    ("kind", "region", "message"),
    [
        (
            Holiday.Kind.NATIONAL,
            "36.73",
            "Hari libur nasional berlaku di seluruh Indonesia; kosongkan kode wilayah.",
        ),
        (
            Holiday.Kind.LOCAL,
            "36.7",
            "Kode wilayah tidak valid. Gunakan kode Kemendagri, mis. 36 atau 36.73 atau 36.73.01.",
        ),
        ("bogus", "", "Nilai 'bogus' bukan pilihan yang valid."),
    ],
)
def test_create_validates(user: Any, kind: str, region: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.holiday_create(
            date=D(2026, 11, 2), name="X", kind=kind, region_code=region, actor=user
        )

    assert caught.value.message == message


def test_create_duplicate_is_refused(user: Any) -> None:
    HolidayFactory.create(date=D(2026, 8, 17), name="Hari Kemerdekaan")

    with pytest.raises(ValidationError) as caught:
        services.holiday_create(
            date=D(2026, 8, 17), name="Hari Kemerdekaan", kind="national", actor=user
        )

    assert caught.value.message == "Hari libur dengan tanggal, wilayah dan nama ini sudah ada."


def test_update_moves_a_holiday_and_reports_both_dates(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(date=D(2026, 3, 23), name="Cuti Bersama", kind="joint_leave")

    with django_capture_on_commit_callbacks(execute=True):
        updated = services.holiday_update(holiday=holiday, actor=user, date=D(2026, 3, 25))

    assert updated.date == D(2026, 3, 25)
    assert not updated.is_edited  # only seeded rows are marked
    event = HolidayEvent.objects.get()
    assert event.kind == HolidayEvent.Kind.UPDATED
    assert event.data == {"changes": {"date": ["2026-03-23", "2026-03-25"]}}
    assert changes == [[D(2026, 3, 23), D(2026, 3, 25)]]
    assert add_working_days(D(2026, 3, 20), 1).due == D(2026, 3, 23)


def test_update_marks_seeded_rows_edited(user: Any) -> None:
    holiday = HolidayFactory.create(source=Holiday.Source.SEEDED, seed_key="2026-08-17:national")

    updated = services.holiday_update(holiday=holiday, actor=user, name="HUT RI ke-81")

    assert updated.is_edited
    assert Holiday.objects.get().name == "HUT RI ke-81"
    assert HolidayEvent.objects.get().data == {"changes": {"name": [holiday.name, "HUT RI ke-81"]}}


def test_update_without_changes_writes_nothing(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(name="Sama")

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_update(holiday=holiday, actor=user, name="Sama", date=holiday.date)

    assert not HolidayEvent.objects.exists()
    assert changes == []


def test_rename_does_not_signal(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create()

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_update(holiday=holiday, actor=user, name="Nama baru", note="catatan")

    assert HolidayEvent.objects.count() == 1
    assert changes == []


def test_cancel_keeps_the_date_a_working_day(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(date=D(2026, 3, 23), kind="joint_leave", note="SKB 2025")

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_cancel(holiday=holiday, reason="SKB perubahan No. 3/2026", actor=user)

    holiday.refresh_from_db()
    assert holiday.is_cancelled
    assert holiday.note == "SKB perubahan No. 3/2026"
    event = HolidayEvent.objects.get()
    assert (event.kind, event.actor) == (HolidayEvent.Kind.CANCELLED, user)
    assert event.data == {"reason": "SKB perubahan No. 3/2026", "old_note": "SKB 2025"}
    assert changes == [[D(2026, 3, 23)]]
    assert add_working_days(D(2026, 3, 20), 1).due == D(2026, 3, 23)

    with pytest.raises(InvalidTransition) as caught:
        services.holiday_cancel(holiday=holiday, actor=user)
    assert caught.value.message == "Hari libur ini sudah dibatalkan."


def test_cancel_without_reason_keeps_the_note(user: Any) -> None:
    holiday = HolidayFactory.create(note="Keppres")

    services.holiday_cancel(holiday=holiday, actor=user)

    holiday.refresh_from_db()
    assert holiday.note == "Keppres"
    assert HolidayEvent.objects.get().data == {"reason": ""}


def test_restore(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(date=D(2026, 3, 23), is_cancelled=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_restore(holiday=holiday, actor=user)

    holiday.refresh_from_db()
    assert not holiday.is_cancelled
    assert HolidayEvent.objects.get().kind == HolidayEvent.Kind.RESTORED
    assert changes == [[D(2026, 3, 23)]]

    with pytest.raises(InvalidTransition) as caught:
        services.holiday_restore(holiday=holiday, actor=user)
    assert caught.value.message == "Hari libur ini tidak sedang dibatalkan."


def test_delete_manual_row_keeps_its_history(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(date=D(2026, 11, 2), name="Hari Jadi")

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_delete(holiday=holiday, actor=user)

    assert not Holiday.objects.exists()
    event = HolidayEvent.objects.get()
    assert (event.holiday, event.kind, event.date, event.actor) == (
        None,
        HolidayEvent.Kind.DELETED,
        D(2026, 11, 2),
        user,
    )
    assert event.data["name"] == "Hari Jadi"
    assert changes == [[D(2026, 11, 2)]]


def test_delete_cancelled_manual_row_does_not_signal(
    user: Any, django_capture_on_commit_callbacks: Any, changes: list[list[dt.date]]
) -> None:
    holiday = HolidayFactory.create(is_cancelled=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.holiday_delete(holiday=holiday, actor=user)

    assert not Holiday.objects.exists()
    assert changes == []


def test_delete_seeded_row_is_refused(user: Any) -> None:
    holiday = HolidayFactory.create(source=Holiday.Source.SEEDED, seed_key="2026-08-17:national")

    with pytest.raises(Conflict) as caught:
        services.holiday_delete(holiday=holiday, actor=user)

    assert caught.value.message == (
        "Hari libur dari paket tidak dapat dihapus. Batalkan saja agar tanggalnya tetap hari kerja."
    )
    assert Holiday.objects.exists()
    assert not HolidayEvent.objects.exists()


def test_signal_and_task_run_only_after_commit(
    user: Any,
    django_capture_on_commit_callbacks: Any,
    changes: list[list[dt.date]],
    recomputed: list[list[dt.date]],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.holiday_create(date=D(2026, 7, 1), name="Libur", kind="national", actor=user)

    assert changes == []
    assert recomputed == []
    assert len(callbacks) == 1

    callbacks[0]()

    assert changes == [[D(2026, 7, 1)]]
    assert recomputed == [[D(2026, 7, 1)]]


def test_recompute_task_calls_every_recomputer(recomputed: list[list[dt.date]]) -> None:
    from terbuka.calendars.signals import clock_recomputers
    from terbuka.calendars.tasks import recompute_open_clocks

    registered_by_apps = len(clock_recomputers())
    calls: list[list[dt.date]] = []
    register_clock_recomputer(lambda dates: calls.append(list(dates)))
    try:
        called = recompute_open_clocks.call(["2026-07-02", "2026-07-01", "2026-07-02"])
    finally:
        from terbuka.calendars.signals import _recomputers

        _recomputers.pop()

    assert called == registered_by_apps + 1
    assert recomputed == [[D(2026, 7, 1), D(2026, 7, 2)]]
    assert calls == recomputed


def test_register_clock_recomputer_is_idempotent() -> None:
    from terbuka.calendars.signals import clock_recomputers

    def recompute(dates: Sequence[dt.date]) -> None:
        pass

    before = len(clock_recomputers())
    assert register_clock_recomputer(recompute) is recompute
    register_clock_recomputer(recompute)
    assert len(clock_recomputers()) == before + 1
    unregister_clock_recomputer(recompute)
    assert len(clock_recomputers()) == before
