"""A random walk over the services keeps the request consistent with `TRANSITIONS`."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from terbuka.calendars.workdays import is_working_day
from terbuka.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import TRANSITIONS, Status
from terbuka.inforequests.tests.factories import RequestSettingsFactory

pytestmark = pytest.mark.django_db

Action = Callable[[InformationRequest, dict[str, Any]], Any]
# None: a transition only when the status changes (a return while other units still hold it).
MAYBE = None
LATER = dt.timedelta(days=60)

# Each action and whether a success is a status transition.
ACTIONS: dict[str, tuple[Action, bool | None]] = {
    "ask_completion": (
        lambda r, c: services.request_ask_completion(
            request=r, actor=c["officer"], missing="Lengkapi KTP."
        ),
        True,
    ),
    "complete": (lambda r, c: services.request_complete(request=r, actor=c["applicant"]), True),
    "lapse": (
        lambda r, c: services.request_lapse(
            request=r, actor=None, today=timezone.localdate() + LATER
        ),
        True,
    ),
    "route": (
        lambda r, c: services.request_route(request=r, actor=c["officer"], units=[c["unit"]]),
        True,
    ),
    "return": (
        lambda r, c: services.request_return(
            request=r, actor=c["unit_officer"], unit=c["unit"], note="Bukan kami."
        ),
        MAYBE,
    ),
    "start": (lambda r, c: services.request_start(request=r, actor=c["officer"]), True),
    "extend": (
        lambda r, c: services.request_extend(
            request=r, actor=c["officer"], reason="Arsip masih dicari."
        ),
        True,
    ),
    "refuse": (
        lambda r, c: services.request_issue_notice(
            request=r,
            actor=c["officer"],
            possession="held",
            decision="refused",
            form="none",
            refusal_letters=["c"],
        ),
        True,
    ),
    "grant_with_fee": (
        lambda r, c: services.request_issue_notice(
            request=r,
            actor=c["officer"],
            possession="held",
            decision="granted_full",
            form="hardcopy",
            material="DPA",
            copy_sheets=4,
        ),
        True,
    ),
    "grant_free": (
        lambda r, c: services.request_issue_notice(
            request=r,
            actor=c["officer"],
            possession="held",
            decision="granted_full",
            form="softcopy",
            material="DPA",
        ),
        True,
    ),
    "pay": (
        lambda r, c: services.request_record_payment(
            request=r, actor=c["officer"], amount=2000, method="Tunai"
        ),
        True,
    ),
    "fulfil": (lambda r, c: services.request_fulfil(request=r, actor=c["officer"]), True),
    "close": (
        lambda r, c: services.request_close(request=r, actor=c["officer"], note="Selesai."),
        True,
    ),
    "forward": (
        lambda r, c: services.request_forward(
            request=r, actor=c["officer"], to_body_name="Provinsi Banten"
        ),
        True,
    ),
    "withdraw": (lambda r, c: services.request_withdraw(request=r, actor=c["applicant"]), True),
    "note": (
        lambda r, c: services.request_add_note(request=r, actor=c["officer"], note="Catatan."),
        False,
    ),
    "mark_overdue": (
        lambda r, c: services.request_mark_overdue(timezone.localdate() + LATER),
        False,
    ),
}


def test_random_walks_respect_the_table(
    submit: Any, ppid_utama: Any, applicant: Any, unit: Any, unit_officer: Any, holidays: Any
) -> None:
    RequestSettingsFactory(body=unit.body, copy_fee_per_sheet=500, courier_fee=0, post_fee=0)
    ctx = {
        "officer": ppid_utama,
        "applicant": applicant,
        "unit": unit,
        "unit_officer": unit_officer,
    }

    class RequestMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.request = submit()
            self.transitions = 1  # the registration itself

        @rule(name=st.sampled_from(sorted(ACTIONS)))
        def act(self, name: str) -> None:
            action, is_transition = ACTIONS[name]
            before = self.request.status
            try:
                action(self.request, ctx)
            except (InvalidTransition, ValidationError, PermissionDenied):
                self.request.refresh_from_db()
                assert self.request.status == before
                return
            self.request.refresh_from_db()
            if is_transition or (is_transition is MAYBE and self.request.status != before):
                self.transitions += 1
                assert Status(self.request.status) in TRANSITIONS[Status(before)]

        @invariant()
        def events_follow_the_table(self) -> None:
            request = self.request
            moves = list(
                request.events.exclude(to_status="")
                .order_by("pk")
                .values_list("from_status", "to_status")
            )
            assert len(moves) == self.transitions
            assert moves[0] == ("", Status.REGISTERED)
            for (_prev_from, prev_to), (old, new) in itertools.pairwise(moves):
                assert old == prev_to
                assert Status(new) in TRANSITIONS[Status(old)]
            assert moves[-1][1] == request.status

        @invariant()
        def due_dates_are_working_days(self) -> None:
            request = self.request
            for day in (request.notice_due_on, request.extended_due_on, request.completion_due_on):
                if day is not None:
                    assert is_working_day(day)
            if request.status == Status.INCOMPLETE:
                assert request.clock_started_on is None
                assert request.completion_due_on is not None
            expected = request.extended_due_on if request.is_extended else request.notice_due_on
            assert request.due_on == expected

    run_state_machine_as_test(
        RequestMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
