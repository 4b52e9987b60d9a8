"""The objection and dispute API: `/api/v1/requests/{id}/objections`, `/api/v1/objections/...`.

A thin layer over `services` and `selectors` (UU 14/2008 Pasal 35-38). No answer carries the
requester's NIK, address, phone, KTP scan or the proxy's NIK; the e-mail address is shown to
staff only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.security import django_auth

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody
from terbuka.core.api import guarded, path_id
from terbuka.core.exceptions import NotFound, ValidationError
from terbuka.core.service_helpers import require
from terbuka.inforequests import selectors as request_selectors
from terbuka.objections import permissions, selectors, services
from terbuka.objections.models import GROUND_MEANINGS, Dispute, Objection
from terbuka.objections.schemas import (
    AnswerIn,
    AppealIn,
    CaseNumberIn,
    ComplianceIn,
    CompliedIn,
    CourtOutcomeIn,
    DecisionIn,
    DeliberationIn,
    DisputeIn,
    NoteIn,
    ObjectionFilters,
    ObjectionIn,
    ObjectionOut,
    ObjectionPageOut,
    PeriodicObjectionIn,
    ReasonIn,
    RespondIn,
    SessionIn,
)
from terbuka.objections.states import ObjectionStatus, objection_phase_of

router = Router(tags=["objections"], auth=[TokenAuth(), django_auth])

ERRORS: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
ACTION_RESPONSES: dict[int, type[Schema]] = {200: ObjectionOut, **ERRORS}


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _iso(value: Any) -> Any:
    return value.isoformat() if value is not None else None


def _clock(inputs: dict[str, Any]) -> dict[str, Any]:
    return {
        name: {
            "rule": part.get("rule", name),
            "law": part.get("law", ""),
            "start": part.get("start"),
            "working_days": part.get("working_days", 0),
            "first_working_day": part.get("first_working_day"),
            "due": part["due"],
            "skipped": part.get("skipped", []),
        }
        for name, part in inputs.items()
        if isinstance(part, dict) and "due" in part
    }


def _dispute(dispute: Dispute | None) -> dict[str, Any] | None:
    if dispute is None:
        return None
    return {
        "status": dispute.status,
        "status_label": str(Dispute.Status(dispute.status).label),
        "commission_name": dispute.commission_name,
        "case_number": dispute.case_number,
        "filed_on": _iso(dispute.filed_on),
        "filing_due_on": _iso(dispute.filing_due_on),
        "is_late": dispute.is_late,
        "commission_start_due_on": _iso(dispute.commission_start_due_on),
        "commission_settle_due_on": _iso(dispute.commission_settle_due_on),
        "clock": _clock(dispute.clock_inputs or {}),
        "decision": dispute.decision,
        "decision_number": dispute.decision_number,
        "decided_on": _iso(dispute.decided_on),
        "decision_text": dispute.decision_text,
        "compliance_due_on": _iso(dispute.compliance_due_on),
        "complied_on": _iso(dispute.complied_on),
        "court": dispute.court,
        "court_case_number": dispute.court_case_number,
        "court_filed_on": _iso(dispute.court_filed_on),
        "court_filed_by": dispute.court_filed_by,
        "court_outcome": dispute.court_outcome,
        "court_decided_on": _iso(dispute.court_decided_on),
        "compliance_note": dispute.compliance_note,
        "close_reason": dispute.close_reason,
        "sessions": [
            {"kind": s.kind, "held_on": _iso(s.held_on), "agenda": s.agenda}
            for s in dispute.sessions.all()
        ],
    }


def _out(objection: Objection, *, staff: bool) -> dict[str, Any]:
    """Return the objection as the API shows it; identity values beyond the name never."""
    status = ObjectionStatus(objection.status)
    phase = objection_phase_of(objection.status)
    identity = objection.requester_identity
    answer = getattr(objection, "response", None)
    dispute = getattr(objection, "dispute", None)
    # From the prefetched rows (ordered by Meta: occurred_at, id): no query per objection.
    events = [e for e in objection.events.all() if staff or not e.is_internal]
    request = objection.request
    return {
        "id": objection.pk,
        "registration_number": objection.registration_number,
        "status": status.value,
        "status_label": str(status.label),
        "phase": phase.value,
        "phase_label": str(phase.label),
        "body": objection.body.slug,
        "request": (
            {"id": request.pk, "registration_number": request.registration_number}
            if request is not None
            else None
        ),
        "information_description": objection.information_description,
        "grounds": [
            {"letter": letter, "meaning": str(GROUND_MEANINGS[letter])}
            for letter in objection.grounds
        ],
        "summary": objection.summary,
        "channel": objection.channel,
        "filed_at": objection.filed_at,
        "due_date": objection.response_due_on,
        "ground_arose_on": objection.ground_arose_on,
        "window_due_date": objection.window_due_on,
        "dispute_due_date": objection.dispute_due_on,
        "is_overdue": objection.is_overdue,
        "clock": _clock(objection.clock_inputs or {}),
        "requester": {
            "name": identity.full_name,
            "email": (identity.email or None) if staff else None,
        },
        "requester_response": objection.requester_response,
        "response": (
            {
                "decision": answer.decision,
                "decision_label": answer.get_decision_display(),
                "reasons": answer.reasons,
                "order_details": answer.order_details,
                "letter_number": answer.letter_number,
                "responded_on": _iso(answer.responded_on),
                "is_late": answer.is_late,
                "fulfilment_due_on": _iso(answer.fulfilment_due_on),
                "atasan_name": answer.atasan_name,
                "atasan_position": answer.atasan_position,
            }
            if answer is not None
            else None
        ),
        "deliberations": (
            [
                {
                    "held_at": _iso(d.held_at),
                    "place": d.place,
                    "participants": d.participants,
                    "outcome": d.outcome,
                    "result": d.result,
                }
                for d in objection.deliberations.all()
            ]
            if staff
            else []
        ),
        "dispute": _dispute(dispute),
        "events": [
            {
                "kind": event.kind,
                "kind_label": event.get_kind_display(),
                "subject": event.subject,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "at": _iso(event.occurred_at),
                "note": event.note,
                "is_internal": event.is_internal,
            }
            for event in events
        ],
    }


def _is_staff(user: Any, objection: Objection) -> bool:
    """Whether the viewer sees the objection as staff, not as its requester."""
    return objection.requester_id != user.pk or permissions.can_handle_objection(user, objection)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _key(request: HttpRequest) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > 200:
        raise _refuse("Idempotency-Key", _("Kunci idempotensi terlalu panjang."))
    return key


def _scope(user: Any) -> str:
    return f"api:{user.pk}"


def _staff_fields(user: Any, body: PublicBody, payload: ObjectionIn) -> None:
    if (payload.filed_at or payload.channel) and not permissions.can_record_objection(user, body):
        field = "filed_at" if payload.filed_at else "channel"
        raise _refuse(field, _("Hanya petugas yang dapat mengisi waktu diterima dan saluran."))


def _answer(user: Any, objection: Objection) -> dict[str, Any]:
    """Answer with the objection as the caller sees it now."""
    objection = selectors.objection_get_for_user(user, objection.pk)
    return _out(objection, staff=_is_staff(user, objection))


# --- Rights checked before the body ---------------------------------------------------------
# Each write below names its object in the path: the caller learns that it may not act (404
# for an object it cannot see, 403 for a step it may not take, by the services' rules) before
# ninja reads the body (422).

Rule = Callable[[Any, Objection], bool]


def _may(rule: Rule, *, dispute: bool = False) -> list[Any]:
    """Sign-in that finds the objection (404), its dispute if asked (404), then `rule` (403)."""

    def check(user: Any, path: dict[str, Any]) -> None:
        objection = selectors.objection_get_for_user(user, path_id(path, "objection_id"))
        if dispute:
            _dispute_of(objection)
        require(rule(user, objection))

    return guarded(check)


def _may_object(user: Any, path: dict[str, Any]) -> None:
    """The request's requester, or an officer recording a paper objection (`objection_file`)."""
    req = request_selectors.request_get_for_user(user, path_id(path, "request_id"))
    require(
        permissions.can_file_objection(user, req)
        or permissions.can_record_objection(user, req.body)
    )


