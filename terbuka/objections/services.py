"""Every write of objections and disputes: filing, deliberation, the Atasan's answer, lapse,
the requester's response and the Komisi Informasi's path.

Each transition locks the objection row, checks `states.py`, saves with `update_fields`,
appends an `ObjectionEvent` and schedules `notifications.notify` on commit. Nothing else changes
`Objection.status` or `Dispute.status`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from terbuka.accounts import services as account_services
from terbuka.accounts.models import RequesterIdentity
from terbuka.bodies.models import PublicBody
from terbuka.calendars.recompute import Moved, Recompute, recompute
from terbuka.calendars.workdays import Calendar
from terbuka.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationError
from terbuka.core.service_helpers import (
    actor_or_none,
    claim_form_token,
    claim_key,
    field_error,
    full_clean,
    require,
)
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.selectors import request_settings_for
from terbuka.inforequests.services import payload_hash
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.notifications.services import notification_schedule
from terbuka.objections import deadlines, permissions, selectors
from terbuka.objections.models import (
    GROUND_LETTERS,
    AtasanResponse,
    Deliberation,
    Dispute,
    DisputeSession,
    Objection,
    ObjectionCounter,
    ObjectionEvent,
    ObjectionIdempotencyKey,
)
from terbuka.objections.notifications import notify
from terbuka.objections.selectors import (
    REQUEST_NOT_OBJECTABLE,
    objection_lapse_candidates,
    objection_open_for_request,
)
from terbuka.objections.states import (
    DISPUTE_TERMINAL,
    DISPUTE_TRANSITIONS,
    OBJECTION_CLOCK_RUNNING,
    OBJECTION_TERMINAL,
    OBJECTION_TRANSITIONS,
    DisputeStatus,
    ObjectionStatus,
)

Kind = ObjectionEvent.Kind
OS = ObjectionStatus
DS = DisputeStatus
OBJECTION_NUMBER_FORMAT = "{seq:04d}/KEB-{body_code}/{year}"
# A receipt time a little ahead of the server clock is tolerated (officers' watches).
FUTURE_TOLERANCE = timedelta(minutes=5)
MIN_TEXT_LENGTH = 10
# Refusals of a filing as a whole (not of one field): forms show them above the fields.
FILING_REFUSAL_CODES: frozenset[str] = frozenset(
    {"objection_window_closed", "objection_not_yet_open", "objection_open"}
)
# Objection statuses after which the requester may go to the Komisi Informasi (Pasal 37).
DISPUTABLE = frozenset({OS.ANSWERED_UPHELD, OS.ANSWERED_ORDERED, OS.LAPSED_UNANSWERED})


# --- Helpers ---------------------------------------------------------------------------------


def _full_clean(obj: Any, *, exclude: list[str] | None = None) -> None:
    full_clean(obj, _("Data keberatan tidak valid."), exclude=exclude)


def _long_date(day: date) -> str:
    return date_format(day, "j F Y")


def _require_text(field: str, value: str, message: str) -> str:
    text = (value or "").strip()
    if len(text) < MIN_TEXT_LENGTH:
        field_error(field, message)
    return text


def _event(
    objection: Objection,
    kind: str,
    *,
    actor: Any,
    subject: str = "objection",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    is_internal: bool = False,
    data: dict[str, Any] | None = None,
) -> ObjectionEvent:
    event = ObjectionEvent.objects.create(
        objection=objection,
        kind=kind,
        subject=subject,
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


def _lock(objection: Objection) -> Objection:
    """Lock the objection row and bring the caller's object up to date with it."""
    locked = Objection.objects.select_for_update().filter(pk=objection.pk)
    if not list(locked.values_list("pk", flat=True)):
        raise Objection.DoesNotExist
    objection.refresh_from_db()
    return objection


def _check_transition(old: str, new: str) -> None:
    if OS(new) not in OBJECTION_TRANSITIONS[OS(old)]:
        raise InvalidTransition(
            _('Keberatan berstatus "%(old)s" tidak dapat diubah menjadi "%(new)s".')
            % {"old": OS(old).label, "new": OS(new).label},
            from_status=old,
            to_status=new,
        )


def _transition(
    objection: Objection,
    new: ObjectionStatus,
    *,
    actor: Any,
    kind: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
) -> ObjectionEvent:
    """Move a locked objection to `new`, save the given fields and write the event."""
    old = objection.status
    _check_transition(old, new)
    objection.status = new
    if new in OBJECTION_TERMINAL and objection.closed_at is None:
        objection.closed_at = timezone.now()
    if new not in OBJECTION_CLOCK_RUNNING:
        objection.is_overdue = old == OS.LAPSED_UNANSWERED or objection.is_overdue
    objection.save(
        update_fields=sorted({"status", "closed_at", "is_overdue", "updated_at", *fields})
    )
    return _event(
        objection, kind, actor=actor, from_status=old, to_status=new, note=note, data=data
    )


def _region(objection: Objection) -> str:
    return objection.body.region_code


def _calendar(start: date) -> Calendar:
    return request_deadlines.calendar_for(start)


