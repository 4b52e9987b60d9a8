"""`/api/v1/requests`: file, read and handle information requests (UU 14/2008 Pasal 22).

A thin layer over `services` and `selectors`: every write is one service call, visibility is
`selectors.request_get_for_user` / `request_visible_to`. No answer carries the requester's
NIK, decree number, address, phone or KTP scan; the e-mail address is shown to staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.api import guarded, path_id
from terbuka.core.exceptions import NotFound, ValidationError
from terbuka.core.service_helpers import require
from terbuka.inforequests import permissions, selectors, services
from terbuka.inforequests.models import IdempotencyKey, InformationRequest
from terbuka.inforequests.schemas import (
    CompleteIn,
    CompletionAskIn,
    ForwardIn,
    FulfilIn,
    NoteIn,
    NoticeIn,
    PaymentIn,
    ReasonIn,
    RequesterIn,
    RequestFilters,
    RequestIn,
    RequestPageOut,
    ReturnIn,
    RouteIn,
)
from terbuka.inforequests.schemas import RequestDetailOut as DetailOut
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.inforequests.states import phase_of

router = Router(tags=["requests"], auth=[TokenAuth(), django_auth])

# The API speaks English kinds; the model keeps the Perki 1/2021 terms.
KIND_IN: dict[str, str] = {
    "individual": "perorangan",
    "legal_entity": "badan_hukum",
    "group": "kelompok",
    "perorangan": "perorangan",
    "badan_hukum": "badan_hukum",
    "kelompok": "kelompok",
}
KIND_OUT: dict[str, str] = {
    "perorangan": "individual",
    "badan_hukum": "legal_entity",
    "kelompok": "group",
}
# Identity fields as the service names them -> as the API names them.
IDENTITY_FIELDS: dict[str, str] = {
    "kind": "requester.kind",
    "full_name": "requester.name",
    "nik": "requester.nik",
    "legal_entity_number": "requester.legal_entity_number",
    "address": "requester.address",
    "phone": "requester.phone",
    "email": "requester.email",
    "occupation": "requester.occupation",
}
ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


# --- Output ----------------------------------------------------------------------------------


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _clock(inputs: dict[str, Any]) -> dict[str, Any]:
    clock: dict[str, Any] = {}
    for name, part in inputs.items():
        if not isinstance(part, dict) or "due" not in part:
            continue
        clock[name] = {
            "rule": part.get("rule", name),
            "law": part.get("law", ""),
            "start": part.get("start"),
            "working_days": part.get("working_days", 0),
            "first_working_day": part.get("first_working_day"),
            "due": part["due"],
            "skipped": part.get("skipped", []),
        }
    return clock


def _out(req: InformationRequest, *, staff: bool) -> dict[str, Any]:
    """Return the request as the API shows it; identity values beyond the name never."""
    identity = req.requester_identity
    status = RequestStatus(req.status)
    phase = phase_of(req.status)
    return {
        "id": req.pk,
        "registration_number": req.registration_number,
        "status": status.value,
        "status_label": str(status.label),
        "phase": phase.value,
        "phase_label": str(phase.label),
        "body": req.body.slug,
        "unit": req.unit.slug if req.unit is not None else None,
        "channel": req.channel,
        "received_at": req.received_at,
        "due_date": req.due_on,
        "notice_due_date": req.notice_due_on,
        "extended_due_date": req.extended_due_on,
        "completion_due_date": req.completion_due_on,
        "is_extended": req.is_extended,
        "is_overdue": req.is_overdue,
        "clock": _clock(req.clock_inputs or {}),
        "requester": {
            "name": identity.full_name,
            "kind": KIND_OUT.get(identity.kind, identity.kind),
            "email": (identity.email or None) if staff else None,
        },
        "details": req.details,
        "purpose": req.purpose,
        "obtain_method": req.obtain_method,
        "delivery_method": req.delivery_method,
        "forwarded_to": req.forwarded_to_name,
    }


def _detail(req: InformationRequest, *, staff: bool) -> dict[str, Any]:
    events = selectors.request_timeline(req, include_internal=staff)
    return {
        **_out(req, staff=staff),
        "events": [
            {
                "kind": event.kind,
                "kind_label": event.get_kind_display(),
                "from_status": event.from_status,
                "to_status": event.to_status,
                "at": event.occurred_at,
                "note": event.note,
                "is_internal": event.is_internal,
            }
            for event in events
        ],
    }


def _is_staff(user: Any, req: InformationRequest) -> bool:
    """Whether the viewer sees the request as staff (handler or oversight), not as requester."""
    return req.requester_id != user.pk or permissions.can_handle_request(user, req)


# --- Input -----------------------------------------------------------------------------------


def _body(slug: str) -> PublicBody:
    try:
        return body_selectors.body_get_by_slug(slug)
    except NotFound as exc:
        raise ValidationError(exc.message, fields={"body": [exc.message]}) from None


def _unit(body: PublicBody, slug: str | None, field: str = "unit") -> Unit | None:
    if not slug:
        return None
    try:
        return body_selectors.unit_get_public(body, slug)
    except NotFound as exc:
        raise ValidationError(exc.message, fields={field: [exc.message]}) from None


def _identity_data(requester: RequesterIn | None) -> dict[str, Any] | None:
    if requester is None:
        return None
    data = {
        "kind": KIND_IN.get(requester.kind.strip(), requester.kind.strip()),
        "full_name": requester.name,
        "nik": requester.nik,
        "address": requester.address,
        "phone": requester.phone,
        "email": requester.email,
        "occupation": requester.occupation,
    }
    if requester.legal_entity_number:
        data["legal_entity_number"] = requester.legal_entity_number
    return data


def _api_fields(exc: ValidationError) -> ValidationError:
    """Rename the identity service's field names to the API's (`requester.nik`, ...)."""
    fields = exc.details.get("fields")
    if not isinstance(fields, dict):
        return exc
    renamed = {IDENTITY_FIELDS.get(name, name): msgs for name, msgs in fields.items()}
    return ValidationError(exc.message, code=exc.code, fields=renamed)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _default_received_at(user: Any, key: str | None) -> datetime:
    """Return "now", or on a replayed `Idempotency-Key` the receipt time it recorded.

    The service hashes the receipt time with the payload; without this a repeated recording
    with no `received_at` would never match its first answer.
    """
    if key:
        row = (
            IdempotencyKey.objects.filter(scope=_scope(user), key=key, request__isnull=False)
            .select_related("request")
            .first()
        )
        if row is not None and row.request is not None:
            return row.request.received_at
    return timezone.now()


def _scope(user: Any) -> str:
    return f"api:{user.pk}"


def _file(user: Any, payload: RequestIn, key: str | None) -> InformationRequest:
    body = _body(payload.body)
    unit = _unit(body, payload.unit)
    channel = payload.channel or InformationRequest.Channel.WEB
    if channel not in InformationRequest.Channel.values:
        raise _refuse("channel", _("Saluran permohonan tidak valid."))
    offline = channel != InformationRequest.Channel.WEB or payload.received_at is not None
    common: dict[str, Any] = {
        "actor": user,
        "body": body,
        "unit": unit,
        "details": payload.details,
        "purpose": payload.purpose,
        "obtain_method": payload.obtain_method,
        "delivery_method": payload.delivery_method,
        "identity_data": _identity_data(payload.requester),
        "is_public": payload.is_public,
        "idempotency_key": key,
        "idempotency_scope": _scope(user),
    }
    if offline and not permissions.can_record_request(user, body, unit):
        # A citizen files on the web, now; only officers record other channels and times.
        if payload.received_at is not None:
            raise _refuse("received_at", _("Hanya petugas yang dapat mengisi waktu diterima."))
        raise _refuse("channel", _("Hanya petugas yang dapat mencatat permohonan luring."))
    try:
        if offline:
            return services.request_record(
                channel=channel,
                received_at=payload.received_at or _default_received_at(user, key),
                **common,
            )
        return services.request_submit(**common)
    except ValidationError as exc:
        raise _api_fields(exc) from exc


# --- Endpoints -------------------------------------------------------------------------------


@router.post("/", response={201: DetailOut, **ERRORS}, summary="File or record a request")
def request_create(request: HttpRequest, payload: RequestIn) -> Status[dict[str, Any]]:
    """File a request for the signed-in requester, or record one as an officer.

    A citizen files on the web channel at the current time for themself. An officer may give
    `channel` (walk_in, phone, letter, email), `received_at` (ISO 8601, with time zone) and
    the requester. `Idempotency-Key`: the same key and body give the same answer; the same
    key with another body is refused (422 `idempotency_key_reused`).
    """
    user = _user(request)
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > 200:
        raise _refuse("Idempotency-Key", _("Kunci idempotensi terlalu panjang."))
    req = _file(user, payload, key)
    # Whoever filed it (the requester) or recorded it (can_record_request, checked in _file)
    # may see it; the same key replays only the scope's own request.
    req = selectors.request_get_just_filed(req.pk)
    return Status(201, _detail(req, staff=_is_staff(user, req)))


@router.get("/", response={200: RequestPageOut, **ERRORS}, summary="Requests I may see")
def request_list(
    request: HttpRequest,
    filters: Query[RequestFilters],
) -> dict[str, Any]:
    """List the requests visible to the caller, newest receipt first (`?status`, at most 100)."""
    user = _user(request)
    status, limit, offset = filters.status, filters.limit, filters.offset
    if status and status not in RequestStatus.values:
        raise _refuse("status", _("Status tidak dikenal."))
    qs = selectors.request_visible_to(user)
    if status:
        qs = qs.filter(status=status)
    count = qs.count()
    rows = list(
        qs.select_related("body", "unit", "requester_identity").order_by("-received_at", "-pk")[
            offset : offset + limit
        ]
    )
    handled = set(
        selectors.request_handled_by(user)
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    items = [_out(r, staff=r.requester_id != user.pk or r.pk in handled) for r in rows]
    return {"items": items, "count": count, "limit": limit, "offset": offset}


@router.get("/{request_id}", response={200: DetailOut, **ERRORS}, summary="One request")
def request_detail(request: HttpRequest, request_id: int) -> dict[str, Any]:
    """Return the request with its timeline (internal notes for staff only)."""
    user = _user(request)
    req = selectors.request_get_for_user(user, request_id)
    return _detail(req, staff=_is_staff(user, req))


def _act(
    request: HttpRequest, request_id: int, action: Callable[[InformationRequest, Any], object]
) -> dict[str, Any]:
    """Run one service on a visible request and answer with the request as it is now."""
    user = _user(request)
    req = selectors.request_get_for_user(user, request_id)
    staff = _is_staff(user, req)
    action(req, user)
    # The actor may no longer see it (a unit that handed it back): answer from the row itself.
    req.refresh_from_db()
    return _detail(req, staff=staff)


ACTION_RESPONSES: dict[int, type[Schema]] = {200: DetailOut, **ERRORS}


def _may(*rules: Callable[[Any, InformationRequest], bool]) -> list[Any]:
    """Sign-in that finds the request (404) and checks the service's rule (403) first."""

    def check(user: Any, path: dict[str, Any]) -> None:
        req = selectors.request_get_for_user(user, path_id(path, "request_id"))
        require(any(rule(user, req) for rule in rules))

    return guarded(check)


