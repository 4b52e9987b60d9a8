"""Every non-trivial read of objections and disputes.

Visibility is written once, in `objection_handled_by` (the PPID Utama desk and the Atasan PPID
of the body) and `objection_visible_to` (those, the units whose requests are objected to, and
the requester); every permission in `permissions.py` is a filter on them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.bodies.models import Membership, PublicBody
from terbuka.bodies.selectors import UserLike, membership_active_for_user
from terbuka.bodies.selectors import is_superuser as _is_superuser
from terbuka.calendars.workdays import Calendar
from terbuka.core.exceptions import NotFound
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.inforequests.deadlines import Clock
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.selectors import (
    DESK_ROLES,
    request_handled_by,
)
from terbuka.inforequests.states import CLOCK_RUNNING as REQUEST_CLOCK_RUNNING
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.objections import deadlines
from terbuka.objections.models import Dispute, Objection, ObjectionEvent
from terbuka.objections.states import (
    DISPUTE_TERMINAL,
    OBJECTION_CLOCK_RUNNING,
    DisputeStatus,
    ObjectionStatus,
)

Role = Membership.Role

# Who acts on every objection of the body: the PPID Utama desk records and tracks, the Atasan
# PPID decides (UU 14/2008 Pasal 36).
OBJECTION_ROLES: frozenset[str] = DESK_ROLES | {Role.ATASAN_PPID}
# Reminders fall at most this many calendar days before the due date.
_LOOKAHEAD = timedelta(days=20)
# How far back a filing window may start: 30 working days plus the longest holiday run.
_WINDOW_LOOKBACK = timedelta(days=120)
# Requests with nothing left to object to.
REQUEST_NOT_OBJECTABLE: frozenset[str] = frozenset(
    {
        RequestStatus.INCOMPLETE,
        RequestStatus.WITHDRAWN,
        RequestStatus.LAPSED,
        RequestStatus.FORWARDED,
    }
)


def objection_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Return the ids of the bodies whose every objection the user handles."""
    return (
        membership_active_for_user(user)
        .filter(role__in=list(OBJECTION_ROLES))
        .values("unit__body_id")
    )


def objection_handled_by(user: UserLike) -> QuerySet[Objection]:
    """Return the objections the user may act on as an officer (desk or Atasan PPID)."""
    if _is_superuser(user):
        return Objection.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Objection.objects.none()
    return Objection.objects.filter(body_id__in=objection_body_ids(user))


def _visible(user: UserLike, *, as_requester: bool) -> QuerySet[Objection]:
    if _is_superuser(user):
        return Objection.objects.all()
    if not user.is_authenticated or not user.is_active:
        return Objection.objects.none()
    # A unit sees the objections to the requests it handles, and only those.
    seen = Q(body_id__in=objection_body_ids(user)) | Q(
        request_id__in=request_handled_by(user).values("pk")
    )
    if as_requester:
        seen |= Q(requester_id=user.pk)
    return Objection.objects.filter(seen)


def objection_visible_to(user: UserLike) -> QuerySet[Objection]:
    """Return the objections the user may see: handled, of their units' requests, their own."""
    return _visible(user, as_requester=True)


def objection_office_visible_to(user: UserLike) -> QuerySet[Objection]:
    """Return the objections the user may open in the officers' workspace."""
    return _visible(user, as_requester=False)


def _with_related(qs: QuerySet[Objection]) -> QuerySet[Objection]:
    return qs.select_related(
        "body", "request", "request__unit", "requester_identity", "requester", "response"
    )


def objection_get_for_user(user: UserLike, pk: Any, *, office: bool = False) -> Objection:
    """Return the objection if the user may see it, else raise `NotFound` (missing or not)."""
    qs = objection_office_visible_to(user) if office else objection_visible_to(user)
    try:
        return _with_related(qs).get(pk=pk)
    except (Objection.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("Keberatan tidak ditemukan.")) from None


def objection_list_for_request(user: UserLike, request_id: int) -> QuerySet[Objection]:
    """Return the objections to one request that the user may see, oldest first."""
    return (
        _with_related(objection_visible_to(user))
        .filter(request_id=request_id)
        .order_by("filed_at", "pk")
    )


def objection_list_for_requester(user: UserLike) -> QuerySet[Objection]:
    """Return the user's own objections, newest first."""
    if not user.is_authenticated:
        return Objection.objects.none()
    return _with_related(Objection.objects.filter(requester_id=user.pk)).order_by(
        "-filed_at", "-pk"
    )


def objection_list_for_office(
    user: UserLike,
    *,
    status: str = "",
    body: PublicBody | None = None,
    open_only: bool = False,
    overdue_on: date | None = None,
) -> QuerySet[Objection]:
    """Return the objections of the officers' list, newest first, with their relations."""
    qs = _with_related(objection_office_visible_to(user)).select_related("dispute")
    if body is not None:
        qs = qs.filter(body=body)
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.filter(status__in=list(OBJECTION_CLOCK_RUNNING))
    if overdue_on is not None:
        qs = qs.filter(status__in=list(OBJECTION_CLOCK_RUNNING), response_due_on__lt=overdue_on)
    return qs.order_by("-filed_at", "-pk")


