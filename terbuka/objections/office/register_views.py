"""The register of objections: screen (masked) and XLSX/CSV export (Perki 1/2021 columns).

Who sees what (permissions.can_view_objection_register / register.can_export_unmasked):
- the PPID Utama desk, admins and the Atasan PPID of the body open the register (masked);
- a full export is for the PPID Utama / admins only, by POST with a reason, MFA, and one
  IdentityAccessLog row per identity exported.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from terbuka.accounts.views import client_ip
from terbuka.bodies.models import PublicBody
from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.objections import exports, permissions, register
from terbuka.objections.office.common import AuthedRequest, bodies_handled, no_store, see_other
from terbuka.objections.office_forms import RegisterExportForm

REGISTER_PER_PAGE = 50
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _choose(request: AuthedRequest, body_slug: str, params: Any) -> tuple[PublicBody, int]:
    body = PublicBody.objects.filter(slug=body_slug).first()
    if body is None:
        raise Http404
    if not permissions.can_view_objection_register(request.user, body):
        raise DjangoPermissionDenied
    try:
        year = int(params.get("tahun") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return body, year


def _screen_cell(key: str, value: Any) -> Any:
    if value is None:
        return ""
    if key in register.DATE_COLUMNS:
        # Perki 1/2021: the day and the date of the response.
        return date_format(value, "l, j F Y")
    return value


@login_required
@require_GET
def objection_register(request: AuthedRequest, body_slug: str) -> HttpResponse:
    body, year = _choose(request, body_slug, request.GET)
    qs = register.objection_register_queryset(request.user, body, year)
    page = Paginator(qs, REGISTER_PER_PAGE).get_page(request.GET.get("halaman"))
    years = sorted({year, timezone.localdate().year, *register.register_years(body)}, reverse=True)
    rows = register.register_rows_for(list(page.object_list), start=page.start_index())
    context = {
        "bodies": list(bodies_handled(request.user)),
        "body": body,
        "year": year,
        "years": years,
        "page": page,
        "columns": register.REGISTER_COLUMNS,
        "rows": [
            [_screen_cell(key, row[key]) for key, _label in register.REGISTER_COLUMNS]
            for row in rows
        ],
        "query": urlencode({"tahun": str(year)}),
        "can_unmask": register.can_export_unmasked(request.user, body),
        "export_form": RegisterExportForm(initial={"format": "xlsx"}),
    }
    return no_store(render(request, "objections/office/register.html", context))


def _file(
    rows: list[dict[str, Any]], body: PublicBody, year: int, fmt: str, suffix: str
) -> HttpResponse:
    columns = register.REGISTER_COLUMNS
    if fmt == "csv":
        content = exports.write_csv(rows, columns)
    else:
        fmt = "xlsx"
        content = exports.write_xlsx(rows, columns, title=f"Register keberatan {year}")
    # The file name carries no personal data: body slug and year only.
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    name = f"register-keberatan-{body.slug}-{year}{suffix}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def objection_register_export(request: AuthedRequest, body_slug: str) -> HttpResponse:
    params = request.POST if request.method == "POST" else request.GET
    body, year = _choose(request, body_slug, params)
    if request.method == "GET":
        qs = register.objection_register_queryset(request.user, body, year)
        rows = register.register_rows_for(list(qs))
        return _file(rows, body, year, request.GET.get("format", "xlsx"), "")
    form = RegisterExportForm(request.POST)
    back = reverse("objections_office:register", kwargs={"body_slug": body.slug})
    back += "?" + urlencode({"tahun": str(year)})
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return see_other(back)
    try:
        rows = register.register_export_unmasked(
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
        return see_other(back)
    except ValidationError as exc:
        messages.error(request, exc.message)
        return see_other(back)
    return _file(rows, body, year, form.cleaned_data["format"], "-lengkap")
