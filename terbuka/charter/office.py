"""The back office at /kantor/layanan/<body>/: the PPID Utama edits the service information."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody
from terbuka.charter import forms, law, permissions, selectors, services
from terbuka.charter.models import CharterEvent
from terbuka.core.exceptions import DomainError
from terbuka.core.web import apply_errors, found_or_404, see_other

BodyView = Callable[..., HttpResponse]


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def editor_view(view: BodyView) -> Callable[..., HttpResponse]:
    """Sign-in required; load the body; 403 unless the user may edit its service information."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, body_slug: str, **kwargs: Any) -> HttpResponse:
        body = found_or_404(body_selectors.body_get_by_slug, body_slug)
        if not permissions.can_edit_service_info(request.user, body):
            message = _(
                "Anda tidak berwenang mengubah informasi layanan badan publik ini. Hanya PPID "
                "Utama atau admin badan publik ini yang dapat mengubahnya."
            )
            return render(request, "403.html", {"message": message}, status=403)
        return view(request, body, **kwargs)

    return wrapper


def _home(body: PublicBody) -> str:
    return reverse("charter_office:home", kwargs={"body_slug": body.slug})


def _saved(request: HttpRequest, body: PublicBody, message: str) -> HttpResponse:
    messages.success(request, message)
    return see_other(_home(body))


@editor_view
@require_safe
def home(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """What the body publishes today, with a link to edit each part."""
    info = selectors.service_info_for_body(body)
    events = list(
        CharterEvent.objects.filter(body=body).select_related("actor").order_by("-occurred_at")[:10]
    )
    return render(
        request, "charter/office/home.html", {"body": body, "info": info, "events": events}
    )


@editor_view
def charter_edit(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Establish a new version of the service charter."""
    current = selectors.charter_current(body)
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {name: getattr(current, name) for name in services.CHARTER_FIELDS}
        initial["based_on"] = current.version
    form = forms.CharterForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        based_on = data.pop("based_on")
        try:
            charter = services.charter_establish(
                body=body, actor=request.user, based_on=based_on, **data
            )
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            return _saved(
                request,
                body,
                _("Maklumat pelayanan versi %(version)s disimpan dan diumumkan.")
                % {"version": charter.version},
            )
    status = 422 if form.errors else 200
    context = {"body": body, "form": form, "current_charter": current}
    return render(request, "charter/office/charter_form.html", context, status=status)


@editor_view
def procedure_edit(request: HttpRequest, body: PublicBody, kind: str) -> HttpResponse:
    """Write the body's own steps of one procedure; the deadlines are shown from the law."""
    page = found_or_404(selectors.procedure_page, body, kind)
    procedure = page.procedure
    initial = {
        "steps": procedure.steps if procedure else law.default_steps(kind),
        "requirements": procedure.requirements if procedure else "",
        "notes": procedure.notes if procedure else "",
    }
    form = forms.ProcedureForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.procedure_update(body=body, kind=kind, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            return _saved(request, body, _("Prosedur %(label)s disimpan.") % {"label": page.label})
    context = {"body": body, "form": form, "page": page}
    status = 422 if form.errors else 200
    return render(request, "charter/office/procedure_form.html", context, status=status)


@editor_view
def hours_edit(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Set the weekly hours, their note and the service channels."""
    initial: dict[str, Any] = forms.HoursForm.initial_for(selectors.service_days(body))
    initial["note"] = selectors.service_desk(body).hours_note
    form = forms.HoursForm(_posted(request), initial=initial)
    channels = forms.ChannelFormSet(
        _posted(request),
        prefix="saluran",
        # Unchanged extra forms are skipped when bound: the rows come from the data alone.
        initial=None
        if request.method == "POST"
        else [
            {"kind": c.kind, "address": c.address, "note": c.note}
            for c in selectors.service_channels(body)
        ],
    )
    if request.method == "POST" and form.is_valid() and channels.is_valid():
        try:
            services.service_hours_set(
                body=body,
                actor=request.user,
                days=form.day_hours(),
                note=form.cleaned_data["note"],
                channels=forms.channel_rows(channels),
            )
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            return _saved(request, body, _("Jam dan saluran layanan disimpan."))
    invalid = bool(form.errors) or (channels.is_bound and not channels.is_valid())
    context = {"body": body, "form": form, "channels": channels}
    return render(
        request, "charter/office/hours_form.html", context, status=422 if invalid else 200
    )


@editor_view
def fees_edit(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Set the copy and delivery tariffs and the extra fee rows."""
    tariffs = selectors.fee_tariffs(body)
    form = forms.TariffForm(
        _posted(request),
        initial={name: getattr(tariffs, name) for name in services.TARIFF_FIELDS},
    )
    rows = forms.FeeFormSet(
        _posted(request),
        prefix="biaya",
        initial=None
        if request.method == "POST"
        else [
            {"name": f.name, "amount": f.amount, "unit": f.unit, "note": f.note}
            for f in selectors.fee_items(body)
        ],
    )
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        try:
            services.fees_set(
                body=body, actor=request.user, tariffs=form.cleaned_data, items=forms.fee_rows(rows)
            )
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            return _saved(request, body, _("Biaya layanan disimpan."))
    invalid = bool(form.errors) or (rows.is_bound and not rows.is_valid())
    context = {"body": body, "form": form, "rows": rows}
    return render(request, "charter/office/fees_form.html", context, status=422 if invalid else 200)
