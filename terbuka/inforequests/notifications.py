"""Notifications about request events.

Every service schedules `notify(event)` with `transaction.on_commit` after writing a
`RequestEvent`; the daily job calls `remind`. Both only log and enqueue e-mails through
`terbuka.notifications.services.email_send` (sent by a task), so a failed send never rolls back
a legal fact. Every e-mail has a dedupe key, so a repeated call never sends twice.

No e-mail carries a NIK, a decree number, an address or a phone number: the contexts below
hold only the registration number, names, dates and the texts of the procedure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import Q

from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.inforequests.models import InformationRequest, RequestEvent, WrittenNotice
from terbuka.notifications.models import OutboundEmail
from terbuka.notifications.services import email_send

Role = Membership.Role
Kind = RequestEvent.Kind

# Accounts store no language choice yet: every notice goes out in Indonesian, the statutory
# language of the service; `email_send` renders English when a recipient's language is "en".
LANGUAGE = "id"


# --- Recipients ------------------------------------------------------------------------------


def _officer_emails(q: Q) -> list[str]:
    rows = Membership.objects.filter(
        q, is_active=True, unit__is_active=True, user__is_active=True
    ).values_list("user__email", flat=True)
    return sorted({email.lower() for email in rows if email})


def _desk_emails(body_id: int) -> list[str]:
    """The PPID Utama and the front office (petugas layanan) of the PPID Utama unit."""
    return _officer_emails(
        Q(unit__body_id=body_id)
        & (Q(role=Role.PPID_UTAMA) | Q(role=Role.PETUGAS_LAYANAN, unit__kind=Unit.Kind.PPID_UTAMA))
    )


def _ppid_utama_emails(body_id: int) -> list[str]:
    return _officer_emails(Q(unit__body_id=body_id, role=Role.PPID_UTAMA))


def _unit_emails(unit_ids: Iterable[int]) -> list[str]:
    """The PPID Pelaksana of the given units."""
    return _officer_emails(Q(unit_id__in=list(unit_ids), role=Role.PPID_PELAKSANA))


def _atasan_emails(body_id: int) -> list[str]:
    return _officer_emails(Q(unit__body_id=body_id, role=Role.ATASAN_PPID))


def _handling_units(request: InformationRequest) -> list[Unit]:
    """The PPID Pelaksana units handling the request: active routings, else the chosen unit."""
    units = [r.unit for r in request.routings.filter(is_active=True).select_related("unit")]
    if not units and request.unit is not None and request.unit.kind != Unit.Kind.PPID_UTAMA:
        units = [request.unit]
    return units


def _requester_email(request: InformationRequest) -> str:
    identity = request.requester_identity
    if identity.email:
        return identity.email
    return request.requester.email if request.requester is not None else ""


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


def _send_all(
    recipients: Iterable[str],
    *,
    template: str,
    context: dict[str, Any],
    key: Callable[[str], str],
) -> int:
    """Log and enqueue one e-mail per recipient; return how many were new (not deduplicated)."""
    new = 0
    for to in recipients:
        dedupe_key = key(to)
        if OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists():
            continue
        email_send(
            to=to, template=template, context=context, dedupe_key=dedupe_key, language=LANGUAGE
        )
        new += 1
    return new


def _notify_requester(request: InformationRequest, event: RequestEvent) -> None:
    entry = REQUESTER_TEMPLATES.get(event.kind)
    to = _requester_email(request)
    if entry is None or not to:
        return
    template, extra = entry
    context = {**_base_context(request), **extra(request, event)}
    _send_all([to], template=template, context=context, key=lambda a: _event_key(request, event, a))


def _notify_officers(request: InformationRequest, event: RequestEvent) -> None:
    context = _base_context(request)

    def key(to: str) -> str:
        return _event_key(request, event, to)

    if event.kind == Kind.SUBMITTED:
        context["channel"] = request.get_channel_display()
        _send_all(
            _desk_emails(request.body_id),
            template="officer_new_request",
            context=context,
            key=key,
        )
    elif event.kind == Kind.ROUTED:
        routed = Unit.objects.filter(pk__in=event.data.get("units", [])).order_by("path")
        for unit in routed:
            _send_all(
                _unit_emails([unit.pk]),
                template="officer_routed",
                context={**context, "unit_name": unit.name, "note": event.note},
                key=key,
            )
    elif event.kind == Kind.OVERDUE:
        # Escalation: the handling unit, the PPID Utama and the Atasan PPID.
        units = _handling_units(request)
        recipients = sorted(
            {
                *_unit_emails(u.pk for u in units),
                *_ppid_utama_emails(request.body_id),
                *_atasan_emails(request.body_id),
            }
        )
        context["unit_names"] = _unit_names(request, units)
        context["due_on"] = _iso(event.data.get("due_on")) or request.due_on
        _send_all(recipients, template="officer_overdue", context=context, key=key)
    elif event.kind == Kind.FORWARDED and event.data.get("to_body"):
        # UU 14/2008 Pasal 22(7)b: the body that holds the information is notified too.
        other = PublicBody.objects.filter(pk=event.data["to_body"]).first()
        if other is not None:
            context["forwarded_to"] = other.name
            context["details"] = request.details
            _send_all(
                _desk_emails(other.pk), template="forwarded_to_body", context=context, key=key
            )


def _unit_names(request: InformationRequest, units: list[Unit]) -> str:
    if units:
        return ", ".join(u.name for u in units)
    utama = Unit.objects.filter(body_id=request.body_id, kind=Unit.Kind.PPID_UTAMA).first()
    return utama.name if utama is not None else request.body.name


def _load(request_id: int) -> InformationRequest:
    return InformationRequest.objects.select_related(
        "body", "unit", "requester", "requester_identity"
    ).get(pk=request_id)


def notify(event: RequestEvent) -> None:
    """Log and enqueue the e-mails an event calls for (requester and officers)."""
    if event.is_internal or event.kind == Kind.NOTE:
        return
    request = _load(event.request_id)
    _notify_requester(request, event)
    _notify_officers(request, event)


def remind(*, request: InformationRequest, kind: str, today: date) -> int:
    """E-mail a deadline reminder to the handling unit and the PPID Utama; once per day.

    `kind` is "before_due", "on_due" or "overdue" (see `selectors.deadline_reminders_due`).
    Returns the number of e-mails logged now (none when today's were already sent).
    """
    request = _load(request.pk)
    units = _handling_units(request)
    recipients = sorted({*_unit_emails(u.pk for u in units), *_ppid_utama_emails(request.body_id)})
    context = {
        **_base_context(request),
        "reminder_kind": kind,
        "unit_names": _unit_names(request, units),
    }
    day = today.isoformat()
    return _send_all(
        recipients,
        template="officer_reminder",
        context=context,
        key=lambda a: f"request:{request.pk}:reminder:{kind}:{day}:{a.lower()}",
    )
