"""Notifications about request events.

Every service hands `notify` the id of each `RequestEvent` it writes through
`notifications.services.notification_schedule`: the task worker runs it after the commit, and
the recovery sweep again if the task was lost; the daily job calls `remind`. Both only log and
enqueue e-mails through `terbuka.notifications.services.email_send` (sent by a task), so a
failed send never rolls back a legal fact. Every e-mail has a dedupe key, so a repeated call
never sends twice.

No e-mail carries a NIK, a decree number, an address or a phone number: the contexts below
hold only the registration number, names, dates, the texts of the procedure and a link to the
request page (the requester's page, or the officers' page in the back office).

Every e-mail goes out in its recipient's language: the account language of the requester
(Indonesian for a requester recorded by an officer without an account) and of each officer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone

from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests import deadlines
from terbuka.inforequests.models import InformationRequest, RequestEvent, WrittenNotice
from terbuka.inforequests.states import CLOCK_RUNNING
from terbuka.notifications import recipients
from terbuka.notifications.recipients import (
    Recipient,
    absolute_url,
    atasan,
    desk,
    merge,
    ppid_utama,
    send_all,
    unit_officers,
    without,
)

Kind = RequestEvent.Kind


def handling_units(request: InformationRequest) -> list[Unit]:
    """The PPID Pelaksana units handling the request: active routings, else the chosen unit."""
    units = [r.unit for r in request.routings.filter(is_active=True).select_related("unit")]
    if not units and request.unit is not None and request.unit.kind != Unit.Kind.PPID_UTAMA:
        units = [request.unit]
    return units


def _requester(request: InformationRequest) -> Recipient | None:
    return recipients.requester(request.requester_identity, request.requester)


def request_page_url(request_id: int) -> str:
    """The requester's page of a request."""
    return absolute_url(reverse("inforequests:detail", kwargs={"pk": request_id}))


def office_request_url(request_id: int) -> str:
    """The officers' page of a request in the back office."""
    path = reverse("office:detail", kwargs={"pk": request_id})
    return absolute_url(path)


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


# --- Contexts --------------------------------------------------------------------------------


def _base_context(request: InformationRequest) -> dict[str, Any]:
    return {
        "number": request.registration_number,
        "body_name": request.body.name,
        "name": request.requester_identity.full_name,
        "due_on": request.due_on,
    }