HANDLER = _may(permissions.can_handle_objection)
REQUESTER_OR_HANDLER = _may(permissions.can_withdraw_objection)
DISPUTE_HANDLER = _may(permissions.can_handle_objection, dispute=True)


# --- Filing ----------------------------------------------------------------------------------


@router.post(
    "/requests/{request_id}/objections",
    response={201: ObjectionOut, **ERRORS},
    auth=guarded(_may_object),
    summary="Object to a request",
)
def objection_create(
    request: HttpRequest, request_id: int, payload: ObjectionIn
) -> Status[dict[str, Any]]:
    """File an objection to the Atasan PPID about a request (UU 14/2008 Pasal 35-36).

    The requester files now; an officer may give `filed_at` and `channel` for one received on
    paper. A filing after the 30 working days answers 422 `objection_window_closed` with
    `details.last_valid_day`. `Idempotency-Key` makes a retry return the first objection.
    """
    user = _user(request)
    req = request_selectors.request_get_for_user(user, request_id)
    _staff_fields(user, req.body, payload)
    key = _key(request)
    objection = services.objection_file(
        actor=user,
        request=req,
        grounds=payload.grounds,
        summary=payload.summary,
        filed_at=payload.filed_at,
        channel=payload.channel or "",
        idempotency_key=key,
        idempotency_scope=_scope(user),
    )
    return Status(201, _answer(user, objection))


