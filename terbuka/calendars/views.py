"""Public deadline calculator and holiday list; back-office holiday management."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from terbuka.calendars import selectors, services
from terbuka.calendars.forms import (
    PRESETS,
    CalculatorForm,
    HolidayCancelForm,
    HolidayForm,
    SeedForm,
    preset_for,
)
from terbuka.calendars.permissions import (
    can_change_holiday_region,
    can_manage_holidays,
    can_seed_holidays,
)
from terbuka.calendars.workdays import EARLIEST_START, LATEST_START, add_working_days
from terbuka.core.exceptions import DomainError, NotFound

if TYPE_CHECKING:
    from terbuka.accounts.models import User
    from terbuka.calendars.models import Holiday

View = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _actor(request: HttpRequest) -> User:
    """Return the signed-in user (views behind `_manager_required` always have one)."""
    return cast("User", request.user)


def _year(request: HttpRequest, year: int | None) -> int:
    """Return the year asked for in the path or `?year=`, the current year by default."""
    if year is None:
        raw = request.GET.get("year", "")
        if not raw:
            return timezone.localdate().year
        try:
            year = int(raw)
        except ValueError:
            raise Http404(_("Tahun tidak valid.")) from None
    if not EARLIEST_START.year <= year <= LATEST_START.year:
        raise Http404(_("Tahun di luar jangkauan."))
    return year


def _rules() -> dict[str, Any]:
    return {"joint_leave_non_working": settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING}


@require_GET
@vary_on_headers("HX-Request")
def calculator(request: HtmxHttpRequest) -> HttpResponse:
    """Kalkulator tenggat: add working days to a date, explaining every skipped day."""
    data = request.GET.copy()
    preset = preset_for(data.get("preset"))
    if preset is not None:
        data["days"] = str(preset.days)
    is_bound = "start" in data or "days" in data
    form = (
        CalculatorForm(data)
        if is_bound
        else CalculatorForm(initial={"start": timezone.localdate(), "days": 10})
    )
    context: dict[str, Any] = {"form": form, "presets": PRESETS, "preset": preset, **_rules()}
    if is_bound and form.is_valid():
        result = add_working_days(
            form.cleaned_data["start"],
            form.cleaned_data["days"],
            region_code=form.cleaned_data["region"],
        )
        context["result"] = result
        context["region"] = form.cleaned_data["region"]
        context["missing_years"] = selectors.holiday_years_missing(
            result.start.year, result.due.year
        )
    partial = request.htmx and not request.htmx.history_restore_request
    template = "calendars/partials/_result.html" if partial else "calendars/calculator.html"
    return render(request, template, context)


@require_GET
def holiday_list(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Public list of the holiday table of one year."""
    year = _year(request, year)
    context = {
        "year": year,
        "holidays": list(selectors.holiday_list_for_year(year)),
        "previous_year": year - 1 if year > EARLIEST_START.year else None,
        "next_year": year + 1 if year < LATEST_START.year else None,
        **_rules(),
    }
    return render(request, "calendars/holiday_list.html", context)


def _forbidden(
    request: HttpRequest, message: str, back_url: str = "", back_label: str = ""
) -> HttpResponse:
    """The shared 403 page, leading back to the holiday table unless told otherwise."""
    context = {
        "message": message,
        "back_url": back_url or reverse("calendars:holiday-manage"),
        "back_label": back_label or _("Kembali ke tabel hari libur"),
    }
    return render(request, "403.html", context, status=403)


