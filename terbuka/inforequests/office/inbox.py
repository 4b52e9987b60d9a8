"""The officers' inbox: the requests a user handles, filtered, with their clocks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from terbuka.bodies.permissions import require_office_access
from terbuka.calendars.workdays import add_working_days
from terbuka.core.web import no_store as _no_store
from terbuka.inforequests import deadlines, office_forms, selectors
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.office.common import (
    units_handled,
)
from terbuka.inforequests.states import CLOCK_RUNNING
from terbuka.inforequests.views import AuthedRequest

DUE_SOON_DAYS = 3
INBOX_PAGE_SIZE = selectors.INBOX_LIMIT

# --- Inbox ------------------------------------------------------------------------------------


def _row(req: InformationRequest, today: date, calendar: Any) -> dict[str, Any]:
    units = [r.unit.name for r in getattr(req, "active_routings", [])]
    if req.unit is not None and req.unit.name not in units:
        units.insert(0, req.unit.name)
    left = None
    if req.due_on is not None and req.status in CLOCK_RUNNING:
        left = deadlines.working_days_left(
            req.due_on, today, calendar=calendar, region_code=req.body.region_code
        )
    return {
        "req": req,
        "received_on": deadlines.receipt_date(req.received_at),
        "units": units,
        "days_left": left,
        "overdue_days": -left if left is not None and left < 0 else None,
        "is_overdue": req.is_overdue or (left is not None and left < 0),
    }


@login_required
@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    require_office_access(request.user)
    today = timezone.localdate()
    form = office_forms.InboxFilterForm(request.GET or None, units=units_handled(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    soon_before = add_working_days(today, DUE_SOON_DAYS, calendar=deadlines.calendar_for(today)).due
    due_within = data.get("due_within")
    due_before = None
    if due_within is not None:
        due_before = add_working_days(today, due_within, calendar=deadlines.calendar_for(today)).due
    page = selectors.request_list_for_inbox(
        request.user,
        unit=data.get("unit"),
        status=data.get("status") or None,
        channel=data.get("channel") or None,
        due_before=due_before,
        overdue_on=today if data.get("overdue") else None,
        number=data.get("q") or None,
        after=data.get("sesudah") or None,
        limit=INBOX_PAGE_SIZE,
    )
    selectors.request_attach_active_routings(page.items)
    dues = [r.due_on for r in page.items if r.due_on is not None]
    calendar = deadlines.calendar_for(min([today, *dues]), max([today, *dues]))
    next_query = None
    if page.next_cursor:
        query = request.GET.copy()
        query["sesudah"] = page.next_cursor
        next_query = query.urlencode()
    context = {
        "form": form,
        "rows": [_row(req, today, calendar) for req in page.items],
        "next_query": next_query,
        "counts": selectors.request_inbox_counts(
            request.user, today=today, due_soon_before=soon_before
        ),
        "due_soon_days": DUE_SOON_DAYS,
        "today": today,
        "is_filtered": bool(request.GET),
    }
    return _no_store(render(request, "inforequests/office/inbox.html", context))
