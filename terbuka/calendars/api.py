"""Working-day API: /api/v1/calendar/..."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.params.functions import Query

from terbuka.calendars.forms import CalculatorForm
from terbuka.calendars.models import Holiday
from terbuka.calendars.selectors import holiday_list_for_year
from terbuka.calendars.workdays import EARLIEST_START, LATEST_START, add_working_days
from terbuka.core.exceptions import ValidationError

router = Router(tags=["kalender"])


class SkippedDayOut(Schema):
    date: dt.date
    name: str


class WorkingDaysOut(Schema):
    start: dt.date
    days: int
    due: dt.date
    skipped: list[SkippedDayOut]


class HolidayOut(Schema):
    date: dt.date
    name: str
    kind: str
    kind_label: str
    region_code: str
    is_cancelled: bool
    is_non_working: bool


@router.get("/working-days", response=WorkingDaysOut, summary="Add working days to a date")
def working_days(
    request: HttpRequest,
    start: str = Query(..., description="Start date, YYYY-MM-DD. Day 1 is the next working day."),
    days: str = Query(..., description="Number of working days, 0 to 365."),
    region: str = Query("", description="Kemendagri region code for local holidays, e.g. 36.73."),
) -> WorkingDaysOut:
    """Return the due date `days` working days after `start` and the non-working days skipped.

    Saturdays, Sundays, national holidays, cuti bersama (unless the installation counts them
    as working days) and local holidays of `region` are skipped.
    """
    form = CalculatorForm({"start": start, "days": days, "region": region})
    if not form.is_valid():
        fields = {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        message = " ".join(error for errors in fields.values() for error in errors)
        raise ValidationError(message, fields=fields)
    result = add_working_days(
        form.cleaned_data["start"],
        form.cleaned_data["days"],
        region_code=form.cleaned_data["region"],
    )
    return WorkingDaysOut(
        start=result.start,
        days=result.days,
        due=result.due,
        skipped=[SkippedDayOut(date=day.date, name=day.name) for day in result.skipped],
    )


@router.get("/holidays", response=list[HolidayOut], summary="Holiday table of one year")
def holidays(
    request: HttpRequest,
    year: int | None = Query(None, description="Year, e.g. 2026; the current year by default."),
) -> list[HolidayOut]:
    """Return every row of the holiday table of a year, cancelled ones flagged."""
    if year is None:
        year = timezone.localdate().year
    if not EARLIEST_START.year <= year <= LATEST_START.year:
        raise ValidationError(
            _("Tahun harus antara %(first)s dan %(last)s.")
            % {"first": EARLIEST_START.year, "last": LATEST_START.year},
            fields={"year": [_("Tahun di luar jangkauan.")]},
        )
    joint_leave_non_working = settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING
    return [
        HolidayOut(
            date=holiday.date,
            name=holiday.name,
            kind=holiday.kind,
            kind_label=str(holiday.get_kind_display()),
            region_code=holiday.region_code,
            is_cancelled=holiday.is_cancelled,
            is_non_working=not holiday.is_cancelled
            and (holiday.kind != Holiday.Kind.JOINT_LEAVE or joint_leave_non_working),
        )
        for holiday in holiday_list_for_year(year)
    ]