def objection_counts(user: UserLike, *, today: date) -> dict[str, int]:
    """Return, in one query, how many visible objections are open and overdue."""
    running = Q(status__in=list(OBJECTION_CLOCK_RUNNING))
    return objection_office_visible_to(user).aggregate(
        all=Count("pk"),
        open=Count("pk", filter=running),
        overdue=Count("pk", filter=running & Q(response_due_on__lt=today)),
    )


def objection_timeline(
    objection: Objection, *, include_internal: bool = True
) -> QuerySet[ObjectionEvent]:
    """Return the objection's (and its dispute's) events in order."""
    qs = objection.events.select_related("actor").order_by("occurred_at", "pk")
    if not include_internal:
        qs = qs.filter(is_internal=False)
    return qs


def objection_open_for_request(request_id: int) -> Objection | None:
    """Return the objection to the request whose Atasan clock still runs, if any."""
    return (
        Objection.objects.filter(request_id=request_id, status__in=list(OBJECTION_CLOCK_RUNNING))
        .order_by("pk")
        .first()
    )


def ground_arose_for_request(request: InformationRequest, *, calendar: Calendar) -> date | None:
    """Return the latest day a ground of objection arose on the request (Pasal 36(1)).

    The written notice date; the day the information was given (a late or partial answer,
    grounds d and g); and, while the clock still runs past its due date, the first working
    day after it (grounds c, e). None while no ground has arisen yet.
    """
    notice = WrittenNotice.objects.filter(request=request).only("issued_at").first()
    notice_at = notice.issued_at if notice is not None else None
    return _ground_arose(request, notice_at, calendar=calendar, today=timezone.localdate())


def _ground_arose(
    request: InformationRequest, notice_at: datetime | None, *, calendar: Calendar, today: date
) -> date | None:
    candidates: list[date] = []
    if notice_at is not None:
        candidates.append(timezone.localdate(notice_at))
    if request.fulfilled_at is not None:
        candidates.append(timezone.localdate(request.fulfilled_at))
    if request.status in REQUEST_CLOCK_RUNNING and request.due_on is not None:
        lapsed = deadlines.ground_arose_on(
            None, request.due_on, calendar=calendar, region_code=request.body.region_code
        )
        if lapsed is not None and lapsed <= today:
            candidates.append(lapsed)
    return max(candidates) if candidates else None


def objection_filing_window(request: InformationRequest, *, today: date) -> Clock | None:
    """Return the request's objection window (UU 14/2008 Pasal 36(1)), None before any ground.

    The same computation `services.objection_file` makes when it checks a filing.
    """
    # Every ground arises after the request was received: cover from there, however long ago.
    received = timezone.localdate(request.received_at)
    calendar = request_deadlines.calendar_for(min(received, today - _WINDOW_LOOKBACK), today)
    arose = ground_arose_for_request(request, calendar=calendar)
    if arose is None:
        return None
    return deadlines.filing_window(arose, calendar=calendar, region_code=request.body.region_code)


def objection_open_until(request: InformationRequest, *, today: date) -> date | None:
    """Return the last day the requester may still object, None when they may not now."""
    if request.status in REQUEST_NOT_OBJECTABLE or objection_open_for_request(request.pk):
        return None
    window = objection_filing_window(request, today=today)
    return window.due if window is not None and today <= window.due else None


def objection_open_until_for_requests(
    requests: list[InformationRequest], *, today: date
) -> dict[int, date | None]:
    """Return `objection_open_until` of many requests (with their bodies) in three queries."""
    ids = [r.pk for r in requests if r.status not in REQUEST_NOT_OBJECTABLE]
    if not ids:
        return {r.pk: None for r in requests}
    notices = dict(
        WrittenNotice.objects.filter(request_id__in=ids).values_list("request_id", "issued_at")
    )
    blocked = set(
        Objection.objects.filter(
            request_id__in=ids, status__in=list(OBJECTION_CLOCK_RUNNING)
        ).values_list("request_id", flat=True)
    )
    first = min(timezone.localdate(r.received_at) for r in requests if r.pk in ids)
    calendar = request_deadlines.calendar_for(min(first, today - _WINDOW_LOOKBACK), today)
    found: dict[int, date | None] = {}
    for request in requests:
        found[request.pk] = None
        if request.pk not in ids or request.pk in blocked:
            continue
        arose = _ground_arose(request, notices.get(request.pk), calendar=calendar, today=today)
        if arose is None:
            continue
        window = deadlines.filing_window(
            arose, calendar=calendar, region_code=request.body.region_code
        )
        found[request.pk] = window.due if today <= window.due else None
    return found


def objection_lapse_candidates(today: date) -> QuerySet[Objection]:
    """Return running objections whose 30 working days have passed (Pasal 36(2))."""
    return Objection.objects.filter(
        status__in=list(OBJECTION_CLOCK_RUNNING), response_due_on__lt=today
    )


