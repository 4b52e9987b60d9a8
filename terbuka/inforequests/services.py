"""Every write of information requests: intake, the state machine, the clock, fulfilment.

Each transition locks the request row, checks `states.TRANSITIONS`, saves with
`update_fields`, appends a `RequestEvent`, recomputes the dates through `deadlines.py` and
schedules `notifications.notify` on commit. Nothing else changes `InformationRequest.status`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import connections, router, transaction
from django.db.models import Count, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.accounts import services as account_services
from terbuka.accounts.models import RequesterIdentity
from terbuka.bodies.models import PublicBody, Unit
from terbuka.calendars.recompute import Moved, Recompute, recompute
from terbuka.calendars.workdays import Calendar
from terbuka.core import crypto
from terbuka.core.exceptions import (
    InvalidTransition,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.files import save_to_field
from terbuka.core.service_helpers import (
    actor_or_none,
    claim_form_token,
    claim_key,
    field_error,
    full_clean,
    require,
)
from terbuka.inforequests import deadlines, permissions, release
from terbuka.inforequests.models import (
    Delivery,
    IdempotencyKey,
    InformationRequest,
    Payment,
    RegistrationCounter,
    RequestEvent,
    RequestRouting,
    RequestSettings,
    ResponseDocument,
    WrittenNotice,
)
from terbuka.inforequests.models.notice import PASAL_17_LETTERS
from terbuka.inforequests.models.settings import DEFAULT_NUMBER_FORMAT
from terbuka.inforequests.notifications import clock_ran_out, notify
from terbuka.inforequests.selectors import (
    register_rows_for,
    request_list_overdue_candidates,
    request_register_queryset,
    request_settings_for,
)
from terbuka.inforequests.states import CLOCK_RUNNING, TERMINAL, TRANSITIONS, Status
from terbuka.notifications.services import notification_schedule
from terbuka.objections.deadlines import order_fulfilment_due

Kind = RequestEvent.Kind
# A receipt time a little ahead of the server clock is tolerated (officers' watches).
FUTURE_TOLERANCE = timedelta(minutes=5)
MIN_REASON_LENGTH = 10


# --- Helpers ---------------------------------------------------------------------------------


def _full_clean(obj: Any, *, exclude: list[str] | None = None, constraints: bool = True) -> None:
    full_clean(obj, _("Data permohonan tidak valid."), exclude=exclude, constraints=constraints)


def _event(
    request: InformationRequest,
    kind: str,
    *,
    actor: Any,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    is_internal: bool = False,
    data: dict[str, Any] | None = None,
) -> RequestEvent:
    event = RequestEvent.objects.create(
        request=request,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor_or_none(actor),
        note=note,
        is_internal=is_internal,
        data=data or {},
        occurred_at=timezone.now(),
    )
    notification_schedule(notify, event.pk)
    return event


def _lock(request: InformationRequest) -> InformationRequest:
    """Lock the request row and bring the caller's object up to date with it."""
    locked = InformationRequest.objects.select_for_update().filter(pk=request.pk)
    if not list(locked.values_list("pk", flat=True)):
        raise InformationRequest.DoesNotExist
    request.refresh_from_db()
    return request


def _check_transition(old: str, new: str) -> None:
    if Status(new) not in TRANSITIONS[Status(old)]:
        raise InvalidTransition(
            _('Permohonan berstatus "%(old)s" tidak dapat diubah menjadi "%(new)s".')
            % {"old": Status(old).label, "new": Status(new).label},
            from_status=old,
            to_status=new,
        )


def _transition(
    request: InformationRequest,
    new: Status,
    *,
    actor: Any,
    kind: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
) -> RequestEvent:
    """Move a locked request to `new`, save the given fields and write the event."""
    old = request.status
    _check_transition(old, new)
    request.status = new
    if new in TERMINAL and request.closed_at is None:
        request.closed_at = timezone.now()
    _refresh_overdue(request, timezone.localdate())
    request.save(update_fields=sorted({"status", "closed_at", "is_overdue", "updated_at", *fields}))
    return _event(request, kind, actor=actor, from_status=old, to_status=new, note=note, data=data)


def _region(request: InformationRequest) -> str:
    return request.body.region_code


def _refresh_due(request: InformationRequest) -> None:
    if request.order_due_on is not None:
        request.due_on = request.order_due_on
        return
    request.due_on = request.extended_due_on if request.is_extended else request.notice_due_on


def _refresh_overdue(request: InformationRequest, today: date) -> None:
    if request.status in CLOCK_RUNNING and deadlines.is_overdue(request.due_on, today):
        request.is_overdue = True


def _start_clock(
    request: InformationRequest, started_on: date, *, calendar: Calendar | None = None
) -> list[str]:
    """Start (or restart) the legal clock on `started_on`; return the changed fields."""
    cal = calendar or deadlines.calendar_for(started_on)
    clock = deadlines.notice_due(started_on, calendar=cal, region_code=_region(request))
    request.clock_started_on = started_on
    request.notice_due_on = clock.due
    request.clock_inputs = {**request.clock_inputs, "notice": clock.inputs}
    request.clock_inputs.pop("completion", None)
    request.completion_due_on = None
    _refresh_due(request)
    return [
        "clock_started_on",
        "notice_due_on",
        "due_on",
        "clock_inputs",
        "completion_due_on",
    ]


def _settings_for(body: PublicBody) -> RequestSettings:
    return request_settings_for(body.pk)


def _unit_code(unit: Unit | None) -> str:
    if unit is None:
        return "PPID"
    return unit.code or unit.short_name or unit.slug.upper()


def _issue_number(
    body: PublicBody, unit: Unit | None, received_on: date, config: RequestSettings
) -> tuple[str, int, int]:
    """Take the next gap-free sequence of the body's year and format the number.

    Runs inside the request's transaction: a rollback gives the number back. PostgreSQL
    serialises writers on the counter row lock; SQLite on its IMMEDIATE write lock.
    """
    year = received_on.year
    seq = _next_seq(body.pk, year)
    if seq is None:
        # The body's first request of the year: create its counter (a concurrent first request
        # may create it first; get_or_create then finds it), then take the number.
        RegistrationCounter.objects.get_or_create(body=body, year=year)
        seq = _next_seq(body.pk, year)
        assert seq is not None  # noqa: S101 - the row exists now, in this transaction
    values = {
        "seq": seq,
        "year": year,
        "month": received_on.month,
        "body_code": config.body_code or body.slug.upper(),
        "unit_code": _unit_code(unit),
    }
    try:
        number = (config.number_format or DEFAULT_NUMBER_FORMAT).format(**values)
    except (KeyError, ValueError, IndexError):
        number = DEFAULT_NUMBER_FORMAT.format(**values)
    return number, year, seq


