"""Every non-trivial read of information requests.

Visibility is written once, in `request_handled_by` (officers) and `request_visible_to`
(officers, Atasan PPID and the requester); every permission in `permissions.py` is a filter
on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbuka.accounts.masking import mask_address, mask_nik, mask_phone
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike, membership_active_for_user
from terbuka.bodies.selectors import is_superuser as _is_superuser
from terbuka.core.exceptions import NotFound
from terbuka.inforequests import deadlines
from terbuka.inforequests.models import (
    InformationRequest,
    RequestEvent,
    RequestRouting,
    RequestSettings,
    ResponseDocument,
)
from terbuka.inforequests.states import CLOCK_RUNNING, PHASES, Status, phase_of

Role = Membership.Role

# Who handles every request of the body: the PPID Utama, admins, and the front-office staff
# (petugas layanan) of the PPID Utama unit.
DESK_ROLES: frozenset[str] = frozenset({Role.PPID_UTAMA, Role.ADMIN})
# Who handles requests of, or routed to, their own unit (PPID Pelaksana, its front office).
UNIT_HANDLER_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA, Role.PETUGAS_LAYANAN})
# Who reads every request of the body without handling it (escalation, objections).
# Evaluators are left out on purpose: monev needs no requester identities (UU 27/2022).
OVERSIGHT_ROLES: frozenset[str] = frozenset({Role.ATASAN_PPID})

INBOX_LIMIT = 50
# Reminders fall at most this many calendar days before the due date.
_LOOKAHEAD = timedelta(days=20)
MAX_INBOX_LIMIT = 200


def desk_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Return the ids of the bodies whose every request the user handles."""
    memberships = membership_active_for_user(user)
    return memberships.filter(
        Q(role__in=list(DESK_ROLES)) | Q(role=Role.PETUGAS_LAYANAN, unit__kind=Unit.Kind.PPID_UTAMA)
    ).values("unit__body_id")


def handler_unit_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Return the ids of the units whose requests the user handles as unit staff."""
    return (
        membership_active_for_user(user).filter(role__in=list(UNIT_HANDLER_ROLES)).values("unit_id")
    )


def request_handled_by(user: UserLike) -> QuerySet[InformationRequest]:
    """Return the requests the user may act on as an officer."""
    if _is_superuser(user):
        return InformationRequest.objects.all()
    if not user.is_authenticated or not user.is_active:
        return InformationRequest.objects.none()
    units = handler_unit_ids(user)
    routed = RequestRouting.objects.filter(is_active=True, unit_id__in=units).values("request_id")
    return InformationRequest.objects.filter(
        Q(body_id__in=desk_body_ids(user)) | Q(unit_id__in=units) | Q(pk__in=routed)
    )


def _visible(user: UserLike, *, as_requester: bool) -> QuerySet[InformationRequest]:
    if _is_superuser(user):
        return InformationRequest.objects.all()
    if not user.is_authenticated or not user.is_active:
        return InformationRequest.objects.none()
    oversight = (
        membership_active_for_user(user)
        .filter(role__in=list(OVERSIGHT_ROLES))
        .values("unit__body_id")
    )
    seen = Q(body_id__in=oversight)
    if as_requester:
        seen |= Q(requester_id=user.pk)
    return request_handled_by(user) | InformationRequest.objects.filter(seen)


def request_visible_to(user: UserLike) -> QuerySet[InformationRequest]:
    """Return the requests the user may see: handled ones, overseen ones and their own."""
    return _visible(user, as_requester=True)


def request_office_visible_to(user: UserLike) -> QuerySet[InformationRequest]:
    """Return the requests the user may open in the officers' workspace (never as requester)."""
    return _visible(user, as_requester=False)


def _with_related(qs: QuerySet[InformationRequest]) -> QuerySet[InformationRequest]:
    return qs.select_related("body", "unit", "requester_identity", "requester")


def request_get_for_user(user: UserLike, pk: int) -> InformationRequest:
    """Return the request if the user may see it, else raise `NotFound` (missing or not)."""
    try:
        return _with_related(request_visible_to(user)).get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Permohonan informasi tidak ditemukan.")) from None


def request_get_just_filed(pk: int) -> InformationRequest:
    """Return a request its filer has just filed or recorded, for the answer to that call.

    No visibility query: the caller's write proved the access (`api.request_create`).
    """
    return _with_related(InformationRequest.objects.all()).get(pk=pk)


@dataclass(frozen=True)
class InboxPage:
    items: list[InformationRequest]
    next_cursor: str | None


def _encode_cursor(obj: InformationRequest) -> str:
    return f"{obj.received_at.isoformat()}~{obj.pk}"