def _received(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {}


def _completion_asked(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {
        "missing": event.note or request.completion_request,
        "completion_due_on": _iso(event.data.get("completion_due_on")) or request.completion_due_on,
    }


def _extended(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {
        "reason": event.note or request.extension_reason,
        "due_on": _iso(event.data.get("extended_due_on")) or request.due_on,
    }


def _notice_issued(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    decision = event.data.get("decision", "")
    labels = dict(WrittenNotice.Decision.choices)
    return {
        "decision": str(labels.get(decision, decision)),
        "total_cost": event.data.get("total_cost") or 0,
        "objection_due_on": _iso(event.data.get("objection_due_on")),
    }


def _payment(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {"amount": event.data.get("amount", 0)}


def _forwarded(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {"forwarded_to": event.data.get("to_body_name") or request.forwarded_to_name}


def _lapsed(request: InformationRequest, event: RequestEvent) -> dict[str, Any]:
    return {"completion_due_on": request.completion_due_on}


ContextFn = Callable[[InformationRequest, RequestEvent], dict[str, Any]]

# Event kind -> (requester template, extra context). Routing, returns, notes, attached
# documents, the start of work and recomputed clocks are internal: no requester mail.
REQUESTER_TEMPLATES: dict[str, tuple[str, ContextFn]] = {
    Kind.SUBMITTED: ("request_received", _received),
    Kind.RECORDED: ("request_received", _received),
    Kind.COMPLETION_ASKED: ("completion_asked", _completion_asked),
    Kind.COMPLETED: ("completed", _received),
    Kind.EXTENDED: ("extended", _extended),
    Kind.NOTICE_ISSUED: ("notice_issued", _notice_issued),
    Kind.PAYMENT_RECORDED: ("payment_recorded", _payment),
    Kind.FULFILLED: ("fulfilled", _received),
    Kind.CLOSED: ("closed", _received),
    Kind.FORWARDED: ("forwarded", _forwarded),
    Kind.WITHDRAWN: ("withdrawn", _received),
    Kind.LAPSED: ("lapsed", _lapsed),
}


def _event_key(request: InformationRequest, event: RequestEvent, to: str) -> str:
    return f"request:{request.pk}:event:{event.pk}:{to.lower()}"


def _notify_requester(request: InformationRequest, event: RequestEvent) -> None:
    entry = REQUESTER_TEMPLATES.get(event.kind)
    recipient = _requester(request)
    if entry is None or recipient is None:
        return
    template, extra = entry
    context = {
        **_base_context(request),
        "url": request_page_url(request.pk),
        **extra(request, event),
    }
    send_all(
        [recipient], template=template, context=context, key=lambda a: _event_key(request, event, a)
    )


def _officer_context(request: InformationRequest) -> dict[str, Any]:
    return {**_base_context(request), "url": office_request_url(request.pk)}


def _notify_officers(request: InformationRequest, event: RequestEvent) -> None:
    context = _officer_context(request)

    def key(to: str) -> str:
        return _event_key(request, event, to)

    if event.kind in (Kind.SUBMITTED, Kind.RECORDED):
        # A request recorded by the front office is new to the rest of the desk; the officer who
        # recorded it already knows.
        context["channel"] = request.get_channel_display()
        others = without(desk(request.body_id), event.actor)
        send_all(others, template="officer_new_request", context=context, key=key)
    elif event.kind == Kind.ROUTED:
        routed = Unit.objects.filter(pk__in=event.data.get("units", [])).order_by("path")
        for unit in routed:
            send_all(
                unit_officers([unit.pk]),
                template="officer_routed",
                context={**context, "unit_name": unit.name, "note": event.note},
                key=key,
            )
    elif event.kind == Kind.RETURNED:
        # The PPID Utama decides again: route elsewhere, handle it, or forward it.
        returned = {**context, "unit_name": event.data.get("unit_name", ""), "note": event.note}
        send_all(desk(request.body_id), template="officer_returned", context=returned, key=key)
    elif event.kind == Kind.NOTICE_ISSUED and event.data.get("late"):
        # UU 14/2008 Pasal 22(7)-(8): the notice was due within 10 (or, extended, 17) working
        # days; a late notice is a ground for an objection to the Atasan PPID (Pasal 35(1)e),
        # who is therefore told.
        late = {**context, "decision": _notice_issued(request, event)["decision"]}
        late["issued_on"] = timezone.localdate(event.occurred_at)
        send_all(atasan(request.body_id), template="officer_notice_late", context=late, key=key)
    elif event.kind == Kind.FORWARDED and event.data.get("to_body"):
        # UU 14/2008 Pasal 22(7)b: the body that holds the information is notified too. Its
        # officers cannot open this body's request page, so the mail carries the text instead.
        other = PublicBody.objects.filter(pk=event.data["to_body"]).first()
        if other is not None:
            forwarded = {**_base_context(request), "forwarded_to": other.name}
            forwarded["details"] = request.details
            send_all(desk(other.pk), template="forwarded_to_body", context=forwarded, key=key)


def _unit_names(request: InformationRequest, units: list[Unit]) -> str:
    if units:
        return ", ".join(u.name for u in units)
    utama = Unit.objects.filter(body_id=request.body_id, kind=Unit.Kind.PPID_UTAMA).first()
    return utama.name if utama is not None else request.body.name


def _load(request_id: int) -> InformationRequest:
    return InformationRequest.objects.select_related(
        "body", "unit", "requester", "requester_identity", "requester_identity__owner"
    ).get(pk=request_id)


def clock_ran_out(request: InformationRequest, today: date) -> bool:
    """Return whether the request still awaits its written notice past the due date."""
    # UU 14/2008 Pasal 22(7)-(8): 10 working days, extended once by 7; the due date itself
    # is still in time.
    return request.status in CLOCK_RUNNING and (
        request.is_overdue or deadlines.is_overdue(request.due_on, today)
    )


def escalate(*, request: InformationRequest, today: date) -> int:
    """E-mail the overdue escalation to the unit, the PPID Utama and the Atasan PPID.

    Shared by the daily job (through the `overdue` event) and every later event on a request
    whose clock has run out; the dedupe key holds the date, so each officer gets at most one
    escalation per request per day whichever path comes first. Returns the e-mails logged now.
    """
    # UU 14/2008 Pasal 22(7)-(8) sets the deadline; a missed one is a ground for an objection
    # to the Atasan PPID (Pasal 35(1)e), so the Atasan hears of it before the requester objects.
    units = handling_units(request)
    to = merge(
        unit_officers(u.pk for u in units), ppid_utama(request.body_id), atasan(request.body_id)
    )
    context = {**_officer_context(request), "unit_names": _unit_names(request, units)}
    day = today.isoformat()
    return send_all(
        to,
        template="officer_overdue",
        context=context,
        key=lambda a: f"request:{request.pk}:escalation:{day}:{a.lower()}",
    )


def notify(event: RequestEvent | int) -> None:
    """Log and enqueue the e-mails an event calls for (requester, officers, escalation)."""
    if not isinstance(event, RequestEvent):
        event = RequestEvent.objects.select_related("actor").get(pk=event)
    request = _load(event.request_id)
    if not event.is_internal and event.kind != Kind.NOTE:
        _notify_requester(request, event)
        _notify_officers(request, event)
    today = timezone.localdate(event.occurred_at)
    if event.kind == Kind.OVERDUE or clock_ran_out(request, today):
        escalate(request=request, today=today)


def remind(*, request: InformationRequest, kind: str, today: date) -> int:
    """E-mail a deadline reminder to the handling unit and the PPID Utama; once per day.

    `kind` is "before_due", "on_due" or "overdue" (see `selectors.deadline_reminders_due`).
    Returns the number of e-mails logged now (none when today's were already sent).
    """
    request = _load(request.pk)
    units = handling_units(request)
    to = merge(unit_officers(u.pk for u in units), ppid_utama(request.body_id))
    context = {
        **_officer_context(request),
        "reminder_kind": kind,
        "unit_names": _unit_names(request, units),
    }
    day = today.isoformat()
    return send_all(
        to,
        template="officer_reminder",
        context=context,
        key=lambda a: f"request:{request.pk}:reminder:{kind}:{day}:{a.lower()}",
    )