def _next_seq(body_id: int, year: int) -> int | None:
    """Increment the counter of the body's year and return its new value (None: no row yet).

    One statement, `UPDATE ... RETURNING` (SQLite 3.35+, PostgreSQL): it takes the row lock on
    PostgreSQL, and on SQLite the transaction already holds the write lock.
    """
    connection = connections[router.db_for_write(RegistrationCounter)]
    table = connection.ops.quote_name(RegistrationCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_seq = last_seq + 1 "  # noqa: S608 - table name from the model
            "WHERE body_id = %s AND year = %s RETURNING last_seq",
            [body_id, year],
        )
        row = cursor.fetchone()
    return int(row[0]) if row is not None else None


# --- Idempotency -----------------------------------------------------------------------------


def payload_hash(payload: dict[str, Any]) -> str:
    """Return a keyed hash of a submission (it may hold a NIK, so never a bare digest)."""
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return crypto.keyed_hash(text, purpose="idempotency")


def _claim_key(
    scope: str, key: str | None, digest: str
) -> tuple[IdempotencyKey | None, InformationRequest | None]:
    """Reserve `key` in `scope`, or return the request an earlier use of it created."""
    return claim_key(
        IdempotencyKey,
        "request",
        scope,
        key,
        digest,
        reused=_("Kunci idempotensi ini sudah dipakai untuk permohonan dengan isi lain."),
        pending=_("Permohonan dengan kunci ini sedang diproses. Coba lagi sebentar."),
    )


# --- Intake ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Intake:
    body: PublicBody
    unit: Unit | None
    details: str
    purpose: str
    obtain_method: str
    delivery_method: str
    is_public: bool


def _check_unit(body: PublicBody, unit: Unit | None) -> None:
    if unit is not None and (unit.body_id != body.pk or not unit.is_active):
        field_error("unit", _("Unit tidak ditemukan pada badan publik ini."))


def _identity_payload(identity: RequesterIdentity | None, data: dict[str, Any] | None) -> Any:
    if identity is not None:
        return {"identity_id": identity.pk}
    return dict(sorted((data or {}).items()))


def _create(
    intake: _Intake,
    *,
    actor: Any,
    identity: RequesterIdentity,
    requester: Any,
    channel: str,
    received_at: datetime,
    recorded_by: Any,
    kind: str,
    key_row: IdempotencyKey | None,
) -> InformationRequest:
    config = _settings_for(intake.body)
    received_on = deadlines.receipt_date(received_at)
    number, year, seq = _issue_number(intake.body, intake.unit, received_on, config)
    request = InformationRequest(
        body=intake.body,
        unit=intake.unit,
        requester_identity=identity,
        requester=requester,
        channel=channel,
        received_at=received_at,
        registration_number=number,
        registration_year=year,
        registration_seq=seq,
        details=intake.details.strip(),
        purpose=intake.purpose.strip(),
        obtain_method=intake.obtain_method,
        delivery_method=intake.delivery_method,
        status=Status.REGISTERED,
        is_public=intake.is_public,
        recorded_by=recorded_by,
    )
    # UU 14/2008 Pasal 22(7): the clock runs from receipt; day 1 is the next working day.
    _start_clock(request, received_on)
    # The foreign keys are rows this transaction holds, the number comes from the gap-free
    # counter and the status is set just above: the database's constraints still guard them,
    # and the queries that would check them again (six per submission) are left out.
    _full_clean(
        request,
        exclude=["body", "unit", "requester_identity", "requester", "recorded_by"],
        constraints=False,
    )
    request.save()
    _event(
        request,
        kind,
        actor=actor,
        to_status=Status.REGISTERED,
        data={
            "channel": channel,
            "registration_number": number,
            "received_at": received_at.isoformat(),
            "notice_due_on": request.notice_due_on.isoformat() if request.notice_due_on else None,
        },
    )
    if key_row is not None:
        # The key now answers repeats with this request (same transaction).
        key_row.request = request
        key_row.save(update_fields=["request"])
    return request


def _intake(
    *,
    body: PublicBody,
    unit: Unit | None,
    details: str,
    purpose: str,
    obtain_method: str,
    delivery_method: str,
    is_public: bool,
) -> _Intake:
    _check_unit(body, unit)
    return _Intake(body, unit, details, purpose, obtain_method, delivery_method, is_public)


@transaction.atomic
def request_submit(
    *,
    actor: Any,
    body: PublicBody,
    details: str,
    purpose: str,
    obtain_method: str,
    delivery_method: str,
    unit: Unit | None = None,
    identity: RequesterIdentity | None = None,
    identity_data: dict[str, Any] | None = None,
    is_public: bool = False,
    idempotency_key: str | None = None,
    idempotency_scope: str | None = None,
) -> InformationRequest:
    """File a request on the portal as the signed-in requester.

    `identity` is one of the requester's saved identities; otherwise `identity_data` creates
    one. The same `idempotency_key` with the same payload returns the first request.
    """
    if not actor.is_authenticated:
        raise PermissionDenied(_("Masuk terlebih dahulu untuk mengajukan permohonan."))
    payload = {
        "body": body.pk,
        "unit": unit.pk if unit else None,
        "details": details,
        "purpose": purpose,
        "obtain_method": obtain_method,
        "delivery_method": delivery_method,
        "is_public": is_public,
        "identity": _identity_payload(identity, identity_data),
    }
    key_row, existing = _claim_key(
        idempotency_scope or f"user:{actor.pk}", idempotency_key, payload_hash(payload)
    )
    if existing is not None:
        return existing
    intake = _intake(
        body=body,
        unit=unit,
        details=details,
        purpose=purpose,
        obtain_method=obtain_method,
        delivery_method=delivery_method,
        is_public=is_public,
    )
    if identity is not None:
        if identity.owner_id != actor.pk:
            raise PermissionDenied(_("Identitas ini bukan milik Anda."))
    elif identity_data is not None:
        identity = account_services.identity_create(actor=actor, owner=actor, **identity_data)
    else:
        field_error("requester", _("Identitas pemohon wajib diisi."))
    return _create(
        intake,
        actor=actor,
        identity=identity,
        requester=actor,
        channel=InformationRequest.Channel.WEB,
        received_at=timezone.now(),
        recorded_by=None,
        kind=Kind.SUBMITTED,
        key_row=key_row,
    )