def _decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor:
        return None
    try:
        stamp, pk = cursor.rsplit("~", 1)
        return datetime.fromisoformat(stamp), int(pk)
    except ValueError:
        return None


def request_list_for_inbox(
    user: UserLike,
    *,
    unit: Unit | None = None,
    status: str | None = None,
    due_before: date | None = None,
    channel: str | None = None,
    after: str | None = None,
    limit: int = INBOX_LIMIT,
    overdue_on: date | None = None,
    number: str | None = None,
) -> InboxPage:
    """Return one page of the officer's requests, newest receipt first (keyset cursor).

    `overdue_on` keeps the requests flagged overdue or whose running clock ended before that
    day; `number` matches part of the registration number.
    """
    qs = _with_related(request_handled_by(user))
    if overdue_on is not None:
        qs = qs.filter(
            Q(is_overdue=True) | Q(status__in=list(CLOCK_RUNNING), due_on__lt=overdue_on)
        )
    if number:
        qs = qs.filter(registration_number__icontains=number.strip())
    if unit is not None:
        routed = RequestRouting.objects.filter(is_active=True, unit=unit).values("request_id")
        qs = qs.filter(Q(unit=unit) | Q(pk__in=routed))
    if status:
        qs = qs.filter(status=status)
    if due_before is not None:
        qs = qs.filter(due_on__lte=due_before, status__in=list(CLOCK_RUNNING))
    if channel:
        qs = qs.filter(channel=channel)
    position = _decode_cursor(after)
    if position is not None:
        stamp, pk = position
        qs = qs.filter(Q(received_at__lt=stamp) | Q(received_at=stamp, pk__lt=pk))
    limit = max(1, min(limit, MAX_INBOX_LIMIT))
    rows = list(qs.order_by("-received_at", "-pk")[: limit + 1])
    items = rows[:limit]
    return InboxPage(items, _encode_cursor(items[-1]) if len(rows) > limit else None)


def request_attach_active_routings(requests: list[InformationRequest]) -> None:
    """Load the active routings (with units) of the requests as `active_routings`, in one query."""
    active = RequestRouting.objects.filter(is_active=True).select_related("unit")
    prefetch_related_objects(
        requests, Prefetch("routings", queryset=active, to_attr="active_routings")
    )


def request_inbox_counts(user: UserLike, *, today: date, due_soon_before: date) -> dict[str, int]:
    """Return, in one query, how many handled requests are open, due soon and overdue."""
    running = Q(status__in=list(CLOCK_RUNNING))
    overdue = Q(is_overdue=True) | (running & Q(due_on__lt=today))
    return request_handled_by(user).aggregate(
        all=Count("pk"),
        # Matches the inbox's "due within N working days" filter, so overdue ones count too.
        due_soon=Count("pk", filter=running & Q(due_on__lte=due_soon_before)),
        overdue=Count("pk", filter=overdue),
    )


def request_timeline(
    request: InformationRequest, *, include_internal: bool = True
) -> QuerySet[RequestEvent]:
    """Return the request's events in order; requesters get them without internal notes."""
    qs = request.events.select_related("actor").order_by("occurred_at", "pk")
    if not include_internal:
        qs = qs.filter(is_internal=False)
    return qs


def request_public_phase(request: InformationRequest) -> str:
    """Return the plain-words status shown to the requester and the public."""
    return str(phase_of(request.status).label)


# Buku register permohonan (domain.md 2.3): the Perki 1/2010 columns used as working schema.
REGISTER_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("no", gettext_lazy("No.")),
    ("registration_number", gettext_lazy("Nomor pendaftaran")),
    ("received_on", gettext_lazy("Tanggal permohonan")),
    ("name", gettext_lazy("Nama pemohon")),
    ("address", gettext_lazy("Alamat")),
    ("contact", gettext_lazy("Telepon / e-mail")),
    ("nik", gettext_lazy("NIK / nomor SK badan hukum")),
    ("occupation", gettext_lazy("Pekerjaan")),
    ("details", gettext_lazy("Informasi yang diminta")),
    ("purpose", gettext_lazy("Tujuan penggunaan")),
    ("channel", gettext_lazy("Saluran")),
    ("obtain_method", gettext_lazy("Cara memperoleh")),
    ("delivery_method", gettext_lazy("Cara mendapatkan salinan")),
    ("possession", gettext_lazy("Status informasi")),
    ("form", gettext_lazy("Bentuk informasi")),
    ("decision", gettext_lazy("Keputusan")),
    ("refusal_reason", gettext_lazy("Alasan penolakan")),
    ("notice_on", gettext_lazy("Tanggal pemberitahuan tertulis")),
    ("fulfilled_on", gettext_lazy("Tanggal informasi diberikan")),
    ("total_cost", gettext_lazy("Biaya (Rp)")),
    ("payment_method", gettext_lazy("Cara pembayaran")),
    ("status", gettext_lazy("Status")),
)


