"""The buku register permohonan: screen (masked) and XLSX/CSV export (Perki 1/2010 columns).

Who sees what (permissions.can_view_register / can_export_register_unmasked):
- PPID Utama desk, admins and the Atasan PPID (read-only) see every row of the body;
- PPID Pelaksana and unit petugas see only the rows of their unit or routed to it;
- identities are masked on screen and in the default export; a full export is for the
  PPID Utama / admins of the body only, by POST with a reason, MFA, and one
  IdentityAccessLog row per identity exported.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from terbuka.accounts.views import client_ip
from terbuka.bodies.models import PublicBody
from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.core.web import no_store as _no_store
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import exports, permissions, selectors, services
from terbuka.inforequests.forms import RegisterExportForm

REGISTER_PER_PAGE = 50
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _choose(request: HttpRequest, params: Any) -> tuple[list[PublicBody], PublicBody, int]:
    bodies = list(selectors.register_bodies_for(request.user))
    body = next((b for b in bodies if b.slug == params.get("badan")), None)
    if body is None:
        body = bodies[0] if bodies and not params.get("badan") else None
    if body is None or not permissions.can_view_register(request.user, body):
        raise DjangoPermissionDenied
    try:
        year = int(params.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return bodies, body, year


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    bodies, body, year = _choose(request, request.GET)
    qs = selectors.request_register_queryset(request.user, body, year)
    page = Paginator(qs, REGISTER_PER_PAGE).get_page(request.GET.get("halaman"))
    years = sorted({year, timezone.localdate().year, *selectors.register_years(body)}, reverse=True)
    context = {
        "bodies": bodies,
        "body": body,
        "year": year,
        "years": years,
        "page": page,
        "columns": selectors.REGISTER_COLUMNS,
        "rows": [
            [row[key] for key, _label in selectors.REGISTER_COLUMNS]
            for row in selectors.register_rows_for(list(page.object_list), start=page.start_index())
        ],
        "query": urlencode({"badan": body.slug, "tahun": str(year)}),
        "can_unmask": permissions.can_export_register_unmasked(request.user, body),
        "export_form": RegisterExportForm(initial={"format": "xlsx"}),
    }
    return _no_store(render(request, "inforequests/register.html", context))


def _file(
    rows: list[dict[str, Any]], body: PublicBody, year: int, fmt: str, suffix: str
) -> HttpResponse:
    columns = selectors.REGISTER_COLUMNS
    if fmt == "csv":
        content = exports.write_csv(rows, columns)
    else:
        fmt = "xlsx"
        content = exports.write_xlsx(rows, columns, title=f"Register {year}")
    # The file name carries no personal data: body slug and year only.
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"register-permohonan-{body.slug}-{year}{suffix}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def register_export(request: HttpRequest) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    _bodies, body, year = _choose(request, params)
    if request.method == "GET":
        qs = selectors.request_register_queryset(request.user, body, year)
        rows = selectors.register_rows_for(list(qs))
        return _file(rows, body, year, request.GET.get("format", "xlsx"), "")
    form = RegisterExportForm(request.POST)
    back = reverse("office:register") + "?" + urlencode({"badan": body.slug, "tahun": str(year)})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _see_other(back)
    try:
        rows = services.register_export_unmasked(
            body=body,
            year=year,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            ip=client_ip(request),
        )
    except PermissionDenied as exc:
        if exc.code != "mfa_required":
            raise DjangoPermissionDenied(exc.message) from exc
        messages.error(request, exc.message)
        return _see_other(back)
    except ValidationError as exc:
        messages.error(request, exc.message)
        return _see_other(back)
    return _file(rows, body, year, form.cleaned_data["format"], "-lengkap")