@transaction.atomic
def request_record(
    *,
    actor: Any,
    body: PublicBody,
    channel: str,
    received_at: datetime,
    details: str,
    purpose: str,
    obtain_method: str,
    delivery_method: str,
    unit: Unit | None = None,
    identity: RequesterIdentity | None = None,
    identity_data: dict[str, Any] | None = None,
    requester: Any = None,
    is_public: bool = False,
    idempotency_key: str | None = None,
    idempotency_scope: str | None = None,
) -> InformationRequest:
    """Record a walk-in, phone, letter or e-mail request with its real receipt time.

    UU 14/2008 Pasal 22(1)-(3): oral and written requests alike are recorded by the body.
    """
    require(permissions.can_record_request(actor, body, unit))
    if channel not in InformationRequest.Channel.values or channel == "web":
        field_error("channel", _("Pilih saluran permohonan luring yang valid."))
    if timezone.is_naive(received_at):
        field_error("received_at", _("Waktu diterima harus memuat zona waktu."))
    if received_at > timezone.now() + FUTURE_TOLERANCE:
        field_error("received_at", _("Waktu diterima tidak boleh di masa depan."))
    payload = {
        "body": body.pk,
        "unit": unit.pk if unit else None,
        "channel": channel,
        "received_at": received_at.isoformat(),
        "details": details,
        "purpose": purpose,
        "obtain_method": obtain_method,
        "delivery_method": delivery_method,
        "requester": requester.pk if requester is not None else None,
        "identity": _identity_payload(identity, identity_data),
    }
    key_row, existing = _claim_key(
        idempotency_scope or f"user:{actor.pk}", idempotency_key, payload_hash(payload)
    )
    if existing is not None:
        return existing
    intake = _intake(
        body=body,
        unit=unit,
        details=details,
        purpose=purpose,
        obtain_method=obtain_method,
        delivery_method=delivery_method,
        is_public=is_public,
    )
    if identity is None:
        if identity_data is None:
            field_error("requester", _("Identitas pemohon wajib diisi."))
        # The officer records the identity; it belongs to no account (accounts services).
        identity = account_services.identity_create(actor=actor, owner=None, **identity_data)
    return _create(
        intake,
        actor=actor,
        identity=identity,
        requester=requester,
        channel=channel,
        received_at=received_at,
        recorded_by=actor,
        kind=Kind.RECORDED,
        key_row=key_row,
    )


# --- Completion ------------------------------------------------------------------------------


@transaction.atomic
def request_ask_completion(
    *, request: InformationRequest, actor: Any, missing: str
) -> InformationRequest:
    """Ask the requester to complete the request; the legal clock stops until they do."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.INCOMPLETE)
    if request.is_extended:
        # The clock restarts on completion; an extended clock has already run its course.
        raise InvalidTransition(
            _("Permohonan yang jangka waktunya sudah diperpanjang tidak dapat diminta dilengkapi."),
            code="already_extended",
        )
    if not missing.strip():
        field_error("missing", _("Sebutkan kekurangan yang harus dilengkapi."))
    today = timezone.localdate()
    config = _settings_for(request.body)
    calendar = deadlines.calendar_for(today)
    # Perki 1/2021: the requester completes within 3 working days (configurable per body).
    clock = deadlines.completion_due(
        today, calendar=calendar, days=config.completion_days, region_code=_region(request)
    )
    request.completion_due_on = clock.due
    request.completion_request = missing.strip()
    request.clock_started_on = None
    request.notice_due_on = None
    request.due_on = None
    request.clock_inputs = {"completion": clock.inputs}
    _transition(
        request,
        Status.INCOMPLETE,
        actor=actor,
        kind=Kind.COMPLETION_ASKED,
        note=missing.strip(),
        data={"completion_due_on": clock.due.isoformat()},
        fields=[
            "completion_due_on",
            "completion_request",
            "clock_started_on",
            "notice_due_on",
            "due_on",
            "clock_inputs",
        ],
    )
    return request


@transaction.atomic
def request_complete(
    *,
    request: InformationRequest,
    actor: Any,
    note: str = "",
    details: str | None = None,
    purpose: str | None = None,
) -> InformationRequest:
    """Record that the missing part was supplied; the legal clock starts today."""
    require(permissions.can_complete_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.REGISTERED)
    if request.status != Status.INCOMPLETE:
        raise InvalidTransition(
            _("Hanya permohonan yang menunggu kelengkapan yang dapat dilengkapi."),
            code="not_incomplete",
        )
    fields: list[str] = []
    if details is not None and details.strip():
        request.details = details.strip()
        fields.append("details")
    if purpose is not None and purpose.strip():
        request.purpose = purpose.strip()
        fields.append("purpose")
    _check_transition(request.status, Status.REGISTERED)
    fields += _start_clock(request, timezone.localdate())
    _transition(
        request,
        Status.REGISTERED,
        actor=actor,
        kind=Kind.COMPLETED,
        note=note,
        data={
            "notice_due_on": request.notice_due_on.isoformat() if request.notice_due_on else None
        },
        fields=fields,
    )
    return request


@transaction.atomic
def request_lapse(
    *, request: InformationRequest, actor: Any, today: date | None = None
) -> InformationRequest:
    """Close an incomplete request whose completion window has passed."""
    if actor is not None:
        require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    today = today or timezone.localdate()
    _check_transition(request.status, Status.LAPSED)
    if request.completion_due_on is None or today <= request.completion_due_on:
        raise ValidationError(
            _("Batas waktu melengkapi permohonan belum lewat."), code="completion_window_open"
        )
    _transition(request, Status.LAPSED, actor=actor, kind=Kind.LAPSED)
    return request


# --- Handling --------------------------------------------------------------------------------


@transaction.atomic
def request_route(
    *, request: InformationRequest, actor: Any, units: Sequence[Unit], note: str = ""
) -> list[RequestRouting]:
    """Route (disposisi) the request to one or more PPID Pelaksana with a note."""
    require(permissions.can_manage_request(actor, request))
    request = _lock(request)
    if not units:
        field_error("units", _("Pilih setidaknya satu unit tujuan disposisi."))
    _check_transition(request.status, Status.ROUTED)
    active = set(request.routings.filter(is_active=True).values_list("unit_id", flat=True))
    now = timezone.now()
    routings: list[RequestRouting] = []
    for unit in units:
        if unit.body_id != request.body_id or not unit.is_active:
            field_error("units", _("Unit tujuan harus unit aktif pada badan publik ini."))
        if unit.kind == Unit.Kind.PPID_UTAMA:
            field_error("units", _("Disposisi ditujukan kepada PPID Pelaksana, bukan PPID Utama."))
        if unit.pk in active:
            field_error(
                "units",
                _("Permohonan sudah didisposisikan ke %(unit)s.") % {"unit": unit.name},
            )
        active.add(unit.pk)
        routing = RequestRouting(
            request=request, unit=unit, routed_by=actor, note=note.strip(), routed_at=now
        )
        _full_clean(routing)
        routing.save()
        routings.append(routing)
    _transition(
        request,
        Status.ROUTED,
        actor=actor,
        kind=Kind.ROUTED,
        note=note.strip(),
        data={"units": [u.pk for u in units], "unit_names": [u.name for u in units]},
    )
    return routings


@transaction.atomic
def request_return(
    *, request: InformationRequest, actor: Any, unit: Unit, note: str
) -> InformationRequest:
    """Hand a routed request back from `unit` to the PPID Utama with a note."""
    require(permissions.can_return_request(actor, request, unit))
    request = _lock(request)
    if not note.strip():
        field_error("note", _("Tuliskan alasan pengembalian."))
    routing = request.routings.filter(unit=unit, is_active=True).first()
    if routing is None:
        field_error("unit", _("Permohonan tidak sedang didisposisikan ke unit ini."))
    routing.is_active = False
    routing.returned_at = timezone.now()
    routing.return_note = note.strip()
    routing.save(update_fields=["is_active", "returned_at", "return_note"])
    data = {"unit": unit.pk, "unit_name": unit.name}
    still_routed = request.routings.filter(is_active=True).exists()
    if not still_routed and request.status in (Status.ROUTED, Status.IN_PROGRESS, Status.EXTENDED):
        _transition(
            request, Status.REGISTERED, actor=actor, kind=Kind.RETURNED, note=note, data=data
        )
    else:
        _event(request, Kind.RETURNED, actor=actor, note=note.strip(), data=data)
    return request


@transaction.atomic
def request_start(*, request: InformationRequest, actor: Any) -> InformationRequest:
    """Mark that a handler has started working on the request."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _transition(request, Status.IN_PROGRESS, actor=actor, kind=Kind.STARTED)
    return request


