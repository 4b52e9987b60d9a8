"""The DIP back office under /kantor/dip/ (namespace `registry_office`): entries, documents and
their safety findings, consequence tests, import and export.

Views shape input and render; every rule and permission is in `services.py`/`permissions.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.bodies.models import PublicBody
from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.pdf import pdf_response
from terbuka.core.web import apply_errors, no_store, see_other
from terbuka.registry import forms, permissions, selectors, services, transfer
from terbuka.registry.models import (
    ConsequenceTest,
    Document,
    DocumentVersion,
    InfoClass,
    InformationEntry,
)
from terbuka.registry.states import ConsequenceStatus, EntryStatus
from terbuka.registry.views import version_file_response
from terbuka.safety.models import Finding
from terbuka.safety.selectors import scan_findings

PER_PAGE = 50


def _bodies(user: Any) -> list[PublicBody]:
    return list(selectors.bodies_for_office(user).order_by("name"))


def _entry_or_404(user: Any, pk: int) -> InformationEntry:
    entry = (
        selectors.entry_office_visible_to(user)
        .select_related("body", "unit", "consequence_test")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404(_("Entri tidak ditemukan."))
    return entry


def _test_or_404(user: Any, pk: int) -> ConsequenceTest:
    test = (
        selectors.consequence_office_visible_to(user)
        .select_related("body", "unit", "request", "renewed_by")
        .filter(pk=pk)
        .first()
    )
    if test is None:
        raise Http404(_("Uji konsekuensi tidak ditemukan."))
    return test


def _body_for_office(user: Any, slug: str) -> PublicBody:
    body = selectors.bodies_for_office(user).filter(slug=slug).first()
    if body is None:
        raise Http404(_("Badan publik tidak ditemukan."))
    return body


def entry_detail_url(entry: InformationEntry) -> str:
    return reverse("registry_office:entry", kwargs={"pk": entry.pk})


def test_detail_url(test: ConsequenceTest) -> str:
    return reverse("registry_office:test", kwargs={"pk": test.pk})


def _upload(form: Any) -> tuple[bytes, str]:
    upload = form.cleaned_data["file"]
    return upload.read(), upload.name


# --- Entries ---------------------------------------------------------------------------------


@login_required
@require_GET
def entry_list(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    form = forms.OfficeFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.entry_office_visible_to(request.user).select_related("body", "unit")
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("kelas"):
        qs = qs.filter(info_class=data["kelas"])
    if data.get("perlu_pembaruan"):
        qs = qs.filter(
            status=EntryStatus.PUBLISHED,
            info_class=InfoClass.BERKALA,
            next_update_due_on__lte=timezone.localdate(),
        )
    page = Paginator(qs.order_by("body__name", "number"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    query = request.GET.copy()
    query.pop("halaman", None)
    bodies = _bodies(request.user)
    context = {
        "form": form,
        "page": page,
        "entries": list(page.object_list),
        "bodies": bodies,
        "keeper_bodies": [b for b in bodies if permissions.can_keep_body_dip(request.user, b)],
        "query": query.urlencode(),
        "today": timezone.localdate(),
    }
    return no_store(render(request, "registry/office/list.html", context))


def _entry_values(data: dict[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in services.ENTRY_FIELDS}
    values["tags"] = data.get("tags") or []
    values["available_forms"] = list(data.get("available_forms") or [])
    return values


def _chosen_body(request: HttpRequest, **context: Any) -> PublicBody | HttpResponse:
    """The body named by `?badan=` (or the user's only one), else the page to pick one."""
    bodies = _bodies(request.user)
    slug = request.GET.get("badan") or (bodies[0].slug if len(bodies) == 1 else "")
    body = next((b for b in bodies if b.slug == slug), None)
    if body is not None:
        return body
    if not bodies:
        raise DjangoPermissionDenied(_("Anda tidak mengelola DIP badan publik mana pun."))
    context["bodies"] = bodies
    return no_store(render(request, "registry/office/pick_body.html", context))


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    body = _chosen_body(request)
    if isinstance(body, HttpResponse):
        return body
    units = selectors.units_for_new_entry(request.user, body).order_by("path")
    if not units.exists():
        raise DjangoPermissionDenied(_("Anda tidak berwenang menambah entri DIP."))
    tests = _tests_for_entries(body)
    form = forms.EntryForm(request.POST or None, units=units, tests=tests)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        token = data.pop("form_token", None)
        try:
            entry = services.entry_create(
                actor=request.user,
                body=body,
                unit=unit,
                idempotency_key=str(token) if token else None,
                **_entry_values(data),
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(
                request, _("Entri DIP nomor %(n)s disimpan sebagai draf.") % {"n": entry.number}
            )
            return see_other(entry_detail_url(entry))
    status = 422 if request.method == "POST" else 200
    return no_store(
        render(
            request, "registry/office/entry_form.html", {"form": form, "body": body}, status=status
        )
    )


def _tests_for_entries(body: PublicBody) -> QuerySet[ConsequenceTest]:
    return ConsequenceTest.objects.filter(
        body=body, status__in=[ConsequenceStatus.DECIDED, ConsequenceStatus.REVIEW_DUE]
    ).order_by("-decision_date", "-pk")


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    entry = _entry_or_404(request.user, pk)
    if not permissions.can_edit_entry(request.user, entry):
        raise DjangoPermissionDenied(_("Anda tidak berwenang mengubah entri ini."))
    initial = {f: getattr(entry, f) for f in services.ENTRY_FIELDS}
    form = forms.EntryForm(
        request.POST or None,
        initial=initial,
        units=None,
        tests=_tests_for_entries(entry.body),
        editing=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(
                entry=entry, actor=request.user, **_entry_values(dict(form.cleaned_data))
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, _("Perubahan entri disimpan."))
            return see_other(entry_detail_url(entry))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "body": entry.body, "entry": entry}
    return no_store(render(request, "registry/office/entry_form.html", context, status=status))


def _documents(entry: InformationEntry) -> list[dict[str, Any]]:
    rows = []
    documents = entry.documents.select_related("current", "current__scan").order_by("id")
    for document in documents:
        version = document.current
        findings = list(scan_findings(version.scan)) if version is not None else []
        rows.append(
            {
                "document": document,
                "version": version,
                "findings": findings,
                "blocking": [f for f in findings if f.is_blocking_open],
                "versions": list(document.versions.order_by("-version")),
            }
        )
    return rows


def _render_entry(
    request: HttpRequest,
    entry: InformationEntry,
    bound: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_edit = permissions.can_edit_entry(user, entry)
    context = {
        "entry": entry,
        "body": entry.body,
        "can_edit": can_edit,
        "can_keep": permissions.can_keep_body_dip(user, entry.body),
        "documents": _documents(entry),
        "timeline": list(selectors.entry_timeline(entry)),
        "public_url": services.entry_public_url(entry)
        if entry.status == EntryStatus.PUBLISHED
        else "",
        "document_form": (bound or {}).get("document") or forms.DocumentForm(),
        "version_form": forms.VersionForm(),
        "withdraw_form": (bound or {}).get("withdraw") or forms.ReasonForm(),
        "deactivate_form": forms.ReasonForm(),
        "override_form": forms.OverrideForm(),
        "update_form": (bound or {}).get("update")
        or forms.RecordUpdateForm(initial={"updated_on": timezone.localdate()}),
        "bound": bound or {},
        "today": timezone.localdate(),
    }
    return no_store(render(request, "registry/office/entry_detail.html", context, status=status))


@login_required
@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    return _render_entry(request, _entry_or_404(request.user, pk))


def _document_of(entry: InformationEntry, request: HttpRequest) -> Document:
    try:
        pk = int(request.POST.get("document", ""))
    except ValueError as exc:
        raise Http404(_("Dokumen tidak ditemukan.")) from exc
    return get_object_or_404(Document, pk=pk, entry=entry)


def _publish(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    services.entry_publish(entry=entry, actor=request.user)
    return _("Entri diterbitkan di portal."), None


def _withdraw(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        return "", ("withdraw", form)
    services.entry_withdraw(entry=entry, actor=request.user, reason=form.cleaned_data["reason"])
    return _("Entri ditarik dari portal."), None


def _record_update(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    form = forms.RecordUpdateForm(request.POST)
    if not form.is_valid():
        return "", ("update", form)
    services.entry_record_update(
        entry=entry,
        actor=request.user,
        updated_on=form.cleaned_data["updated_on"],
        note=form.cleaned_data.get("note") or "",
    )
    return _("Pembaruan berkala dicatat."), None


def _add_document(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    form = forms.DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return "", ("document", form)
    data, name = _upload(form)
    try:
        document = services.document_add(
            entry=entry,
            actor=request.user,
            title=form.cleaned_data.get("title") or "",
            data=data,
            filename=name,
        )
    except ValidationError as exc:
        form.add_error("file", exc.message)
        return "", ("document", form)
    assert document.current is not None  # noqa: S101 - set by document_add
    blocking = selectors.scan_open_blocking_count(document.current.scan)
    if blocking:
        return (
            _(
                "Dokumen diunggah. Pemeriksaan menemukan %(n)s hal yang harus diselesaikan "
                "sebelum terbit."
            )
            % {"n": blocking},
            None,
        )
    return _("Dokumen diunggah dan lolos pemeriksaan."), None


def _add_version(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    document = _document_of(entry, request)
    form = forms.VersionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Pilih berkas versi baru."))
        return "", None
    data, name = _upload(form)
    try:
        services.document_add_version(
            document=document,
            actor=request.user,
            data=data,
            filename=name,
            note=form.cleaned_data.get("note") or "",
        )
    except ValidationError as exc:
        messages.error(request, exc.message)
        return "", None
    return _("Versi baru diunggah dan diperiksa ulang."), None


def _deactivate(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    document = _document_of(entry, request)
    form = forms.ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan dokumen dinonaktifkan."))
        return "", None
    services.document_deactivate(
        document=document, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Dokumen dinonaktifkan."), None


def _override(request: HttpRequest, entry: InformationEntry) -> tuple[str, Any]:
    document = _document_of(entry, request)
    form = forms.OverrideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan mengesampingkan temuan."))
        return "", None
    finding = get_object_or_404(Finding, pk=form.cleaned_data["finding"])
    services.finding_override(
        document=document, finding=finding, actor=request.user, reason=form.cleaned_data["reason"]
    )
    return _("Temuan dikesampingkan dengan alasan tercatat."), None


ENTRY_ACTIONS: dict[str, Callable[[HttpRequest, InformationEntry], tuple[str, Any]]] = {
    "terbitkan": _publish,
    "tarik": _withdraw,
    "catat-pembaruan": _record_update,
    "tambah-dokumen": _add_document,
    "versi-baru": _add_version,
    "nonaktifkan-dokumen": _deactivate,
    "kesampingkan-temuan": _override,
}


@login_required
@require_POST
def entry_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_office_access(request.user)
    handler = ENTRY_ACTIONS.get(action)
    if handler is None:
        raise Http404(action)
    entry = _entry_or_404(request.user, pk)
    try:
        message, bound = handler(request, entry)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except Conflict as exc:
        messages.error(request, exc.message)
        return see_other(entry_detail_url(entry))
    except InvalidTransition as exc:
        messages.error(request, exc.message)
        return see_other(entry_detail_url(entry))
    except ValidationError as exc:
        messages.error(request, exc.message)
        return see_other(entry_detail_url(entry))
    if bound is not None:
        name, form = bound
        return _render_entry(request, _entry_or_404(request.user, pk), {name: form}, status=422)
    if message:
        messages.success(request, message)
    return see_other(entry_detail_url(entry))


@login_required
@require_GET
def version_download(request: HttpRequest, pk: int) -> FileResponse:
    """An officer's copy of any version of a document they may see (to clean it)."""
    require_office_access(request.user)
    version = get_object_or_404(
        DocumentVersion.objects.select_related("document__entry"),
        pk=pk,
        document__entry__in=selectors.entry_office_visible_to(request.user),
    )
    response = version_file_response(version)
    response["Cache-Control"] = "no-store"
    return response


# --- Import and export -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def dip_import(request: HttpRequest, body_slug: str) -> HttpResponse:
    require_office_access(request.user)
    body = _body_for_office(request.user, body_slug)
    if not permissions.can_keep_body_dip(request.user, body):
        raise DjangoPermissionDenied(_("Hanya PPID Utama yang mengimpor DIP."))
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[transfer.RowError] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data, name = _upload(form)
        try:
            report = transfer.import_dip(body=body, actor=request.user, data=data, filename=name)
        except transfer.ImportFailed as exc:
            errors = exc.report.errors
            form.add_error(None, exc.message)
            status = 422
        except ValidationError as exc:
            form.add_error("file", exc.message)
            status = 422
        else:
            messages.success(
                request,
                _("%(n)s entri diimpor sebagai draf.") % {"n": len(report.created)},
            )
            return see_other(reverse("registry_office:list") + "?status=draft")
    elif request.method == "POST":
        status = 422
    context = {"form": form, "body": body, "errors": errors, "columns": transfer.COLUMNS}
    return no_store(render(request, "registry/office/import.html", context, status=status))


@login_required
@require_GET
def dip_export(request: HttpRequest, body_slug: str, fmt: str) -> HttpResponse:
    """The whole DIP of a body, drafts and withdrawn entries included (for the office)."""
    require_office_access(request.user)
    body = _body_for_office(request.user, body_slug)
    data = transfer.export_dip(body, fmt=fmt, public=False)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="dip-{slugify(body.slug)}-{stamp}.{fmt}"'
    )
    return no_store(response)


# --- Consequence tests -----------------------------------------------------------------------


@login_required
@require_GET
def test_list(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    qs = (
        selectors.consequence_office_visible_to(request.user)
        .select_related("body", "unit")
        .order_by("-created_at", "-pk")
    )
    status = request.GET.get("status") or ""
    if status in ConsequenceStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("halaman"))
    context = {
        "page": page,
        "tests": list(page.object_list),
        "statuses": ConsequenceStatus.choices,
        "status": status,
        "bodies": _bodies(request.user),
    }
    return no_store(render(request, "registry/office/test_list.html", context))


def _test_values(data: dict[str, Any], body: PublicBody) -> dict[str, Any]:
    values = {k: data.get(k) for k in services.TEST_FIELDS if k != "request"}
    values["pasal17_letters"] = list(data.get("pasal17_letters") or [])
    number = (data.get("request_number") or "").strip()
    values["request"] = services.request_for_test(body, number) if number else None
    if number and values["request"] is None:
        raise ValidationError(
            _("Permohonan %(n)s tidak ditemukan.") % {"n": number},
            fields={"request_number": [_("Permohonan tidak ditemukan.")]},
        )
    return values


@login_required
@require_http_methods(["GET", "POST"])
def test_new(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    body = _chosen_body(request, for_test=True)
    if isinstance(body, HttpResponse):
        return body
    units = selectors.units_for_new_entry(request.user, body).order_by("path")
    if not units.exists():
        raise DjangoPermissionDenied(_("Anda tidak berwenang membuat uji konsekuensi."))
    form = forms.ConsequenceTestForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        try:
            test = services.consequence_test_create(
                actor=request.user, body=body, unit=unit, **_test_values(data, body)
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, _("Uji konsekuensi disimpan sebagai draf."))
            return see_other(test_detail_url(test))
    status = 422 if request.method == "POST" else 200
    return no_store(
        render(
            request, "registry/office/test_form.html", {"form": form, "body": body}, status=status
        )
    )


@login_required
@require_http_methods(["GET", "POST"])
def test_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    test = _test_or_404(request.user, pk)
    if not permissions.can_edit_test(request.user, test):
        raise DjangoPermissionDenied(_("Anda tidak berwenang mengubah uji ini."))
    initial = {f: getattr(test, f) for f in services.TEST_FIELDS if f != "request"}
    initial["request_number"] = test.request.registration_number if test.request else ""
    form = forms.ConsequenceTestForm(
        request.POST or None, initial=initial, units=None, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consequence_test_update(
                test=test, actor=request.user, **_test_values(dict(form.cleaned_data), test.body)
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, _("Perubahan uji konsekuensi disimpan."))
            return see_other(test_detail_url(test))
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "body": test.body, "test": test}
    return no_store(render(request, "registry/office/test_form.html", context, status=status))


def _render_test(
    request: HttpRequest,
    test: ConsequenceTest,
    bound: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    renewals = ConsequenceTest.objects.filter(
        body=test.body, status=ConsequenceStatus.DECIDED
    ).exclude(pk=test.pk)
    bound = bound or {}
    context = {
        "test": test,
        "body": test.body,
        "can_edit": permissions.can_edit_test(user, test),
        "can_decide": permissions.can_decide_test(user, test),
        "timeline": list(selectors.consequence_timeline(test)),
        "entries": list(test.entries.order_by("number")),
        "decide_form": bound.get("decide")
        or forms.DecideForm(initial={"decision_date": timezone.localdate()}),
        "cancel_form": bound.get("cancel") or forms.ReasonForm(),
        "review_form": bound.get("review") or forms.ReviewForm(tests=renewals),
    }
    return no_store(render(request, "registry/office/test_detail.html", context, status=status))


@login_required
@require_GET
def test_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    return _render_test(request, _test_or_404(request.user, pk))


@login_required
@require_POST
def test_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_office_access(request.user)
    test = _test_or_404(request.user, pk)
    renewals = ConsequenceTest.objects.filter(
        body=test.body, status=ConsequenceStatus.DECIDED
    ).exclude(pk=test.pk)
    form: Any
    if action == "tetapkan":
        form, name = forms.DecideForm(request.POST), "decide"
    elif action == "batalkan":
        form, name = forms.ReasonForm(request.POST), "cancel"
    elif action == "tinjau":
        form, name = forms.ReviewForm(request.POST, tests=renewals), "review"
    else:
        raise Http404(action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if name == "decide":
                services.consequence_test_decide(
                    test=test,
                    actor=request.user,
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                )
                message = _("Uji konsekuensi ditetapkan.")
            elif name == "cancel":
                services.consequence_test_cancel(
                    test=test, actor=request.user, reason=data["reason"]
                )
                message = _("Uji konsekuensi dibatalkan.")
            else:
                services.consequence_test_review(
                    test=test,
                    actor=request.user,
                    outcome=data["outcome"],
                    note=data["note"],
                    renewed_by=data.get("renewed_by"),
                )
                message = _("Hasil peninjauan dicatat.")
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return see_other(test_detail_url(test))
        except ValidationError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, message)
            return see_other(test_detail_url(test))
    return _render_test(request, _test_or_404(request.user, pk), {name: form}, status=422)


@login_required
@require_GET
def test_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The uji konsekuensi sheet as a PDF (Perki 1/2021 format)."""
    require_office_access(request.user)
    test = _test_or_404(request.user, pk)
    context = {
        "test": test,
        "body": test.body,
        "entries": list(test.entries.order_by("number")),
        "printed_on": timezone.localdate(),
    }
    return pdf_response(
        "registry/test_pdf.html",
        context,
        filename=f"uji-konsekuensi-{test.pk}.pdf",
        request=request,
    )
