"""The officers' budget pages under /kantor/anggaran/ (namespace `budget_office`): the budgets
an officer keeps, the upload with its column-mapping and replacement steps, an import with its
scan findings and history, and a budget document with its release through the DIP.

UU 14/2008 Pasal 9(2) huruf c and Pasal 11(1) huruf d. Views shape input and render; every rule
and permission is in `services.py`, `documents.py` and `permissions.py`.
"""

from __future__ import annotations

import contextlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from operator import or_
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.permissions import require_office_access
from terbuka.bodies.selectors import is_superuser
from terbuka.budget import documents, forms, imports, permissions, selectors, staging
from terbuka.budget.models import (
    PLAN_KINDS,
    BudgetDocument,
    BudgetImport,
    BudgetKind,
    DocumentState,
)
from terbuka.core.exceptions import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.web import apply_errors, file_response, no_store, see_other
from terbuka.registry import services as registry_services

PER_PAGE = 50
# The list merges imports and documents in memory: bounded, newest years first.
MAX_ROWS = 1000
KIND_ORDER = {value: index for index, value in enumerate(BudgetKind.values)}
# Actions of the upload page's later steps (the button pressed).
REREAD, MAP, REPLACE, CANCEL = "baca-ulang", "petakan", "ganti", "batal"
FILE_ERROR_CODES = frozenset({"file_type_not_allowed", "file_too_large", "import_unreadable"})


def _budget_bodies(user: Any) -> list[PublicBody]:
    """Bodies where the user keeps the budget of at least one unit."""
    if is_superuser(user):
        return list(PublicBody.objects.order_by("name"))
    return list(
        PublicBody.objects.filter(
            Q(pk__in=selectors.budget_body_ids(user)) | Q(units__in=selectors.budget_unit_ids(user))
        )
        .distinct()
        .order_by("name")
    )


def _budget_units(user: Any, bodies: list[PublicBody]) -> QuerySet[Unit]:
    """Active units whose budget the user may upload, across `bodies`."""
    scopes = [
        Q(pk__in=selectors.units_for_budget_import(user, body).values("pk")) for body in bodies
    ]
    if not scopes:
        return Unit.objects.none()
    return (
        Unit.objects.filter(reduce(or_, scopes))
        .select_related("body")
        .order_by("body__name", "path")
    )


def _require_budget_scope(user: Any) -> list[PublicBody]:
    require_office_access(user)
    bodies = _budget_bodies(user)
    if not bodies:
        raise DjangoPermissionDenied(_("Anda tidak mengelola anggaran unit mana pun."))
    return bodies


def import_url(budget_import: BudgetImport) -> str:
    return reverse("budget_office:import", kwargs={"pk": budget_import.pk})


def document_url(budget_document: BudgetDocument) -> str:
    return reverse("budget_office:document", kwargs={"pk": budget_document.pk})


def _state_label(state: str) -> str:
    return str(documents.DOCUMENT_STATE_LABELS.get(state, state))


# --- The list --------------------------------------------------------------------------------


@dataclass
class Row:
    """One unit's budget for a year and kind: its active import, its document, or both."""

    body: PublicBody
    unit: Unit
    year: int
    kind: str
    budget_import: BudgetImport | None = None
    document: BudgetDocument | None = None
    state: str = ""

    @property
    def kind_label(self) -> str:
        return str(BudgetKind(self.kind).label)

    @property
    def state_label(self) -> str:
        return _state_label(self.state) if self.state else ""