@router.post("/objections", response={201: ObjectionOut, **ERRORS}, summary="Object (ground b)")
def objection_create_periodic(
    request: HttpRequest, payload: PeriodicObjectionIn
) -> Status[dict[str, Any]]:
    """File an objection that periodic information is not published (Pasal 35(1)b), naming
    the information instead of a request. The caller's own identity is used: the newest one
    saved on their account."""
    from terbuka.accounts.models import RequesterIdentity

    user = _user(request)
    try:
        body = body_selectors.body_get_by_slug(payload.body)
    except NotFound as exc:
        raise _refuse("body", exc.message) from None
    if payload.filed_at or payload.channel:
        # Paper filings of ground b are recorded on the office page with the identity.
        raise _refuse(
            "filed_at", _("Keberatan tertulis tanpa permohonan dicatat di halaman petugas.")
        )
    identity = RequesterIdentity.objects.filter(owner_id=user.pk).order_by("-pk").first()
    if identity is None:
        raise _refuse("requester", _("Simpan identitas pemohon di profil Anda terlebih dahulu."))
    objection = services.objection_file(
        actor=user,
        body=body,
        grounds=payload.grounds,
        summary=payload.summary,
        information_description=payload.information_description,
        identity=identity,
        idempotency_key=_key(request),
        idempotency_scope=_scope(user),
    )
    return Status(201, _answer(user, objection))


@router.get("/objections", response={200: ObjectionPageOut, **ERRORS}, summary="My objections")
def objection_list(request: HttpRequest, filters: Query[ObjectionFilters]) -> dict[str, Any]:
    """List the objections visible to the caller, newest first (`?status`, at most 100)."""
    user = _user(request)
    if filters.status and filters.status not in ObjectionStatus.values:
        raise _refuse("status", _("Status tidak dikenal."))
    qs = selectors.objection_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    count = qs.count()
    rows = list(
        qs.select_related("body", "request", "requester_identity", "response", "dispute")
        .prefetch_related("deliberations", "events", "dispute__sessions")
        .order_by("-filed_at", "-pk")[filters.offset : filters.offset + filters.limit]
    )
    handled = set(
        selectors.objection_handled_by(user)
        .filter(pk__in=[r.pk for r in rows])
        .values_list("pk", flat=True)
    )
    items = [_out(r, staff=r.requester_id != user.pk or r.pk in handled) for r in rows]
    return {"items": items, "count": count, "limit": filters.limit, "offset": filters.offset}


@router.get("/objections/{objection_id}", response={200: ObjectionOut, **ERRORS})
def objection_detail(request: HttpRequest, objection_id: int) -> dict[str, Any]:
    """Return one objection with its answer, dispute and timeline."""
    user = _user(request)
    objection = selectors.objection_get_for_user(user, objection_id)
    return _out(objection, staff=_is_staff(user, objection))


# --- Objection transitions --------------------------------------------------------------------


def _act(
    request: HttpRequest, objection_id: int, action: Callable[[Objection, Any], object]
) -> dict[str, Any]:
    user = _user(request)
    objection = selectors.objection_get_for_user(user, objection_id)
    action(objection, user)
    return _answer(user, objection)


@router.post("/objections/{objection_id}/deliberation", response=ACTION_RESPONSES, auth=HANDLER)
def objection_deliberation(request: HttpRequest, objection_id: int, payload: NoteIn) -> Any:
    """Open a deliberation (musyawarah, grounds b-g only, Pasal 35(2))."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_start_deliberation(objection=o, actor=u, note=payload.note),
    )


@router.post(
    "/objections/{objection_id}/deliberation-record", response=ACTION_RESPONSES, auth=HANDLER
)
def objection_deliberation_record(
    request: HttpRequest, objection_id: int, payload: DeliberationIn
) -> Any:
    """Record a deliberation meeting; an agreement settles the objection."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_record_deliberation(objection=o, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/answer",
    response=ACTION_RESPONSES,
    auth=_may(permissions.can_decide_objection),
)
def objection_answer(request: HttpRequest, objection_id: int, payload: AnswerIn) -> Any:
    """The Atasan PPID's written answer (Pasal 36(2)); an order reopens the request."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_answer(objection=o, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/withdraw", response=ACTION_RESPONSES, auth=REQUESTER_OR_HANDLER
)
def objection_withdraw(request: HttpRequest, objection_id: int, payload: ReasonIn) -> Any:
    """Withdraw the objection."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_withdraw(objection=o, actor=u, reason=payload.reason),
    )