HANDLER = _may(permissions.can_handle_request)
DESK = _may(permissions.can_manage_request)


@router.post(
    "/{request_id}/extend", response=ACTION_RESPONSES, auth=HANDLER, summary="Extend the deadline"
)
def request_extend(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict[str, Any]:
    """Extend the written-notice deadline once by 7 working days (UU 14/2008 Pasal 22(8))."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_extend(request=req, actor=user, reason=payload.reason),
    )


@router.post(
    "/{request_id}/route", response=ACTION_RESPONSES, auth=DESK, summary="Route (disposisi)"
)
def request_route(request: HttpRequest, request_id: int, payload: RouteIn) -> dict[str, Any]:
    """Route the request to one or more PPID Pelaksana units (slugs) with a note."""

    def run(req: InformationRequest, user: Any) -> object:
        units = [_unit(req.body, slug, "units") for slug in payload.units]
        return services.request_route(
            request=req, actor=user, units=[u for u in units if u is not None], note=payload.note
        )

    return _act(request, request_id, run)


@router.post(
    "/{request_id}/return",
    response=ACTION_RESPONSES,
    auth=_may(permissions.can_handle_request, permissions.can_manage_request),
    summary="Hand back to PPID Utama",
)
def request_return(request: HttpRequest, request_id: int, payload: ReturnIn) -> dict[str, Any]:
    """Hand the routing to `unit` back to the PPID Utama with a note."""

    def run(req: InformationRequest, user: Any) -> object:
        unit = _unit(req.body, payload.unit)
        if unit is None:
            raise _refuse("unit", _("Pilih unit yang mengembalikan permohonan."))
        return services.request_return(request=req, actor=user, unit=unit, note=payload.note)

    return _act(request, request_id, run)


@router.post("/{request_id}/start", response=ACTION_RESPONSES, summary="Start handling")
def request_start(request: HttpRequest, request_id: int) -> dict[str, Any]:
    return _act(
        request, request_id, lambda req, user: services.request_start(request=req, actor=user)
    )


@router.post(
    "/{request_id}/ask-completion",
    response=ACTION_RESPONSES,
    auth=HANDLER,
    summary="Ask for completion",
)
def request_ask_completion(
    request: HttpRequest, request_id: int, payload: CompletionAskIn
) -> dict[str, Any]:
    """Ask the requester to complete the request; the legal clock stops until they do."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_ask_completion(
            request=req, actor=user, missing=payload.missing
        ),
    )


