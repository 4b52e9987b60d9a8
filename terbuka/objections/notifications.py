"""E-mail about objection and dispute events.

Every service schedules `notify(event_id)` on commit after writing an `ObjectionEvent`; the
daily job calls `remind` and `remind_compliance`. All of them only log and enqueue e-mails
through `terbuka.notifications.recipients.send_all`, so a failed send never rolls back a legal
fact, and every e-mail has a dedupe key, so a repeated call never sends twice.

Who hears what:

- the requester, at every step that is theirs to know (filed or recorded, deliberation, the
  Atasan's answer with the response letter and the 14 working days to go to the Komisi
  Informasi, the lapse, withdrawal, the dispute filed, decided, carried out and closed);
- the Atasan PPID and the PPID Utama desk when an objection arrives and when its 30 working
  days lapse unanswered, and before the due date and on it;
- the unit whose request it is when an objection is filed against its decision, when the Atasan
  orders the information given, and when the commission decides and its decision must be
  carried out.

No e-mail carries a NIK, an address or a phone number: the contexts hold the numbers, the
requester's name, dates, labels of the procedure and links.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy

from terbuka.bodies.models import Unit
from terbuka.inforequests.notifications import handling_units
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
from terbuka.objections.models import (
    GROUND_MEANINGS,
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionEvent,
)

Kind = ObjectionEvent.Kind


# --- Links -----------------------------------------------------------------------------------


def objection_page_url(objection_id: int) -> str:
    """The requester's page of an objection."""
    return absolute_url(reverse("objections:detail", kwargs={"pk": objection_id}))


def office_objection_url(objection_id: int) -> str:
    """The officers' page of an objection in the back office."""
    return absolute_url(reverse("objections_office:detail", kwargs={"pk": objection_id}))


def response_pdf_url(objection_id: int) -> str:
    """The Atasan's response letter (PDF) on the requester's side."""
    return absolute_url(reverse("objections:response-pdf", kwargs={"pk": objection_id}))


# --- Recipients ------------------------------------------------------------------------------


def _requester(objection: Objection) -> Recipient | None:
    return recipients.requester(objection.requester_identity, objection.requester)


def _units(objection: Objection) -> list[Unit]:
    """The PPID Pelaksana units behind the decision objected to (none for ground b alone)."""
    return handling_units(objection.request) if objection.request is not None else []


def _unit_recipients(objection: Objection) -> list[Recipient]:
    return unit_officers(u.pk for u in _units(objection))


def _load(objection_id: int) -> Objection:
    return Objection.objects.select_related(
        "body",
        "request",
        "request__unit",
        "requester",
        "requester_identity",
        "requester_identity__owner",
    ).get(pk=objection_id)


def _dispute(objection: Objection) -> Dispute | None:
    return Dispute.objects.filter(objection=objection).first()


def _response(objection: Objection) -> AtasanResponse | None:
    return AtasanResponse.objects.filter(objection=objection).first()


