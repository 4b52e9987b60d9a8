"""The monev library of the back office: rubrics (import as JSON or XLSX, export, the shipped
templates) and the history of past results (CSV import), for the organisers of a body.

Perki 1/2022 leaves the weights to each commission and year, so a body keeps the rubrics it
uses; the shipped templates are a starting point, copied into the body's library on request.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from terbuka.bodies.models import PublicBody
from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.core.web import no_store, see_other
from terbuka.monev import permissions, selectors, services, transfer
from terbuka.monev.models import Rubric
from terbuka.monev.rubric import RubricError, parse_rubric, rubric_to_json

MAX_RUBRIC_BYTES = 5 * 1024 * 1024
MAX_HISTORY_BYTES = 2 * 1024 * 1024


class RubricUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Berkas rubrik (JSON atau XLSX)"),
        help_text=gettext_lazy(
            "Format pertukaran rubrik (JSON) atau lembar kerja dengan lembar rubrik, kategori "
            "dan pertanyaan seperti berkas unduhan XLSX."
        ),
    )
    source = forms.CharField(
        label=gettext_lazy("Sumber"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Mis. Keputusan Komisi Informasi Provinsi Banten tahun 2026."),
    )
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class HistoryUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Berkas riwayat (CSV)"))
    form_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


def _body(request: HttpRequest) -> tuple[PublicBody, list[PublicBody]]:
    """The body named by `?badan=` among those the user organises (the first by default)."""
    bodies = list(selectors.bodies_organised_by(request.user))
    if not bodies:
        raise DjangoPermissionDenied(_("Anda tidak menyelenggarakan monev badan publik mana pun."))
    slug = request.GET.get("badan", "")
    body = next((b for b in bodies if b.slug == slug), bodies[0])
    return body, bodies


def _library(body: PublicBody) -> list[tuple[Rubric, int]]:
    rubrics = Rubric.objects.filter(Q(body=body) | Q(body=None)).order_by("-year", "name", "id")
    out: list[tuple[Rubric, int]] = []
    for rubric in rubrics[:200]:
        questions = sum(
            len(indicator.get("questions") or [])
            for stage in rubric.definition.get("stages", [])
            for indicator in stage.get("indicators", [])
        )
        out.append((rubric, questions))
    return out


def _read_rubric(upload: Any) -> Any:
    data = upload.read(MAX_RUBRIC_BYTES + 1)
    if len(data) > MAX_RUBRIC_BYTES:
        raise ValidationError(
            _("Berkas rubrik paling besar 5 MB."), fields={"file": [_("Berkas terlalu besar.")]}
        )
    if data[:2] == b"PK":
        return transfer.rubric_from_xlsx(data)
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        message = _("Berkas rubrik bukan JSON yang sah: %(error)s") % {"error": exc}
        raise ValidationError(message, fields={"file": [message]}) from None


def _render(
    request: HttpRequest,
    body: PublicBody,
    bodies: list[PublicBody],
    form: RubricUploadForm,
    problems: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "body": body,
        "bodies": bodies,
        "rubrics": _library(body),
        "templates": [
            (stem, data.get("name", stem), data.get("year")) for stem, data in _templates()
        ],
        "form": form,
        "problems": problems or [],
    }
    return no_store(render(request, "monev/office/rubrics.html", context, status=status))


def _templates() -> list[tuple[str, dict[str, Any]]]:
    return transfer.rubric_templates()


def _store(
    request: HttpRequest, body: PublicBody, token: Any, data: Any, source: str, purpose: str
) -> Rubric | None:
    """Store the rubric once per form token; None when the same form was sent before."""
    with transaction.atomic():
        if not services.form_token_claim(actor=request.user, purpose=purpose, token=str(token)):
            return None
        return services.rubric_create(actor=request.user, body=body, data=data, source=source)


@login_required
@require_http_methods(["GET", "POST"])
def rubrics(request: HttpRequest) -> HttpResponse:
    """The body's rubric library: stored and shared rubrics, upload, the shipped templates."""
    require_office_access(request.user)
    body, bodies = _body(request)
    back = reverse("monev_office:rubrics") + f"?badan={body.slug}"
    if request.method == "GET":
        return _render(request, body, bodies, RubricUploadForm())
    action = request.POST.get("action", "")
    form = RubricUploadForm(request.POST, request.FILES)
    try:
        if action == "templat":
            stem = request.POST.get("templat", "")
            found = dict(_templates()).get(stem)
            if found is None:
                raise Http404(_("Templat rubrik tidak ditemukan."))
            token = request.POST.get("form_token") or uuid.uuid4()
            source = _("Templat Terbuka: %(name)s") % {"name": stem}
            stored = _store(request, body, token, found, source, f"rubric-{stem}")
        elif form.is_valid():
            data = _read_rubric(form.cleaned_data["file"])
            stored = _store(
                request,
                body,
                form.cleaned_data["form_token"],
                data,
                form.cleaned_data["source"],
                "rubric",
            )
        else:
            return _render(request, body, bodies, form, status=422)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except RubricError as exc:
        return _render(request, body, bodies, form, exc.details["problems"], status=422)
    except ValidationError as exc:
        for name, texts in (exc.details.get("fields") or {"file": [exc.message]}).items():
            for text in texts:
                form.add_error(name if name in form.fields else None, text)
        return _render(request, body, bodies, form, status=422)
    if stored is None:
        messages.info(request, _("Formulir ini sudah dikirim; tidak ada yang diubah."))
    else:
        messages.success(request, _("Rubrik %(name)s disimpan di pustaka.") % {"name": stored.name})
    return see_other(back)