@router.post(
    "/{request_id}/complete",
    response=ACTION_RESPONSES,
    auth=_may(permissions.can_complete_request),
    summary="Complete the request",
)
def request_complete(request: HttpRequest, request_id: int, payload: CompleteIn) -> dict[str, Any]:
    """Supply the missing part (requester or officer); the legal clock starts today."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_complete(
            request=req,
            actor=user,
            note=payload.note,
            details=payload.details,
            purpose=payload.purpose,
        ),
    )


@router.post(
    "/{request_id}/forward", response=ACTION_RESPONSES, auth=DESK, summary="Forward to another body"
)
def request_forward(request: HttpRequest, request_id: int, payload: ForwardIn) -> dict[str, Any]:
    """Forward the request to the body that holds the information (UU 14/2008 Pasal 22(7)b)."""

    def run(req: InformationRequest, user: Any) -> object:
        to_body = _body(payload.body) if payload.body else None
        return services.request_forward(
            request=req,
            actor=user,
            to_body_name=payload.body_name,
            to_body=to_body,
            note=payload.note,
        )

    return _act(request, request_id, run)


@router.post(
    "/{request_id}/notice",
    response=ACTION_RESPONSES,
    auth=HANDLER,
    summary="Issue the written notice",
)
def request_notice(request: HttpRequest, request_id: int, payload: NoticeIn) -> dict[str, Any]:
    """Issue the written notice with every item of UU 14/2008 Pasal 22(7)."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_issue_notice(
            request=req, actor=user, **payload.model_dump()
        ),
    )