@transaction.atomic
def request_forward(
    *,
    request: InformationRequest,
    actor: Any,
    to_body_name: str,
    note: str = "",
    to_body: PublicBody | None = None,
) -> InformationRequest:
    """Forward the request to the public body that holds the information.

    UU 14/2008 Pasal 22(7)b: the requester is told which body holds it and that body is
    notified; `notifications.notify` sends both notices.
    """
    require(permissions.can_manage_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.FORWARDED)
    name = (to_body.name if to_body is not None else to_body_name).strip()
    if not name:
        field_error("to_body_name", _("Sebutkan badan publik yang menguasai informasi."))
    if to_body is not None and to_body.pk == request.body_id:
        field_error("to_body_name", _("Permohonan tidak dapat diteruskan ke badan publik sendiri."))
    request.forwarded_to_name = name
    _transition(
        request,
        Status.FORWARDED,
        actor=actor,
        kind=Kind.FORWARDED,
        note=note.strip(),
        data={
            "to_body": to_body.pk if to_body is not None else None,
            "to_body_name": name,
            "notify": ["requester", "other_body"],
        },
        fields=["forwarded_to_name"],
    )
    return request


@transaction.atomic
def request_extend(*, request: InformationRequest, actor: Any, reason: str) -> InformationRequest:
    """Extend the written-notice deadline once by seven working days, with a written reason.

    UU 14/2008 Pasal 22(8): at most 7 further working days, with reasons given in writing.
    """
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.EXTENDED)
    if request.is_extended:
        raise InvalidTransition(
            _("Jangka waktu permohonan ini sudah pernah diperpanjang; perpanjangan hanya sekali."),
            code="already_extended",
        )
    if len(reason.strip()) < MIN_REASON_LENGTH:
        field_error(
            "reason",
            _("Alasan perpanjangan wajib diisi (minimal %(n)s karakter).")
            % {"n": MIN_REASON_LENGTH},
        )
    today = timezone.localdate()
    if request.notice_due_on is None or today > request.notice_due_on:
        raise ValidationError(
            _("Perpanjangan harus diberikan sebelum batas waktu pemberitahuan tertulis lewat."),
            code="extension_too_late",
        )
    calendar = deadlines.calendar_for(request.notice_due_on)
    clock = deadlines.extension_due(
        request.notice_due_on, calendar=calendar, region_code=_region(request)
    )
    request.is_extended = True
    request.extension_reason = reason.strip()
    request.extended_due_on = clock.due
    request.clock_inputs = {**request.clock_inputs, "extension": clock.inputs}
    _refresh_due(request)
    _transition(
        request,
        Status.EXTENDED,
        actor=actor,
        kind=Kind.EXTENDED,
        note=reason.strip(),
        data={"extended_due_on": clock.due.isoformat()},
        fields=["is_extended", "extension_reason", "extended_due_on", "clock_inputs", "due_on"],
    )
    return request


def _objection_statement(due: date) -> str:
    # UU 14/2008 Pasal 35-36: objection to the Atasan PPID within 30 working days.
    return _(
        "Apabila Anda tidak puas dengan keputusan ini, Anda dapat mengajukan keberatan kepada "
        "Atasan PPID paling lambat 30 hari kerja sejak pemberitahuan ini diterima, yaitu "
        "sampai dengan %(date)s."
    ) % {"date": due.isoformat()}