def _iso(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


# --- Contexts --------------------------------------------------------------------------------


def _base_context(objection: Objection) -> dict[str, Any]:
    return {
        "number": objection.registration_number,
        "body_name": objection.body.name,
        "name": objection.requester_identity.full_name,
        "request_number": objection.request.registration_number if objection.request else "",
        "information": objection.information_description,
        # Lazy labels: rendered in the recipient's language.
        "grounds": [format_lazy("{}. {}", g, GROUND_MEANINGS[g]) for g in objection.grounds],
        "response_due_on": objection.response_due_on,
        "dispute_due_on": objection.dispute_due_on,
    }


def _none(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    return {}


def _deliberation(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    meeting = Deliberation.objects.filter(pk=event.data.get("deliberation")).first()
    if meeting is None:
        return {"note": event.note}
    return {
        "note": event.note,
        "outcome": Deliberation.Outcome(meeting.outcome).label,
        "held_at": timezone.localtime(meeting.held_at),
        "place": meeting.place,
        "result": meeting.result,
    }


def _answered(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    response = _response(objection)
    context: dict[str, Any] = {"pdf_url": response_pdf_url(objection.pk)}
    if response is not None:
        context.update(
            decision=AtasanResponse.Decision(response.decision).label,
            upheld=response.decision == AtasanResponse.Decision.UPHELD,
            responded_on=response.responded_on,
            is_late=response.is_late,
            fulfilment_due_on=(
                objection.request.order_due_on
                if objection.request is not None and objection.request.order_due_on
                else response.fulfilment_due_on
            ),
        )
    context["dispute_due_on"] = _iso(event.data.get("dispute_due_on")) or objection.dispute_due_on
    return context


def _lapsed(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    return {
        "response_due_on": _iso(event.data.get("response_due_on")) or objection.response_due_on,
        "dispute_due_on": _iso(event.data.get("dispute_due_on")) or objection.dispute_due_on,
    }


def _withdrawn(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    return {"reason": event.note}


def _dispute_context(objection: Objection, event: ObjectionEvent) -> dict[str, Any]:
    dispute = _dispute(objection)
    if dispute is None:
        return {}
    return {
        "commission_name": dispute.commission_name,
        "case_number": dispute.case_number,
        "filed_on": dispute.filed_on,
        "is_late": dispute.is_late,
        "filing_due_on": dispute.filing_due_on,
        "commission_start_due_on": dispute.commission_start_due_on,
        "commission_settle_due_on": dispute.commission_settle_due_on,
        "decision": Dispute.Decision(dispute.decision).label if dispute.decision else "",
        "decision_number": dispute.decision_number,
        "decided_on": dispute.decided_on,
        "compliance_due_on": dispute.compliance_due_on,
        "complied_on": dispute.complied_on,
        "compliance_note": dispute.compliance_note,
        "close_reason": dispute.close_reason,
    }


ContextFn = Callable[[Objection, ObjectionEvent], dict[str, Any]]

# Event kind -> (requester template, extra context). The requester's own response, notes, the
# commission's sessions and stages, court appeals and recomputed clocks send nothing: the
# requester is a party at the commission and in court and hears it there.
REQUESTER_TEMPLATES: dict[str, tuple[str, ContextFn]] = {
    Kind.FILED: ("objections/received", _none),
    Kind.RECORDED: ("objections/received", _none),
    Kind.DELIBERATION_STARTED: ("objections/deliberation_started", _deliberation),
    Kind.DELIBERATION_HELD: ("objections/deliberation_held", _deliberation),
    Kind.SETTLED: ("objections/settled", _deliberation),
    Kind.ANSWERED: ("objections/answered", _answered),
    Kind.LAPSED: ("objections/lapsed", _lapsed),
    Kind.WITHDRAWN: ("objections/withdrawn", _withdrawn),
    Kind.DISPUTE_FILED: ("objections/dispute_filed", _dispute_context),
    Kind.DISPUTE_DECIDED: ("objections/dispute_decided", _dispute_context),
    Kind.DISPUTE_COMPLIED: ("objections/dispute_complied", _dispute_context),
    Kind.DISPUTE_CLOSED: ("objections/dispute_closed", _dispute_context),
}


def _event_key(objection: Objection, event: ObjectionEvent, to: str) -> str:
    return f"objection:{objection.pk}:event:{event.pk}:{to.lower()}"


def _notify_requester(objection: Objection, event: ObjectionEvent) -> None:
    entry = REQUESTER_TEMPLATES.get(event.kind)
    recipient = _requester(objection)
    if entry is None or recipient is None:
        return
    template, extra = entry
    context = {
        **_base_context(objection),
        "url": objection_page_url(objection.pk),
        **extra(objection, event),
    }
    send_all(
        [recipient],
        template=template,
        context=context,
        key=lambda a: _event_key(objection, event, a),
    )


def _officer_context(objection: Objection) -> dict[str, Any]:
    units = _units(objection)
    return {
        **_base_context(objection),
        "url": office_objection_url(objection.pk),
        "unit_names": ", ".join(u.name for u in units),
    }


def _notify_officers(objection: Objection, event: ObjectionEvent) -> None:
    context = _officer_context(objection)
    body_id = objection.body_id

    def key(to: str) -> str:
        return _event_key(objection, event, to)

    if event.kind in (Kind.FILED, Kind.RECORDED):
        # UU 14/2008 Pasal 36: the Atasan PPID answers within 30 working days; the desk keeps
        # the register (Perki 1/2021) and the unit whose decision is contested prepares its
        # account of it.
        context["channel"] = objection.get_channel_display()
        to = without(
            merge(atasan(body_id), desk(body_id), _unit_recipients(objection)), event.actor
        )
        send_all(to, template="objections/officer_filed", context=context, key=key)
    elif event.kind == Kind.LAPSED:
        # UU 14/2008 Pasal 36(2) and 37(2): unanswered, the requester may now go to the Komisi
        # Informasi within 14 working days.
        context.update(_lapsed(objection, event))
        to = merge(atasan(body_id), ppid_utama(body_id))
        send_all(to, template="objections/officer_lapsed", context=context, key=key)
    elif event.kind == Kind.ANSWERED:
        answer = _answered(objection, event)
        if answer.get("upheld", True):
            return
        # The order reopens the request: the unit holding it gives the information by the
        # fulfilment date.
        context.update(answer)
        to = without(merge(_unit_recipients(objection), desk(body_id)), event.actor)
        send_all(to, template="objections/officer_ordered", context=context, key=key)
    elif event.kind in (Kind.DISPUTE_FILED, Kind.DISPUTE_DECIDED):
        # UU 14/2008 Pasal 37-38: the body is the respondent at the Komisi Informasi.
        context.update(_dispute_context(objection, event))
        groups = [atasan(body_id), ppid_utama(body_id)]
        if event.kind == Kind.DISPUTE_DECIDED:
            groups.append(_unit_recipients(objection))
        template = (
            "objections/officer_dispute_filed"
            if event.kind == Kind.DISPUTE_FILED
            else "objections/officer_dispute_decided"
        )
        send_all(without(merge(*groups), event.actor), template=template, context=context, key=key)


def notify(event_id: int) -> None:
    """Log and enqueue the e-mails an objection event calls for (requester and officers)."""
    event = ObjectionEvent.objects.select_related("actor").get(pk=event_id)
    if event.is_internal or event.kind == Kind.NOTE:
        return
    objection = _load(event.objection_id)
    _notify_requester(objection, event)
    _notify_officers(objection, event)


def remind(*, objection: Objection, kind: str, today: date) -> int:
    """Remind the Atasan PPID and the PPID Utama of the 30 working days; once per day.

    `kind` is "before_due" or "on_due" (see `selectors.objection_reminders_due`). Returns the
    e-mails logged now.
    """
    # UU 14/2008 Pasal 36(2): the answer is due within 30 working days of receipt.
    objection = _load(objection.pk)
    context = {**_officer_context(objection), "reminder_kind": kind}
    day = today.isoformat()
    return send_all(
        merge(atasan(objection.body_id), ppid_utama(objection.body_id)),
        template="objections/officer_reminder",
        context=context,
        key=lambda a: f"objection:{objection.pk}:reminder:{kind}:{day}:{a.lower()}",
    )


def remind_compliance(*, dispute: Dispute, kind: str, today: date) -> int:
    """Remind the body to carry out the commission's decision; once per day.

    `kind` is "before_due", "on_due" or "overdue" (see
    `selectors.dispute_compliance_reminders_due`). Goes to the Atasan PPID, the PPID Utama and
    the unit whose request it was. Returns the e-mails logged now.
    """
    objection = _load(dispute.objection_id)
    dispute = Dispute.objects.get(pk=dispute.pk)
    context = {
        **_officer_context(objection),
        "reminder_kind": kind,
        "commission_name": dispute.commission_name,
        "case_number": dispute.case_number,
        "decision_number": dispute.decision_number,
        "compliance_due_on": dispute.compliance_due_on,
    }
    day = today.isoformat()
    to = merge(
        atasan(objection.body_id), ppid_utama(objection.body_id), _unit_recipients(objection)
    )
    return send_all(
        to,
        template="objections/officer_compliance_reminder",
        context=context,
        key=lambda a: f"dispute:{dispute.pk}:compliance:{kind}:{day}:{a.lower()}",
    )
