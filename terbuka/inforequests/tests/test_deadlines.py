"""The legal clock across Lebaran 2026 and the 2026/2027 year end."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from terbuka.calendars import services as calendar_services
from terbuka.calendars.models import Holiday
from terbuka.calendars.workdays import Calendar, is_working_day
from terbuka.inforequests import deadlines, services
from terbuka.inforequests.models import RequestEvent

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
D = dt.date


def test_notice_due_skips_lebaran(calendar: Calendar) -> None:
    """Received Monday 16 March 2026: Nyepi, Idul Fitri, cuti bersama and Good Friday skipped."""
    clock = deadlines.notice_due(D(2026, 3, 16), calendar=calendar)
    assert clock.due == D(2026, 4, 7)
    assert clock.inputs["working_days"] == 10
    assert clock.inputs["law"] == "UU 14/2008 Pasal 22(7)"
    assert clock.inputs["first_working_day"] == "2026-03-17"
    skipped = {row["date"]: row["name"] for row in clock.inputs["skipped"]}
    assert skipped["2026-03-18"] == "Cuti Bersama Hari Suci Nyepi"
    assert skipped["2026-03-21"] == "Hari Raya Idul Fitri"
    assert skipped["2026-03-24"] == "Cuti Bersama Hari Raya Idul Fitri"
    assert skipped["2026-04-03"] == "Wafat Yesus Kristus"
    assert skipped["2026-03-28"] == "Sabtu"
    assert len(clock.inputs["skipped"]) == 12


def test_notice_due_received_on_friday(calendar: Calendar) -> None:
    """Day 1 is the Monday after a Friday receipt."""
    clock = deadlines.notice_due(D(2026, 3, 13), calendar=calendar)
    assert clock.inputs["first_working_day"] == "2026-03-16"
    assert clock.due == D(2026, 4, 6)


def test_notice_due_received_on_a_holiday(calendar: Calendar) -> None:
    """Received on Idul Fitri: day 1 is the first working day after the cuti bersama."""
    clock = deadlines.notice_due(D(2026, 3, 21), calendar=calendar)
    assert clock.inputs["first_working_day"] == "2026-03-25"
    assert clock.due == D(2026, 4, 8)


def test_notice_due_across_year_end(calendar: Calendar) -> None:
    """Christmas, its cuti bersama and New Year are skipped."""
    clock = deadlines.notice_due(D(2026, 12, 23), calendar=calendar)
    assert clock.inputs["first_working_day"] == "2026-12-28"
    assert clock.due == D(2027, 1, 11)
    assert {"date": "2027-01-01", "name": "Tahun Baru Masehi"} in clock.inputs["skipped"]


def test_extension_adds_seven_working_days_to_the_original_due_date(calendar: Calendar) -> None:
    clock = deadlines.extension_due(D(2026, 4, 7), calendar=calendar)
    assert clock.due == D(2026, 4, 16)
    assert clock.inputs["law"] == "UU 14/2008 Pasal 22(8)"
    year_end = deadlines.extension_due(D(2026, 12, 22), calendar=calendar)
    assert year_end.due == D(2027, 1, 5)


def test_completion_window_is_three_working_days(calendar: Calendar) -> None:
    assert deadlines.completion_due(D(2026, 3, 17), calendar=calendar).due == D(2026, 3, 27)
    assert deadlines.completion_due(D(2026, 3, 17), calendar=calendar, days=5).due == D(2026, 3, 31)


def test_objection_window_is_thirty_working_days(calendar: Calendar) -> None:
    clock = deadlines.objection_window(D(2026, 3, 16), calendar=calendar)
    assert clock.inputs["law"] == "UU 14/2008 Pasal 36(1)"
    assert clock.inputs["working_days"] == 30
    # 1 May is a working day in this fixture (it holds only the Lebaran and year-end dates).
    assert clock.due == D(2026, 5, 5)


def test_reminders_fall_two_working_days_before_and_on_the_due_date(calendar: Calendar) -> None:
    assert deadlines.reminder_dates(D(2026, 3, 25), calendar=calendar) == {
        "before_due": D(2026, 3, 16),
        "on_due": D(2026, 3, 25),
    }
    assert deadlines.reminder_dates(D(2026, 4, 7), calendar=calendar)["before_due"] == D(2026, 4, 2)


def test_overdue_starts_the_day_after_the_due_date() -> None:
    assert not deadlines.is_overdue(D(2026, 4, 7), D(2026, 4, 7))
    assert deadlines.is_overdue(D(2026, 4, 7), D(2026, 4, 8))
    assert not deadlines.is_overdue(None, D(2026, 4, 8))


def test_working_days_left(calendar: Calendar) -> None:
    assert deadlines.working_days_left(D(2026, 4, 7), D(2026, 3, 16), calendar=calendar) == 10
    assert deadlines.working_days_left(D(2026, 4, 7), D(2026, 4, 8), calendar=calendar) == -1


def test_every_computed_due_date_is_a_working_day(calendar: Calendar) -> None:
    start = D(2026, 1, 1)
    for offset in range(400):
        day = start + dt.timedelta(days=offset)
        for clock in (
            deadlines.notice_due(day, calendar=calendar),
            deadlines.completion_due(day, calendar=calendar),
        ):
            assert is_working_day(clock.due, calendar=calendar)


# --- Through the services, with the holiday table in the database ---------------------------


def test_friday_evening_web_request_runs_from_monday(holidays: Any, submit: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 13, 19, 30, tzinfo=WIB), tick=False):
        request = submit()
    assert request.clock_started_on == D(2026, 3, 13)
    assert request.notice_due_on == D(2026, 4, 6)
    assert request.due_on == D(2026, 4, 6)
    assert request.clock_inputs["notice"]["first_working_day"] == "2026-03-16"


def test_receipt_date_is_taken_in_jakarta_time(holidays: Any, submit: Any) -> None:
    """17:30 UTC on Friday is 00:30 on Saturday in Jakarta."""
    with time_machine.travel(dt.datetime(2026, 3, 13, 17, 30, tzinfo=dt.UTC), tick=False):
        request = submit()
    assert request.clock_started_on == D(2026, 3, 14)
    assert request.notice_due_on == D(2026, 4, 6)


def test_offline_request_on_a_holiday(holidays: Any, desk_officer: Any, body: Any) -> None:
    from terbuka.inforequests.tests.factories import identity_data

    with time_machine.travel(dt.datetime(2026, 3, 30, 9, 0, tzinfo=WIB), tick=False):
        request = services.request_record(
            actor=desk_officer,
            body=body,
            channel="email",
            received_at=dt.datetime(2026, 3, 21, 10, 0, tzinfo=WIB),
            details="Data stunting 2025.",
            purpose="Liputan.",
            obtain_method="salinan_softcopy",
            delivery_method="email",
            identity_data=identity_data(),
        )
    assert request.notice_due_on == D(2026, 4, 8)
    assert request.registration_year == 2026


def test_extension_through_the_service(holidays: Any, submit: Any, ppid_utama: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
        services.request_extend(
            request=request, actor=ppid_utama, reason="Dokumen masih di arsip inaktif."
        )
    assert request.notice_due_on == D(2026, 4, 7)
    assert request.extended_due_on == D(2026, 4, 16)
    assert request.due_on == D(2026, 4, 16)
    assert request.clock_inputs["extension"]["start"] == "2026-04-07"


def test_extension_after_the_due_date_is_refused(
    holidays: Any, submit: Any, ppid_utama: Any
) -> None:
    from terbuka.core.exceptions import ValidationError

    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
    with (
        time_machine.travel(dt.datetime(2026, 4, 8, 9, 0, tzinfo=WIB), tick=False),
        pytest.raises(ValidationError) as excinfo,
    ):
        services.request_extend(request=request, actor=ppid_utama, reason="Terlambat sekali.")
    assert excinfo.value.code == "extension_too_late"


def test_completion_restarts_the_clock(
    holidays: Any, submit: Any, ppid_utama: Any, applicant: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
        services.request_ask_completion(
            request=request, actor=ppid_utama, missing="Tujuan penggunaan belum jelas."
        )
    assert request.status == "incomplete"
    assert request.completion_due_on == D(2026, 3, 26)
    assert request.notice_due_on is None
    assert request.due_on is None
    with time_machine.travel(dt.datetime(2026, 3, 25, 9, 0, tzinfo=WIB), tick=False):
        services.request_complete(request=request, actor=applicant, purpose="Penelitian tesis.")
    assert request.status == "registered"
    assert request.clock_started_on == D(2026, 3, 25)
    assert request.notice_due_on == D(2026, 4, 9)
    assert request.completion_due_on is None


def test_lapse_only_after_the_completion_window(
    holidays: Any, submit: Any, ppid_utama: Any
) -> None:
    from terbuka.core.exceptions import ValidationError

    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
        services.request_ask_completion(request=request, actor=ppid_utama, missing="KTP.")
    with pytest.raises(ValidationError):
        services.request_lapse(request=request, actor=None, today=D(2026, 3, 26))
    services.request_lapse(request=request, actor=None, today=D(2026, 3, 27))
    assert request.status == "lapsed"


def test_new_holiday_moves_running_clocks(
    holidays: Any, submit: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
        assert request.notice_due_on == D(2026, 4, 7)
        with django_capture_on_commit_callbacks(execute=True):
            calendar_services.holiday_create(
                actor=None,
                date=D(2026, 3, 31),
                name="Libur Nasional Tambahan",
                kind=Holiday.Kind.NATIONAL,
            )
    request.refresh_from_db()
    assert request.notice_due_on == D(2026, 4, 8)
    event = RequestEvent.objects.get(request=request, kind=RequestEvent.Kind.CLOCK_RECOMPUTED)
    assert event.data["after"][0] == "2026-04-08"


def test_passed_due_date_never_moves(holidays: Any, submit: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
    with time_machine.travel(dt.datetime(2026, 4, 9, 9, 0, tzinfo=WIB), tick=False):
        Holiday.objects.create(
            date=D(2026, 3, 31), name="Tambahan", kind="national", source="manual"
        )
        services.request_recompute_clocks_for_dates([D(2026, 3, 31)])
    request.refresh_from_db()
    assert request.notice_due_on == D(2026, 4, 7)
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.CLOCK_RECOMPUTED).exists()


def test_mark_overdue_flags_once(holidays: Any, submit: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
    assert services.request_mark_overdue(D(2026, 4, 7)) == 0
    assert services.request_mark_overdue(D(2026, 4, 8)) == 1
    assert services.request_mark_overdue(D(2026, 4, 9)) == 0
    request.refresh_from_db()
    assert request.is_overdue
    event = RequestEvent.objects.get(request=request, kind=RequestEvent.Kind.OVERDUE)
    assert event.to_status == ""
    assert event.actor is None


def test_deadline_reminders_due(holidays: Any, submit: Any) -> None:
    from terbuka.inforequests.selectors import deadline_reminders_due

    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
    assert deadline_reminders_due(D(2026, 4, 1)) == []
    before = deadline_reminders_due(D(2026, 4, 2))
    assert [(r.request.pk, r.kind) for r in before] == [(request.pk, "before_due")]
    on_due = deadline_reminders_due(D(2026, 4, 7))
    assert [(r.request.pk, r.kind) for r in on_due] == [(request.pk, "on_due")]
    late = deadline_reminders_due(D(2026, 4, 8))
    assert [(r.request.pk, r.kind) for r in late] == [(request.pk, "overdue")]


def test_holiday_outside_any_clock_changes_nothing(holidays: Any, submit: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
        Holiday.objects.create(
            date=D(2027, 6, 1), name="Jauh di depan", kind="national", source="manual"
        )
        services.request_recompute_clocks_for_dates([D(2027, 6, 1), D(2026, 4, 20)])
        services.request_recompute_clocks_for_dates([])
    request.refresh_from_db()
    assert request.notice_due_on == D(2026, 4, 7)
    assert not RequestEvent.objects.filter(kind=RequestEvent.Kind.CLOCK_RECOMPUTED).exists()


def test_new_holiday_moves_completion_and_extension(
    holidays: Any, submit: Any, ppid_utama: Any
) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        extended = submit()
        services.request_extend(request=extended, actor=ppid_utama, reason="Arsip masih dicari.")
        incomplete = submit()
        services.request_ask_completion(request=incomplete, actor=ppid_utama, missing="KTP.")
        assert (extended.extended_due_on, incomplete.completion_due_on) == (
            D(2026, 4, 16),
            D(2026, 3, 26),
        )
        for day in (D(2026, 3, 17), D(2026, 4, 14)):
            Holiday.objects.create(date=day, name="Tambahan", kind="national", source="manual")
        services.request_recompute_clocks_for_dates([D(2026, 3, 17), D(2026, 4, 14)])
    extended.refresh_from_db()
    incomplete.refresh_from_db()
    assert extended.notice_due_on == D(2026, 4, 8)
    assert extended.extended_due_on == D(2026, 4, 20)
    assert extended.due_on == D(2026, 4, 20)
    assert incomplete.completion_due_on == D(2026, 3, 27)


def test_recompute_writes_in_bulk(
    holidays: Any, submit: Any, django_assert_max_num_queries: Any
) -> None:
    """quality.md B6: the queries of a recompute do not grow with the requests it moves."""
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        requests = [submit() for _ in range(6)]
        Holiday.objects.create(
            date=D(2026, 3, 31), name="Tambahan", kind="national", source="manual"
        )
        with django_assert_max_num_queries(10):
            moved = services.request_recompute_clocks_for_dates([D(2026, 3, 31)])
    assert moved == len(requests)
    for request in requests:
        request.refresh_from_db()
        assert request.notice_due_on == request.due_on == D(2026, 4, 8)
        assert request.clock_inputs["notice"]["due"] == "2026-04-08"
    events = RequestEvent.objects.filter(kind=RequestEvent.Kind.CLOCK_RECOMPUTED)
    assert events.count() == len(requests)


def test_recompute_escalates_a_clock_that_ran_out(
    holidays: Any, submit: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A cancelled holiday can pull a due date before today: the escalation goes out."""
    with time_machine.travel(dt.datetime(2026, 3, 25, 9, 0, tzinfo=WIB), tick=False):
        request = submit()
    assert request.notice_due_on == D(2026, 4, 9)
    with time_machine.travel(dt.datetime(2026, 4, 9, 9, 0, tzinfo=WIB), tick=False):
        Holiday.objects.filter(date=D(2026, 4, 3)).update(is_cancelled=True)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert services.request_recompute_clocks_for_dates([D(2026, 4, 3)]) == 1
    request.refresh_from_db()
    assert request.notice_due_on == request.due_on == D(2026, 4, 8)
    event = RequestEvent.objects.get(request=request, kind=RequestEvent.Kind.CLOCK_RECOMPUTED)
    assert event.data == {
        "before": ["2026-04-09", None, None, None],
        "after": ["2026-04-08", None, None, None],
    }
    assert len(callbacks) == 1