def _register_row(req: InformationRequest, index: int, *, unmasked: bool) -> dict[str, Any]:
    """Return one buku register row; identity values masked unless `unmasked`."""
    identity = req.requester_identity
    notice = getattr(req, "notice", None)
    number = identity.nik or identity.legal_entity_number
    if unmasked:
        address, phone, nik = identity.address, identity.phone, number
    else:
        address, phone = mask_address(identity.address), mask_phone(identity.phone)
        nik = mask_nik(number)
    refusal = ""
    if notice is not None and notice.is_refusal:
        letters = ", ".join(f"Pasal 17 huruf {letter}" for letter in notice.refusal_letters)
        refusal = "; ".join(part for part in (letters, notice.refusal_other_law) if part)
    return {
        "no": index,
        "registration_number": req.registration_number,
        "received_on": deadlines.receipt_date(req.received_at),
        "name": identity.full_name,
        "address": address,
        "contact": " / ".join(part for part in (phone, identity.email) if part),
        "nik": nik,
        "occupation": identity.occupation,
        "details": req.details,
        "purpose": req.purpose,
        "channel": req.get_channel_display(),
        "obtain_method": req.get_obtain_method_display(),
        "delivery_method": req.get_delivery_method_display(),
        "possession": notice.get_possession_display() if notice else "",
        "form": notice.get_form_display() if notice else "",
        "decision": notice.get_decision_display() if notice else "",
        "refusal_reason": refusal,
        "notice_on": deadlines.receipt_date(notice.issued_at) if notice else None,
        "fulfilled_on": (deadlines.receipt_date(req.fulfilled_at) if req.fulfilled_at else None),
        "total_cost": notice.total_cost if notice else None,
        "payment_method": notice.payment_method if notice else "",
        "status": req.get_status_display(),
    }


def request_list_overdue_candidates(today: date) -> QuerySet[InformationRequest]:
    """Return running-clock requests whose due date has passed and are not yet flagged."""
    return InformationRequest.objects.filter(
        status__in=list(CLOCK_RUNNING), due_on__lt=today, is_overdue=False
    )


@dataclass(frozen=True)
class Reminder:
    request: InformationRequest
    kind: str  # "before_due" | "on_due" | "overdue"
    due_on: date


def deadline_reminders_due(today: date) -> list[Reminder]:
    """Return the reminders the daily job sends today (before the due date, on it, overdue)."""
    qs = (
        InformationRequest.objects.filter(status__in=list(CLOCK_RUNNING), due_on__isnull=False)
        .filter(due_on__gte=today, due_on__lte=today + _LOOKAHEAD)
        .select_related("body", "unit")
        .order_by("due_on", "pk")
    )
    overdue = InformationRequest.objects.filter(
        status__in=list(CLOCK_RUNNING), due_on__lt=today
    ).select_related("body", "unit")
    reminders: list[Reminder] = [Reminder(r, "overdue", r.due_on) for r in overdue if r.due_on]
    calendar = deadlines.calendar_for(today)
    for req in qs:
        assert req.due_on is not None  # noqa: S101 - filtered above
        dates = deadlines.reminder_dates(
            req.due_on, calendar=calendar, region_code=req.body.region_code
        )
        for kind, day in dates.items():
            if day == today:
                reminders.append(Reminder(req, kind, req.due_on))
    return reminders


# --- Buku register (screen and export) -------------------------------------------------------

# Who may open a body's register: the desk, unit handlers (their own rows only, through
# `request_office_visible_to`) and the Atasan PPID (read-only oversight).
REGISTER_ROLES: frozenset[str] = DESK_ROLES | UNIT_HANDLER_ROLES | OVERSIGHT_ROLES


def request_settings_for(body_id: int) -> RequestSettings:
    """Return the body's request settings, or the unsaved defaults when it has none."""
    found = RequestSettings.objects.filter(body_id=body_id).first()
    return found if found is not None else RequestSettings(body_id=body_id)


def register_bodies_for(user: UserLike) -> QuerySet[PublicBody]:
    """Return the bodies whose buku register the user may open."""
    if _is_superuser(user):
        return PublicBody.objects.order_by("name")
    if not user.is_authenticated or not user.is_active:
        return PublicBody.objects.none()
    body_ids = (
        membership_active_for_user(user)
        .filter(role__in=list(REGISTER_ROLES))
        .values("unit__body_id")
    )
    return PublicBody.objects.filter(pk__in=body_ids).order_by("name")