def _check_moment(field: str, moment: datetime | None, *, not_before: datetime | None) -> None:
    if moment is None:
        return
    if timezone.is_naive(moment):
        field_error(field, _("Waktu harus memuat zona waktu."))
    if moment > timezone.now() + FUTURE_TOLERANCE:
        field_error(field, _("Waktu tidak boleh di masa depan."))
    if not_before is not None and moment < not_before:
        field_error(field, _("Waktu tidak boleh sebelum keberatan diterima."))


def _check_day(field: str, day: date, *, not_before: date | None = None) -> None:
    if day > timezone.localdate():
        field_error(field, _("Tanggal tidak boleh di masa depan."))
    if not_before is not None and day < not_before:
        field_error(
            field,
            _("Tanggal tidak boleh sebelum %(date)s.") % {"date": _long_date(not_before)},
        )


# --- Numbering and idempotency ----------------------------------------------------------------


def _issue_number(body: PublicBody, filed_on: date) -> tuple[str, int, int]:
    """Take the next gap-free objection sequence of the body's year (rolled back with it)."""
    year = filed_on.year
    ObjectionCounter.objects.get_or_create(body=body, year=year)
    counter = ObjectionCounter.objects.select_for_update().get(body=body, year=year)
    counter.last_seq += 1
    counter.save(update_fields=["last_seq"])
    body_code = request_settings_for(body.pk).body_code or body.slug.upper()
    number = OBJECTION_NUMBER_FORMAT.format(seq=counter.last_seq, year=year, body_code=body_code)
    return number, year, counter.last_seq


def _claim_key(
    scope: str, key: str | None, digest: str
) -> tuple[ObjectionIdempotencyKey | None, Objection | None]:
    """Reserve `key` in `scope`, or return the objection an earlier use of it created."""
    return claim_key(
        ObjectionIdempotencyKey,
        "objection",
        scope,
        key,
        digest,
        reused=_("Kunci idempotensi ini sudah dipakai untuk keberatan dengan isi lain."),
        pending=_("Keberatan dengan kunci ini sedang diproses. Coba lagi sebentar."),
    )


# --- Filing ----------------------------------------------------------------------------------


def _clean_grounds(grounds: Sequence[str]) -> list[str]:
    letters = sorted({str(g).strip().lower() for g in grounds if str(g).strip()})
    if not letters:
        field_error("grounds", _("Pilih sekurang-kurangnya satu alasan keberatan."))
    if any(letter not in GROUND_LETTERS for letter in letters):
        field_error("grounds", _("Alasan keberatan harus huruf a sampai g Pasal 35 ayat (1)."))
    return letters


def _check_window(
    request: InformationRequest, grounds: list[str], filed_on: date
) -> tuple[date | None, date | None, dict[str, Any]]:
    """Check the 30-working-day filing window; return (arose, last day, clock inputs)."""
    # Every ground arises after the request was received: cover from there, however long ago
    # (a fixed span made a long-late filing fail on the calendar instead of on the window).
    today = timezone.localdate()
    received = timezone.localdate(request.received_at)
    calendar = request_deadlines.calendar_for(min(received, filed_on, today), max(filed_on, today))
    arose = selectors.ground_arose_for_request(request, calendar=calendar)
    if arose is None:
        if grounds == ["b"]:
            # Ground b (periodic information not published) does not hang on this request.
            return None, None, {}
        due = request.due_on
        message = _(
            "Keberatan atas permohonan ini belum dapat diajukan: pemberitahuan tertulis belum "
            "terbit dan batas waktunya belum lewat."
        )
        if due is not None:
            message = _(
                "Keberatan atas permohonan ini baru dapat diajukan setelah pemberitahuan "
                "tertulis terbit atau setelah batas waktunya (%(date)s) lewat."
            ) % {"date": _long_date(due)}
        raise ValidationError(message, code="objection_not_yet_open", fields={"grounds": [message]})
    window = deadlines.filing_window(arose, calendar=calendar, region_code=request.body.region_code)
    # UU 14/2008 Pasal 36(1): within 30 working days after the ground arose.
    if filed_on > window.due and grounds != ["b"]:
        message = _(
            "Batas waktu pengajuan keberatan telah lewat. Keberatan harus diajukan paling "
            "lambat %(date)s (30 hari kerja sejak %(start)s, UU 14/2008 Pasal 36 ayat (1))."
        ) % {"date": _long_date(window.due), "start": _long_date(arose)}
        raise ValidationError(
            message,
            code="objection_window_closed",
            fields={"grounds": [message]},
            last_valid_day=window.due.isoformat(),
        )
    return arose, window.due, window.inputs