@transaction.atomic
def request_issue_notice(
    *,
    request: InformationRequest,
    actor: Any,
    possession: str,
    decision: str,
    form: str,
    material: str = "",
    redaction_explanation: str = "",
    other_body_name: str = "",
    documented_by: str = "",
    copy_sheets: int = 0,
    delivery_cost: int | None = None,
    other_cost: int = 0,
    payment_method: str = "",
    provide_within_days: int | None = None,
    refusal_letters: Sequence[str] = (),
    refusal_other_law: str = "",
    consequence_test_ref: str = "",
) -> WrittenNotice:
    """Issue the written notice with every item of UU 14/2008 Pasal 22(7)."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    poss, dec, frm = WrittenNotice.Possession, WrittenNotice.Decision, WrittenNotice.Form
    granted = decision in (dec.GRANTED_FULL, dec.GRANTED_PARTIAL)
    config = _settings_for(request.body)
    # Electronic copies are free; only printed copies and their delivery are charged.
    fee_per_sheet = config.copy_fee_per_sheet if granted and form == frm.HARDCOPY else 0
    sheets = copy_sheets if granted and form == frm.HARDCOPY else 0
    if delivery_cost is None:
        delivery_cost = config.delivery_fee(request.delivery_method) if form == frm.HARDCOPY else 0
    if not granted:
        delivery_cost, other_cost = 0, 0
    copy_cost = sheets * fee_per_sheet
    total = copy_cost + delivery_cost + other_cost
    new = Status.AWAITING_PAYMENT if granted and total > 0 else Status.NOTICE_ISSUED
    _check_transition(request.status, new)
    if WrittenNotice.objects.filter(request=request).exists():
        raise InvalidTransition(
            _("Pemberitahuan tertulis untuk permohonan ini sudah diterbitkan."),
            code="notice_exists",
        )
    letters = sorted({letter.strip().lower() for letter in refusal_letters})
    if any(letter not in PASAL_17_LETTERS for letter in letters):
        field_error("refusal_letters", _("Huruf Pasal 17 harus antara a dan j."))
    if possession == poss.HELD_BY_OTHER and not other_body_name.strip():
        field_error("other_body_name", _("Sebutkan badan publik yang menguasai informasi."))
    if possession == poss.NOT_YET_DOCUMENTED and not documented_by.strip():
        field_error("documented_by", _("Sebutkan kapan informasi akan didokumentasikan."))
    if granted and possession != poss.HELD:
        field_error("decision", _("Informasi yang tidak dikuasai tidak dapat diberikan."))
    # UU 14/2008 Pasal 22(7)c and Pasal 17: a refusal of held information names the exemption.
    if (
        decision == dec.REFUSED
        and possession == poss.HELD
        and not (letters or refusal_other_law.strip())
    ):
        field_error(
            "refusal_letters",
            _(
                "Penolakan wajib menyebut huruf Pasal 17 atau undang-undang lain "
                "yang menjadi dasarnya."
            ),
        )
    # UU 14/2008 Pasal 22(7)e: blacked-out parts are explained.
    if decision == dec.GRANTED_PARTIAL and not redaction_explanation.strip():
        field_error("redaction_explanation", _("Jelaskan bagian yang dihitamkan dan alasannya."))
    if granted and not material.strip():
        field_error("material", _("Sebutkan bahan informasi yang akan diberikan."))
    if delivery_cost < 0 or other_cost < 0 or sheets < 0:
        field_error("other_cost", _("Biaya tidak boleh negatif."))
    now = timezone.now()
    today = timezone.localdate(now)
    objection = deadlines.objection_window(
        today, calendar=deadlines.calendar_for(today), region_code=_region(request)
    )
    notice = WrittenNotice(
        request=request,
        possession=possession,
        other_body_name=other_body_name.strip(),
        documented_by=documented_by.strip(),
        decision=decision,
        material=material.strip(),
        redaction_explanation=redaction_explanation.strip(),
        form=form,
        copy_sheets=sheets,
        copy_fee_per_sheet=fee_per_sheet,
        copy_cost=copy_cost,
        delivery_cost=delivery_cost,
        other_cost=other_cost,
        total_cost=total,
        payment_method=(payment_method or config.payment_instructions).strip() if total else "",
        provide_within_days=provide_within_days,
        refusal_letters=letters,
        refusal_other_law=refusal_other_law.strip(),
        consequence_test_ref=consequence_test_ref.strip(),
        objection_statement=_objection_statement(objection.due),
        objection_due_on=objection.due,
        signatory_name=config.signatory_name,
        signatory_position=config.signatory_position,
        issued_at=now,
        issued_by=actor,
    )
    _full_clean(notice, exclude=["request"])
    notice.save()
    late = deadlines.is_overdue(request.due_on, today)
    request.clock_inputs = {**request.clock_inputs, "objection": objection.inputs}
    _transition(
        request,
        new,
        actor=actor,
        kind=Kind.NOTICE_ISSUED,
        data={
            "decision": decision,
            "possession": possession,
            "total_cost": total,
            "late": late,
            "objection_due_on": objection.due.isoformat(),
        },
        fields=["clock_inputs"],
    )
    answer_index_refresh(request)
    return notice


@transaction.atomic
def request_record_payment(
    *,
    request: InformationRequest,
    actor: Any,
    amount: int,
    method: str,
    reference: str = "",
    paid_at: datetime | None = None,
) -> Payment:
    """Record the payment of the notice's costs (UU 14/2008 Pasal 21)."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.NOTICE_ISSUED)
    if request.status != Status.AWAITING_PAYMENT:
        raise InvalidTransition(
            _("Pembayaran hanya dapat dicatat untuk permohonan yang menunggu pembayaran."),
            code="not_awaiting_payment",
        )
    notice = WrittenNotice.objects.get(request=request)
    if amount != notice.total_cost:
        field_error(
            "amount",
            _("Jumlah pembayaran harus Rp %(total)s sesuai pemberitahuan tertulis.")
            % {"total": notice.total_cost},
        )
    payment = Payment(
        request=request,
        amount=amount,
        method=method.strip(),
        reference=reference.strip(),
        paid_at=paid_at or timezone.now(),
        recorded_by=actor,
    )
    _full_clean(payment, exclude=["request"])
    payment.save()
    _transition(
        request,
        Status.NOTICE_ISSUED,
        actor=actor,
        kind=Kind.PAYMENT_RECORDED,
        data={"amount": amount, "method": payment.method},
    )
    return payment


@transaction.atomic
def request_attach_document(
    *, request: InformationRequest, actor: Any, upload: IO[bytes], title: str
) -> ResponseDocument:
    """Attach an answer document; it is released only while its safety scan is clear.

    The file is stripped of metadata where safe and scanned before it is stored
    (`release.release_scan`); a file type that is not allowed, too large or an archive bomb is
    refused with a `ValidationError`.
    """
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    if request.status in TERMINAL or request.status == Status.INCOMPLETE:
        raise InvalidTransition(
            _('Dokumen tidak dapat dilampirkan pada permohonan berstatus "%(status)s".')
            % {"status": Status(request.status).label}
        )
    if not title.strip():
        field_error("title", _("Judul dokumen wajib diisi."))
    name = str(getattr(upload, "name", None) or "dokumen").rsplit("/", 1)[-1]
    result = release.release_scan(data=upload.read(), filename=name, actor=actor)
    document = ResponseDocument(
        request=request,
        title=title.strip(),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
        scan=result.scan,
        text=result.text,
        release_cleared=result.cleared,
        release_report=result.as_report(),
    )
    save_to_field(document.file, name, ContentFile(result.data))
    document.save()
    _event(
        request,
        Kind.DOCUMENT_ATTACHED,
        actor=actor,
        data={"document": document.pk, "title": document.title, "cleared": result.cleared},
    )
    answer_index_refresh(request)
    return document