@router.post(
    "/objections/{objection_id}/respond", response=ACTION_RESPONSES, auth=REQUESTER_OR_HANDLER
)
def objection_respond(request: HttpRequest, objection_id: int, payload: RespondIn) -> Any:
    """Record whether the requester accepts the answer."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_record_requester_response(
            objection=o, actor=u, response=payload.response, note=payload.note
        ),
    )


@router.post("/objections/{objection_id}/note", response=ACTION_RESPONSES, auth=HANDLER)
def objection_note(request: HttpRequest, objection_id: int, payload: NoteIn) -> Any:
    """Add an internal note (staff only)."""
    return _act(
        request,
        objection_id,
        lambda o, u: services.objection_add_note(objection=o, actor=u, note=payload.note),
    )


# --- Disputes --------------------------------------------------------------------------------


def _dispute_of(objection: Objection) -> Dispute:
    dispute = Dispute.objects.filter(objection=objection).select_related("objection").first()
    if dispute is None:
        raise NotFound(_("Sengketa atas keberatan ini belum dicatat."))
    return dispute


def _dispute_act(
    request: HttpRequest, objection_id: int, action: Callable[[Dispute, Any], object]
) -> dict[str, Any]:
    return _act(request, objection_id, lambda o, u: action(_dispute_of(o), u))


@router.post(
    "/objections/{objection_id}/dispute",
    response={201: ObjectionOut, **ERRORS},
    auth=_may(permissions.can_record_dispute),
    summary="Record the dispute filing",
)
def dispute_create(
    request: HttpRequest, objection_id: int, payload: DisputeIn
) -> Status[dict[str, Any]]:
    """Record the dispute at the Komisi Informasi (Pasal 37); a late one is flagged."""
    user = _user(request)
    objection = selectors.objection_get_for_user(user, objection_id)
    services.dispute_file(objection=objection, actor=user, **payload.dict())
    return Status(201, _answer(user, objection))


@router.get("/objections/{objection_id}/dispute", response={200: dict[str, Any], **ERRORS})
def dispute_detail(request: HttpRequest, objection_id: int) -> dict[str, Any]:
    """Return the dispute with its sessions and the commission's clock."""
    user = _user(request)
    objection = selectors.objection_get_for_user(user, objection_id)
    return _dispute(_dispute_of(objection)) or {}


@router.post(
    "/objections/{objection_id}/dispute/case-number",
    response=ACTION_RESPONSES,
    auth=DISPUTE_HANDLER,
)
def dispute_case_number(request: HttpRequest, objection_id: int, payload: CaseNumberIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_set_case_number(
            dispute=d, actor=u, case_number=payload.case_number
        ),
    )


@router.post(
    "/objections/{objection_id}/dispute/mediation", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_mediation(request: HttpRequest, objection_id: int, payload: NoteIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_start_mediation(dispute=d, actor=u, note=payload.note),
    )


@router.post(
    "/objections/{objection_id}/dispute/adjudication",
    response=ACTION_RESPONSES,
    auth=DISPUTE_HANDLER,
)
def dispute_adjudication(request: HttpRequest, objection_id: int, payload: NoteIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_start_adjudication(dispute=d, actor=u, note=payload.note),
    )


@router.post(
    "/objections/{objection_id}/dispute/session", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_session(request: HttpRequest, objection_id: int, payload: SessionIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_record_session(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/decision", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_decision(request: HttpRequest, objection_id: int, payload: DecisionIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_record_decision(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/appeal", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_appeal(request: HttpRequest, objection_id: int, payload: AppealIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_appeal(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/court-outcome",
    response=ACTION_RESPONSES,
    auth=DISPUTE_HANDLER,
)
def dispute_court_outcome(request: HttpRequest, objection_id: int, payload: CourtOutcomeIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_record_court_outcome(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/compliance", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_compliance(request: HttpRequest, objection_id: int, payload: ComplianceIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_start_compliance(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/complied", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_complied(request: HttpRequest, objection_id: int, payload: CompliedIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_record_compliance(dispute=d, actor=u, **payload.dict()),
    )


@router.post(
    "/objections/{objection_id}/dispute/close", response=ACTION_RESPONSES, auth=DISPUTE_HANDLER
)
def dispute_close(request: HttpRequest, objection_id: int, payload: ReasonIn) -> Any:
    return _dispute_act(
        request,
        objection_id,
        lambda d, u: services.dispute_close(dispute=d, actor=u, reason=payload.reason),
    )
