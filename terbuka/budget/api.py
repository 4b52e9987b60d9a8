"""The budget API: `/api/v1/budget/...` (UU 14/2008 Pasal 9(2) huruf c, Pasal 11(1) huruf d).

Importing needs the unit's PPID Pelaksana or the body's PPID Utama (session or token). Reading
the active budgets and downloading the template are public. Amounts are whole Rupiah integers
(rounded half away from zero) with the exact value beside them as a string (`*_exact`).
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import is_superuser
from terbuka.budget import documents, imports, permissions, selectors, services
from terbuka.budget.amounts import rupiah_int
from terbuka.budget.codes import CodeError, normalise_code
from terbuka.budget.imports import ImportFailed
from terbuka.budget.models import BudgetDocument, BudgetImport, BudgetKind
from terbuka.core.api import form_value, guarded_request
from terbuka.core.exceptions import NotFound, ValidationError
from terbuka.core.service_helpers import require
from terbuka.safety.selectors import scan_open_blocking

router = Router(tags=["budget"], auth=[TokenAuth(), django_auth])

ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
MAX_KEY_LENGTH = 200
MAX_MAPPING_LENGTH = 2000


class ScanOut(Schema):
    id: int | None
    blocking_findings: int


class ImportOut(Schema):
    id: int
    body: str
    unit: str
    year: int
    kind: str
    status: str
    lines_imported: int
    total_allocation: int
    total_allocation_exact: str
    total_realisation: int | None
    total_realisation_exact: str | None
    overspent_lines: int
    replaces: int | None
    scan: ScanOut


class ImportFailedOut(Schema):
    """A refused file: every bad row and column. Other 422 answers carry `error` only."""

    errors: list[dict[str, Any]] = []
    errors_total: int = 0
    error: dict[str, Any]


class TotalsOut(Schema):
    allocation: int
    allocation_exact: str
    realisation: int | None
    realisation_exact: str | None
    percentage: float | None


class LineOut(Schema):
    code: str
    level: str
    description: str
    depth: int
    allocation: int
    allocation_exact: str
    realisation: int | None
    realisation_exact: str | None
    percentage: float | None


class LinesOut(Schema):
    kind: str | None
    totals: TotalsOut
    results: list[LineOut]
    next_cursor: str | None


class LineFilters(Schema):
    body: str
    year: int
    unit: str = ""
    kind: str = ""
    account_prefix: str = ""
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=selectors.MAX_PAGE_SIZE)


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _exact(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _whole(amount: Decimal | None) -> int | None:
    return None if amount is None else rupiah_int(amount)


def _totals_out(totals: selectors.Totals) -> dict[str, Any]:
    percentage = totals.percentage
    return {
        "allocation": rupiah_int(totals.allocation),
        "allocation_exact": _exact(totals.allocation),
        "realisation": _whole(totals.realisation),
        "realisation_exact": _exact(totals.realisation),
        "percentage": None if percentage is None else float(percentage),
    }


def _import_out(budget_import: BudgetImport, body: PublicBody, unit: Unit) -> dict[str, Any]:
    replaced = budget_import.replaces.values_list("pk", flat=True).first()
    return {
        "id": budget_import.pk,
        "body": body.slug,
        "unit": unit.slug,
        "year": budget_import.year,
        "kind": budget_import.kind,
        "status": budget_import.status,
        "lines_imported": budget_import.lines_count,
        "total_allocation": rupiah_int(budget_import.total_allocation),
        "total_allocation_exact": _exact(budget_import.total_allocation),
        "total_realisation": _whole(budget_import.total_realisation),
        "total_realisation_exact": _exact(budget_import.total_realisation),
        "overspent_lines": budget_import.overspent_count,
        "replaces": replaced,
        "scan": {
            "id": budget_import.scan_id,
            "blocking_findings": scan_open_blocking(budget_import.scan).count(),
        },
    }


def _mapping(text: str) -> dict[str, str] | None:
    text = text.strip()
    if not text:
        return None
    if len(text) > MAX_MAPPING_LENGTH:
        raise _refuse("mapping", _("Pemetaan kolom terlalu panjang."))
    try:
        value = json.loads(text)
    except ValueError:
        raise _refuse("mapping", _("Pemetaan kolom harus berupa objek JSON.")) from None
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise _refuse(
            "mapping",
            _('Pemetaan kolom harus berupa objek JSON, mis. {"anggaran": "Pagu"}.'),
        )
    return value


def _body_and_unit(body_slug: str, unit_slug: str) -> tuple[PublicBody, Unit]:
    try:
        body = body_selectors.body_get_by_slug(body_slug)
    except NotFound as exc:
        raise _refuse("body", exc.message) from None
    unit = body_selectors.unit_find_in_body(body, unit_slug)
    if unit is None:
        raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    return body, unit


def _may_upload(user: Any, request: HttpRequest) -> None:
    """The right to store a unit's budget file (`can_import_budget`), before the form (422).

    These uploads name their unit in the form, not the path. A caller who keeps no budget
    anywhere (no PPID Utama or admin membership, no PPID Pelaksana unit, no superuser) is
    refused at once (403), without reading the form. Anyone else is refused (403) for a body
    and unit that exist but are not theirs; a body or unit that does not exist, or is not
    given, is left to the view (422 on `body` or `unit`): bodies and units are public, so the
    answer tells nothing a caller could not read, and it tells a unit's officer of a typo.
    """
    require(
        is_superuser(user)
        or selectors.budget_body_ids(user).exists()
        or selectors.budget_unit_ids(user).exists()
    )
    try:
        body, unit = _body_and_unit(form_value(request, "body"), form_value(request, "unit"))
    except ValidationError:
        return  # the view answers 422 on `body` or `unit`
    require(permissions.can_import_budget(user, body, unit))


UPLOADER = guarded_request(_may_upload)


@router.post(
    "/imports",
    response={201: ImportOut, **ERRORS, 409: ErrorOut, 422: ImportFailedOut},
    auth=UPLOADER,
    summary="Import a budget file",
)
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    body: Form[str],
    unit: Form[str],
    year: Form[int],
    kind: Form[str],
    replace: Form[bool] = False,
    mapping: Form[str] = "",
    header_row: Form[int] = 1,
) -> Any:
    """Import an XLSX or CSV budget file of a unit, all or nothing (multipart).

    Columns `kode_rekening`, `uraian`, `anggaran`, `realisasi` (optional for plans), or another
    layout through `mapping`, a JSON object {our column: the file's header}. Answers 422 with
    `errors` (every `row`, `column`, `message`) when any row is wrong, and nothing is stored;
    409 `import_exists` with the active import's id, totals and date unless `replace` is true.
    `Idempotency-Key`: the same key and file give the same import.
    """
    user = request.auth  # type: ignore[attr-defined]
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > MAX_KEY_LENGTH:
        raise _refuse("Idempotency-Key", _("Kunci idempotensi terlalu panjang."))
    if file.size is not None and file.size > imports.MAX_IMPORT_BYTES:
        message = _("Berkas impor terlalu besar (paling besar 10 MB).")
        raise ValidationError(message, code="file_too_large", fields={"file": [message]})
    the_body, the_unit = _body_and_unit(body, unit)
    try:
        budget_import = services.budget_import(
            actor=user,
            body=the_body,
            unit=the_unit,
            year=year,
            kind=kind,
            data=file.read(),
            filename=file.name or "anggaran",
            mapping=_mapping(mapping),
            header_row=header_row,
            replace=replace,
            idempotency_key=key,
        )
    except ImportFailed as exc:
        return Status(
            422,
            {
                "errors": exc.details["errors"],
                "errors_total": exc.details["errors_total"],
                "error": {"code": exc.code, "message": exc.message, "details": exc.details},
            },
        )
    return Status(201, _import_out(budget_import, the_body, the_unit))


def _line_out(row: selectors.LineRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "level": row.level,
        "description": row.description,
        "depth": row.depth,
        **_totals_out(row.totals),
    }


@router.get("/lines", response={200: LinesOut, **ERRORS}, auth=None, summary="Budget lines")
def line_list(request: HttpRequest, filters: Query[LineFilters]) -> dict[str, Any]:
    """Lines of the active budgets of a body (or one unit) for a year, in code order.

    Without `unit` the units' lines are summed by code; without `kind` the furthest stage
    available is read (audited, LRA, APBD perubahan, DPA, APBD murni, RKA). `account_prefix`
    keeps a code and its descendants. Page with `next_cursor`.
    """
    body = body_selectors.body_get_by_slug(filters.body)
    unit = None
    if filters.unit:
        unit = body_selectors.unit_find_in_body(body, filters.unit)
        if unit is None:
            raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    if filters.kind and filters.kind not in BudgetKind.values:
        raise _refuse("kind", _("Jenis dokumen anggaran tidak dikenal."))
    prefix = ""
    if filters.account_prefix.strip():
        try:
            prefix = normalise_code(filters.account_prefix)
        except CodeError as exc:
            raise _refuse("account_prefix", exc.message) from None
    page = selectors.lines_page(
        body,
        unit,
        filters.year,
        prefix,
        filters.cursor,
        filters.limit,
        kind=filters.kind or None,
    )
    return {
        "kind": page.kind,
        "totals": _totals_out(page.totals),
        "results": [_line_out(row) for row in page.rows],
        "next_cursor": page.next_cursor,
    }


# --- Documents -------------------------------------------------------------------------------


class BudgetDocumentOut(Schema):
    id: int
    body: str
    unit: str
    year: int
    kind: str
    title: str
    bpk_opinion: str
    state: str
    file_name: str | None
    file_size: int | None
    download_url: str | None
    dip_entry_url: str
    blocking_findings: int


class BudgetDocumentsOut(Schema):
    results: list[BudgetDocumentOut]
    next_cursor: str | None


class DocumentFilters(Schema):
    body: str
    year: int | None = None
    unit: str = ""
    kind: str = ""
    cursor: str | None = None
    limit: int = Field(100, ge=1, le=selectors.MAX_PAGE_SIZE)


def _document_out(
    request: HttpRequest, budget_document: BudgetDocument, *, state: str, findings: int
) -> dict[str, Any]:
    current = budget_document.document.current
    released = state == documents.DocumentState.PUBLISHED and current is not None
    return {
        "id": budget_document.pk,
        "body": budget_document.body.slug,
        "unit": budget_document.unit.slug,
        "year": budget_document.year,
        "kind": budget_document.kind,
        "title": budget_document.title,
        "bpk_opinion": budget_document.bpk_opinion,
        "state": state,
        "file_name": current.original_name if current is not None else None,
        "file_size": current.size if current is not None else None,
        "download_url": (
            request.build_absolute_uri(reverse("registry:download", kwargs={"pk": current.pk}))
            if released and current is not None
            else None
        ),
        "dip_entry_url": request.build_absolute_uri(
            reverse(
                "registry:entry",
                kwargs={
                    "body_slug": budget_document.body.slug,
                    "number": budget_document.entry.number,
                },
            )
        ),
        "blocking_findings": findings,
    }


@router.post(
    "/documents",
    response={201: BudgetDocumentOut, **ERRORS, 409: ErrorOut},
    auth=UPLOADER,
    summary="Release a budget document",
)
def document_create(
    request: HttpRequest,
    file: File[UploadedFile],
    body: Form[str],
    unit: Form[str],
    year: Form[int],
    kind: Form[str],
    title: Form[str] = "",
    bpk_opinion: Form[str] = "",
    replace: Form[bool] = False,
) -> Any:
    """Store a budget document (PDF, XLSX, CSV, DOCX ...) and release it through the DIP.

    The file is scanned; with a blocking finding it is kept `held` (`blocking_findings` > 0)
    until a clean file is sent with `replace` or the PPID Utama overrides the finding. Once
    clear it is published as periodic information on the unit's DIP entry for its kind. 409
    `document_exists` unless `replace`; `bpk_opinion` (wtp, wdp, tw, tmp) is required for
    `audited`. `Idempotency-Key`: the same key and file give the same document.
    """
    user = request.auth  # type: ignore[attr-defined]
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > MAX_KEY_LENGTH:
        raise _refuse("Idempotency-Key", _("Kunci idempotensi terlalu panjang."))
    the_body, the_unit = _body_and_unit(body, unit)
    budget_document = documents.document_upload(
        actor=user,
        body=the_body,
        unit=the_unit,
        year=year,
        kind=kind,
        data=file.read(),
        filename=file.name or "dokumen",
        title=title,
        bpk_opinion=bpk_opinion,
        replace=replace,
        idempotency_key=key,
    )
    return Status(
        201,
        _document_out(
            request,
            budget_document,
            state=selectors.document_state(budget_document),
            findings=len(selectors.document_open_findings(budget_document)),
        ),
    )


@router.get(
    "/documents",
    response={200: BudgetDocumentsOut, **ERRORS},
    auth=None,
    summary="Released budget documents",
)
def document_list(request: HttpRequest, filters: Query[DocumentFilters]) -> dict[str, Any]:
    """The released budget documents of a body, newest first, with their download links."""
    body = body_selectors.body_get_by_slug(filters.body)
    unit = None
    if filters.unit:
        unit = body_selectors.unit_find_in_body(body, filters.unit)
        if unit is None:
            raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    if filters.kind and filters.kind not in BudgetKind.values:
        raise _refuse("kind", _("Jenis dokumen anggaran tidak dikenal."))
    after = None
    if filters.cursor:
        if not filters.cursor.isdigit() or len(filters.cursor) > 12:
            raise _refuse("cursor", _("Kursor halaman tidak valid."))
        after = int(filters.cursor)
    rows = selectors.documents_public_page(
        body,
        year=filters.year,
        unit=unit,
        kind=filters.kind or None,
        after=after,
        limit=filters.limit + 1,
    )
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "results": [
            _document_out(request, row, state=documents.DocumentState.PUBLISHED, findings=0)
            for row in rows
        ],
        "next_cursor": str(rows[-1].pk) if more and rows else None,
    }


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/template.csv", auth=None, summary="CSV template", response={200: None})
def template_csv(request: HttpRequest) -> HttpResponse:
    """The CSV template: the four columns and two example lines."""
    return _download(imports.template_csv(), "text/csv; charset=utf-8", "template-anggaran.csv")


@router.get("/template.xlsx", auth=None, summary="XLSX template", response={200: None})
def template_xlsx(request: HttpRequest) -> HttpResponse:
    """The XLSX template: the four columns and two example lines."""
    return _download(
        imports.template_xlsx(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "template-anggaran.xlsx",
    )
