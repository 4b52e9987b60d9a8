"""The objection selectors: visibility by role and unit, lists, counts, the timeline, reminders
and the outcome summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from terbuka.core.exceptions import NotFound
from terbuka.inforequests.models import InformationRequest, RequestRouting
from terbuka.objections import selectors, services
from terbuka.objections.models import Dispute, Objection
from terbuka.objections.states import DisputeStatus, ObjectionStatus
from terbuka.objections.tests.roles import World, build_world, periodic_objection

pytestmark = pytest.mark.django_db

OS = ObjectionStatus
DS = DisputeStatus
ALL = {"on_unit", "on_other", "periodic", "foreign"}
BODY = {"on_unit", "on_other", "periodic"}

# Who sees which objection (UU 14/2008 Pasal 36: the desk records, the Atasan decides; a unit
# sees only the objections to the requests it handles; evaluators see no identities).
VISIBLE: dict[str, set[str]] = {
    "requester": ALL,
    "stranger": set(),
    "desk": BODY,
    "admin": BODY,
    "atasan": BODY,
    "unit_officer": {"on_unit"},
    "unit_front": {"on_unit"},
    "other_unit_officer": {"on_other"},
    "evaluator": set(),
    "revoked_desk": set(),
    "foreign_desk": {"foreign"},
    "foreign_atasan": {"foreign"},
    "superuser": ALL,
}
HANDLED: dict[str, set[str]] = {
    role: (
        seen
        if role in {"desk", "admin", "atasan", "foreign_desk", "foreign_atasan", "superuser"}
        else set()
    )
    for role, seen in VISIBLE.items()
}


@pytest.fixture
def world(
    body: Any,
    ppid_utama_unit: Any,
    unit: Any,
    applicant: Any,
    ppid_utama: Any,
    atasan: Any,
    unit_officer: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> World:
    return build_world(
        body=body,
        ppid_utama_unit=ppid_utama_unit,
        unit=unit,
        applicant=applicant,
        ppid_utama=ppid_utama,
        atasan=atasan,
        unit_officer=unit_officer,
        refused_request=refused_request,
        file_objection=file_objection,
    )


def _names(world: World, qs: Any) -> set[str]:
    pks = set(qs.values_list("pk", flat=True))
    return {name for name, o in world.objections.items() if o.pk in pks}


@pytest.mark.parametrize("role", list(VISIBLE))
def test_visible_to(world: World, role: str) -> None:
    user = world.users[role]
    assert _names(world, selectors.objection_visible_to(user)) == VISIBLE[role]


@pytest.mark.parametrize("role", list(VISIBLE))
def test_office_visible_to_leaves_out_ones_own(world: World, role: str) -> None:
    user = world.users[role]
    expected = set() if role == "requester" else VISIBLE[role]
    assert _names(world, selectors.objection_office_visible_to(user)) == expected


@pytest.mark.parametrize("role", list(HANDLED))
def test_handled_by(world: World, role: str) -> None:
    assert _names(world, selectors.objection_handled_by(world.users[role])) == HANDLED[role]


def test_anonymous_and_inactive_see_nothing(world: World) -> None:
    assert not selectors.objection_visible_to(AnonymousUser()).exists()
    assert not selectors.objection_handled_by(AnonymousUser()).exists()
    desk = world.users["desk"]
    desk.is_active = False
    desk.save(update_fields=["is_active"])
    assert not selectors.objection_visible_to(desk).exists()
    assert not selectors.objection_handled_by(desk).exists()


def test_a_unit_sees_the_objection_once_the_request_is_routed_to_it(world: World) -> None:
    objection = world.objections["on_unit"]
    officer = world.users["other_unit_officer"]
    assert objection.request is not None
    RequestRouting.objects.create(
        request=objection.request,
        unit=world.units["other_unit"],
        routed_by=world.users["desk"],
        routed_at=timezone.now(),
    )
    assert _names(world, selectors.objection_visible_to(officer)) == {"on_unit", "on_other"}
    # Seeing is not handling: only the desk and the Atasan act on objections.
    assert not selectors.objection_handled_by(officer).exists()
    RequestRouting.objects.filter(request=objection.request).update(is_active=False)
    assert _names(world, selectors.objection_visible_to(officer)) == {"on_other"}


def test_get_for_user(world: World) -> None:
    objection = world.objections["on_unit"]
    found = selectors.objection_get_for_user(world.users["unit_officer"], objection.pk)
    assert found == objection
    assert selectors.objection_get_for_user(world.users["requester"], str(objection.pk))
    for user, office in (
        (world.users["other_unit_officer"], False),
        (world.users["evaluator"], False),
        (world.users["requester"], True),
        (world.users["foreign_desk"], True),
    ):
        with pytest.raises(NotFound) as excinfo:
            selectors.objection_get_for_user(user, objection.pk, office=office)
        assert excinfo.value.status_code == 404
    for bad in (999_999, "abc", None):
        with pytest.raises(NotFound):
            selectors.objection_get_for_user(world.users["desk"], bad)


def test_get_for_user_loads_relations_in_one_query(
    world: World, django_assert_num_queries: Any
) -> None:
    objection = world.objections["on_unit"]
    with django_assert_num_queries(1):
        found = selectors.objection_get_for_user(world.users["desk"], objection.pk, office=True)
        assert found.request is not None
        assert found.request.unit is not None
        assert found.body.name
        assert found.requester_identity.pk


def test_lists(world: World, applicant: Any, file_objection: Callable[..., Objection]) -> None:
    on_unit = world.objections["on_unit"]
    assert on_unit.request is not None
    services.objection_withdraw(objection=on_unit, actor=applicant)
    again = file_objection(request=on_unit.request, grounds=["f"])
    for user in (applicant, world.users["desk"], world.users["unit_officer"]):
        listed = selectors.objection_list_for_request(user, on_unit.request.pk)
        assert list(listed) == [on_unit, again]
    assert not selectors.objection_list_for_request(
        world.users["other_unit_officer"], on_unit.request.pk
    ).exists()
    mine = list(selectors.objection_list_for_requester(applicant))
    assert mine[0] == again
    assert len(mine) == 5
    assert not selectors.objection_list_for_requester(AnonymousUser()).exists()
    assert not selectors.objection_list_for_requester(world.users["desk"]).exists()


def test_office_list_filters(world: World, body: Any, django_assert_num_queries: Any) -> None:
    desk = world.users["desk"]
    today = timezone.localdate()
    on_other = world.objections["on_other"]
    Objection.objects.filter(pk=on_other.pk).update(response_due_on=today - dt.timedelta(days=1))
    periodic = world.objections["periodic"]
    Objection.objects.filter(pk=periodic.pk).update(status=OS.WITHDRAWN)
    assert _names(world, selectors.objection_list_for_office(desk)) == BODY
    assert _names(world, selectors.objection_list_for_office(desk, status=OS.WITHDRAWN)) == {
        "periodic"
    }
    assert _names(world, selectors.objection_list_for_office(desk, open_only=True)) == {
        "on_unit",
        "on_other",
    }
    assert _names(world, selectors.objection_list_for_office(desk, overdue_on=today)) == {
        "on_other"
    }
    superuser = world.users["superuser"]
    assert _names(world, selectors.objection_list_for_office(superuser, body=body)) == BODY
    with django_assert_num_queries(1):
        rows = list(selectors.objection_list_for_office(superuser))
        for row in rows:
            assert row.body.name
            _ = row.request and row.request.unit
            assert not hasattr(row, "dispute")
    assert len(rows) == 4


def test_counts(world: World) -> None:
    today = timezone.localdate()
    Objection.objects.filter(pk=world.objections["on_other"].pk).update(
        response_due_on=today - dt.timedelta(days=1)
    )
    Objection.objects.filter(pk=world.objections["periodic"].pk).update(status=OS.WITHDRAWN)
    assert selectors.objection_counts(world.users["desk"], today=today) == {
        "all": 3,
        "open": 2,
        "overdue": 1,
    }
    assert selectors.objection_counts(world.users["unit_officer"], today=today) == {
        "all": 1,
        "open": 1,
        "overdue": 0,
    }
    assert selectors.objection_counts(world.users["requester"], today=today) == {
        "all": 0,
        "open": 0,
        "overdue": 0,
    }


def test_timeline(world: World) -> None:
    objection = world.objections["on_unit"]
    services.objection_add_note(objection=objection, actor=world.users["desk"], note="Cek arsip.")
    services.objection_withdraw(objection=objection, actor=world.users["requester"])
    kinds = [e.kind for e in selectors.objection_timeline(objection)]
    assert kinds == ["filed", "note", "withdrawn"]
    public = [e.kind for e in selectors.objection_timeline(objection, include_internal=False)]
    assert public == ["filed", "withdrawn"]


def test_open_for_request(world: World) -> None:
    objection = world.objections["on_unit"]
    assert objection.request is not None
    assert selectors.objection_open_for_request(objection.request.pk) == objection
    Objection.objects.filter(pk=objection.pk).update(status=OS.IN_DELIBERATION)
    assert selectors.objection_open_for_request(objection.request.pk) == objection
    Objection.objects.filter(pk=objection.pk).update(status=OS.LAPSED_UNANSWERED)
    assert selectors.objection_open_for_request(objection.request.pk) is None


# --- Reminders --------------------------------------------------------------------------------

WEDNESDAY = dt.date(2026, 6, 10)


def test_objection_reminders_due(world: World) -> None:
    on_unit, on_other = world.objections["on_unit"], world.objections["on_other"]
    periodic, foreign = world.objections["periodic"], world.objections["foreign"]
    # Due on Friday: two working days ahead; due today; withdrawn; due a week ahead.
    Objection.objects.filter(pk=on_unit.pk).update(response_due_on=dt.date(2026, 6, 12))
    Objection.objects.filter(pk=on_other.pk).update(response_due_on=WEDNESDAY)
    Objection.objects.filter(pk=periodic.pk).update(response_due_on=WEDNESDAY, status=OS.WITHDRAWN)
    Objection.objects.filter(pk=foreign.pk).update(response_due_on=dt.date(2026, 6, 17))
    due = selectors.objection_reminders_due(WEDNESDAY)
    assert {(o.pk, kind) for o, kind in due} == {
        (on_other.pk, "on_due"),
        (on_unit.pk, "before_due"),
    }
    # Over a weekend: due on Monday, reminded the Thursday before.
    Objection.objects.filter(pk=foreign.pk).update(response_due_on=dt.date(2026, 6, 15))
    thursday = selectors.objection_reminders_due(dt.date(2026, 6, 11))
    assert (foreign.pk, "before_due") in {(o.pk, kind) for o, kind in thursday}
    # Deliberation keeps the clock running; a lapse stops the reminders.
    Objection.objects.filter(pk=on_other.pk).update(status=OS.IN_DELIBERATION)
    assert (on_other.pk, "on_due") in {
        (o.pk, k) for o, k in selectors.objection_reminders_due(WEDNESDAY)
    }
    Objection.objects.filter(pk=on_other.pk).update(status=OS.LAPSED_UNANSWERED)
    assert on_other.pk not in {o.pk for o, _ in selectors.objection_reminders_due(WEDNESDAY)}


def _dispute(objection: Objection, **fields: Any) -> Dispute:
    return Dispute.objects.create(
        objection=objection,
        commission_name="Komisi Informasi Provinsi Banten",
        filed_on=dt.date(2026, 5, 4),
        **fields,
    )


def test_compliance_reminders_due(world: World) -> None:
    o = world.objections
    late = _dispute(o["on_unit"], status=DS.COMPLIANCE, compliance_due_on=dt.date(2026, 6, 1))
    today = _dispute(o["on_other"], status=DS.COMPLIANCE, compliance_due_on=WEDNESDAY)
    soon = _dispute(o["periodic"], status=DS.COMPLIANCE, compliance_due_on=dt.date(2026, 6, 12))
    _dispute(o["foreign"], status=DS.CLOSED, compliance_due_on=dt.date(2026, 6, 1))
    due = selectors.dispute_compliance_reminders_due(WEDNESDAY)
    assert {(d.pk, kind) for d, kind in due} == {
        (late.pk, "overdue"),
        (today.pk, "on_due"),
        (soon.pk, "before_due"),
    }
    # Far ahead: nothing yet.
    Dispute.objects.filter(pk=soon.pk).update(compliance_due_on=dt.date(2026, 8, 1))
    assert soon.pk not in {d.pk for d, _ in selectors.dispute_compliance_reminders_due(WEDNESDAY)}


# --- Outcome summaries ------------------------------------------------------------------------


def test_objection_outcome_summary(world: World, body: Any, applicant: Any) -> None:
    o = world.objections
    Objection.objects.filter(pk=o["on_unit"].pk).update(
        status=OS.ANSWERED_ORDERED, grounds=["a", "g"]
    )
    Objection.objects.filter(pk=o["on_other"].pk).update(status=OS.SETTLED_BY_DELIBERATION)
    last_year = periodic_objection(body, applicant)
    Objection.objects.filter(pk=last_year.pk).update(registration_year=2025)
    year = o["on_unit"].registration_year
    summary = selectors.objection_outcome_summary(body=body, year=year)
    assert summary["total"] == 3
    assert summary["by_status"] == {
        "received": 1,
        "in_deliberation": 0,
        "settled_by_deliberation": 1,
        "answered_upheld": 0,
        "answered_ordered": 1,
        "lapsed_unanswered": 0,
        "withdrawn": 0,
    }
    assert summary["by_ground"] == {"a": 2, "b": 1, "c": 0, "d": 0, "e": 0, "f": 0, "g": 1}
    assert selectors.objection_outcome_summary(body=body)["total"] == 4
    assert selectors.objection_outcome_summary(body=body, year=2025)["total"] == 1
    by_unit = selectors.objection_outcome_summary(body=body, unit_id=world.units["unit"].pk)
    assert by_unit["total"] == 1
    assert by_unit["by_status"]["answered_ordered"] == 1


def test_dispute_outcome_summary(world: World, body: Any) -> None:
    o = world.objections
    _dispute(
        o["on_unit"],
        status=DS.CLOSED,
        decision=Dispute.Decision.GRANTED_FULL,
        complied_on=dt.date(2026, 6, 1),
    )
    _dispute(
        o["on_other"],
        status=DS.COURT_APPEAL,
        decision=Dispute.Decision.REFUSED,
        court_filed_on=dt.date(2026, 6, 1),
    )
    _dispute(o["periodic"], status=DS.MEDIATION)
    _dispute(o["foreign"], status=DS.DECIDED, decision=Dispute.Decision.GRANTED_PARTIAL)
    assert selectors.dispute_outcome_summary(body=body, year=2026) == {
        "filed": 3,
        "open": 2,
        "granted_full": 1,
        "granted_partial": 0,
        "refused": 1,
        "other": 0,
        "court_appeal": 1,
        "complied": 1,
    }
    assert selectors.dispute_outcome_summary(body=body, year=2025)["filed"] == 0
    by_unit = selectors.dispute_outcome_summary(body=body, unit_id=world.units["other_unit"].pk)
    assert (by_unit["filed"], by_unit["refused"], by_unit["complied"]) == (1, 1, 0)


# --- The filing window as the request page shows it -------------------------------------------


def test_open_until(
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
    applicant: Any,
) -> None:
    today = timezone.localdate()
    request = refused_request()
    window = selectors.objection_filing_window(request, today=today)
    assert window is not None
    assert window.inputs["start"] == today.isoformat()
    assert selectors.objection_open_until(request, today=today) == window.due
    # The last day still counts; the day after it does not.
    assert selectors.objection_open_until(request, today=window.due) == window.due
    assert selectors.objection_open_until(request, today=window.due + dt.timedelta(1)) is None
    # While an objection runs, no second one.
    objection = file_objection(request=request)
    assert selectors.objection_open_until(request, today=today) is None
    services.objection_withdraw(objection=objection, actor=applicant)
    assert selectors.objection_open_until(request, today=today) == window.due
    InformationRequest.objects.filter(pk=request.pk).update(status="withdrawn")
    request.refresh_from_db()
    assert selectors.objection_open_until(request, today=today) is None


def test_open_until_long_after_the_refusal(
    refused_request: Callable[..., InformationRequest],
) -> None:
    # Half a year on: closed, and no calendar error on the request page.
    from terbuka.inforequests.models import WrittenNotice

    request = refused_request()
    long_ago = timezone.now() - dt.timedelta(days=200)
    InformationRequest.objects.filter(pk=request.pk).update(received_at=long_ago)
    WrittenNotice.objects.filter(request=request).update(issued_at=long_ago)
    request.refresh_from_db()
    today = timezone.localdate()
    window = selectors.objection_filing_window(request, today=today)
    assert window is not None
    assert window.inputs["start"] == timezone.localdate(long_ago).isoformat()
    assert selectors.objection_open_until(request, today=today) is None