def _lock_document(document: ResponseDocument, actor: Any) -> ResponseDocument:
    require(permissions.can_handle_request(actor, document.request))
    _lock(document.request)
    document = ResponseDocument.objects.select_for_update().get(pk=document.pk)
    if document.withdrawn_at is not None:
        raise InvalidTransition(_("Dokumen sudah ditarik."), code="document_withdrawn")
    return document


@transaction.atomic
def request_document_override(
    *, document: ResponseDocument, finding_id: int, actor: Any, reason: str
) -> ResponseDocument:
    """Release a document despite a safety finding, with a written reason (PPID Utama only).

    The unit that attached the file does not clear it itself (peers.md section 4).
    """
    from terbuka.safety import services as safety_services
    from terbuka.safety.models import Finding

    require(permissions.can_clear_release(actor, document.request))
    document = _lock_document(document, actor)
    finding = (
        Finding.objects.filter(pk=finding_id, scan_id=document.scan_id).first()
        if document.scan_id is not None
        else None
    )
    if finding is None:
        raise ValidationError(
            _("Temuan ini bukan milik dokumen tersebut."), code="finding_not_current"
        )
    safety_services.finding_override(finding=finding, actor=actor, reason=reason)
    assert document.scan is not None  # noqa: S101 - the finding belongs to its scan
    report = release.release_report(document.scan)
    document.release_cleared = report["cleared"]
    document.release_report = report
    document.save(update_fields=["release_cleared", "release_report"])
    _event(
        document.request,
        Kind.DOCUMENT_FINDING_OVERRIDDEN,
        actor=actor,
        note=reason.strip(),
        data={"document": document.pk, "finding": finding.pk, "kind": finding.kind},
    )
    answer_index_refresh(document.request)
    return document


@transaction.atomic
def request_document_withdraw(
    *, document: ResponseDocument, actor: Any, reason: str
) -> ResponseDocument:
    """Take an answer document back (e.g. to attach a cleaned file); the row stays as history."""
    document = _lock_document(document, actor)
    if document.request.status in TERMINAL:
        raise InvalidTransition(
            _("Dokumen permohonan yang sudah selesai tidak dapat ditarik."),
            code="request_closed",
        )
    if not reason.strip():
        field_error("reason", _("Tuliskan alasan dokumen ditarik."))
    document.withdrawn_at = timezone.now()
    document.withdrawal_reason = reason.strip()
    document.release_cleared = False
    document.save(update_fields=["withdrawn_at", "withdrawal_reason", "release_cleared"])
    _event(
        document.request,
        Kind.DOCUMENT_WITHDRAWN,
        actor=actor,
        note=document.withdrawal_reason,
        data={"document": document.pk, "title": document.title},
    )
    answer_index_refresh(document.request)
    return document


@transaction.atomic
def request_fulfil(
    *, request: InformationRequest, actor: Any, reference: str = "", method: str = ""
) -> InformationRequest:
    """Record that the information was given to the requester."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.FULFILLED)
    notice = WrittenNotice.objects.filter(request=request).first()
    # An Atasan PPID's order (status ORDERED) overrides a refusal (UU 14/2008 Pasal 36(2)).
    ordered = request.status == Status.ORDERED
    if not ordered and (notice is None or notice.is_refusal):
        raise InvalidTransition(
            _("Permohonan yang ditolak tidak dapat dinyatakan telah diberikan."),
            code="refused",
        )
    if request.documents.filter(release_cleared=False, withdrawn_at__isnull=True).exists():
        raise ValidationError(
            _("Ada dokumen yang belum lolos pemeriksaan rilis."), code="release_blocked"
        )
    now = timezone.now()
    delivery = Delivery(
        request=request,
        method=method or request.delivery_method,
        reference=reference.strip(),
        delivered_at=now,
        recorded_by=actor,
    )
    _full_clean(delivery, exclude=["request"])
    delivery.save()
    request.fulfilled_at = now
    _transition(
        request,
        Status.FULFILLED,
        actor=actor,
        kind=Kind.FULFILLED,
        data={"method": delivery.method},
        fields=["fulfilled_at"],
    )
    return request


@transaction.atomic
def request_close(*, request: InformationRequest, actor: Any, note: str = "") -> InformationRequest:
    """Close a decided request (refused, fulfilled, or with a reason)."""
    require(permissions.can_handle_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.CLOSED)
    notice = WrittenNotice.objects.filter(request=request).first()
    unfulfilled_grant = request.status == Status.ORDERED or (
        request.status != Status.FULFILLED and not (notice is not None and notice.is_refusal)
    )
    if unfulfilled_grant and not note.strip():
        field_error("note", _("Tuliskan alasan menutup permohonan yang belum dipenuhi."))
    _transition(request, Status.CLOSED, actor=actor, kind=Kind.CLOSED, note=note.strip())
    return request


@transaction.atomic
def request_reopen_by_order(
    *,
    request: InformationRequest,
    actor: Any,
    objection_number: str,
    order_details: str,
    provide_within_days: int | None = None,
    ordered_on: date | None = None,
) -> InformationRequest:
    """Reopen the request on the Atasan PPID's order to give the information.

    UU 14/2008 Pasal 36(2): the Atasan's written answer may order the information given; the
    request goes to ORDERED with a new fulfilment clock (`objections.deadlines`). Called by
    `objections.services.objection_answer` inside its transaction.
    """
    require(permissions.can_order_request(actor, request))
    request = _lock(request)
    _check_transition(request.status, Status.ORDERED)
    ordered_on = ordered_on or timezone.localdate()
    clock = order_fulfilment_due(
        ordered_on,
        calendar=deadlines.calendar_for(ordered_on),
        days=provide_within_days,
        region_code=_region(request),
    )
    request.order_due_on = clock.due
    request.clock_inputs = {**request.clock_inputs, "order": clock.inputs}
    _refresh_due(request)
    request.closed_at = None
    request.is_overdue = False
    _transition(
        request,
        Status.ORDERED,
        actor=actor,
        kind=Kind.REOPENED_BY_ORDER,
        note=order_details.strip(),
        data={"objection": objection_number, "order_due_on": clock.due.isoformat()},
        fields=["order_due_on", "clock_inputs", "due_on"],
    )
    return request


@transaction.atomic
def request_withdraw(
    *, request: InformationRequest, actor: Any, reason: str = ""
) -> InformationRequest:
    """Withdraw the request at the requester's wish."""
    require(permissions.can_withdraw_request(actor, request))
    request = _lock(request)
    _transition(request, Status.WITHDRAWN, actor=actor, kind=Kind.WITHDRAWN, note=reason.strip())
    return request