@login_required
@require_GET
def rubric_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """A stored rubric as JSON (the exchange format) or XLSX, for the organisers."""
    require_office_access(request.user)
    bodies = list(selectors.bodies_organised_by(request.user))
    rubric = (
        Rubric.objects.filter(pk=pk)
        .filter(Q(body=None) | Q(body__in=[b.pk for b in bodies]))
        .first()
    )
    if rubric is None or not bodies:
        raise Http404(_("Rubrik tidak ditemukan."))
    parsed = parse_rubric(rubric.definition)
    name = f"rubrik-{slugify(rubric.name)[:60] or rubric.pk}-{rubric.year}.{fmt}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(rubric_to_json(parsed), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
    else:
        response = HttpResponse(
            transfer.rubric_to_xlsx(parsed),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def history(request: HttpRequest) -> HttpResponse:
    """Import past results (e.g. the Komisi Informasi's yearly rankings) from a CSV."""
    require_office_access(request.user)
    body, bodies = _body(request)
    form = HistoryUploadForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_HISTORY_BYTES + 1)
            try:
                with transaction.atomic():
                    fresh = services.form_token_claim(
                        actor=request.user,
                        purpose="history",
                        token=str(form.cleaned_data["form_token"]),
                    )
                    changed = (
                        transfer.history_import(
                            actor=request.user, body=body, data=data, filename=upload.name
                        )
                        if fresh
                        else None
                    )
            except PermissionDenied as exc:
                raise DjangoPermissionDenied(exc.message) from exc
            except transfer.ImportFailed as exc:
                errors = exc.errors
                form.add_error(None, exc.message)
            except ValidationError as exc:
                form.add_error("file", exc.message)
            else:
                if changed is None:
                    messages.info(request, _("Formulir ini sudah dikirim; tidak ada yang diubah."))
                else:
                    messages.success(
                        request, _("%(n)d hasil ditambahkan atau diubah.") % {"n": changed}
                    )
                return see_other(reverse("monev:body", args=[body.slug]))
    context = {
        "body": body,
        "bodies": bodies,
        "form": form,
        "errors": errors,
        "history": selectors.history_for(body)[:500],
        "can_organise": permissions.can_organise_body(request.user, body),
    }
    return no_store(render(request, "monev/office/history.html", context, status=status))


@login_required
@require_GET
def history_template(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    response = HttpResponse(transfer.history_template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="riwayat-monev.csv"'
    return response