_CHANGEABLE = [D(2026, 3, 16) + dt.timedelta(days=n) for n in range(60)]


def test_recompute_equals_a_fresh_computation(holidays: Any, submit: Any, ppid_utama: Any) -> None:
    """Property: after any holiday change, every open clock equals a fresh computation with
    the new calendar (dates already passed stay)."""
    from django.db import transaction
    from hypothesis import given, settings
    from hypothesis import strategies as st

    reason = "Arsip masih dicari."
    with time_machine.travel(dt.datetime(2026, 3, 16, 9, 0, tzinfo=WIB), tick=False):
        opened = [submit(), submit(), submit()]
        services.request_extend(request=opened[1], actor=ppid_utama, reason=reason)
        services.request_ask_completion(request=opened[2], actor=ppid_utama, missing="KTP.")
    for day in (25, 26, 27):
        with time_machine.travel(dt.datetime(2026, 3, day, 9, 0, tzinfo=WIB), tick=False):
            opened += [submit(), submit()]
            services.request_extend(request=opened[-1], actor=ppid_utama, reason=reason)
    original = {r.pk: (r.notice_due_on, r.extended_due_on, r.completion_due_on) for r in opened}

    @settings(max_examples=25, deadline=None)
    @given(
        added=st.sets(st.sampled_from(_CHANGEABLE), max_size=4),
        cancelled=st.sets(st.sampled_from(sorted(h.date for h in holidays)[:9]), max_size=3),
        today=st.sampled_from([D(2026, 3, 27), D(2026, 4, 6), D(2026, 4, 8), D(2026, 4, 16)]),
    )
    def check(added: set[dt.date], cancelled: set[dt.date], today: dt.date) -> None:
        added -= {h.date for h in holidays}
        with transaction.atomic():
            at = dt.datetime.combine(today, dt.time(9), tzinfo=WIB)
            with time_machine.travel(at, tick=False):
                for day in added:
                    Holiday.objects.create(date=day, name="Uji", kind="national", source="manual")
                Holiday.objects.filter(date__in=cancelled).update(is_cancelled=True)
                moved = services.request_recompute_clocks_for_dates(sorted(added | cancelled))
            calendar = deadlines.calendar_for(D(2026, 1, 1), D(2026, 6, 30))
            changed = 0
            for request in opened:
                request.refresh_from_db()
                notice, ext, completion = original[request.pk]
                if completion is not None:
                    clock = request.clock_inputs["completion"]
                    if completion >= today:
                        completion = deadlines.completion_due(
                            D.fromisoformat(clock["start"]),
                            calendar=calendar,
                            days=clock["working_days"],
                        ).due
                else:
                    assert request.clock_started_on is not None
                    if notice >= today:
                        started = request.clock_started_on
                        notice = deadlines.notice_due(started, calendar=calendar).due
                    if ext is not None and ext >= today:
                        ext = deadlines.extension_due(notice, calendar=calendar).due
                expected = (notice, ext, completion)
                stored = (request.notice_due_on, request.extended_due_on, request.completion_due_on)
                assert stored == expected
                assert request.due_on == (ext if request.is_extended else notice)
                changed += expected != original[request.pk]
            events = RequestEvent.objects.filter(kind=RequestEvent.Kind.CLOCK_RECOMPUTED)
            assert moved == changed == events.count()
            transaction.set_rollback(True)

    check()