def _create(
    *,
    actor: Any,
    body: PublicBody,
    request: InformationRequest | None,
    identity: RequesterIdentity,
    requester: Any,
    grounds: list[str],
    summary: str,
    information_description: str,
    channel: str,
    filed_at: datetime,
    recorded_by: Any,
    key_row: ObjectionIdempotencyKey | None,
) -> Objection:
    filed_on = timezone.localdate(filed_at)
    arose: date | None = None
    window_due: date | None = None
    inputs: dict[str, Any] = {}
    if request is not None:
        if request.status in REQUEST_NOT_OBJECTABLE:
            raise InvalidTransition(
                _('Keberatan tidak dapat diajukan atas permohonan berstatus "%(status)s".')
                % {"status": RequestStatus(request.status).label},
                code="request_not_objectable",
            )
        if objection_open_for_request(request.pk) is not None:
            raise Conflict(
                _("Keberatan atas permohonan ini sedang diproses Atasan PPID."),
                code="objection_open",
            )
        arose, window_due, window_inputs = _check_window(request, grounds, filed_on)
        if window_inputs:
            inputs["window"] = window_inputs
    response = deadlines.response_due(
        filed_on, calendar=_calendar(filed_on), region_code=body.region_code
    )
    inputs["response"] = response.inputs
    number, year, seq = _issue_number(body, filed_on)
    objection = Objection(
        body=body,
        request=request,
        information_description=information_description,
        requester_identity=identity,
        requester=requester,
        grounds=grounds,
        summary=summary,
        channel=channel,
        filed_at=filed_at,
        registration_number=number,
        registration_year=year,
        registration_seq=seq,
        status=OS.RECEIVED,
        ground_arose_on=arose,
        window_due_on=window_due,
        response_due_on=response.due,
        clock_inputs=inputs,
        is_overdue=response.due < timezone.localdate(),
        recorded_by=recorded_by,
    )
    _full_clean(objection, exclude=["request", "requester_identity", "requester", "body"])
    objection.save()
    if key_row is not None:
        key_row.objection = objection
        key_row.save(update_fields=["objection"])
    _event(
        objection,
        Kind.RECORDED if recorded_by is not None else Kind.FILED,
        actor=actor,
        to_status=OS.RECEIVED,
        data={
            "grounds": grounds,
            "channel": channel,
            "request": request.registration_number if request is not None else None,
            "response_due_on": response.due.isoformat(),
        },
    )
    return objection


@transaction.atomic
def objection_file(
    *,
    actor: Any,
    request: InformationRequest | None = None,
    body: PublicBody | None = None,
    grounds: Sequence[str],
    summary: str,
    information_description: str = "",
    identity: RequesterIdentity | None = None,
    identity_data: dict[str, Any] | None = None,
    filed_at: datetime | None = None,
    channel: str = "",
    idempotency_key: str | None = None,
    idempotency_scope: str | None = None,
) -> Objection:
    """File an objection to the Atasan PPID (UU 14/2008 Pasal 35-36).

    The requester files on the portal (`filed_at` now). An officer of the desk or the Atasan
    PPID records one received on paper with its real `filed_at` and `channel`. An objection
    about a request links to it; ground b alone may instead name the information
    (`information_description`) with the body and an identity. A filing after the window is
    refused with code `objection_window_closed` naming the last valid day.
    """
    if not actor.is_authenticated:
        raise PermissionDenied(_("Masuk terlebih dahulu untuk mengajukan keberatan."))
    letters = _clean_grounds(grounds)
    summary = _require_text(
        "summary", summary, _("Tuliskan kasus posisi sekurang-kurangnya 10 karakter.")
    )
    if request is not None:
        body = request.body
    if body is None:
        field_error("request", _("Sebutkan permohonan yang diajukan keberatan."))
    is_requester = request is not None and permissions.can_file_objection(actor, request)
    is_officer = permissions.can_record_objection(actor, body)
    recording = filed_at is not None or (not is_requester and is_officer)
    if recording:
        require(is_officer)
    elif request is not None:
        require(is_requester)
    description = information_description.strip()
    if request is None:
        if letters != ["b"]:
            field_error(
                "request",
                _("Keberatan tanpa permohonan hanya untuk alasan b (informasi berkala)."),
            )
        if len(description) < MIN_TEXT_LENGTH:
            field_error(
                "information_description",
                _("Sebutkan informasi berkala yang tidak disediakan."),
            )
    channels = Objection.Channel
    # The receipt time as given: a default "now" must not make a retry look like another filing.
    given_at = filed_at
    if recording:
        channel = channel or channels.WALK_IN
        if channel not in channels.values or channel == channels.WEB:
            field_error("channel", _("Pilih saluran keberatan luring yang valid."))
        filed_at = filed_at or timezone.now()
        _check_moment("filed_at", filed_at, not_before=None)
    else:
        channel, filed_at = channels.WEB, timezone.now()
    payload = {
        "request": request.pk if request is not None else None,
        "body": body.pk,
        "grounds": letters,
        "summary": summary,
        "information_description": description,
        "filed_at": given_at.isoformat() if given_at is not None else None,
        "channel": channel,
        "identity": identity.pk if identity is not None else sorted((identity_data or {}).items()),
    }
    key_row, existing = _claim_key(
        idempotency_scope or f"user:{actor.pk}", idempotency_key, payload_hash(payload)
    )
    if existing is not None:
        return existing
    requester: Any
    if request is not None:
        identity, requester = request.requester_identity, request.requester
    else:
        requester = None if recording else actor
        if identity is not None:
            if not recording and identity.owner_id != actor.pk:
                raise PermissionDenied(_("Identitas ini bukan milik Anda."))
            requester = requester or identity.owner
        elif identity_data is not None:
            identity = account_services.identity_create(
                actor=actor, owner=None if recording else actor, **identity_data
            )
        else:
            field_error("requester", _("Identitas pemohon wajib diisi."))
    return _create(
        actor=actor,
        body=body,
        request=request,
        identity=identity,
        requester=requester,
        grounds=letters,
        summary=summary,
        information_description=description,
        channel=channel,
        filed_at=filed_at,
        recorded_by=actor if recording else None,
        key_row=key_row,
    )