def _rows(user: Any, year: int | None, unit: Unit | None) -> list[Row]:
    imports_qs = selectors.import_editable_by(user).filter(status=BudgetImport.Status.ACTIVE)
    documents_qs = selectors.documents_office(user)
    if year is not None:
        imports_qs, documents_qs = imports_qs.filter(year=year), documents_qs.filter(year=year)
    if unit is not None:
        imports_qs, documents_qs = imports_qs.filter(unit=unit), documents_qs.filter(unit=unit)
    rows: dict[tuple[int, int, int, str], Row] = {}
    for item in imports_qs.select_related("body", "unit").order_by("-year", "-id")[:MAX_ROWS]:
        key = (item.body_id, item.unit_id, item.year, item.kind)
        rows[key] = Row(item.body, item.unit, item.year, item.kind, budget_import=item)
    # `document_state` reads the current file's scan: fetched with the row.
    documents_qs = documents_qs.select_related("body", "unit", "document__current__scan")
    for doc in documents_qs.order_by("-year", "-id")[:MAX_ROWS]:
        key = (doc.body_id, doc.unit_id, doc.year, doc.kind)
        row = rows.setdefault(key, Row(doc.body, doc.unit, doc.year, doc.kind))
        row.document = doc
    return sorted(
        rows.values(),
        key=lambda r: (-r.year, r.body.name, r.unit.path, KIND_ORDER.get(r.kind, 99)),
    )


@login_required
@require_GET
def budget_list(request: HttpRequest) -> HttpResponse:
    bodies = _require_budget_scope(request.user)
    units = _budget_units(request.user, bodies)
    form = forms.OfficeFilterForm(request.GET or None, units=units, several_bodies=len(bodies) > 1)
    data = form.cleaned_data if form.is_valid() else {}
    page = Paginator(_rows(request.user, data.get("tahun"), data.get("unit")), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    shown = [row for row in page.object_list if row.document is not None]
    states = selectors.document_states([row.document for row in shown if row.document])
    for row in shown:
        assert row.document is not None  # noqa: S101 - filtered above
        row.state = states[row.document.pk]
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "several_bodies": len(bodies) > 1,
        "query": query.urlencode(),
    }
    return no_store(render(request, "budget/office/list.html", context))


# --- Upload ----------------------------------------------------------------------------------


def _prefill(request: HttpRequest, units: QuerySet[Unit]) -> dict[str, Any]:
    """Initial choices from `?unit=&tahun=&jenis=` (a new file for an existing budget)."""
    initial: dict[str, Any] = {}
    unit = (
        units.filter(pk=request.GET["unit"]).first()
        if request.GET.get("unit", "").isdigit()
        else None
    )
    if unit is not None:
        initial.update(unit=unit.pk, body=unit.body_id)
    if request.GET.get("tahun", "").isdigit():
        initial["year"] = int(request.GET["tahun"])
    if request.GET.get("jenis") in BudgetKind.values:
        initial["kind"] = request.GET["jenis"]
    return initial


def _render_upload(
    request: HttpRequest,
    form: forms.UploadForm,
    *,
    staged: str = "",
    errors: list[imports.RowError] | None = None,
    status: int = 200,
) -> HttpResponse:
    staged_name = ""
    if staged:
        try:
            staged_name = staging.filename_of(request.user, staged)
        except NotFound:
            staged = ""
    context = {
        "form": form,
        "staged": staged,
        "staged_name": staged_name,
        "errors": errors or [],
        "columns": imports.COLUMNS,
    }
    return no_store(render(request, "budget/office/upload.html", context, status=status))


def _discard(user: Any, token: Any) -> None:
    if token:
        # Already removed: a repeated submit, or the daily clean-up.
        with contextlib.suppress(NotFound):
            staging.discard(user, str(token))