@transaction.atomic
def request_add_note(
    *, request: InformationRequest, actor: Any, note: str, is_internal: bool = True
) -> RequestEvent:
    """Add a note to the timeline; internal notes are never shown to the requester."""
    require(permissions.can_handle_request(actor, request))
    if not note.strip():
        field_error("note", _("Catatan tidak boleh kosong."))
    return _event(request, Kind.NOTE, actor=actor, note=note.strip(), is_internal=is_internal)


@transaction.atomic
def request_form_token_claim(
    *, request: InformationRequest, actor: Any, token: str, purpose: str
) -> bool:
    """Claim a one-use form token of an officer's form; return False if it was used before.

    Called in the same transaction as the write it guards, so a refused write frees the token.
    """
    require(permissions.can_handle_request(actor, request))
    return claim_form_token(
        IdempotencyKey,
        f"office-{purpose}:{actor.pk}",
        token,
        payload_hash=payload_hash({"request": request.pk, "purpose": purpose}),
        request=request,
    )


# --- Daily job and the holiday table ---------------------------------------------------------


def request_mark_overdue(today: date | None = None) -> int:
    """Flag running-clock requests whose due date has passed; return how many were flagged."""
    today = today or timezone.localdate()
    flagged = 0
    for pk in request_list_overdue_candidates(today).values_list("pk", flat=True):
        with transaction.atomic():
            request = InformationRequest.objects.select_for_update().get(pk=pk)
            if request.is_overdue or request.status not in CLOCK_RUNNING:
                continue
            if not deadlines.is_overdue(request.due_on, today):
                continue
            request.is_overdue = True
            request.save(update_fields=["is_overdue", "updated_at"])
            # Escalation to the Atasan PPID goes out through `notify`.
            _event(
                request,
                Kind.OVERDUE,
                actor=None,
                data={"due_on": request.due_on.isoformat() if request.due_on else None},
            )
            flagged += 1
    return flagged


# The columns a request's clocks depend on: requests alike in all of them are recomputed as
# one group (`calendars.recompute`). The JSON column comes last (compared last).
RECOMPUTE_KEYS = (
    "status",
    "body_id",
    "clock_started_on",
    "is_extended",
    "is_overdue",
    "notice_due_on",
    "extended_due_on",
    "completion_due_on",
    "order_due_on",
    "clock_inputs",
)


def _recompute_candidates(dates: Sequence[date], today: date) -> Q:
    """Open clocks that span one of `dates` and still run on or after today."""
    floor = max(min(dates), today)
    return Q(
        status__in=list(CLOCK_RUNNING), due_on__gte=floor, clock_started_on__lte=max(dates)
    ) | Q(status=Status.INCOMPLETE, completion_due_on__gte=floor)


def request_recompute_clocks_for_dates(dates: Sequence[date]) -> int:
    """Recompute the due dates of open requests after the holiday table changed.

    Only dates still ahead move: a due date that has already passed is a legal fact and stays.
    A changed day after a due date or before a clock's start cannot move it, so only clocks
    that span one of the dates are read. Runs in the task worker (`calendars.tasks`), set-based
    (`calendars.recompute`): per batch, each group of requests alike in `RECOMPUTE_KEYS` is
    computed once; its requests get one `clock_recomputed` event each (`INSERT ... SELECT`)
    and one UPDATE.
    Registered with `calendars.signals.register_clock_recomputer` in `apps.py`. Returns the
    number of requests whose dates moved.
    """
    if not dates:
        return 0
    today = timezone.localdate()
    candidates = InformationRequest.objects.filter(_recompute_candidates(dates, today))
    # Clocks start on or before today (receipt is never in the future), so one window from
    # the earliest start covers every candidate.
    found = candidates.aggregate(first=Min("clock_started_on"), count=Count("pk"))
    if not found["count"]:
        return 0
    earliest = found["first"] or today
    calendar = deadlines.calendar_for(min(earliest, today) - timedelta(days=31), today)
    clocks = _ClockCache(calendar)
    regions = dict(
        PublicBody.objects.filter(pk__in=candidates.values("body_id")).values_list(
            "pk", "region_code"
        )
    )

    def compute(group: dict[str, Any], now: datetime) -> Moved | None:
        moved = _recompute_group(group, regions[group["body_id"]], today, clocks)
        if moved is None:
            return None
        before, after, values = moved
        event = RequestEvent(
            kind=Kind.CLOCK_RECOMPUTED,
            data={
                "before": [d.isoformat() if d else None for d in before],
                "after": [d.isoformat() if d else None for d in after],
            },
            occurred_at=now,
        )
        # A recomputed clock sends no e-mail (`notify` has no template for it) unless it has
        # run out, which only the escalation path handles (`_escalate_ran_out`).
        alike = InformationRequest(
            status=group["status"], is_overdue=group["is_overdue"], due_on=values["due_on"]
        )
        return Moved({**values, "updated_at": now}, event, follow_up=clock_ran_out(alike, today))

    # No statistics refresh is queued for the events (no `post_save`): a request's fact
    # compares due dates only with its written notice, and a clock still running has none (an
    # ordered request's order clock is not read).
    return recompute(
        Recompute(
            candidates=candidates,
            keys=RECOMPUTE_KEYS,
            compute=compute,
            event_link="request_id",
            follow_up=_escalate_ran_out,
        )
    )


def _escalate_ran_out(pks: list[int], now: datetime) -> None:
    """Owe the escalation of the requests whose recomputed clock has run out (outbox)."""
    events = RequestEvent.objects.filter(
        request_id__in=pks, kind=Kind.CLOCK_RECOMPUTED, occurred_at=now
    ).values_list("pk", flat=True)
    for event in events:
        notification_schedule(notify, event)