# --- Deliberation ----------------------------------------------------------------------------


@transaction.atomic
def objection_start_deliberation(*, objection: Objection, actor: Any, note: str = "") -> Objection:
    """Open a deliberation (musyawarah) on grounds b-g (UU 14/2008 Pasal 35(2))."""
    require(permissions.can_handle_objection(actor, objection))
    objection = _lock(objection)
    _check_transition(objection.status, OS.IN_DELIBERATION)
    if not objection.can_deliberate:
        raise InvalidTransition(
            _(
                "Keberatan dengan alasan a (penolakan berdasarkan Pasal 17) tidak dapat "
                "diselesaikan melalui musyawarah; Atasan PPID wajib menjawab tertulis."
            ),
            code="deliberation_not_allowed",
        )
    _transition(
        objection, OS.IN_DELIBERATION, actor=actor, kind=Kind.DELIBERATION_STARTED, note=note
    )
    return objection


@transaction.atomic
def objection_record_deliberation(
    *,
    objection: Objection,
    actor: Any,
    held_at: datetime,
    place: str,
    participants: str,
    outcome: str,
    result: str = "",
) -> Deliberation:
    """Record a deliberation meeting; an agreement settles the objection."""
    require(permissions.can_handle_objection(actor, objection))
    objection = _lock(objection)
    if objection.status != OS.IN_DELIBERATION:
        raise InvalidTransition(
            _("Musyawarah hanya dapat dicatat untuk keberatan yang sedang dimusyawarahkan."),
            code="not_in_deliberation",
        )
    _check_moment("held_at", held_at, not_before=objection.filed_at - timedelta(days=1))
    outcomes = Deliberation.Outcome
    if outcome not in outcomes.values:
        field_error("outcome", _("Pilih hasil musyawarah."))
    if outcome == outcomes.AGREED:
        result = _require_text("result", result, _("Tuliskan kesepakatan yang dicapai."))
    meeting = Deliberation(
        objection=objection,
        held_at=held_at,
        place=place.strip(),
        participants=participants.strip(),
        outcome=outcome,
        result=result.strip(),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    _full_clean(meeting, exclude=["objection"])
    meeting.save()
    data = {"deliberation": meeting.pk, "outcome": outcome, "held_at": held_at.isoformat()}
    if outcome == outcomes.AGREED:
        _transition(
            objection,
            OS.SETTLED_BY_DELIBERATION,
            actor=actor,
            kind=Kind.SETTLED,
            note=meeting.result,
            data=data,
        )
    else:
        _event(objection, Kind.DELIBERATION_HELD, actor=actor, note=meeting.result, data=data)
    return meeting


# --- The Atasan PPID's answer -----------------------------------------------------------------


@transaction.atomic
def objection_answer(
    *,
    objection: Objection,
    actor: Any,
    decision: str,
    reasons: str,
    atasan_name: str,
    atasan_position: str,
    order_details: str = "",
    letter_number: str = "",
    responded_on: date | None = None,
    provide_within_days: int | None = None,
) -> AtasanResponse:
    """Record the Atasan PPID's written answer (UU 14/2008 Pasal 36(2)).

    Upholding needs the reasons; an order to give the information (in whole or in part)
    reopens the request with a new fulfilment clock. The 14 working days to go to the Komisi
    Informasi start from the answer (Pasal 37(2)).
    """
    require(permissions.can_decide_objection(actor, objection))
    objection = _lock(objection)
    decisions = AtasanResponse.Decision
    if decision not in decisions.values:
        field_error("decision", _("Pilih keputusan Atasan PPID."))
    new = OS.ANSWERED_UPHELD if decision == decisions.UPHELD else OS.ANSWERED_ORDERED
    _check_transition(objection.status, new)
    reasons = _require_text("reasons", reasons, _("Tuliskan alasan dan pertimbangan Atasan PPID."))
    if decision == decisions.ORDERED_PARTIAL:
        order_details = _require_text(
            "order_details", order_details, _("Sebutkan bagian informasi yang wajib diberikan.")
        )
    if decision != decisions.UPHELD and objection.request is None:
        field_error(
            "decision",
            _("Perintah memberikan informasi hanya untuk keberatan atas permohonan."),
        )
    if provide_within_days is not None and not 1 <= provide_within_days <= 30:
        field_error("provide_within_days", _("Waktu pemberian antara 1 dan 30 hari kerja."))
    responded_on = responded_on or timezone.localdate()
    _check_day("responded_on", responded_on, not_before=timezone.localdate(objection.filed_at))
    calendar = _calendar(responded_on)
    region = _region(objection)
    dispute = deadlines.dispute_filing_due(responded_on, calendar=calendar, region_code=region)
    response = AtasanResponse(
        objection=objection,
        decision=decision,
        reasons=reasons,
        order_details=order_details.strip(),
        letter_number=letter_number.strip(),
        responded_on=responded_on,
        is_late=responded_on > objection.response_due_on,
        atasan_name=atasan_name.strip(),
        atasan_position=atasan_position.strip(),
        issued_by=actor,
        issued_at=timezone.now(),
    )
    if decision != decisions.UPHELD:
        assert objection.request is not None  # noqa: S101 - checked above
        order_clock = deadlines.order_fulfilment_due(
            responded_on, calendar=calendar, days=provide_within_days, region_code=region
        )
        response.fulfilment_due_on = order_clock.due
    _full_clean(response, exclude=["objection"])
    if AtasanResponse.objects.filter(objection=objection).exists():
        raise InvalidTransition(
            _("Tanggapan Atasan PPID atas keberatan ini sudah dicatat."), code="answer_exists"
        )
    response.save()
    objection.dispute_due_on = dispute.due
    objection.clock_inputs = {**objection.clock_inputs, "dispute": dispute.inputs}
    # A late answer is overdue even when the daily lapse job has not run yet.
    objection.is_overdue = objection.is_overdue or response.is_late
    _transition(
        objection,
        new,
        actor=actor,
        kind=Kind.ANSWERED,
        note=reasons,
        data={
            "decision": decision,
            "responded_on": responded_on.isoformat(),
            "late": response.is_late,
            "dispute_due_on": dispute.due.isoformat(),
        },
        fields=["dispute_due_on", "clock_inputs"],
    )
    if decision != decisions.UPHELD and objection.request is not None:
        request = request_services.request_reopen_by_order(
            request=objection.request,
            actor=actor,
            objection_number=objection.registration_number,
            order_details=order_details or reasons,
            provide_within_days=provide_within_days,
            ordered_on=responded_on,
        )
        _event(
            objection,
            Kind.REQUEST_REOPENED,
            actor=actor,
            data={
                "request": request.registration_number,
                "order_due_on": request.order_due_on.isoformat() if request.order_due_on else None,
            },
        )
    return response


@transaction.atomic
def objection_withdraw(*, objection: Objection, actor: Any, reason: str = "") -> Objection:
    """Withdraw the objection at the requester's wish."""
    require(permissions.can_withdraw_objection(actor, objection))
    objection = _lock(objection)
    _transition(objection, OS.WITHDRAWN, actor=actor, kind=Kind.WITHDRAWN, note=reason.strip())
    return objection


@transaction.atomic
def objection_record_requester_response(
    *, objection: Objection, actor: Any, response: str, note: str = ""
) -> Objection:
    """Record whether the requester accepts the answer (the register's last column)."""
    require(permissions.can_withdraw_objection(actor, objection))
    objection = _lock(objection)
    if objection.status not in DISPUTABLE and objection.status != OS.SETTLED_BY_DELIBERATION:
        raise InvalidTransition(
            _("Tanggapan pemohon dicatat setelah Atasan PPID menjawab."),
            code="not_answered",
        )
    choices = Objection.RequesterResponse
    if response not in (choices.ACCEPTED, choices.NOT_ACCEPTED):
        field_error("response", _("Pilih tanggapan pemohon."))
    objection.requester_response = response
    objection.requester_response_note = note.strip()
    objection.requester_responded_at = timezone.now()
    objection.save(
        update_fields=[
            "requester_response",
            "requester_response_note",
            "requester_responded_at",
            "updated_at",
        ]
    )
    _event(
        objection,
        Kind.REQUESTER_RESPONDED,
        actor=actor,
        note=objection.requester_response_note,
        data={"response": response},
    )
    return objection


@transaction.atomic
def objection_add_note(*, objection: Objection, actor: Any, note: str) -> ObjectionEvent:
    """Add an internal note to the objection's timeline."""
    require(permissions.can_handle_objection(actor, objection))
    text = note.strip()
    if not text:
        field_error("note", _("Catatan wajib diisi."))
    return _event(objection, Kind.NOTE, actor=actor, note=text, is_internal=True)


def objection_mark_lapsed(today: date | None = None) -> int:
    """Lapse running objections past their 30 working days; return how many lapsed.

    UU 14/2008 Pasal 36(2) and 37(2): without an answer the requester may go to the Komisi
    Informasi; its 14 working days run from the end of the 30.
    """
    today = today or timezone.localdate()
    lapsed = 0
    candidates = objection_lapse_candidates(today)
    # Cover the oldest due date, however long the job has not run.
    oldest = candidates.order_by("response_due_on").values_list("response_due_on", flat=True)
    first = oldest.first()
    if first is None:
        return 0
    calendar = request_deadlines.calendar_for(first, today)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            objection = Objection.objects.select_for_update().select_related("body").get(pk=pk)
            if objection.status not in OBJECTION_CLOCK_RUNNING:
                continue
            if not today > objection.response_due_on:
                continue
            dispute = deadlines.dispute_filing_due(
                objection.response_due_on, calendar=calendar, region_code=_region(objection)
            )
            objection.dispute_due_on = dispute.due
            objection.clock_inputs = {**objection.clock_inputs, "dispute": dispute.inputs}
            objection.is_overdue = True
            _transition(
                objection,
                OS.LAPSED_UNANSWERED,
                actor=None,
                kind=Kind.LAPSED,
                data={
                    "response_due_on": objection.response_due_on.isoformat(),
                    "dispute_due_on": dispute.due.isoformat(),
                },
                fields=["dispute_due_on", "clock_inputs"],
            )
            lapsed += 1
    return lapsed


def objection_recompute_clocks_for_dates(dates: Sequence[date]) -> int:
    """Recompute the Atasan's due dates of running objections after the holidays changed.

    Only dates still ahead move; a passed due date is a legal fact and stays. Set-based like
    the requests' recompute (`calendars.recompute`): objections filed on the same local day at
    the same body with the same clock are computed once, each moved one gets its internal note
    (`notify` sends nothing for those) by one `INSERT ... SELECT`, and one UPDATE per group.
    Returns the number of objections whose due date moved.
    """
    if not dates:
        return 0
    today = timezone.localdate()
    floor = max(min(dates), today)
    candidates = Objection.objects.filter(
        status__in=list(OBJECTION_CLOCK_RUNNING), response_due_on__gte=floor
    )
    if not candidates.exists():
        return 0
    calendar = _calendar(today - timedelta(days=60))
    regions = dict(
        PublicBody.objects.filter(pk__in=candidates.values("body_id")).values_list(
            "pk", "region_code"
        )
    )
    note = _("Tanggal batas dihitung ulang karena kalender libur berubah.")

    def compute(group: dict[str, Any], now: datetime) -> Moved | None:
        before = group["response_due_on"]
        clock = deadlines.response_due(
            group["filed_on"], calendar=calendar, region_code=regions[group["body_id"]]
        )
        if clock.due == before:
            return None
        event = ObjectionEvent(
            kind=Kind.NOTE,
            is_internal=True,
            note=note,
            data={"before": before.isoformat(), "after": clock.due.isoformat()},
            occurred_at=now,
        )
        values = {
            "response_due_on": clock.due,
            "clock_inputs": {**group["clock_inputs"], "response": clock.inputs},
            "updated_at": now,
        }
        return Moved(values, event)

    return recompute(
        Recompute(
            candidates=candidates,
            keys=("body_id", "response_due_on", "clock_inputs"),
            derived={"filed_on": TruncDate("filed_at")},
            compute=compute,
            event_link="objection_id",
        )
    )


# --- Disputes at the Komisi Informasi ---------------------------------------------------------


def _lock_dispute(dispute: Dispute) -> Dispute:
    Objection.objects.select_for_update().filter(pk=dispute.objection_id).exists()
    dispute.refresh_from_db()
    return dispute


def _check_dispute(old: str, new: str) -> None:
    if DS(new) not in DISPUTE_TRANSITIONS[DS(old)]:
        raise InvalidTransition(
            _('Sengketa berstatus "%(old)s" tidak dapat diubah menjadi "%(new)s".')
            % {"old": DS(old).label, "new": DS(new).label},
            from_status=old,
            to_status=new,
        )


def _dispute_transition(
    dispute: Dispute,
    new: DisputeStatus,
    *,
    actor: Any,
    kind: str,
    note: str = "",
    data: dict[str, Any] | None = None,
    fields: Iterable[str] = (),
) -> ObjectionEvent:
    old = dispute.status
    _check_dispute(old, new)
    dispute.status = new
    if new in DISPUTE_TERMINAL and dispute.closed_at is None:
        dispute.closed_at = timezone.now()
    dispute.save(update_fields=sorted({"status", "closed_at", "updated_at", *fields}))
    return _event(
        dispute.objection,
        kind,
        actor=actor,
        subject="dispute",
        from_status=old,
        to_status=new,
        note=note,
        data=data,
    )


def _require_handler(actor: Any, dispute: Dispute) -> None:
    require(permissions.can_handle_objection(actor, dispute.objection))


@transaction.atomic
def dispute_file(
    *,
    objection: Objection,
    actor: Any,
    filed_on: date,
    commission_name: str,
    case_number: str = "",
) -> Dispute:
    """Record the requester's dispute at the Komisi Informasi (UU 14/2008 Pasal 37).

    Allowed after the Atasan's answer or the lapse of its 30 working days. A filing after the
    14 working days is recorded with `is_late` (the commission decides whether to accept it).
    """
    require(permissions.can_record_dispute(actor, objection))
    objection = _lock(objection)
    if objection.status not in DISPUTABLE:
        raise InvalidTransition(
            _(
                "Sengketa dapat diajukan setelah Atasan PPID menjawab keberatan atau setelah "
                "30 hari kerja tanpa jawaban."
            ),
            code="dispute_not_open",
        )
    if Dispute.objects.filter(objection=objection).exists():
        raise Conflict(_("Sengketa atas keberatan ini sudah dicatat."), code="dispute_exists")
    answered = objection.response.responded_on if hasattr(objection, "response") else None
    _check_day("filed_on", filed_on, not_before=answered or timezone.localdate(objection.filed_at))
    if not commission_name.strip():
        field_error("commission_name", _("Sebutkan Komisi Informasi tujuan."))
    start, settle = deadlines.commission_clocks(
        filed_on, calendar=_calendar(filed_on), region_code=_region(objection)
    )
    due = objection.dispute_due_on
    dispute = Dispute(
        objection=objection,
        status=DS.REGISTERED,
        commission_name=commission_name.strip(),
        case_number=case_number.strip(),
        filed_on=filed_on,
        filing_due_on=due,
        is_late=due is not None and filed_on > due,
        commission_start_due_on=start.due,
        commission_settle_due_on=settle.due,
        clock_inputs={"commission_start": start.inputs, "commission_settle": settle.inputs},
        recorded_by=actor,
    )
    _full_clean(dispute, exclude=["objection"])
    dispute.save()
    _event(
        objection,
        Kind.DISPUTE_FILED,
        actor=actor,
        subject="dispute",
        to_status=DS.REGISTERED,
        data={
            "filed_on": filed_on.isoformat(),
            "case_number": dispute.case_number,
            "late": dispute.is_late,
            "filing_due_on": due.isoformat() if due else None,
        },
    )
    return dispute


@transaction.atomic
def dispute_set_case_number(*, dispute: Dispute, actor: Any, case_number: str) -> Dispute:
    """Record the commission's register number when it arrives after the filing."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    if dispute.status in DISPUTE_TERMINAL:
        raise InvalidTransition(_("Sengketa sudah selesai."), code="dispute_closed")
    number = case_number.strip()
    if not number:
        field_error("case_number", _("Nomor register sengketa wajib diisi."))
    dispute.case_number = number
    dispute.save(update_fields=["case_number", "updated_at"])
    _event(
        dispute.objection,
        Kind.NOTE,
        actor=actor,
        subject="dispute",
        note=_("Nomor register sengketa: %(number)s") % {"number": number},
        data={"case_number": number},
    )
    return dispute


@transaction.atomic
def dispute_start_mediation(*, dispute: Dispute, actor: Any, note: str = "") -> Dispute:
    """Record that the commission opened mediation (UU 14/2008 Pasal 38-40)."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _dispute_transition(dispute, DS.MEDIATION, actor=actor, kind=Kind.DISPUTE_MEDIATION, note=note)
    return dispute


@transaction.atomic
def dispute_start_adjudication(*, dispute: Dispute, actor: Any, note: str = "") -> Dispute:
    """Record that the commission opened adjudication (UU 14/2008 Pasal 42)."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _dispute_transition(
        dispute, DS.ADJUDICATION, actor=actor, kind=Kind.DISPUTE_ADJUDICATION, note=note
    )
    return dispute


@transaction.atomic
def dispute_record_session(
    *, dispute: Dispute, actor: Any, held_on: date, agenda: str, note: str = ""
) -> DisputeSession:
    """Record a mediation session or adjudication hearing in the current phase."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    kinds = {
        DS.MEDIATION: DisputeSession.Kind.MEDIATION,
        DS.ADJUDICATION: DisputeSession.Kind.ADJUDICATION,
    }
    kind = kinds.get(DS(dispute.status))
    if kind is None:
        raise InvalidTransition(
            _("Sidang hanya dicatat selama mediasi atau ajudikasi."), code="no_session_phase"
        )
    _check_day("held_on", held_on, not_before=dispute.filed_on)
    if not agenda.strip():
        field_error("agenda", _("Agenda sidang wajib diisi."))
    session = DisputeSession(
        dispute=dispute,
        kind=kind,
        held_on=held_on,
        agenda=agenda.strip(),
        note=note.strip(),
        recorded_by=actor,
    )
    _full_clean(session, exclude=["dispute"])
    session.save()
    _event(
        dispute.objection,
        Kind.DISPUTE_SESSION,
        actor=actor,
        subject="dispute",
        note=session.agenda,
        data={"session": session.pk, "kind": kind, "held_on": held_on.isoformat()},
    )
    return session