@dataclass
class Attempt:
    """One submit of the upload page with its staged file."""

    request: HttpRequest
    form: forms.UploadForm
    token: str
    data: bytes
    filename: str

    @property
    def values(self) -> dict[str, Any]:
        return self.form.upload_values()

    @property
    def needs_realisation(self) -> bool:
        return self.form.cleaned_data["kind"] not in PLAN_KINDS

    def preview(self) -> imports.Preview | None:
        """The file's headers and first rows; None when the import will refuse the file."""
        try:
            return imports.preview(
                self.data,
                self.filename,
                header_row=self.values["header_row"],
                needs_realisation=self.needs_realisation,
            )
        except ValidationError:
            return None

    def mapping_page(
        self,
        preview: imports.Preview,
        mapping_form: forms.MappingForm | None = None,
        *,
        errors: list[imports.RowError] | None = None,
        status: int = 200,
    ) -> HttpResponse:
        header_row = self.values["header_row"]
        context = {
            "form": self.form,
            "carried": self.form.carried(token=self.token, skip=("header_row",)),
            "filename": self.filename,
            "preview": preview,
            "mapping_form": mapping_form
            or forms.MappingForm(
                initial=forms.mapping_initial(preview.mapping, header_row),
                headers=preview.headers,
                needs_realisation=self.needs_realisation,
            ),
            "missing_labels": [forms.COLUMN_LABELS[name] for name in preview.missing],
            "errors": errors or [],
            "header_row": header_row,
        }
        return no_store(
            render(self.request, "budget/office/upload_mapping.html", context, status=status)
        )

    def confirm_page(self, exc: Conflict, mapping: dict[str, str]) -> HttpResponse:
        existing_import = exc.details.get("existing_import")
        existing_document = exc.details.get("existing_document")
        carried = self.form.carried(token=self.token)
        carried += [(forms.MAPPING_PREFIX + name, value) for name, value in mapping.items()]
        context = {
            "form": self.form,
            "message": exc.message,
            "carried": carried,
            "existing_import": _with_time(existing_import, "created_at"),
            "existing_document": _with_state(_with_time(existing_document, "updated_at")),
            "new": self._new_facts(mapping),
            "values": self.values,
            "kind_label": BudgetKind(self.values["kind"]).label,
        }
        return no_store(render(self.request, "budget/office/upload_confirm.html", context))

    def _new_facts(self, mapping: dict[str, str]) -> dict[str, Any]:
        facts: dict[str, Any] = {"original_name": self.filename, "size": len(self.data)}
        if not self.values["import_lines"]:
            return facts
        try:
            table = imports.parse_table(
                imports.read_table(self.data, self.filename),
                needs_realisation=self.needs_realisation,
                mapping=mapping,
                header_row=self.values["header_row"],
            )
        except ValidationError:
            return facts
        facts.update(
            lines_count=len(table.lines),
            total_allocation=table.total_allocation,
            total_realisation=table.total_realisation,
        )
        return facts


