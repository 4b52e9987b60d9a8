"""The officers' service-report pages under /kantor/laporan/ (namespace `reports_office`): the
reports an officer may see with their status, the request for a new report, the narrative the
PPID writes per body or unit and period, and a report's page whose progress refreshes itself.

UU 14/2008 Pasal 12 and Pasal 11(1) huruf h. Views shape input and render; every rule and
permission is in `services.py` and `permissions.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.bodies.models import PublicBody
from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import DomainError, NotFound, PermissionDenied
from terbuka.core.web import apply_errors, no_store, see_other
from terbuka.registry.states import EntryStatus
from terbuka.reports import forms, permissions, services
from terbuka.reports.models import ReportStatus, ServiceReport

PER_PAGE = 50


def _bodies(user: Any) -> list[PublicBody]:
    require_office_access(user)
    bodies = list(permissions.bodies_for_report_office(user).order_by("name"))
    if not bodies:
        raise DjangoPermissionDenied(_("Anda tidak mengelola laporan layanan unit mana pun."))
    return bodies


def _pick_form(user: Any, bodies: list[PublicBody], data: Any = None, **kwargs: Any) -> Any:
    whole = any(permissions.can_view_period(user, body, None) for body in bodies)
    return forms.ReportPickForm(
        data,
        bodies=bodies,
        units=permissions.units_for_report_office(user),
        whole_allowed=whole,
        **kwargs,
    )


def report_url(report: ServiceReport) -> str:
    return reverse("reports_office:detail", kwargs={"pk": report.pk})


def narrative_url(report: ServiceReport) -> str:
    query = {
        "body": report.body_id,
        "unit": report.unit_id or "",
        "year": report.year,
        "semester": report.semester,
    }
    return reverse("reports_office:narrative") + "?" + urlencode(query)


# --- The list and the request ------------------------------------------------------------------


def _render_list(
    request: HttpRequest, bodies: list[PublicBody], form: Any, *, status: int = 200
) -> HttpResponse:
    reports = (
        permissions.report_visible_to(request.user)
        .select_related("body", "unit", "entry")
        .order_by("-requested_at", "-id")
    )
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "form": form,
        "narrative_form": _pick_form(request.user, bodies, auto_id="narasi_%s"),
        "page": page,
        "rows": [(report, narrative_url(report)) for report in page.object_list],
        "several_bodies": len(bodies) > 1,
        "can_request": permissions.bodies_for_reports(request.user).exists(),
    }
    return no_store(render(request, "reports/office/list.html", context, status=status))


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    bodies = _bodies(request.user)
    return _render_list(request, bodies, _pick_form(request.user, bodies))


@login_required
@require_POST
def report_new(request: HttpRequest) -> HttpResponse:
    """Ask for a report; a double submit lands on the same report."""
    bodies = _bodies(request.user)
    form = _pick_form(request.user, bodies, request.POST)
    if not form.is_valid():
        return _render_list(request, bodies, form, status=422)
    token = form.cleaned_data.get("form_token")
    try:
        report = services.report_request(
            actor=request.user, idempotency_key=str(token) if token else None, **form.values()
        )
    except PermissionDenied:
        form.add_error(None, _("Anda tidak berwenang membuat laporan untuk pilihan ini."))
        return _render_list(request, bodies, form, status=403)
    except DomainError as exc:
        apply_errors([form], exc, form)
        return _render_list(request, bodies, form, status=422)
    messages.success(request, _("Laporan diminta; kemajuannya tampil di halaman ini."))
    return see_other(report_url(report))


# --- The narrative -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def narrative_edit(request: HttpRequest) -> HttpResponse:
    bodies = _bodies(request.user)
    pick = _pick_form(request.user, bodies, request.GET)
    if not pick.is_valid():
        context = {"pick": pick, "narrative_form": None}
        return no_store(render(request, "reports/office/narrative.html", context, status=422))
    values = pick.values()
    body, unit = values["body"], values["unit"]
    if not permissions.can_view_period(request.user, body, unit):
        raise Http404(_("Laporan tidak ditemukan."))
    try:
        period = services.check_report_period(values["year"], values["semester"])
    except DomainError as exc:
        apply_errors([pick], exc, pick)
        context = {"pick": pick, "narrative_form": None}
        return no_store(render(request, "reports/office/narrative.html", context, status=422))
    narrative = services.narrative_get(body, unit, period)
    can_write = permissions.can_write_report(request.user, body, unit)
    initial = {name: getattr(narrative, name, "") for name in forms.CHAPTER_HELP}
    form = forms.NarrativeForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_write:
            raise DjangoPermissionDenied(_("Anda hanya dapat membaca narasi laporan ini."))
        if form.is_valid():
            token = form.cleaned_data.get("form_token")
            try:
                chapters: dict[str, Any] = {**values, **form.chapters()}
                services.narrative_save(
                    actor=request.user,
                    idempotency_key=str(token) if token else None,
                    **chapters,
                )
            except DomainError as exc:
                apply_errors([form], exc, form)
                status = 422
            else:
                messages.success(request, _("Narasi laporan disimpan."))
                return see_other(request.get_full_path())
        else:
            status = 422
    context = {
        "pick": pick,
        "body": body,
        "unit": unit,
        "period": period,
        "narrative": narrative,
        "narrative_form": form,
        "can_write": can_write,
        "request_form": _pick_form(request.user, bodies, initial=pick.query()),
        "reports": list(
            permissions.report_visible_to(request.user)
            .filter(
                body=body,
                unit=unit,
                year=period.year,
                semester=period.semester,
            )
            .order_by("-requested_at", "-id")[:10]
        ),
    }
    return no_store(render(request, "reports/office/narrative.html", context, status=status))


# --- One report --------------------------------------------------------------------------------


def report_context(report: ServiceReport) -> dict[str, Any]:
    """What the report page and its refreshing status show."""
    entry = report.entry
    published = entry is not None and entry.status == EntryStatus.PUBLISHED
    files = []
    for label, document in ((_("PDF"), report.pdf_document), (_("XLSX"), report.xlsx_document)):
        version = document.current if document is not None else None
        if version is not None:
            files.append(
                {
                    "label": label,
                    "version": version,
                    "office_url": reverse("registry_office:version-download", args=[version.pk]),
                    "public_url": reverse("registry:download", args=[version.pk])
                    if published
                    else "",
                }
            )
    return {
        "report": report,
        "is_active": report.status in services.ACTIVE_STATUSES,
        "is_done": report.status == ReportStatus.DONE,
        "is_failed": report.status == ReportStatus.FAILED,
        "published": published,
        "held": report.status == ReportStatus.DONE and entry is not None and not published,
        "entry_url": reverse("registry_office:entry", args=[entry.pk]) if entry else "",
        "public_entry_url": (
            reverse("registry:entry", args=[report.body.slug, entry.number])
            if entry is not None and published
            else ""
        ),
        "files": files,
    }


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    try:
        report = permissions.report_get_for_user(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    context = report_context(report)
    if getattr(request, "htmx", False):
        return no_store(render(request, "reports/office/_status.html", context))
    context["narrative_url"] = narrative_url(report)
    context["events"] = list(report.events.select_related("actor").order_by("occurred_at", "id"))
    return no_store(render(request, "reports/office/detail.html", context))