@transaction.atomic
def dispute_record_decision(
    *,
    dispute: Dispute,
    actor: Any,
    decision: str,
    decided_on: date,
    decision_text: str,
    decision_number: str = "",
) -> Dispute:
    """Record the commission's decision (putusan), after mediation or adjudication."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _check_dispute(dispute.status, DS.DECIDED)
    if decision not in Dispute.Decision.values:
        field_error("decision", _("Pilih putusan Komisi Informasi."))
    _check_day("decided_on", decided_on, not_before=dispute.filed_on)
    text = _require_text("decision_text", decision_text, _("Tuliskan amar putusan."))
    dispute.decision = decision
    dispute.decided_on = decided_on
    dispute.decision_text = text
    dispute.decision_number = decision_number.strip()
    _dispute_transition(
        dispute,
        DS.DECIDED,
        actor=actor,
        kind=Kind.DISPUTE_DECIDED,
        note=text,
        data={"decision": decision, "decided_on": decided_on.isoformat()},
        fields=["decision", "decided_on", "decision_text", "decision_number"],
    )
    return dispute


@transaction.atomic
def dispute_appeal(
    *,
    dispute: Dispute,
    actor: Any,
    court: str,
    filed_on: date,
    filed_by: str,
    court_case_number: str = "",
) -> Dispute:
    """Record an objection to the decision at the PTUN or PN (UU 14/2008 Pasal 47-48)."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _check_dispute(dispute.status, DS.COURT_APPEAL)
    if court not in Dispute.Court.values:
        field_error("court", _("Pilih pengadilan."))
    if filed_by not in Dispute.Party.values:
        field_error("filed_by", _("Pilih pihak yang mengajukan."))
    _check_day("filed_on", filed_on, not_before=dispute.decided_on)
    dispute.court = court
    dispute.court_filed_on = filed_on
    dispute.court_filed_by = filed_by
    dispute.court_case_number = court_case_number.strip()
    _dispute_transition(
        dispute,
        DS.COURT_APPEAL,
        actor=actor,
        kind=Kind.DISPUTE_APPEALED,
        data={"court": court, "filed_on": filed_on.isoformat(), "filed_by": filed_by},
        fields=["court", "court_filed_on", "court_filed_by", "court_case_number"],
    )
    return dispute


