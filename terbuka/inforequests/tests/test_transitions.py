"""Every allowed and every forbidden pair of `TRANSITIONS`, driven through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from terbuka.core.exceptions import InvalidTransition
from terbuka.inforequests import services
from terbuka.inforequests.models import (
    InformationRequest,
    RequestEvent,
    RequestRouting,
    WrittenNotice,
)
from terbuka.inforequests.states import PHASES, TERMINAL, TRANSITIONS, Status

pytestmark = pytest.mark.django_db

PAIRS = list(itertools.product(list(Status), list(Status)))


def _notice(request: InformationRequest, *, total: int = 0) -> None:
    WrittenNotice.objects.create(
        request=request,
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.GRANTED_FULL,
        material="DPA 2025",
        form=WrittenNotice.Form.HARDCOPY if total else WrittenNotice.Form.SOFTCOPY,
        copy_cost=total,
        total_cost=total,
        issued_at=timezone.now(),
    )


def _put_in(request: InformationRequest, status: Status, unit: Any, actor: Any) -> None:
    """Bring a fresh request into `status` with the state that status implies."""
    fields: dict[str, Any] = {"status": status}
    if status == Status.INCOMPLETE:
        fields["completion_due_on"] = timezone.localdate() - dt.timedelta(days=10)
    if status in (Status.ROUTED, Status.IN_PROGRESS, Status.EXTENDED):
        RequestRouting.objects.create(
            request=request, unit=unit, routed_by=actor, routed_at=timezone.now()
        )
    if status == Status.EXTENDED:
        fields["is_extended"] = True
    if status in (Status.NOTICE_ISSUED, Status.FULFILLED, Status.ORDERED):
        _notice(request)
    if status == Status.ORDERED:
        fields["order_due_on"] = timezone.localdate() + dt.timedelta(days=14)
    if status == Status.AWAITING_PAYMENT:
        _notice(request, total=5000)
    InformationRequest.objects.filter(pk=request.pk).update(**fields)
    request.refresh_from_db()


def _drive(
    request: InformationRequest, old: Status, new: Status, ctx: dict[str, Any]
) -> Callable[[], Any]:
    """Return the service call that moves `request` from `old` towards `new`."""
    officer, applicant = ctx["officer"], ctx["applicant"]
    calls: dict[Status, Callable[[], Any]] = {
        Status.INCOMPLETE: lambda: services.request_ask_completion(
            request=request, actor=officer, missing="Lampirkan salinan KTP."
        ),
        Status.ROUTED: lambda: services.request_route(
            request=request, actor=officer, units=[ctx["other_unit"]], note="Mohon ditangani."
        ),
        Status.IN_PROGRESS: lambda: services.request_start(request=request, actor=officer),
        Status.EXTENDED: lambda: services.request_extend(
            request=request, actor=officer, reason="Informasi masih dikumpulkan dari arsip."
        ),
        Status.NOTICE_ISSUED: lambda: services.request_issue_notice(
            request=request,
            actor=officer,
            possession="held",
            decision="refused",
            form="none",
            refusal_letters=["a"],
        ),
        Status.AWAITING_PAYMENT: lambda: services.request_issue_notice(
            request=request,
            actor=officer,
            possession="held",
            decision="granted_full",
            form="hardcopy",
            material="DPA 2025",
            copy_sheets=10,
        ),
        Status.FULFILLED: lambda: services.request_fulfil(request=request, actor=officer),
        Status.CLOSED: lambda: services.request_close(
            request=request, actor=officer, note="Ditutup atas permintaan pemohon."
        ),
        Status.FORWARDED: lambda: services.request_forward(
            request=request, actor=officer, to_body_name="Pemerintah Provinsi Banten"
        ),
        Status.WITHDRAWN: lambda: services.request_withdraw(request=request, actor=applicant),
        Status.LAPSED: lambda: services.request_lapse(request=request, actor=officer),
        # UU 14/2008 Pasal 36(2): only the Atasan PPID's order after an objection.
        Status.ORDERED: lambda: services.request_reopen_by_order(
            request=request,
            actor=ctx["atasan"],
            objection_number="0001/KEB-X/2026",
            order_details="Berikan salinan DPA 2025.",
        ),
    }
    if new == Status.REGISTERED:
        if old in (Status.ROUTED, Status.IN_PROGRESS, Status.EXTENDED):
            return lambda: services.request_return(
                request=request, actor=officer, unit=ctx["unit"], note="Bukan kewenangan kami."
            )
        return lambda: services.request_complete(request=request, actor=applicant)
    if new == Status.NOTICE_ISSUED and old == Status.AWAITING_PAYMENT:
        return lambda: services.request_record_payment(
            request=request, actor=officer, amount=5000, method="Tunai"
        )
    return calls[new]


@pytest.fixture
def ctx(ppid_utama: Any, applicant: Any, unit: Any, other_unit: Any, ppid_utama_unit: Any) -> Any:
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory
    from terbuka.inforequests.tests.factories import RequestSettingsFactory

    RequestSettingsFactory.create(body=unit.body)
    atasan = MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user
    return {
        "officer": ppid_utama,
        "applicant": applicant,
        "unit": unit,
        "other_unit": other_unit,
        "atasan": atasan,
    }


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{o}->{n}" for o, n in PAIRS])
def test_transition_pair(old: Status, new: Status, ctx: dict[str, Any], submit: Any) -> None:
    request = submit()
    _put_in(request, old, ctx["unit"], ctx["officer"])
    events_before = RequestEvent.objects.filter(request=request).count()
    call = _drive(request, old, new, ctx)
    if new in TRANSITIONS[old]:
        call()
        request.refresh_from_db()
        assert request.status == new
        event = RequestEvent.objects.filter(request=request).order_by("-pk").first()
        assert event is not None
        assert (event.from_status, event.to_status) == (old, new)
        assert event.actor is not None
    else:
        with pytest.raises(InvalidTransition) as excinfo:
            call()
        assert excinfo.value.status_code == 409
        assert excinfo.value.message == (
            f'Permohonan berstatus "{old.label}" tidak dapat diubah menjadi "{new.label}".'
        )
        request.refresh_from_db()
        assert request.status == old
        assert RequestEvent.objects.filter(request=request).count() == events_before


def test_table_covers_every_status() -> None:
    assert set(TRANSITIONS) == set(Status)
    assert set(PHASES) == set(Status)
    for targets in TRANSITIONS.values():
        assert targets <= set(Status)


def test_terminal_statuses_lead_nowhere_but_a_closed_one_to_an_order() -> None:
    for status in TERMINAL - {Status.CLOSED}:
        assert TRANSITIONS[status] == frozenset()
    # UU 14/2008 Pasal 36(2): the Atasan PPID's order reopens a closed request.
    assert TRANSITIONS[Status.CLOSED] == frozenset({Status.ORDERED})


def test_reopen_by_order_sets_the_fulfilment_clock(
    ctx: dict[str, Any], submit: Any, holidays: Any
) -> None:
    request = submit()
    _put_in(request, Status.CLOSED, ctx["unit"], ctx["officer"])
    InformationRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now())
    services.request_reopen_by_order(
        request=request,
        actor=ctx["atasan"],
        objection_number="0001/KEB-X/2026",
        order_details="Berikan salinan DPA 2025.",
        provide_within_days=5,
        ordered_on=dt.date(2026, 3, 17),
    )
    request.refresh_from_db()
    assert request.status == Status.ORDERED
    assert request.closed_at is None
    # Five working days from Tuesday 17 March 2026 across Nyepi and Lebaran (18-24 March).
    assert request.order_due_on == dt.date(2026, 3, 31)
    assert request.due_on == request.order_due_on
    assert request.clock_inputs["order"]["working_days"] == 5


def test_only_the_atasan_orders(ctx: dict[str, Any], submit: Any) -> None:
    from terbuka.core.exceptions import PermissionDenied

    request = submit()
    _put_in(request, Status.CLOSED, ctx["unit"], ctx["officer"])
    with pytest.raises(PermissionDenied):
        services.request_reopen_by_order(
            request=request,
            actor=ctx["officer"],
            objection_number="0001/KEB-X/2026",
            order_details="Berikan salinan DPA 2025.",
        )


def test_every_status_is_reachable_from_registration() -> None:
    seen = {Status.REGISTERED}
    frontier = [Status.REGISTERED]
    while frontier:
        for target in TRANSITIONS[frontier.pop()]:
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(Status)


def test_extension_only_once_in_table() -> None:
    assert Status.EXTENDED not in TRANSITIONS[Status.EXTENDED]


def test_invalid_transition_message_names_both_statuses(ctx: dict[str, Any], submit: Any) -> None:
    request = submit()
    _put_in(request, Status.CLOSED, ctx["unit"], ctx["officer"])
    with pytest.raises(InvalidTransition) as excinfo:
        services.request_start(request=request, actor=ctx["officer"])
    assert excinfo.value.message == (
        'Permohonan berstatus "Selesai" tidak dapat diubah menjadi "Sedang diproses".'
    )
