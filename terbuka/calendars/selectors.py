"""Reads of the holiday table."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.workdays import HolidayEntry
from terbuka.core.exceptions import NotFound


def holiday_entries_between(first: date, last: date) -> list[HolidayEntry]:
    """Return the non-cancelled holidays from `first` through `last`, every region, one query."""
    rows = (
        Holiday.objects.filter(date__gte=first, date__lte=last, is_cancelled=False)
        .order_by("date", "name")
        .values_list("date", "name", "kind", "region_code")
    )
    return [HolidayEntry(*row) for row in rows]


def holiday_list_for_year(year: int) -> QuerySet[Holiday]:
    """Return every holiday row of a year, cancelled ones included, in date order."""
    return Holiday.objects.filter(date__year=year).order_by("date", "region_code", "name")


def holiday_years() -> list[int]:
    """Return the years the holiday table holds rows for, ascending."""
    years = (
        Holiday.objects.annotate(year=ExtractYear("date"))
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )
    return list(years)


def holiday_get(pk: int) -> Holiday:
    """Return one holiday row or raise NotFound."""
    try:
        return Holiday.objects.get(pk=pk)
    except Holiday.DoesNotExist:
        raise NotFound(_("Hari libur tidak ditemukan.")) from None


def holiday_event_list_for_year(year: int, *, limit: int = 50) -> QuerySet[HolidayEvent]:
    """Return the latest changes to the holiday table of a year, newest first."""
    return (
        HolidayEvent.objects.filter(date__year=year)
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
    )


def holiday_years_missing(first_year: int, last_year: int) -> list[int]:
    """Return the years from first_year through last_year with no row in the holiday table."""
    present = set(
        Holiday.objects.filter(date__year__gte=first_year, date__year__lte=last_year)
        .annotate(year=ExtractYear("date"))
        .order_by()
        .values_list("year", flat=True)
        .distinct()
    )
    return [year for year in range(first_year, last_year + 1) if year not in present]