@transaction.atomic
def dispute_record_court_outcome(
    *,
    dispute: Dispute,
    actor: Any,
    outcome: str,
    decided_on: date,
    compliance_due_on: date | None = None,
) -> Dispute:
    """Record the court's decision: with a compliance due date the body must act, else closed."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    new = DS.COMPLIANCE if compliance_due_on is not None else DS.CLOSED
    _check_dispute(dispute.status, new)
    # Both targets are open from other statuses too; a court outcome needs the appeal first.
    if dispute.status != DS.COURT_APPEAL:
        raise InvalidTransition(
            _("Putusan pengadilan dicatat setelah keberatan ke pengadilan diajukan."),
            code="not_in_court_appeal",
        )
    _check_day("decided_on", decided_on, not_before=dispute.court_filed_on)
    text = _require_text("outcome", outcome, _("Tuliskan putusan pengadilan."))
    if compliance_due_on is not None and compliance_due_on < decided_on:
        field_error(
            "compliance_due_on", _("Batas pelaksanaan tidak boleh sebelum tanggal putusan.")
        )
    dispute.court_outcome = text
    dispute.court_decided_on = decided_on
    dispute.compliance_due_on = compliance_due_on
    fields = ["court_outcome", "court_decided_on", "compliance_due_on"]
    if new == DS.CLOSED:
        dispute.close_reason = text
        fields.append("close_reason")
    _dispute_transition(
        dispute,
        new,
        actor=actor,
        kind=Kind.DISPUTE_COURT_DECIDED,
        note=text,
        data={
            "decided_on": decided_on.isoformat(),
            "compliance_due_on": compliance_due_on.isoformat() if compliance_due_on else None,
        },
        fields=fields,
    )
    return dispute


@transaction.atomic
def dispute_start_compliance(
    *, dispute: Dispute, actor: Any, compliance_due_on: date, note: str = ""
) -> Dispute:
    """Start tracking the body's compliance with the decision, with its due date."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _check_dispute(dispute.status, DS.COMPLIANCE)
    floor = dispute.court_decided_on or dispute.decided_on
    if floor is not None and compliance_due_on < floor:
        field_error(
            "compliance_due_on", _("Batas pelaksanaan tidak boleh sebelum tanggal putusan.")
        )
    dispute.compliance_due_on = compliance_due_on
    _dispute_transition(
        dispute,
        DS.COMPLIANCE,
        actor=actor,
        kind=Kind.DISPUTE_COMPLIANCE,
        note=note.strip(),
        data={"compliance_due_on": compliance_due_on.isoformat()},
        fields=["compliance_due_on"],
    )
    return dispute