def _with_time(facts: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    if not facts:
        return None
    facts = dict(facts)
    try:
        facts[key] = datetime.fromisoformat(str(facts.get(key)))
    except ValueError:
        facts[key] = None
    return facts


def _with_state(facts: dict[str, Any] | None) -> dict[str, Any] | None:
    if facts:
        facts["state_label"] = _state_label(str(facts.get("state") or ""))
    return facts


def _posted_mapping(request: HttpRequest) -> dict[str, str]:
    """The mapping carried from the mapping step to the confirmation step."""
    prefix = forms.MAPPING_PREFIX
    return {
        name: request.POST[prefix + name]
        for name in imports.COLUMNS
        if request.POST.get(prefix + name)
    }


def _stage(request: HttpRequest, form: forms.UploadForm) -> str:
    """The token of the file of this submit: a newly chosen file, else the staged one."""
    upload = form.cleaned_data.get("file")
    staged = form.cleaned_data.get("staged")
    if upload is None:
        return str(staged)
    _discard(request.user, staged)
    return staging.stage(request.user, upload.read(), upload.name)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    bodies = _require_budget_scope(request.user)
    units = _budget_units(request.user, bodies)
    form = forms.UploadForm(
        request.POST or None,
        request.FILES or None,
        bodies=bodies,
        units=units,
        initial=_prefill(request, units),
    )
    if request.method == "GET":
        return _render_upload(request, form)
    if request.POST.get("action") == CANCEL:
        _discard(request.user, request.POST.get("staged"))
        messages.info(request, _("Unggahan dibatalkan; berkas yang diunggah tidak disimpan."))
        return see_other(reverse("budget_office:list"))
    if not form.is_valid():
        staged = form.cleaned_data.get("staged")
        return _render_upload(request, form, staged=str(staged or ""), status=422)
    try:
        token = _stage(request, form)
        data, filename = staging.load(request.user, token)
    except NotFound as exc:
        # A confirmation sent twice: the first one stored the file and discarded it.
        earlier = documents.upload_result_for_key(
            request.user, form.cleaned_data["body"], form.upload_values()["idempotency_key"]
        )
        if earlier is not None:
            return _uploaded(request, earlier)
        form.add_error("file", exc.message)
        return _render_upload(request, form, status=422)
    return _submit(Attempt(request, form, token, data, filename))


def _submit(attempt: Attempt) -> HttpResponse:
    """Map the columns when needed, then store; every outcome of `documents.upload` rendered."""
    action = attempt.request.POST.get("action", "")
    values = attempt.values
    mapping = _posted_mapping(attempt.request)
    mapping_form: forms.MappingForm | None = None
    preview: imports.Preview | None = None
    if action in (REREAD, MAP):
        preview = attempt.preview()
        if preview is None:
            return _store(attempt, mapping={}, replace=False)  # the import explains the refusal
        mapping_form = forms.MappingForm(
            attempt.request.POST,
            headers=preview.headers,
            needs_realisation=attempt.needs_realisation,
        )
        if action == REREAD:
            return attempt.mapping_page(preview)
        if not mapping_form.is_valid():
            return attempt.mapping_page(preview, mapping_form, status=422)
        mapping = mapping_form.mapping()
    elif not mapping and values["import_lines"]:
        preview = attempt.preview()
        if preview is not None and preview.missing:
            return attempt.mapping_page(preview)
    return _store(
        attempt,
        mapping=mapping,
        replace=action == REPLACE,
        mapping_form=mapping_form,
        preview=preview,
    )


def _store(
    attempt: Attempt,
    *,
    mapping: dict[str, str],
    replace: bool,
    mapping_form: forms.MappingForm | None = None,
    preview: imports.Preview | None = None,
) -> HttpResponse:
    request, form = attempt.request, attempt.form
    try:
        result = documents.upload(
            actor=request.user,
            data=attempt.data,
            filename=attempt.filename,
            mapping=mapping or None,
            replace=replace,
            **attempt.values,
        )
    except imports.ImportFailed as exc:
        if mapping_form is not None and preview is not None:
            return attempt.mapping_page(preview, mapping_form, errors=exc.errors, status=422)
        _discard(request.user, attempt.token)
        form.add_error(None, exc.message)
        return _render_upload(request, form, errors=exc.errors, status=422)
    except Conflict as exc:
        if exc.code == "budget_exists":
            return attempt.confirm_page(exc, mapping)
        form.add_error(None, exc.message)
        return _render_upload(request, form, staged=attempt.token, status=409)
    except PermissionDenied as exc:
        _discard(request.user, attempt.token)
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        staged = attempt.token
        if exc.code in FILE_ERROR_CODES or "file" in (exc.details.get("fields") or {}):
            _discard(request.user, staged)
            staged = ""
            form.add_error("file", exc.message)
        else:
            apply_errors([form], exc, form)
        return _render_upload(request, form, staged=staged, status=422)
    _discard(request.user, attempt.token)
    return _uploaded(request, result)


def _uploaded(request: HttpRequest, result: documents.UploadResult) -> HttpResponse:
    parts: list[str] = []
    if result.budget_import is not None:
        parts.append(_("Anggaran diimpor: %(n)s baris.") % {"n": result.budget_import.lines_count})
    if result.budget_document is not None:
        state = selectors.document_state(result.budget_document)
        if state == DocumentState.PUBLISHED:
            parts.append(_("Dokumen lolos pemeriksaan dan terbit di DIP."))
        elif state == DocumentState.HELD:
            parts.append(
                _(
                    "Dokumen ditahan: pemeriksaan menemukan hal yang harus diselesaikan "
                    "sebelum terbit."
                )
            )
        else:
            parts.append(_("Dokumen disimpan: %(state)s.") % {"state": _state_label(state)})
    messages.success(request, " ".join(parts))
    if result.budget_import is not None:
        return see_other(import_url(result.budget_import))
    assert result.budget_document is not None  # noqa: S101 - upload stores at least one
    return see_other(document_url(result.budget_document))


def _upload_query(budget: BudgetImport | BudgetDocument) -> str:
    """The upload page's query for a new file of the same unit, year and kind."""
    query: dict[str, str | int] = {
        "unit": budget.unit_id,
        "tahun": budget.year,
        "jenis": budget.kind,
    }
    return urlencode(query)


# --- One import ------------------------------------------------------------------------------


def _import_or_404(user: Any, pk: int) -> BudgetImport:
    budget_import = get_object_or_404(
        BudgetImport.objects.select_related("body", "unit", "replaced_by", "created_by"), pk=pk
    )
    if not permissions.can_view_import_office(user, budget_import):
        raise Http404(_("Impor anggaran tidak ditemukan."))
    return budget_import


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    budget_import = _import_or_404(request.user, pk)
    same_budget = Q(
        body=budget_import.body_id,
        unit=budget_import.unit_id,
        year=budget_import.year,
        kind=budget_import.kind,
    )
    linked = selectors.documents_office(request.user).filter(
        Q(budget_import=budget_import) | same_budget
    )
    history = selectors.import_history(
        budget_import.body, budget_import.unit, budget_import.year, budget_import.kind
    )
    context = {
        "budget_import": budget_import,
        "is_active": budget_import.status == BudgetImport.Status.ACTIVE,
        "findings": list(selectors.import_findings(budget_import)),
        "history": list(history.select_related("created_by")),
        "timeline": list(selectors.import_timeline(budget_import)),
        "documents": [
            (doc, _state_label(selectors.document_state(doc))) for doc in linked.order_by("id")
        ],
        "upload_query": _upload_query(budget_import),
    }
    return no_store(render(request, "budget/office/import_detail.html", context))


@login_required
@require_GET
def import_file(request: HttpRequest, pk: int) -> FileResponse:
    """The original file of an import, for the officer (never rendered by the browser)."""
    require_office_access(request.user)
    budget_import = _import_or_404(request.user, pk)
    content_type = mimetypes.guess_type(budget_import.original_name)[0]
    response = file_response(
        budget_import.file,
        filename=budget_import.original_name,
        content_type=content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "no-store"
    return response


# --- One document ----------------------------------------------------------------------------


def _document_or_404(user: Any, pk: int) -> BudgetDocument:
    budget_document = (
        selectors.documents_office(user)
        .select_related("body", "unit", "entry", "document__current__scan", "budget_import")
        .filter(pk=pk)
        .first()
    )
    if budget_document is None or not permissions.can_manage_document(user, budget_document):
        raise Http404(_("Dokumen anggaran tidak ditemukan."))
    return budget_document


@login_required
@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    budget_document = _document_or_404(request.user, pk)
    state = selectors.document_state(budget_document)
    findings = list(selectors.document_open_findings(budget_document))
    context = {
        "budget_document": budget_document,
        "version": budget_document.document.current,
        "state": state,
        "state_label": _state_label(state),
        "findings": findings,
        "entry_url": reverse("registry_office:entry", kwargs={"pk": budget_document.entry_id}),
        "public_url": registry_services.entry_public_url(budget_document.entry)
        if state == DocumentState.PUBLISHED
        else "",
        "can_release": state in (DocumentState.HELD, DocumentState.UNPUBLISHED) and not findings,
        "can_withdraw": state != DocumentState.WITHDRAWN,
        "withdraw_form": forms.ReasonForm(),
        "timeline": list(selectors.document_timeline(budget_document)),
        "upload_query": _upload_query(budget_document),
    }
    return no_store(render(request, "budget/office/document_detail.html", context))


def _document_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require_office_access(request.user)
    budget_document = _document_or_404(request.user, pk)
    try:
        if action == "release":
            documents.document_release(budget_document=budget_document, actor=request.user)
            messages.success(request, _("Dokumen anggaran terbit di DIP."))
        else:
            documents.document_withdraw(
                budget_document=budget_document,
                actor=request.user,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Dokumen anggaran ditarik dari DIP."))
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        fields = exc.details.get("fields") or {}
        messages.error(request, " ".join(fields.get("reason") or [exc.message]))
    return see_other(document_url(budget_document))


@login_required
@require_POST
def document_release(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_action(request, pk, "release")


@login_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _document_action(request, pk, "withdraw")