def register_years(body: PublicBody) -> list[int]:
    """Return the registration years that have requests, newest first."""
    years = (
        InformationRequest.objects.filter(body=body)
        .values_list("registration_year", flat=True)
        .distinct()
        .order_by("-registration_year")
    )
    return list(years)


def request_register_queryset(
    user: UserLike, body: PublicBody, year: int
) -> QuerySet[InformationRequest]:
    """Return the register's requests the user may see, in registration order.

    Unit officers get only the rows of their unit (or routed to it): the register reuses
    `request_office_visible_to`, so visibility stays written once.
    """
    return (
        request_office_visible_to(user)
        .filter(body=body, registration_year=year)
        .select_related("requester_identity", "notice")
        .order_by("registration_seq", "pk")
    )


def register_rows_for(
    requests: list[InformationRequest], *, start: int = 1, unmasked: bool = False
) -> list[dict[str, Any]]:
    """Return register rows for already loaded requests, numbered from `start`."""
    return [
        _register_row(req, index, unmasked=unmasked)
        for index, req in enumerate(requests, start=start)
    ]


# --- Written notice ---------------------------------------------------------------------------

# UU 14/2008 Pasal 17 a-j in short words, for notices and the public archive.
PASAL_17_MEANINGS: dict[str, Any] = {
    "a": gettext_lazy("menghambat proses penegakan hukum"),
    "b": gettext_lazy(
        "mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha tidak sehat"
    ),
    "c": gettext_lazy("membahayakan pertahanan dan keamanan negara"),
    "d": gettext_lazy("mengungkapkan kekayaan alam Indonesia"),
    "e": gettext_lazy("merugikan ketahanan ekonomi nasional"),
    "f": gettext_lazy("merugikan kepentingan hubungan luar negeri"),
    "g": gettext_lazy("mengungkapkan isi akta otentik yang bersifat pribadi dan wasiat seseorang"),
    "h": gettext_lazy("mengungkap rahasia pribadi"),
    "i": gettext_lazy(
        "memorandum atau surat antar/intra badan publik yang menurut sifatnya dirahasiakan"
    ),
    "j": gettext_lazy("informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}


def notice_refusal_grounds(letters: list[str]) -> list[tuple[str, Any]]:
    """Return (letter, short meaning) for the Pasal 17 letters a refusal cites."""
    return [(letter, PASAL_17_MEANINGS.get(letter, "")) for letter in letters]


# --- Public archive ---------------------------------------------------------------------------

# Only requests that were registered are published: an incomplete, lapsed or withdrawn
# request never became a request the body had to answer.
ARCHIVE_EXCLUDED: frozenset[str] = frozenset({Status.INCOMPLETE, Status.LAPSED, Status.WITHDRAWN})
# The archive's rule as a condition, for readers that need it inside another query (the
# open-data register shows a request's text only when this holds).
PUBLIC_ARCHIVE = Q(is_public=True) & ~Q(status__in=list(ARCHIVE_EXCLUDED))


def request_list_public(
    *, body: PublicBody | None = None, phase: str | None = None, text: str | None = None
) -> QuerySet[InformationRequest]:
    """Return the archive's requests, newest first. Never loads identity."""
    qs = (
        InformationRequest.objects.filter(PUBLIC_ARCHIVE)
        .select_related("body", "unit")
        .order_by("-received_at", "-pk")
    )
    if body is not None:
        qs = qs.filter(body=body)
    if phase:
        qs = qs.filter(status__in=[str(s) for s, p in PHASES.items() if p == phase])
    if text:
        qs = qs.filter(details__icontains=text.strip())
    return qs


def request_get_public(pk: int) -> InformationRequest:
    """Return one archive request with its notice, or raise `NotFound`."""
    try:
        return request_list_public().select_related("notice").get(pk=pk)
    except (InformationRequest.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Permohonan informasi tidak ditemukan.")) from None


def document_list_public(request: InformationRequest) -> QuerySet[ResponseDocument]:
    """Return the answer documents cleared for release."""
    return request.documents.filter(release_cleared=True, withdrawn_at__isnull=True).order_by(
        "uploaded_at", "pk"
    )


def document_get_public(request_pk: int, pk: int) -> ResponseDocument:
    """Return a released document of an archive request, or raise `NotFound`."""
    public = request_list_public().values("pk")
    try:
        return ResponseDocument.objects.get(
            pk=pk,
            request_id=request_pk,
            request_id__in=public,
            release_cleared=True,
            withdrawn_at__isnull=True,
        )
    except (ResponseDocument.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Dokumen tidak ditemukan.")) from None