@router.post(
    "/{request_id}/payment", response=ACTION_RESPONSES, auth=HANDLER, summary="Record the payment"
)
def request_payment(request: HttpRequest, request_id: int, payload: PaymentIn) -> dict[str, Any]:
    """Record the payment of the notice's costs (UU 14/2008 Pasal 21)."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_record_payment(
            request=req, actor=user, **payload.model_dump()
        ),
    )


@router.post(
    "/{request_id}/fulfil", response=ACTION_RESPONSES, auth=HANDLER, summary="Record fulfilment"
)
def request_fulfil(request: HttpRequest, request_id: int, payload: FulfilIn) -> dict[str, Any]:
    return _act(
        request,
        request_id,
        lambda req, user: services.request_fulfil(
            request=req, actor=user, reference=payload.reference, method=payload.method
        ),
    )


@router.post(
    "/{request_id}/close", response=ACTION_RESPONSES, auth=HANDLER, summary="Close the request"
)
def request_close(request: HttpRequest, request_id: int, payload: NoteIn) -> dict[str, Any]:
    return _act(
        request,
        request_id,
        lambda req, user: services.request_close(request=req, actor=user, note=payload.note),
    )


@router.post(
    "/{request_id}/withdraw",
    response=ACTION_RESPONSES,
    auth=_may(permissions.can_withdraw_request),
    summary="Withdraw my request",
)
def request_withdraw(request: HttpRequest, request_id: int, payload: ReasonIn) -> dict[str, Any]:
    return _act(
        request,
        request_id,
        lambda req, user: services.request_withdraw(request=req, actor=user, reason=payload.reason),
    )


@router.post(
    "/{request_id}/note", response=ACTION_RESPONSES, auth=HANDLER, summary="Add an internal note"
)
def request_note(request: HttpRequest, request_id: int, payload: NoteIn) -> dict[str, Any]:
    """Add an internal note to the timeline; requesters never see it."""
    return _act(
        request,
        request_id,
        lambda req, user: services.request_add_note(request=req, actor=user, note=payload.note),
    )
