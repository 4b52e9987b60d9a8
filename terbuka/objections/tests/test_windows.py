"""The objection clocks across holidays: a few examples through the services with the holiday
rows in the database, and a property of the pure functions over every notice date of 2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from terbuka.calendars.workdays import add_working_days, is_working_day, working_days_between
from terbuka.core.exceptions import ValidationError
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.conftest import holiday_calendar, holidays  # noqa: F401
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import deadlines, services
from terbuka.objections.models import AtasanResponse, Objection
from terbuka.objections.states import ObjectionStatus

D = dt.date
WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = holiday_calendar()
LEBARAN = {D(2026, 3, day) for day in range(18, 25)} | {D(2026, 4, 3)}


def _at(day: dt.date, hour: int = 9) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=WIB))


def _next_working_day(day: dt.date) -> dt.date:
    return add_working_days(day, 1, calendar=CALENDAR).due


# --- Through the services, with the holiday rows --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("notice_on", "last_day"),
    [
        # Lebaran 2026: Nyepi, Idul Fitri and the cuti bersama (18-24 March) and Good Friday.
        (D(2026, 3, 10), D(2026, 4, 29)),
        # The year end: Christmas cuti bersama and day, New Year's Day 2027.
        (D(2026, 12, 10), D(2027, 1, 26)),
    ],
)
def test_window_across_holidays(
    holidays: Any,  # noqa: F811
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    notice_on: dt.date,
    last_day: dt.date,
) -> None:
    with _at(notice_on):
        request = refused_request()
        second = refused_request()
    # The last day itself is in time, late in the afternoon too (UU 14/2008 Pasal 36(1)).
    with _at(last_day, hour=16):
        objection = file_objection(request=request)
    assert objection.ground_arose_on == notice_on
    assert objection.window_due_on == last_day
    assert objection.clock_inputs["window"]["working_days"] == 30
    skipped = {D.fromisoformat(s["date"]) for s in objection.clock_inputs["window"]["skipped"]}
    assert {h.date for h in holidays} & skipped
    # The next working day is too late, and the refusal names the last day.
    with _at(_next_working_day(last_day)), pytest.raises(ValidationError) as excinfo:
        file_objection(request=second)
    assert excinfo.value.code == "objection_window_closed"
    assert excinfo.value.details["last_valid_day"] == last_day.isoformat()
    months = {4: "April", 1: "Januari"}
    assert f"{last_day.day} {months[last_day.month]} {last_day.year}" in excinfo.value.message


@pytest.mark.django_db
def test_an_objection_received_before_lebaran(
    holidays: Any,  # noqa: F811
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    atasan: Any,
) -> None:
    with _at(D(2026, 3, 2)):
        request = refused_request()
    with _at(D(2026, 3, 10)):
        objection = file_objection(request=request)
    # 30 working days from 10 March skip the whole Lebaran break: the same 29 April.
    assert objection.response_due_on == D(2026, 4, 29)
    response_skipped = {s["date"] for s in objection.clock_inputs["response"]["skipped"]}
    assert {d.isoformat() for d in LEBARAN} <= response_skipped
    # The Atasan answers on Tuesday 17 March; 14 working days to the Komisi Informasi run
    # past Lebaran and Good Friday to 14 April (UU 14/2008 Pasal 37(2)).
    with _at(D(2026, 3, 17)):
        services.objection_answer(
            objection=objection,
            actor=atasan,
            decision=AtasanResponse.Decision.UPHELD,
            reasons="Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b.",
            atasan_name="Drs. Atasan",
            atasan_position="Sekretaris Daerah",
        )
    objection.refresh_from_db()
    assert objection.dispute_due_on == D(2026, 4, 14)


@pytest.mark.django_db
def test_lapse_across_lebaran(
    holidays: Any,  # noqa: F811
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> None:
    with _at(D(2026, 3, 10)):
        objection = file_objection(request=refused_request())
    # 29 April is still in time; the lapse comes the day after.
    assert services.objection_mark_lapsed(D(2026, 4, 29)) == 0
    assert services.objection_mark_lapsed(D(2026, 4, 30)) == 1
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.LAPSED_UNANSWERED
    # 14 working days from the end of the 30 (UU 14/2008 Pasal 37(2)).
    assert (
        objection.dispute_due_on
        == deadlines.dispute_filing_due(D(2026, 4, 29), calendar=CALENDAR).due
    )


@pytest.mark.django_db
def test_not_yet_open_before_the_notice_due_date(
    holidays: Any,  # noqa: F811
    body: Any,
    applicant: Any,
    file_objection: Callable[..., Objection],
) -> None:
    with _at(D(2026, 3, 16)):
        request = request_services.request_submit(
            actor=applicant,
            body=body,
            details="Salinan DPA Dinas Kesehatan tahun 2025.",
            purpose="Penelitian skripsi.",
            obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
            delivery_method=InformationRequest.DeliveryMethod.EMAIL,
            identity_data=identity_data(),
        )
    assert request.due_on is not None
    due = request.due_on
    # During Lebaran the request is unanswered but not yet late: no objection on ground c.
    with _at(D(2026, 3, 25)), pytest.raises(ValidationError) as excinfo:
        file_objection(request=request, grounds=["c"])
    assert excinfo.value.code == "objection_not_yet_open"
    assert str(due.day) in excinfo.value.message
    # The first working day after the due date the ground has arisen (Pasal 35(1) letter c).
    arose = _next_working_day(due)
    with _at(arose):
        objection = file_objection(request=request, grounds=["c"])
    assert objection.ground_arose_on == arose


# --- The pure functions, for every notice date of 2026 ---------------------------------------


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)))
def test_window_due_is_the_thirtieth_working_day(notice_on: dt.date) -> None:
    window = deadlines.filing_window(notice_on, calendar=CALENDAR)
    due = window.due
    # Filing on the due day is in time: it is the 30th working day after the ground.
    assert is_working_day(due, calendar=CALENDAR)
    assert working_days_between(notice_on, due, calendar=CALENDAR) == 30
    assert not due > window.due
    # The next working day is the 31st: too late.
    after = _next_working_day(due)
    assert working_days_between(notice_on, after, calendar=CALENDAR) == 31
    assert after > window.due
    # Every day skipped is named and lies strictly between the ground and the due date.
    skipped = [D.fromisoformat(s["date"]) for s in window.inputs["skipped"]]
    assert all(notice_on < day < due for day in skipped)
    assert all(not is_working_day(day, calendar=CALENDAR) for day in skipped)
    assert (due - notice_on).days == 30 + len(skipped)
    assert window.inputs["law"] == "UU 14/2008 Pasal 36(1)"


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)))
def test_the_requests_own_clock_is_the_objection_window(notice_on: dt.date) -> None:
    # One rule, two names: the request app shows the same last day (Pasal 36(1)).
    from terbuka.inforequests import deadlines as request_deadlines

    assert (
        deadlines.filing_window(notice_on, calendar=CALENDAR).due
        == request_deadlines.objection_window(notice_on, calendar=CALENDAR).due
    )


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)))
def test_lapsed_ground_is_the_next_working_day(notice_due_on: dt.date) -> None:
    arose = deadlines.ground_arose_on(None, notice_due_on, calendar=CALENDAR)
    assert arose is not None
    assert arose > notice_due_on
    assert is_working_day(arose, calendar=CALENDAR)
    assert working_days_between(notice_due_on, arose, calendar=CALENDAR) == 1


@given(st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)))
def test_dispute_and_commission_clocks_are_ordered(answered_on: dt.date) -> None:
    dispute = deadlines.dispute_filing_due(answered_on, calendar=CALENDAR).due
    start, settle = deadlines.commission_clocks(dispute, calendar=CALENDAR)
    assert answered_on < dispute < start.due < settle.due
    assert working_days_between(answered_on, dispute, calendar=CALENDAR) == 14
    assert working_days_between(dispute, settle.due, calendar=CALENDAR) == 100