def objection_reminders_due(today: date) -> list[tuple[Objection, str]]:
    """Return the (objection, kind) reminders the daily job sends today.

    Kinds: "before_due" (2 working days before), "on_due" (the due day itself).
    """
    qs = (
        Objection.objects.filter(
            status__in=list(OBJECTION_CLOCK_RUNNING),
            response_due_on__gte=today,
            response_due_on__lte=today + _LOOKAHEAD,
        )
        .select_related("body")
        .order_by("response_due_on", "pk")
    )
    calendar = request_deadlines.calendar_for(today)
    found: list[tuple[Objection, str]] = []
    for objection in qs:
        dates = request_deadlines.reminder_dates(
            objection.response_due_on, calendar=calendar, region_code=objection.body.region_code
        )
        found.extend((objection, kind) for kind, day in dates.items() if day == today)
    return found


def dispute_compliance_reminders_due(today: date) -> list[tuple[Dispute, str]]:
    """Return the (dispute, kind) compliance reminders due today: before, on and after."""
    qs = Dispute.objects.filter(
        status=DisputeStatus.COMPLIANCE, compliance_due_on__isnull=False
    ).select_related("objection", "objection__body")
    calendar = request_deadlines.calendar_for(today)
    found: list[tuple[Dispute, str]] = []
    for dispute in qs.filter(compliance_due_on__lte=today + _LOOKAHEAD).order_by("pk"):
        due = dispute.compliance_due_on
        assert due is not None  # noqa: S101 - filtered above
        if due < today:
            found.append((dispute, "overdue"))
            continue
        dates = request_deadlines.reminder_dates(
            due, calendar=calendar, region_code=dispute.objection.body.region_code
        )
        found.extend((dispute, kind) for kind, day in dates.items() if day == today)
    return found


def dispute_outcome_summary(
    *,
    body: PublicBody | None,
    year: int | None = None,
    unit_id: int | None = None,
    requests: QuerySet[InformationRequest] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> dict[str, int]:
    """Return dispute counts by outcome for statistics and monev evidence.

    Keys: "filed", "open", "granted_full", "granted_partial", "refused", "other",
    "court_appeal", "complied". Counts disputes filed in `year`, or from `first` through
    `last`, when given; `body=None` counts every body's. `requests` keeps the disputes of
    those requests only (e.g. the requests a unit answered).
    """
    qs = Dispute.objects.all()
    if body is not None:
        qs = qs.filter(objection__body=body)
    if year is not None:
        qs = qs.filter(filed_on__year=year)
    if first is not None:
        qs = qs.filter(filed_on__gte=first)
    if last is not None:
        qs = qs.filter(filed_on__lte=last)
    if unit_id is not None:
        qs = qs.filter(objection__request__unit_id=unit_id)
    if requests is not None:
        qs = qs.filter(objection__request__in=requests)
    decided = Dispute.Decision
    counts = qs.aggregate(
        filed=Count("pk"),
        open=Count("pk", filter=~Q(status__in=[s.value for s in DISPUTE_TERMINAL])),
        granted_full=Count("pk", filter=Q(decision=decided.GRANTED_FULL)),
        granted_partial=Count("pk", filter=Q(decision=decided.GRANTED_PARTIAL)),
        refused=Count("pk", filter=Q(decision=decided.REFUSED)),
        other=Count("pk", filter=Q(decision=decided.OTHER)),
        court_appeal=Count("pk", filter=Q(court_filed_on__isnull=False)),
        complied=Count("pk", filter=Q(complied_on__isnull=False)),
    )
    return {key: int(value or 0) for key, value in counts.items()}


def objection_outcome_summary(
    *,
    body: PublicBody | None,
    year: int | None = None,
    unit_id: int | None = None,
    requests: QuerySet[InformationRequest] | None = None,
    first: date | None = None,
    last: date | None = None,
) -> dict[str, Any]:
    """Return objection counts by status and by ground for statistics and monev evidence.

    Counts objections registered in `year`, or filed from `first` through `last` (local
    dates), when given; `body=None` counts every body's. `requests` keeps the objections to
    those requests only (e.g. the requests a unit answered).
    """
    qs = Objection.objects.all()
    if body is not None:
        qs = qs.filter(body=body)
    if year is not None:
        qs = qs.filter(registration_year=year)
    if first is not None:
        qs = qs.filter(filed_at__gte=_day_start(first))
    if last is not None:
        qs = qs.filter(filed_at__lt=_day_start(last + timedelta(days=1)))
    if unit_id is not None:
        qs = qs.filter(request__unit_id=unit_id)
    if requests is not None:
        qs = qs.filter(request__in=requests)
    by_status = {s.value: 0 for s in ObjectionStatus}
    by_ground = dict.fromkeys("abcdefg", 0)
    for status, grounds in qs.values_list("status", "grounds"):
        by_status[status] += 1
        for letter in grounds or []:
            if letter in by_ground:
                by_ground[letter] += 1
    return {"total": sum(by_status.values()), "by_status": by_status, "by_ground": by_ground}


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
