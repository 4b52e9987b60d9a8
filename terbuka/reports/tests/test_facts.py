"""Request facts and their sums: every outcome path through the request services, the outbox,
and the incremental sums against a rebuild and against the raw request tables."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest, RequestEvent, WrittenNotice
from terbuka.reports import facts
from terbuka.reports.models import (
    COUNTER_FIELDS,
    DaysStat,
    Measure,
    MonthlyStat,
    Outcome,
    RequestFact,
    StatsQueue,
)

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
POSS = WrittenNotice.Possession
DEC = WrittenNotice.Decision


def at(year: int, month: int, day: int, hour: int = 9) -> Any:
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=WIB), tick=False)


def fact(request: InformationRequest) -> RequestFact:
    facts.drain()
    return RequestFact.objects.get(request_id=request.pk)


def notice(request: InformationRequest, actor: Any, **kwargs: Any) -> WrittenNotice:
    values: dict[str, Any] = {
        "possession": POSS.HELD,
        "decision": DEC.GRANTED_FULL,
        "form": WrittenNotice.Form.SOFTCOPY,
        "material": "Salinan DPA.",
    }
    values.update(kwargs)
    return services.request_issue_notice(request=request, actor=actor, **values)


def sums() -> list[dict[str, Any]]:
    rows = MonthlyStat.objects.order_by("body_id", "unit_key", "year", "month").values(
        "body_id", "unit_key", "year", "month", *COUNTER_FIELDS
    )
    return [row for row in rows if row["received"]]


def spreads() -> list[tuple[Any, ...]]:
    rows = DaysStat.objects.order_by(
        "body_id", "unit_key", "year", "month", "measure", "days"
    ).values_list("body_id", "unit_key", "year", "month", "measure", "days", "count")
    return [row for row in rows if row[-1]]


# --- The outbox --------------------------------------------------------------------------------


def test_every_request_event_queues_its_request(submit: Any, desk_officer: Any) -> None:
    request = submit()
    assert set(StatsQueue.objects.values_list("request_id", flat=True)) == {request.pk}
    queued = StatsQueue.objects.count()
    services.request_start(request=request, actor=desk_officer)
    assert StatsQueue.objects.count() == queued + 1
    assert facts.drain() == queued + 1
    assert not StatsQueue.objects.exists()
    assert RequestFact.objects.get(request_id=request.pk).outcome == Outcome.PENDING


def test_a_rolled_back_event_leaves_no_queue_row(submit: Any) -> None:
    request = submit()
    facts.drain()

    def write_then_fail() -> None:
        with transaction.atomic():
            RequestEvent.objects.create(
                request=request, kind=RequestEvent.Kind.NOTE, occurred_at=request.received_at
            )
            assert StatsQueue.objects.count() == 1
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert not StatsQueue.objects.exists()


def test_draining_twice_changes_nothing(submit: Any, desk_officer: Any) -> None:
    request = submit()
    notice(request, desk_officer)
    facts.drain()
    before = (sums(), spreads())
    facts.enqueue([request.pk, request.pk])
    assert facts.drain() == 1
    assert (sums(), spreads()) == before
    with_limit = submit()
    assert facts.drain(limit=1) == 1
    assert StatsQueue.objects.exists() or RequestFact.objects.filter(pk=with_limit.pk).exists()


def test_a_queued_request_that_no_longer_exists_is_dropped(submit: Any) -> None:
    facts.enqueue([987654])
    assert facts.drain() == 1
    assert not StatsQueue.objects.exists()
    assert not RequestFact.objects.exists()


# --- Outcomes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("possession", "decision", "letters", "expected", "expected_letters"),
    [
        (POSS.HELD, DEC.GRANTED_FULL, [], Outcome.GRANTED_FULL, ""),
        (POSS.HELD, DEC.GRANTED_PARTIAL, ["c"], Outcome.GRANTED_PARTIAL, ""),
        (POSS.HELD, DEC.REFUSED, ["j", "a", "c"], Outcome.REFUSED, "acj"),
        (POSS.NOT_HELD, DEC.REFUSED, [], Outcome.NOT_HELD, ""),
        (POSS.NOT_YET_DOCUMENTED, DEC.REFUSED, [], Outcome.NOT_HELD, ""),
        (POSS.HELD_BY_OTHER, DEC.REFUSED, [], Outcome.FORWARDED, ""),
    ],
)
def test_the_notice_sets_the_outcome(
    submit: Any,
    desk_officer: Any,
    possession: str,
    decision: str,
    letters: list[str],
    expected: str,
    expected_letters: str,
) -> None:
    request = submit()
    extra: dict[str, Any] = {"possession": possession, "decision": decision}
    if letters:
        extra["refusal_letters"] = letters
        extra["consequence_test_ref"] = "UK/1/2026"
    if decision == DEC.REFUSED:
        extra["form"] = WrittenNotice.Form.NONE
        extra["material"] = ""
    if possession == POSS.HELD_BY_OTHER:
        extra["other_body_name"] = "Pemerintah Provinsi Banten"
    if possession == POSS.NOT_YET_DOCUMENTED:
        extra["documented_by"] = "Akhir tahun 2026"
    if decision == DEC.GRANTED_PARTIAL:
        extra["redaction_explanation"] = "NIK pihak ketiga dihitamkan."
    notice(request, desk_officer, **extra)
    found = fact(request)
    assert found.outcome == expected
    assert found.refusal_letters == expected_letters
    assert found.noticed_on_time is True
    assert found.notice_days == 0


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (InformationRequest.Status.REGISTERED, Outcome.PENDING),
        (InformationRequest.Status.INCOMPLETE, Outcome.PENDING),
        (InformationRequest.Status.FORWARDED, Outcome.FORWARDED),
        (InformationRequest.Status.WITHDRAWN, Outcome.WITHDRAWN),
        (InformationRequest.Status.LAPSED, Outcome.LAPSED),
        (InformationRequest.Status.IN_PROGRESS, Outcome.PENDING),
    ],
)
def test_without_a_notice_the_status_sets_the_outcome(status: str, expected: str) -> None:
    request = InformationRequest(status=status)
    assert facts.outcome_of(request, None) == expected


def test_forward_withdraw_and_lapse_through_the_services(
    submit: Any, desk_officer: Any, applicant: Any
) -> None:
    forwarded = submit()
    services.request_forward(
        request=forwarded, actor=desk_officer, to_body_name="Pemerintah Provinsi Banten"
    )
    withdrawn = submit()
    services.request_withdraw(request=withdrawn, actor=applicant, reason="Sudah tidak perlu.")
    with at(2026, 6, 1):
        lapsed = submit()
        services.request_ask_completion(
            request=lapsed, actor=desk_officer, missing="Rincian informasi belum jelas."
        )
    services.request_lapse(request=lapsed, actor=None, today=dt.date(2026, 12, 31))
    assert fact(forwarded).outcome == Outcome.FORWARDED
    assert fact(withdrawn).outcome == Outcome.WITHDRAWN
    assert fact(lapsed).outcome == Outcome.LAPSED


def test_working_days_skip_weekends_and_holidays(
    submit: Any, desk_officer: Any, holidays: Any
) -> None:
    # Received Tuesday 17 March 2026; Nyepi, Idul Fitri and the cuti bersama close the offices
    # from 18 to 24 March, so Wednesday 25 March is the first working day after receipt.
    with at(2026, 3, 17):
        request = submit()
    with at(2026, 3, 26):
        notice(request, desk_officer)
    with at(2026, 3, 30):
        services.request_fulfil(request=request, actor=desk_officer)
    found = fact(request)
    assert (found.year, found.month) == (2026, 3)
    assert found.notice_days == 2
    assert found.fulfil_days == 4
    assert found.noticed_on_time is True
    assert found.overdue is False


def test_an_extended_late_notice_counts_as_overdue(submit: Any, desk_officer: Any) -> None:
    with at(2026, 5, 4):
        request = submit()
        services.request_extend(request=request, actor=desk_officer, reason="Dokumen di arsip.")
    request.refresh_from_db()
    assert request.extended_due_on is not None
    late = request.extended_due_on + dt.timedelta(days=3)
    assert services.request_mark_overdue(late) == 1
    with at(late.year, late.month, late.day):
        notice(request, desk_officer)
    found = fact(request)
    assert found.extended is True
    assert found.overdue is True
    assert found.noticed_on_time is False
    assert found.notice_days is not None
    assert found.notice_days > 17


def test_a_notice_on_the_last_extended_day_is_on_time(submit: Any, desk_officer: Any) -> None:
    with at(2026, 5, 4):
        request = submit()
        services.request_extend(request=request, actor=desk_officer, reason="Dokumen di arsip.")
    request.refresh_from_db()
    due = request.extended_due_on
    with at(due.year, due.month, due.day, 15):
        notice(request, desk_officer)
    found = fact(request)
    assert found.noticed_on_time is True
    assert found.overdue is False
    assert found.notice_days == 17


def test_routing_moves_the_request_to_the_unit_and_back(
    submit: Any, ppid_utama: Any, unit: Any, ppid_utama_unit: Any
) -> None:
    request = submit()
    assert fact(request).unit_key == ppid_utama_unit.pk
    services.request_route(request=request, actor=ppid_utama, units=[unit], note="Mohon dijawab.")
    assert fact(request).unit_key == unit.pk
    cell = MonthlyStat.objects.get(unit_key=unit.pk)
    assert cell.received == 1
    assert MonthlyStat.objects.get(unit_key=ppid_utama_unit.pk).received == 0


def test_a_request_filed_to_a_unit_counts_for_that_unit(submit: Any, unit: Any) -> None:
    request = submit(unit=unit)
    assert fact(request).unit_key == unit.pk


# --- Sums ---------------------------------------------------------------------------------------


def test_cells_follow_the_outcome_as_it_changes(submit: Any, desk_officer: Any) -> None:
    request = submit()
    facts.drain()
    cell = MonthlyStat.objects.get()
    assert (cell.received, cell.pending, cell.refused) == (1, 1, 0)
    notice(
        request,
        desk_officer,
        decision=DEC.REFUSED,
        form=WrittenNotice.Form.NONE,
        material="",
        refusal_letters=["b"],
        consequence_test_ref="UK/2/2026",
    )
    facts.drain()
    cell.refresh_from_db()
    assert (cell.received, cell.pending, cell.refused, cell.refused_b) == (1, 0, 1, 1)
    assert (cell.noticed, cell.noticed_on_time, cell.notice_days_sum) == (1, 1, 0)
    assert DaysStat.objects.get(measure=Measure.NOTICE).count == 1


OPERATIONS = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),
        st.sampled_from(
            ["start", "extend", "grant", "refuse", "partial", "not_held", "fulfil", "withdraw"]
        ),
        st.integers(min_value=0, max_value=12),
    ),
    min_size=1,
    max_size=14,
)


def _apply(operation: str, request: InformationRequest, officer: Any, applicant: Any) -> None:
    request.refresh_from_db()
    try:
        if operation == "start":
            services.request_start(request=request, actor=officer)
        elif operation == "extend":
            services.request_extend(request=request, actor=officer, reason="Perlu waktu.")
        elif operation == "grant":
            notice(request, officer)
        elif operation == "partial":
            notice(
                request,
                officer,
                decision=DEC.GRANTED_PARTIAL,
                refusal_letters=["d"],
                consequence_test_ref="UK/3",
                redaction_explanation="Sebagian dihitamkan.",
            )
        elif operation == "refuse":
            notice(
                request,
                officer,
                decision=DEC.REFUSED,
                form=WrittenNotice.Form.NONE,
                material="",
                refusal_letters=["a", "h"],
                consequence_test_ref="UK/4",
            )
        elif operation == "not_held":
            notice(
                request,
                officer,
                possession=POSS.NOT_HELD,
                decision=DEC.REFUSED,
                form=WrittenNotice.Form.NONE,
                material="",
            )
        elif operation == "fulfil":
            services.request_fulfil(request=request, actor=officer)
        elif operation == "withdraw":
            services.request_withdraw(request=request, actor=applicant)
    except Exception as exc:  # a move the state machine refuses is part of the exploration
        if type(exc).__name__ not in {"InvalidTransition", "ValidationError", "Conflict"}:
            raise


def _raw_truth() -> dict[tuple[int, int], Counter[str]]:
    """The sums computed straight from the request tables, as an independent oracle."""
    truth: dict[tuple[int, int], Counter[str]] = {}
    rows = InformationRequest.objects.select_related("notice").order_by("pk")
    for request in rows:
        local = request.received_at.astimezone(WIB)
        counter = truth.setdefault((local.year, local.month), Counter())
        counter["received"] += 1
        counter["extended"] += int(request.is_extended)
        try:
            decided: WrittenNotice | None = request.notice
        except WrittenNotice.DoesNotExist:
            decided = None
        if decided is None:
            status = request.status
            counter[
                {"withdrawn": "withdrawn", "forwarded": "forwarded", "lapsed": "lapsed"}.get(
                    status, "pending"
                )
            ] += 1
            continue
        counter["noticed"] += 1
        if decided.possession == POSS.NOT_HELD:
            counter["not_held"] += 1
        else:
            counter[decided.decision] += 1
            if decided.decision == DEC.REFUSED:
                for letter in set(decided.refusal_letters):
                    counter[f"refused_{letter}"] += 1
        counter["fulfilled"] += int(request.fulfilled_at is not None)
    return truth


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=OPERATIONS)
def test_incremental_sums_equal_a_rebuild_and_the_raw_tables(
    operations: list[tuple[int, str, int]],
    submit: Any,
    desk_officer: Any,
    applicant: Any,
) -> None:
    requests: list[InformationRequest] = []
    for slot, operation, drain_every in operations:
        while len(requests) <= slot:
            requests.append(submit())
        _apply(operation, requests[slot], desk_officer, applicant)
        if drain_every % 3 == 0:
            facts.drain()
    facts.drain()
    incremental = (sums(), spreads())
    facts.rebuild()
    assert (sums(), spreads()) == incremental
    truth = _raw_truth()
    for (year, month), counter in truth.items():
        cell = MonthlyStat.objects.filter(year=year, month=month).aggregate(
            **{name: Sum(name) for name in COUNTER_FIELDS}
        )
        for name, value in counter.items():
            assert cell[name] == value, (name, year, month)
    received = MonthlyStat.objects.aggregate(n=Sum("received"))["n"]
    assert received == InformationRequest.objects.count()


def test_rebuild_starts_from_existing_requests_without_facts(
    submit: Any, desk_officer: Any
) -> None:
    first, second = submit(), submit()
    notice(first, desk_officer)
    StatsQueue.objects.all().delete()  # as after the migration, before the worker ran
    assert not RequestFact.objects.exists()
    result = facts.rebuild()
    assert result["facts_changed"] == 2
    assert RequestFact.objects.get(pk=second.pk).outcome == Outcome.PENDING
    assert MonthlyStat.objects.get().received == 2
    assert facts.rebuild(refresh_facts=False)["facts_changed"] == 0


def test_the_daily_job_drains_what_a_lost_task_left(submit: Any) -> None:
    from terbuka.reports.tasks import daily_run

    submit()
    assert daily_run(dt.date(2026, 12, 7)) == {"statistics_refreshed": 1}
    assert daily_run(dt.date(2026, 12, 7)) == {}


def test_a_holiday_added_afterwards_changes_the_working_days(
    submit: Any, desk_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from terbuka.calendars import services as calendar_services

    with at(2026, 6, 1):  # Monday
        request = submit()
    with at(2026, 6, 4):  # Thursday: 3 working days
        notice(request, desk_officer)
    assert fact(request).notice_days == 3
    with at(2026, 12, 7), django_capture_on_commit_callbacks(execute=True):
        calendar_services.holiday_create(
            actor=None, date=dt.date(2026, 6, 2), name="Hari libur tambahan", kind="national"
        )
    assert fact(request).notice_days == 2
    with at(2026, 12, 7), django_capture_on_commit_callbacks(execute=True):
        calendar_services.holiday_create(
            actor=None, date=dt.date(2027, 6, 2), name="Libur tahun depan", kind="national"
        )
    assert not StatsQueue.objects.exists()


@pytest.mark.parametrize("received", [1, 12])
def test_a_past_holiday_is_queued_by_the_worker_not_the_officers_request(
    submit: Any, django_capture_on_commit_callbacks: Any, received: int
) -> None:
    """quality.md B6 (the UI never blocks): the officer's request writes the holiday and
    enqueues; its queries do not grow with the requests the holiday touches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from terbuka.calendars import services as calendar_services

    with at(2026, 6, 1):
        for _ in range(received):
            submit()
    facts.drain()
    with (
        at(2026, 12, 7),
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        calendar_services.holiday_create(
            actor=None, date=dt.date(2026, 6, 2), name="Libur tambahan", kind="national"
        )
    # The holiday's checks, the row and its event: the same statements for 1 or 12 requests,
    # none of which reads the requests or writes the statistics queue.
    assert len(queries) <= 14
    assert not [
        q["sql"]
        for q in queries.captured_queries
        if "inforequests_" in q["sql"] or "reports_" in q["sql"]
    ]
    assert not StatsQueue.objects.exists()
    with at(2026, 12, 7):
        for callback in callbacks:  # the worker: recompute the clocks, queue the statistics
            callback()
    assert StatsQueue.objects.count() == received


def test_a_drain_waiting_in_the_queue_takes_later_requests_without_another_task(
    submit: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    drains = DBTaskResult.objects.filter(task_path="terbuka.reports.tasks.drain_statistics")
    with django_capture_on_commit_callbacks(execute=True):
        first = submit()
    assert drains.count() == 1
    # A burst: the waiting drain has not read the queue yet, so it takes these rows as well.
    with django_capture_on_commit_callbacks(execute=True):
        second = submit()
    assert drains.count() == 1
    assert set(StatsQueue.objects.values_list("request_id", flat=True)) == {first.pk, second.pk}
    # Once it has started, the next request needs a drain of its own.
    drains.update(status="RUNNING")
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    assert drains.count() == 2