@transaction.atomic
def dispute_record_compliance(
    *, dispute: Dispute, actor: Any, complied_on: date, note: str
) -> Dispute:
    """Record that the body carried out the decision; the dispute is closed."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    if dispute.status != DS.COMPLIANCE:
        raise InvalidTransition(
            _("Pelaksanaan putusan dicatat setelah tahap pelaksanaan dimulai."),
            code="not_in_compliance",
        )
    _check_day("complied_on", complied_on, not_before=dispute.decided_on)
    text = _require_text("note", note, _("Jelaskan bagaimana putusan dilaksanakan."))
    dispute.complied_on = complied_on
    dispute.compliance_note = text
    _dispute_transition(
        dispute,
        DS.CLOSED,
        actor=actor,
        kind=Kind.DISPUTE_COMPLIED,
        note=text,
        data={
            "complied_on": complied_on.isoformat(),
            "late": bool(dispute.compliance_due_on and complied_on > dispute.compliance_due_on),
        },
        fields=["complied_on", "compliance_note"],
    )
    return dispute


@transaction.atomic
def dispute_close(*, dispute: Dispute, actor: Any, reason: str) -> Dispute:
    """Close the dispute for another reason (withdrawn, not accepted, nothing to carry out)."""
    _require_handler(actor, dispute)
    dispute = _lock_dispute(dispute)
    _check_dispute(dispute.status, DS.CLOSED)
    text = _require_text("reason", reason, _("Tuliskan alasan sengketa selesai."))
    dispute.close_reason = text
    _dispute_transition(
        dispute,
        DS.CLOSED,
        actor=actor,
        kind=Kind.DISPUTE_CLOSED,
        note=text,
        fields=["close_reason"],
    )
    return dispute


def objection_form_token_claim(
    *, objection: Objection, actor: Any, token: str, purpose: str
) -> bool:
    """Claim a one-use form token of an officer's form; return False if it was used before.

    Called in the same transaction as the write it guards, so a refused write frees the token.
    """
    require(permissions.can_handle_objection(actor, objection))
    return claim_form_token(
        ObjectionIdempotencyKey,
        f"office-{purpose}:{actor.pk}",
        token,
        payload_hash=payload_hash({"objection": objection.pk, "purpose": purpose}),
        objection=objection,
    )
