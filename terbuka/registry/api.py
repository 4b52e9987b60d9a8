"""The DIP API: `/api/v1/registry/entries/...` (UU 14/2008 Pasal 9-11; Perki 1/2021 DIP).

Reading published entries is public; writing needs an officer of the entry's unit or the
body's PPID Utama (session or token). Publishing answers 409 with code `safety_findings` and
the open findings while a document has not passed the safety scan.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import django_auth
from pydantic import Field

from terbuka.accounts.auth import TokenAuth
from terbuka.accounts.schemas import ErrorOut
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import Unit
from terbuka.core.api import guarded, path_id
from terbuka.core.exceptions import Conflict, NotFound, ValidationError
from terbuka.core.service_helpers import require
from terbuka.registry import permissions, selectors, services
from terbuka.registry.models import (
    ConsequenceTest,
    Document,
    InfoClass,
    InformationEntry,
)
from terbuka.registry.states import EntryStatus
from terbuka.safety.models import Finding

router = Router(tags=["registry"], auth=[TokenAuth(), django_auth])

ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Uploads are read into memory for the scan; the scanner refuses larger files anyway.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_KEY_LENGTH = 200


class DocumentOut(Schema):
    id: int
    title: str
    version: int | None
    file_type: str
    size: int | None
    download_url: str | None
    released: bool


class EntryOut(Schema):
    id: int
    number: int
    body: str
    unit: str
    title: str
    summary: str
    info_class: str
    legal_category: str
    tags: list[str]
    holder_official: str
    responsible_person: str
    produced_when: str
    produced_where: str
    available_forms: list[str]
    retention_period: str
    year: int | None
    status: str
    update_every_months: int | None
    last_updated_on: date | None
    next_update_due_on: date | None
    consequence_test: int | None
    published_at: datetime | None
    url: str
    documents: list[DocumentOut]


class EntryPageOut(Schema):
    results: list[EntryOut]
    next_cursor: str | None


class EntryIn(Schema):
    body: str = Field(description="Slug of the public body.")
    unit: str = Field(description="Slug of the unit holding the information.")
    title: str
    summary: str
    info_class: str
    legal_category: str
    holder_official: str
    responsible_person: str
    produced_when: str
    produced_where: str
    available_forms: list[str]
    retention_period: str
    tags: list[str] = []
    year: int | None = None
    update_every_months: int | None = None
    last_updated_on: date | None = None
    consequence_test: int | None = None


class EntryPatch(Schema):
    title: str | None = None
    summary: str | None = None
    info_class: str | None = None
    legal_category: str | None = None
    holder_official: str | None = None
    responsible_person: str | None = None
    produced_when: str | None = None
    produced_where: str | None = None
    available_forms: list[str] | None = None
    retention_period: str | None = None
    tags: list[str] | None = None
    year: int | None = None
    update_every_months: int | None = None
    last_updated_on: date | None = None
    consequence_test: int | None = None


class EntryReasonIn(Schema):
    reason: str


class FindingOut(Schema):
    id: int
    kind: str
    severity: str
    detail: str
    location: str
    count: int
    status: str


class EntryFilters(Schema):
    body: str
    info_class: str = Field("", alias="class")
    unit: str = ""
    cursor: str | None = None
    limit: int = Field(50, ge=1, le=200)


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _viewer(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or request.user


def _document_out(document: Document, *, public: bool) -> dict[str, Any]:
    version = document.current
    released = version is not None and selectors.version_is_releasable(version)
    url = None
    if version is not None and released and public:
        url = reverse("registry:download", kwargs={"pk": version.pk})
    return {
        "id": document.pk,
        "title": document.title,
        "version": version.version if version else None,
        "file_type": version.file_type if version else "",
        "size": version.size if version else None,
        "download_url": url,
        "released": released,
    }


def _entry_out(entry: InformationEntry, *, public: bool) -> dict[str, Any]:
    documents = [
        d
        for d in entry.documents.all()
        if d.is_active and entry.info_class != InfoClass.DIKECUALIKAN
    ]
    if public:
        documents = [
            d
            for d in documents
            if d.current is not None and selectors.version_is_releasable(d.current)
        ]
    return {
        "id": entry.pk,
        "number": entry.number,
        "body": entry.body.slug,
        "unit": entry.unit.slug,
        "title": entry.title,
        "summary": entry.summary,
        "info_class": entry.info_class,
        "legal_category": entry.legal_category,
        "tags": entry.tags,
        "holder_official": entry.holder_official,
        "responsible_person": entry.responsible_person,
        "produced_when": entry.produced_when,
        "produced_where": entry.produced_where,
        "available_forms": entry.available_forms,
        "retention_period": entry.retention_period,
        "year": entry.year,
        "status": entry.status,
        "update_every_months": entry.update_every_months,
        "last_updated_on": entry.last_updated_on,
        "next_update_due_on": entry.next_update_due_on,
        "consequence_test": entry.consequence_test_id,
        "published_at": entry.published_at,
        "url": services.entry_public_url(entry),
        "documents": [
            _document_out(d, public=public or entry.status == EntryStatus.PUBLISHED)
            for d in documents
        ],
    }


def _with_related(qs: Any) -> Any:
    return qs.select_related("body", "unit").prefetch_related("documents__current__scan")


def _entry_for_office(user: Any, entry_id: int) -> InformationEntry:
    entry = _with_related(selectors.entry_office_visible_to(user)).filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Entri tidak ditemukan."))
    return entry  # type: ignore[no-any-return]


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _unit(body: Any, slug: str) -> Unit:
    unit = body_selectors.unit_find_in_body(body, slug)
    if unit is None:
        raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    return unit


def _test(body: Any, test_id: int | None) -> ConsequenceTest | None:
    if test_id is None:
        return None
    test = ConsequenceTest.objects.filter(pk=test_id, body=body).first()
    if test is None:
        raise _refuse("consequence_test", _("Uji konsekuensi tidak ditemukan."))
    return test


def _may(rule: Any) -> list[Any]:
    """Sign-in that finds the entry in the office (404) and checks the service's rule (403)
    before ninja reads the body (422)."""

    def check(user: Any, path: dict[str, Any]) -> None:
        entry = selectors.entry_office_visible_to(user).filter(pk=path_id(path, "entry_id"))
        found = entry.select_related("body").first()
        if found is None:
            raise NotFound(_("Entri tidak ditemukan."))
        require(rule(user, found))

    return guarded(check)


EDITOR = _may(permissions.can_edit_entry)
DIP_KEEPER = _may(lambda user, entry: permissions.can_keep_body_dip(user, entry.body))


@router.get(
    "/entries", response={200: EntryPageOut, **ERRORS}, auth=None, summary="Published entries"
)
def entry_list(request: HttpRequest, filters: Query[EntryFilters]) -> dict[str, Any]:
    """The published DIP of a body (exempt entries show what is closed, never documents)."""
    body = body_selectors.body_get_by_slug(filters.body)
    if filters.info_class and filters.info_class not in InfoClass.values:
        raise _refuse("class", _("Jenis informasi tidak dikenal."))
    unit = body_selectors.unit_find_in_body(body, filters.unit) if filters.unit else None
    if filters.unit and unit is None:
        raise _refuse("unit", _("Unit tidak ditemukan pada badan publik ini."))
    qs = selectors.entry_list_public(body, info_class=filters.info_class, unit=unit)
    qs = qs.prefetch_related("documents__current__scan")
    page = body_selectors.paginate_keyset(
        qs, selectors.ENTRY_KEYSET, after=filters.cursor, size=filters.limit
    )
    return {
        "results": [_entry_out(e, public=True) for e in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get(
    "/entries/{entry_id}", response={200: EntryOut, **ERRORS}, auth=None, summary="An entry"
)
def entry_detail(request: HttpRequest, entry_id: int) -> dict[str, Any]:
    """A published entry for everyone; a draft or withdrawn one for the officers who see it."""
    user = _viewer(request)
    entry = _with_related(InformationEntry.objects.filter(pk=entry_id)).first()
    if entry is None:
        raise NotFound(_("Entri tidak ditemukan."))
    if entry.status == EntryStatus.PUBLISHED:
        return _entry_out(entry, public=True)
    if (
        user is not None
        and user.is_authenticated
        and permissions.can_view_entry_office(user, entry)
    ):
        return _entry_out(entry, public=False)
    raise NotFound(_("Entri tidak ditemukan."))


@router.post("/entries/", response={201: EntryOut, **ERRORS}, summary="Create an entry")
def entry_create(request: HttpRequest, payload: EntryIn) -> Status[dict[str, Any]]:
    """Create a draft entry for a unit (its PPID Pelaksana, or the body's PPID Utama).

    `Idempotency-Key`: the same key and body give the same entry; another body is refused
    (422 `idempotency_key_reused`).
    """
    user = _user(request)
    key = request.headers.get("Idempotency-Key", "").strip() or None
    if key is not None and len(key) > MAX_KEY_LENGTH:
        raise _refuse("Idempotency-Key", _("Kunci idempotensi terlalu panjang."))
    try:
        body = body_selectors.body_get_by_slug(payload.body)
    except NotFound as exc:
        raise _refuse("body", exc.message) from None
    unit = _unit(body, payload.unit)
    values = payload.dict(exclude={"body", "unit"})
    values["consequence_test"] = _test(body, payload.consequence_test)
    entry = services.entry_create(actor=user, body=body, unit=unit, idempotency_key=key, **values)
    return Status(201, _entry_out(_entry_for_office(user, entry.pk), public=False))


@router.patch(
    "/entries/{entry_id}", response={200: EntryOut, **ERRORS}, auth=EDITOR, summary="Edit"
)
def entry_update(request: HttpRequest, entry_id: int, payload: EntryPatch) -> dict[str, Any]:
    """Change DIP columns of an entry (only the fields given)."""
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    values = payload.dict(exclude_unset=True)
    if "consequence_test" in values:
        values["consequence_test"] = _test(entry.body, values["consequence_test"])
    services.entry_update(entry=entry, actor=user, **values)
    return _entry_out(_entry_for_office(user, entry_id), public=False)


@router.post(
    "/entries/{entry_id}/documents",
    response={201: DocumentOut, **ERRORS},
    auth=EDITOR,
    summary="Attach a document",
)
def document_create(
    request: HttpRequest,
    entry_id: int,
    file: File[UploadedFile],
    title: Form[str] = "",
) -> Status[dict[str, Any]]:
    """Attach a document (multipart `file`, optional `title`); it is scanned at once.

    A refused file answers 422 (`file_type_not_allowed`, `file_type_mismatch`,
    `file_too_large`, `archive_bomb`). The document is released when its scan is clear.
    """
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        message = _("Berkas terlalu besar.")
        raise ValidationError(message, code="file_too_large", fields={"file": [message]})
    data = file.read()
    document = services.document_add(
        entry=entry, actor=user, title=title, data=data, filename=file.name or "berkas"
    )
    document = Document.objects.select_related("current", "current__scan").get(pk=document.pk)
    return Status(201, _document_out(document, public=entry.status == EntryStatus.PUBLISHED))


@router.get(
    "/entries/{entry_id}/documents/{document_id}/findings",
    response={200: list[FindingOut], **ERRORS},
    summary="Findings of a document",
)
def document_findings(request: HttpRequest, entry_id: int, document_id: int) -> list[Finding]:
    """The safety findings of the document's current version (masked samples never shown)."""
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    document = entry.documents.filter(pk=document_id).select_related("current").first()
    if document is None or document.current is None:
        raise NotFound(_("Dokumen tidak ditemukan."))
    return list(Finding.objects.filter(scan_id=document.current.scan_id).order_by("pk"))


@router.post(
    "/entries/{entry_id}/documents/{document_id}/findings/{finding_id}/override",
    response={200: FindingOut, 409: ErrorOut, **ERRORS},
    auth=DIP_KEEPER,
    summary="Override a finding",
)
def finding_override(
    request: HttpRequest, entry_id: int, document_id: int, finding_id: int, payload: EntryReasonIn
) -> Finding:
    """Release despite a finding, with a written reason (the body's PPID Utama; logged)."""
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    document = entry.documents.filter(pk=document_id).first()
    finding = Finding.objects.filter(pk=finding_id).first()
    if document is None or finding is None:
        raise NotFound(_("Temuan tidak ditemukan."))
    return services.finding_override(
        document=document, finding=finding, actor=user, reason=payload.reason
    )


@router.post(
    "/entries/{entry_id}/publish",
    response={200: EntryOut, 409: dict[str, Any], **ERRORS},
    summary="Publish an entry",
)
def entry_publish(request: HttpRequest, entry_id: int) -> Any:
    """Publish the entry, or answer 409 `{"code": "safety_findings", "findings": [...]}`.

    Each finding names its `kind`, `document` (id), `detail`, `location` and `severity`. The
    answer also carries the usual `error` object.
    """
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    try:
        services.entry_publish(entry=entry, actor=user)
    except Conflict as exc:
        if exc.code != "safety_findings":
            raise
        findings = exc.details.get("findings", [])
        body = {
            "code": exc.code,
            "message": exc.message,
            "findings": findings,
            "error": {"code": exc.code, "message": exc.message, "details": exc.details},
        }
        return Status(409, body)
    return _entry_out(_entry_for_office(user, entry_id), public=True)


@router.post(
    "/entries/{entry_id}/withdraw",
    response={200: EntryOut, 409: ErrorOut, **ERRORS},
    auth=EDITOR,
    summary="Withdraw an entry",
)
def entry_withdraw(request: HttpRequest, entry_id: int, payload: EntryReasonIn) -> dict[str, Any]:
    user = _user(request)
    entry = _entry_for_office(user, entry_id)
    services.entry_withdraw(entry=entry, actor=user, reason=payload.reason)
    return _entry_out(_entry_for_office(user, entry_id), public=False)
