"""The officers' objection list: the objections a user may see, filtered, with their clocks."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from terbuka.bodies.permissions import require_office_access
from terbuka.calendars.workdays import Calendar
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.objections import office_forms, selectors
from terbuka.objections.models import Objection
from terbuka.objections.office.common import AuthedRequest, bodies_handled, no_store
from terbuka.objections.states import OBJECTION_CLOCK_RUNNING

PER_PAGE = 50
DUE_SOON_DAYS = 5


def _row(objection: Objection, today: date, calendar: Calendar) -> dict[str, Any]:
    left = None
    if objection.status in OBJECTION_CLOCK_RUNNING:
        left = request_deadlines.working_days_left(
            objection.response_due_on,
            today,
            calendar=calendar,
            region_code=objection.body.region_code,
        )
    return {
        "objection": objection,
        "filed_on": timezone.localdate(objection.filed_at),
        "days_left": left,
        "overdue_days": -left if left is not None and left < 0 else None,
        "dispute": getattr(objection, "dispute", None),
    }


@login_required
@require_GET
def objection_list(request: AuthedRequest) -> HttpResponse:
    require_office_access(request.user)
    today = timezone.localdate()
    form = office_forms.ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.objection_list_for_office(
        request.user,
        status=data.get("status") or "",
        open_only=bool(data.get("open")),
        overdue_on=today if data.get("overdue") else None,
    )
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("halaman"))
    items = list(page.object_list)
    dues = [o.response_due_on for o in items]
    calendar = request_deadlines.calendar_for(min([today, *dues]), max([today, *dues]))
    query = request.GET.copy()
    query.pop("halaman", None)
    bodies = list(bodies_handled(request.user))
    context = {
        "form": form,
        "page": page,
        "rows": [_row(o, today, calendar) for o in items],
        "counts": selectors.objection_counts(request.user, today=today),
        # The desk and the Atasan PPID record objections and keep the register.
        "bodies": bodies,
        "query": query.urlencode(),
        "today": today,
        "due_soon_days": DUE_SOON_DAYS,
        "is_filtered": bool(request.GET.dict().keys() - {"halaman"}),
    }
    return no_store(render(request, "objections/office/list.html", context))