def _manager_required(view: View) -> View:
    """Send anonymous users to sign in; answer 403 to users who may not manage holidays."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can_manage_holidays(request.user):
            message = _(
                "Anda tidak berwenang mengelola tabel hari libur. Hanya PPID Utama dan admin "
                "yang dapat mengubahnya."
            )
            return _forbidden(
                request, message, reverse("calendars:holiday-list"), _("Lihat daftar hari libur")
            )
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return wrapper


def _region_refusal(region_code: str) -> str:
    if not region_code:
        return _(
            "Hari libur nasional dan cuti bersama berlaku untuk semua badan publik; hanya "
            "pengelola kalender nasional yang dapat mengubahnya."
        )
    return _("Anda hanya dapat mengelola hari libur daerah di wilayah badan publik Anda.")


def _row_guard(view: View) -> View:
    """Answer 403 when the holiday row `pk` is outside the user's regions (national or local)."""

    @wraps(view)
    def wrapper(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
        holiday = selectors.holiday_get(pk)
        if not can_change_holiday_region(request.user, holiday.region_code):
            return _forbidden(request, _region_refusal(holiday.region_code))
        return view(request, holiday, *args, **kwargs)

    return wrapper


def _refuse_region(request: HttpRequest, form: Any) -> bool:
    """Add a form error and return True when the posted region is outside the user's regions."""
    region_code = form.cleaned_data.get("region_code") or ""
    if can_change_holiday_region(request.user, region_code):
        return False
    form.add_error("region_code" if region_code else None, _region_refusal(region_code))
    return True


def _manage_url(year: int) -> str:
    return f"{reverse('calendars:holiday-manage')}?year={year}"


def _done(request: HttpRequest, message: str, year: int) -> HttpResponseRedirect:
    messages.success(request, message)
    return redirect(_manage_url(year))


@_manager_required
@require_GET
def holiday_manage(request: HttpRequest) -> HttpResponse:
    """Back office: the holiday table of a year with its recent changes."""
    year = _year(request, None)
    holidays = list(selectors.holiday_list_for_year(year))
    # One permission check per region code, not per row: a year has a few dozen rows.
    allowed = {
        code: can_change_holiday_region(request.user, code)
        for code in {holiday.region_code for holiday in holidays}
    }
    for holiday in holidays:
        holiday.can_change = allowed[holiday.region_code]  # type: ignore[attr-defined]
    context = {
        "year": year,
        "holidays": holidays,
        "events": list(selectors.holiday_event_list_for_year(year)),
        "can_seed": can_seed_holidays(request.user),
        "seed_form": SeedForm(initial={"year": year}),
        "previous_year": year - 1 if year > EARLIEST_START.year else None,
        "next_year": year + 1 if year < LATEST_START.year else None,
        **_rules(),
    }
    return render(request, "calendars/holiday_manage.html", context)


def _apply_errors(form: Any, exc: DomainError) -> None:
    fields = exc.details.get("fields") or {}
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not fields:
        form.add_error(None, exc.message)


@_manager_required
def holiday_create(request: HttpRequest) -> HttpResponse:
    """Back office: add a holiday by hand."""
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _refuse_region(request, form):
        try:
            holiday = services.holiday_create(**form.cleaned_data, actor=_actor(request))
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            message = _("Hari libur %(name)s ditambahkan.") % {"name": holiday.name}
            return _done(request, message, holiday.date.year)
    return render(request, "calendars/holiday_form.html", {"form": form, "holiday": None})


@_manager_required
@_row_guard
def holiday_edit(request: HttpRequest, holiday: Holiday) -> HttpResponse:
    """Back office: change a holiday's date, name, kind, region or note."""
    original = {"name": holiday.name, "date": holiday.date, "source": holiday.get_source_display()}
    form = HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and form.is_valid() and not _refuse_region(request, form):
        try:
            holiday = services.holiday_update(
                holiday=holiday, actor=_actor(request), **form.cleaned_data
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            message = _("Hari libur %(name)s diubah.") % {"name": holiday.name}
            return _done(request, message, holiday.date.year)
    context = {"form": form, "holiday": holiday, "original": original}
    return render(request, "calendars/holiday_form.html", context)


@_manager_required
@_row_guard
def holiday_cancel(request: HttpRequest, holiday: Holiday) -> HttpResponse:
    """Back office: keep a holiday's date a working day."""
    form = HolidayCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.holiday_cancel(
                holiday=holiday, reason=form.cleaned_data["reason"], actor=_actor(request)
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_manage_url(holiday.date.year))
        message = _("Hari libur %(name)s dibatalkan; tanggalnya kini hari kerja.") % {
            "name": holiday.name
        }
        return _done(request, message, holiday.date.year)
    return render(request, "calendars/holiday_cancel.html", {"form": form, "holiday": holiday})


@_manager_required
@require_POST
@_row_guard
def holiday_restore(request: HttpRequest, holiday: Holiday) -> HttpResponse:
    """Back office: make a cancelled holiday a non-working day again."""
    try:
        services.holiday_restore(holiday=holiday, actor=_actor(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(_manage_url(holiday.date.year))
    message = _("Hari libur %(name)s dipulihkan.") % {"name": holiday.name}
    return _done(request, message, holiday.date.year)


@_manager_required
@_row_guard
def holiday_delete(request: HttpRequest, holiday: Holiday) -> HttpResponse:
    """Back office: delete a holiday added by hand (after a confirmation page)."""
    if request.method == "POST":
        try:
            services.holiday_delete(holiday=holiday, actor=_actor(request))
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(_manage_url(holiday.date.year))
        message = _("Hari libur %(name)s dihapus.") % {"name": holiday.name}
        return _done(request, message, holiday.date.year)
    return render(request, "calendars/holiday_delete.html", {"holiday": holiday})


@_manager_required
@require_POST
def holiday_seed(request: HttpRequest) -> HttpResponse:
    """Back office: fill a year from the `holidays` package (idempotent)."""
    if not can_seed_holidays(request.user):
        return _forbidden(request, _region_refusal(""))
    form = SeedForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("calendars:holiday-manage")
    year = form.cleaned_data["year"]
    result = services.holidays_seed(years=[year], actor=_actor(request))
    message = _(
        "Tahun %(year)s diisi dari paket: %(created)s ditambahkan, %(renamed)s diganti nama, "
        "%(removed)s dihapus, %(kept)s tetap, %(skipped)s sudah diisi petugas."
    ) % {
        "year": year,
        "created": len(result.created),
        "renamed": len(result.renamed),
        "removed": len(result.removed),
        "kept": result.kept,
        "skipped": result.skipped,
    }
    return _done(request, message, year)
