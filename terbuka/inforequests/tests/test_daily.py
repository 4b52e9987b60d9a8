from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.calendars.models import Holiday
from terbuka.core.management.commands.daily import Command
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest, RequestRouting
from terbuka.inforequests.states import Status
from terbuka.inforequests.tests.factories import InformationRequestFactory
from terbuka.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

# A Wednesday with no holiday around it.
TODAY = dt.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _run_on_commit(django_capture_on_commit_callbacks: Any) -> Iterator[None]:
    with django_capture_on_commit_callbacks(execute=True):
        yield


@pytest.fixture
def atasan(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user


def _run(day: dt.date, django_capture_on_commit_callbacks: Any) -> dict[str, str]:
    """Run `terbuka daily`; return each job's line of counts by job name."""
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("daily", "--date", day.isoformat(), stdout=out)
    return dict(line.split(": ", 1) for line in out.getvalue().splitlines())


def _daily(day: dt.date, django_capture_on_commit_callbacks: Any) -> str:
    """The request job's counts of `terbuka daily`."""
    return _run(day, django_capture_on_commit_callbacks)["requests"] + "\n"


def _subjects(mailoutbox: list[Any], address: str) -> list[str]:
    return sorted(m.subject for m in mailoutbox if m.to == [address])


def _routed(body: Any, unit: Any, ppid_utama: Any, **kwargs: Any) -> InformationRequest:
    request = InformationRequestFactory.create(
        body=body, status=Status.ROUTED, requester_identity__email="siti@example.test", **kwargs
    )
    RequestRouting.objects.create(
        request=request,
        unit=unit,
        routed_by=ppid_utama,
        routed_at=dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC),
    )
    return request


def test_overdue_is_flagged_and_escalated_once(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    atasan: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _routed(body, unit, ppid_utama, due_on=TODAY - dt.timedelta(days=1))
    output = _daily(TODAY, django_capture_on_commit_callbacks)
    assert output == "1 overdue, 2 reminders, 0 lapsed.\n"
    request.refresh_from_db()
    assert request.is_overdue is True
    assert request.events.filter(kind="overdue").count() == 1
    number = request.registration_number
    escalation = f"[Terbuka] Permohonan {number} lewat batas waktu"
    reminder = f"[Terbuka] Pengingat batas waktu permohonan {number}"
    assert _subjects(mailoutbox, "atasan@example.test") == [escalation]
    assert _subjects(mailoutbox, "utama@example.test") == sorted([escalation, reminder])
    assert _subjects(mailoutbox, "pelaksana@example.test") == sorted([escalation, reminder])
    assert _subjects(mailoutbox, "siti@example.test") == []
    [message] = [m for m in mailoutbox if m.to == ["atasan@example.test"]]
    assert "Unit penanggung jawab: Dinas Kesehatan." in message.body
    assert "9 Juni 2026" in message.body

    sent = len(mailoutbox)
    assert _daily(TODAY, django_capture_on_commit_callbacks) == (
        "0 overdue, 0 reminders, 0 lapsed.\n"
    )
    assert len(mailoutbox) == sent
    # The next day: one more reminder each, no second escalation.
    _daily(TODAY + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert _subjects(mailoutbox, "atasan@example.test") == [escalation]
    assert _subjects(mailoutbox, "pelaksana@example.test") == sorted(
        [escalation, reminder, reminder]
    )


def test_reminder_on_the_due_date_goes_out_once_a_day(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    other_unit_officer: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _routed(body, unit, ppid_utama, due_on=TODAY)
    _daily(TODAY, django_capture_on_commit_callbacks)
    _daily(TODAY, django_capture_on_commit_callbacks)
    subject = f"[Terbuka] Pengingat batas waktu permohonan {request.registration_number}"
    assert _subjects(mailoutbox, "pelaksana@example.test") == [subject]
    assert _subjects(mailoutbox, "utama@example.test") == [subject]
    assert _subjects(mailoutbox, "disdik@example.test") == []
    [message] = [m for m in mailoutbox if m.to == ["pelaksana@example.test"]]
    assert "Hari ini, 10 Juni 2026, adalah batas waktu" in message.body
    request.refresh_from_db()
    assert request.is_overdue is False


def test_no_reminder_on_other_days(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    _routed(body, unit, ppid_utama, due_on=TODAY + dt.timedelta(days=14))
    assert _daily(TODAY, django_capture_on_commit_callbacks) == (
        "0 overdue, 0 reminders, 0 lapsed.\n"
    )
    assert mailoutbox == []


def test_incomplete_request_lapses_after_its_window(
    body: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    def incomplete(completion_due_on: dt.date) -> InformationRequest:
        return InformationRequestFactory.create(
            body=body,
            status=Status.INCOMPLETE,
            clock_started_on=None,
            notice_due_on=None,
            due_on=None,
            completion_due_on=completion_due_on,
            requester_identity__email="siti@example.test",
        )

    late = incomplete(TODAY - dt.timedelta(days=1))
    in_time = incomplete(TODAY)
    assert _daily(TODAY, django_capture_on_commit_callbacks) == (
        "0 overdue, 0 reminders, 1 lapsed.\n"
    )
    late.refresh_from_db()
    in_time.refresh_from_db()
    assert late.status == Status.LAPSED
    assert in_time.status == Status.INCOMPLETE
    assert _subjects(mailoutbox, "siti@example.test") == [
        f"[Terbuka] Permohonan {late.registration_number} gugur"
    ]
    assert _daily(TODAY, django_capture_on_commit_callbacks) == (
        "0 overdue, 0 reminders, 0 lapsed.\n"
    )
    assert len(mailoutbox) == 1


def test_december_run_seeds_next_years_holidays(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    assert not Holiday.objects.filter(date__year=2027).exists()
    output = _run(dt.date(2026, 12, 1), django_capture_on_commit_callbacks)
    created = Holiday.objects.filter(date__year=2027).count()
    assert created > 10
    assert output["calendar"] == f"{created} holidays seeded."
    assert output["requests"] == "0 overdue, 0 reminders, 0 lapsed."
    again = _run(dt.date(2026, 12, 2), django_capture_on_commit_callbacks)
    assert again["calendar"] == "0 holidays seeded."


def test_calendar_job_is_silent_outside_december(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    output = _run(dt.date(2026, 11, 30), django_capture_on_commit_callbacks)
    assert "calendar" not in output
    assert not Holiday.objects.filter(date__year=2027).exists()


def test_bad_date_is_refused() -> None:
    with pytest.raises(CommandError, match=r"^--date must be YYYY-MM-DD\.$"):
        call_command("daily", "--date", "kemarin")


def test_help_says_cron_runs_it_daily() -> None:
    assert "cron runs it once a day" in Command.help


def test_daily_escalation_and_a_transition_share_one_mail_a_day(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    atasan: Any,
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    request = _routed(body, unit, ppid_utama, due_on=TODAY - dt.timedelta(days=1))
    _daily(TODAY, django_capture_on_commit_callbacks)
    escalation = f"[Terbuka] Permohonan {request.registration_number} lewat batas waktu"
    assert _subjects(mailoutbox, "atasan@example.test") == [escalation]
    with django_capture_on_commit_callbacks(execute=True):
        services.request_start(request=request, actor=unit_officer)
    assert _subjects(mailoutbox, "atasan@example.test") == [escalation]
    assert OutboundEmail.objects.filter(dedupe_key__contains=":escalation:").count() == 3