class _ClockCache:
    """Each distinct clock (rule, start, working days, region) computed once per recompute:
    the arithmetic is pure given the calendar, and open requests share a few dozen starts."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self._seen: dict[tuple[str, date, int, str], deadlines.Clock] = {}

    def get(self, rule: str, start: date, days: int, region: str) -> deadlines.Clock:
        key = (rule, start, days, region)
        clock = self._seen.get(key)
        if clock is None:
            cal = self.calendar
            if rule == "notice":
                clock = deadlines.notice_due(start, calendar=cal, region_code=region)
            elif rule == "extension":
                clock = deadlines.extension_due(start, calendar=cal, region_code=region)
            elif rule == "completion":
                clock = deadlines.completion_due(start, calendar=cal, days=days, region_code=region)
            else:
                clock = order_fulfilment_due(start, calendar=cal, days=days, region_code=region)
            self._seen[key] = clock
        return clock


DueDates = tuple[date | None, date | None, date | None, date | None]


def _recompute_group(
    group: dict[str, Any], region: str, today: date, clocks: _ClockCache
) -> tuple[DueDates, DueDates, dict[str, Any]] | None:
    """Recompute the running clock of requests alike in `RECOMPUTE_KEYS`; return (before,
    after, the new column values) if it moved."""
    notice, ext = group["notice_due_on"], group["extended_due_on"]
    completion_on, order_on = group["completion_due_on"], group["order_due_on"]
    before = (notice, ext, completion_on, order_on)
    inputs = dict(group["clock_inputs"])
    status = group["status"]
    if status == Status.ORDERED:
        order = inputs.get("order")
        if order_on and order_on >= today and order:
            start = date.fromisoformat(order["start"])
            clock = clocks.get("order", start, int(order["working_days"]), region)
            order_on, inputs["order"] = clock.due, clock.inputs
    elif status == Status.INCOMPLETE:
        completion = inputs.get("completion")
        if completion_on and completion_on >= today and completion:
            start = date.fromisoformat(completion["start"])
            clock = clocks.get("completion", start, int(completion["working_days"]), region)
            completion_on, inputs["completion"] = clock.due, clock.inputs
    else:
        started = group["clock_started_on"]
        if started and notice and notice >= today:
            clock = clocks.get("notice", started, deadlines.NOTICE_DAYS, region)
            notice, inputs["notice"] = clock.due, clock.inputs
        if group["is_extended"] and ext and ext >= today:
            assert notice is not None  # noqa: S101 - set when extended
            clock = clocks.get("extension", notice, deadlines.EXTENSION_DAYS, region)
            ext, inputs["extension"] = clock.due, clock.inputs
    after = (notice, ext, completion_on, order_on)
    if after == before:
        return None
    # As `_refresh_due`: an order's clock wins, then the extension, then the notice.
    due = order_on if order_on is not None else (ext if group["is_extended"] else notice)
    values = {
        "notice_due_on": notice,
        "extended_due_on": ext,
        "completion_due_on": completion_on,
        "order_due_on": order_on,
        "due_on": due,
        "clock_inputs": inputs,
    }
    return before, after, values


# --- Public archive and register export -------------------------------------------------------


def answer_index_refresh(request: InformationRequest) -> None:
    """Keep the search index's copy of an archive answer in step (kind "answer").

    Indexed: the request text, the written notice's material and the text of released
    documents, never the requester's identity; removed when the request leaves the archive.
    """
    from django.urls import reverse

    from terbuka.inforequests.selectors import ARCHIVE_EXCLUDED
    from terbuka.search import services as search_services

    request = InformationRequest.objects.select_related("notice").get(pk=request.pk)
    notice = getattr(request, "notice", None)
    if not request.is_public or request.status in ARCHIVE_EXCLUDED or notice is None:
        search_services.index_remove(kind="answer", object_id=request.pk)
        return
    documents = request.documents.filter(release_cleared=True, withdrawn_at__isnull=True)
    parts = [request.details, notice.material, *(d.text for d in documents)]
    first_line = request.details.strip().splitlines()[0] if request.details.strip() else ""
    search_services.index_upsert(
        kind="answer",
        object_id=request.pk,
        body_id=request.body_id,
        unit_id=request.unit_id,
        title=f"{request.registration_number}: {first_line}"[:300],
        text="\n".join(p for p in parts if p),
        url=reverse("inforequests:archive-detail", kwargs={"pk": request.pk}),
        published_at=notice.issued_at,
        doc_type="",
        year=request.received_at.year,
    )


@transaction.atomic
def request_set_public(
    *, request: InformationRequest, actor: Any, is_public: bool
) -> InformationRequest:
    """Publish the request in the public archive, or withdraw it (the requester's choice)."""
    require(permissions.can_withdraw_request(actor, request))
    request = _lock(request)
    if request.is_public == is_public:
        return request
    request.is_public = is_public
    request.save(update_fields=["is_public", "updated_at"])
    _event(request, Kind.PUBLISHED if is_public else Kind.UNPUBLISHED, actor=actor)
    answer_index_refresh(request)
    return request


@transaction.atomic
def register_export_unmasked(
    *, body: PublicBody, year: int, actor: Any, reason: str, ip: str | None = None
) -> list[dict[str, Any]]:
    """Return the body's register with clear identities, logging one access per identity.

    Only the PPID Utama / admins of the body; MFA and a written reason are enforced the same
    way as `accounts.services.identity_reveal` (ASVS 6.3.3, UU 27/2022 Pasal 16(2)).
    """
    require(permissions.can_export_register_unmasked(actor, body))
    reason = account_services.officer_reveal_reason(viewer=actor, reason=reason or "")
    requests = list(request_register_queryset(actor, body, year))
    note = _("Ekspor buku register %(body)s %(year)d: %(reason)s") % {
        "body": body.slug,
        "year": year,
        "reason": reason,
    }
    account_services.identity_log_export(
        identities=(req.requester_identity for req in requests), viewer=actor, note=note, ip=ip
    )
    return register_rows_for(requests, unmasked=True)


# --- Settings --------------------------------------------------------------------------------

SETTINGS_FIELDS = (
    "number_format",
    "body_code",
    "completion_days",
    "copy_fee_per_sheet",
    "courier_fee",
    "post_fee",
    "fax_fee",
    "payment_instructions",
    "signatory_name",
    "signatory_position",
)


@transaction.atomic
def request_settings_update(*, body: PublicBody, actor: Any, **values: Any) -> RequestSettings:
    """Set how the body numbers, times and charges its requests and who signs its notices.

    Numbers already issued keep their format; the next request uses the new one.
    """
    require(permissions.can_configure_requests(actor, body))
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a request setting: {sorted(unknown)}")
    config = RequestSettings.objects.select_for_update().filter(body=body).first()
    if config is None:
        config = RequestSettings(body=body)
    for name, value in values.items():
        setattr(config, name, value.strip() if isinstance(value, str) else value)
    _full_clean(config, exclude=["body"])
    config.save()
    return config
