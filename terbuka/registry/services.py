"""Every write of the DIP: entries, documents and their versions, publication behind the safety
gate, withdrawal, periodic updates, and consequence tests.

Each change locks its row, checks `states.py`, saves with `update_fields` and appends a
`RegistryEvent`. Publication keeps the search index in step in the same transaction; stored
files are written before the rows that name them, never a row without its file (a rolled-back
write deletes its file again: `terbuka.core.files`).
"""

from __future__ import annotations

import hashlib
import posixpath
from calendar import monthrange
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.accessible.services import accessible_forget, accessible_refresh
from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import Conflict, InvalidTransition, ValidationError
from terbuka.core.files import delete_after_commit, save_to_field
from terbuka.core.service_helpers import actor_or_none, claim_key, field_error, require
from terbuka.inforequests.models import InformationRequest
from terbuka.registry import permissions
from terbuka.registry.models import (
    CATEGORIES_BY_CLASS,
    PASAL17_MEANINGS,
    TEMPORARY_LETTERS,
    AvailableForm,
    ConsequenceTest,
    Document,
    DocumentVersion,
    EntryCounter,
    EntryIdempotencyKey,
    InfoClass,
    InformationEntry,
    LegalCategory,
    RegistryEvent,
)
from terbuka.registry.selectors import open_findings_for_entry, version_is_releasable
from terbuka.registry.states import (
    CONSEQUENCE_TRANSITIONS,
    ENTRY_TRANSITIONS,
    ConsequenceStatus,
    EntryStatus,
)
from terbuka.safety import services as safety_services
from terbuka.safety.detect import detect_type
from terbuka.safety.models import Finding, FindingStatus
from terbuka.safety.selectors import findings_as_payload
from terbuka.search import services as search_services

ES = EntryStatus
CS = ConsequenceStatus
Kind = RegistryEvent.Kind

# UU 14/2008 Pasal 9(4): periodic information is published at least every 6 months.
MAX_UPDATE_MONTHS = 6
MAX_TAGS = 20
# The cached serta-merta banner; dropped whenever an announcement is published or withdrawn.
ANNOUNCEMENTS_CACHE_KEY = "registry:serta-merta"

# The DIP columns an officer edits (Perki 1/2021 section "Daftar Informasi Publik").
ENTRY_FIELDS = (
    "title",
    "summary",
    "info_class",
    "legal_category",
    "tags",
    "holder_official",
    "responsible_person",
    "produced_when",
    "produced_where",
    "available_forms",
    "retention_period",
    "year",
    "update_every_months",
    "last_updated_on",
    "consequence_test",
)
TEST_FIELDS = (
    "information",
    "document_description",
    "pasal17_letters",
    "legal_basis",
    "consequence",
    "public_interest",
    "result",
    "exempt_until",
    "participants",
    "trigger",
    "request",
    "komisi_case_number",
)


# --- Helpers ---------------------------------------------------------------------------------


def _event(
    kind: str,
    *,
    actor: Any,
    entry: InformationEntry | None = None,
    test: ConsequenceTest | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> RegistryEvent:
    return RegistryEvent.objects.create(
        entry=entry,
        test=test,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor_or_none(actor),
        note=note,
        data=data or {},
        occurred_at=timezone.now(),
    )


def _lock_entry(entry: InformationEntry) -> InformationEntry:
    if not InformationEntry.objects.select_for_update().filter(pk=entry.pk).exists():
        raise InformationEntry.DoesNotExist
    entry.refresh_from_db()
    return entry


def _lock_test(test: ConsequenceTest) -> ConsequenceTest:
    if not ConsequenceTest.objects.select_for_update().filter(pk=test.pk).exists():
        raise ConsequenceTest.DoesNotExist
    test.refresh_from_db()
    return test


def _check_entry_move(old: str, new: str) -> None:
    if ES(new) not in ENTRY_TRANSITIONS[ES(old)]:
        raise InvalidTransition(
            _('Entri berstatus "%(old)s" tidak dapat diubah menjadi "%(new)s".')
            % {"old": ES(old).label, "new": ES(new).label},
            from_status=old,
            to_status=new,
        )


def _check_test_move(old: str, new: str) -> None:
    if CS(new) not in CONSEQUENCE_TRANSITIONS[CS(old)]:
        raise InvalidTransition(
            _('Uji konsekuensi berstatus "%(old)s" tidak dapat diubah menjadi "%(new)s".')
            % {"old": CS(old).label, "new": CS(new).label},
            from_status=old,
            to_status=new,
        )


def _text(field: str, value: Any, message: str, *, max_length: int | None = None) -> str:
    text = str(value or "").strip()
    if not text:
        field_error(field, message)
    if max_length is not None and len(text) > max_length:
        field_error(
            field,
            _("Paling banyak %(n)d karakter.") % {"n": max_length},
        )
    return text


def add_months(day: date, months: int) -> date:
    """Return `day` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _clean_tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for raw in tags:
        tag = " ".join(str(raw).split()).lower()[:50]
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        field_error("tags", _("Paling banyak %(n)d label.") % {"n": MAX_TAGS})
    return cleaned


def _clean_forms(forms: Iterable[str]) -> list[str]:
    allowed = {f.value for f in AvailableForm}
    cleaned = list(dict.fromkeys(str(f) for f in forms))
    unknown = [f for f in cleaned if f not in allowed]
    if unknown:
        field_error(
            "available_forms",
            _("Bentuk informasi tidak dikenal: %(forms)s.") % {"forms": ", ".join(unknown)},
        )
    if not cleaned:
        field_error("available_forms", _("Pilih paling sedikit satu bentuk informasi."))
    return cleaned


def _check_entry_values(values: dict[str, Any], body: PublicBody) -> dict[str, Any]:
    """Validate and normalise the DIP columns; return the cleaned values."""
    out = dict(values)
    out["title"] = _text(
        "title", values.get("title"), _("Judul informasi wajib diisi."), max_length=300
    )
    out["summary"] = _text(
        "summary", values.get("summary"), _("Ringkasan isi informasi wajib diisi.")
    )
    info_class = str(values.get("info_class") or "")
    if info_class not in InfoClass.values:
        field_error("info_class", _("Pilih jenis informasi."))
    category = str(values.get("legal_category") or "")
    if category not in LegalCategory.values:
        field_error("legal_category", _("Pilih dasar hukum."))
    if category not in CATEGORIES_BY_CLASS[info_class]:
        field_error(
            "legal_category",
            _("Dasar hukum %(category)s tidak sesuai dengan jenis informasi %(cls)s.")
            % {"category": LegalCategory(category).label, "cls": InfoClass(info_class).label},
        )
    for field, message in (
        ("holder_official", _("Pejabat atau unit yang menguasai informasi wajib diisi.")),
        ("responsible_person", _("Penanggung jawab wajib diisi.")),
        ("produced_when", _("Waktu pembuatan wajib diisi.")),
        ("produced_where", _("Tempat pembuatan wajib diisi.")),
        ("retention_period", _("Jangka waktu penyimpanan wajib diisi.")),
    ):
        out[field] = _text(field, values.get(field), message, max_length=200)
    out["tags"] = _clean_tags(values.get("tags") or [])
    out["available_forms"] = _clean_forms(values.get("available_forms") or [])
    year = values.get("year")
    if year is not None and not (1945 <= int(year) <= timezone.localdate().year + 1):
        field_error("year", _("Tahun informasi tidak masuk akal."))
    months = values.get("update_every_months")
    if info_class == InfoClass.BERKALA:
        # UU 14/2008 Pasal 9(4): at least every 6 months.
        if months is None:
            field_error("update_every_months", _("Informasi berkala wajib punya jadwal pembaruan."))
        if not 1 <= int(months) <= MAX_UPDATE_MONTHS:
            field_error(
                "update_every_months",
                _("Informasi berkala diperbarui paling lama setiap 6 bulan (UU 14/2008 Pasal 9)."),
            )
    else:
        out["update_every_months"] = None
    last = values.get("last_updated_on")
    if last is not None and last > timezone.localdate():
        field_error("last_updated_on", _("Tanggal tidak boleh di masa depan."))
    test = values.get("consequence_test")
    if info_class == InfoClass.DIKECUALIKAN:
        # UU 14/2008 Pasal 19: the consequence test comes before information is declared exempt.
        if test is None:
            field_error(
                "consequence_test", _("Informasi yang dikecualikan wajib didasari uji konsekuensi.")
            )
        if test.body_id != body.pk:
            field_error("consequence_test", _("Uji konsekuensi milik badan publik lain."))
    else:
        out["consequence_test"] = None
    return out


def _next_update(entry: InformationEntry, *, start: date | None = None) -> date | None:
    if entry.info_class != InfoClass.BERKALA or not entry.update_every_months:
        return None
    base = start or entry.last_updated_on or timezone.localdate()
    return add_months(base, entry.update_every_months)


def payload_digest(data: dict[str, Any]) -> str:
    encoded = repr(sorted((k, str(v)) for k, v in data.items())).encode()
    return hashlib.sha256(encoded).hexdigest()


# --- Entries ---------------------------------------------------------------------------------


@transaction.atomic
def entry_create(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit,
    idempotency_key: str | None = None,
    **values: Any,
) -> InformationEntry:
    """Create a draft DIP entry for `unit` with the next DIP number of the body.

    `values` are the DIP columns (`ENTRY_FIELDS`). A repeated `idempotency_key` with the same
    values returns the first entry.
    """
    require(permissions.can_create_entry(actor, body, unit))
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown entry fields: {sorted(unknown)}")
    values.setdefault("consequence_test", None)
    cleaned = _check_entry_values(values, body)
    scope = f"dip:{actor.pk}:{body.pk}"
    digest = payload_digest({"unit": unit.pk, **cleaned})
    key_row, existing = claim_key(
        EntryIdempotencyKey,
        "entry",
        scope,
        idempotency_key,
        digest,
        reused=_("Kunci idempotensi sudah dipakai untuk entri lain."),
        pending=_("Entri dengan kunci ini sedang dibuat."),
    )
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    counter, _created = EntryCounter.objects.select_for_update().get_or_create(body=body)
    counter.last += 1
    counter.save(update_fields=["last"])
    entry = InformationEntry(
        body=body, unit=unit, number=counter.last, created_by=actor_or_none(actor), **cleaned
    )
    entry.next_update_due_on = _next_update(entry)
    entry.save()
    if key_row is not None:
        key_row.entry = entry
        key_row.save(update_fields=["entry"])
    _event(Kind.CREATED, actor=actor, entry=entry, to_status=entry.status)
    return entry


def _jsonable(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def entry_update(*, entry: InformationEntry, actor: Any, **values: Any) -> InformationEntry:
    """Change DIP columns; the event keeps each change (before, after)."""
    require(permissions.can_edit_entry(actor, entry))
    entry = _lock_entry(entry)
    unknown = set(values) - set(ENTRY_FIELDS)
    if unknown:
        raise ValueError(f"Unknown entry fields: {sorted(unknown)}")
    current = {f: getattr(entry, f) for f in ENTRY_FIELDS}
    cleaned = _check_entry_values({**current, **values}, entry.body)
    if entry.status == ES.PUBLISHED and cleaned["info_class"] != entry.info_class:
        raise InvalidTransition(
            _("Tarik entri terlebih dahulu sebelum mengubah jenis informasinya."),
            code="class_change_published",
        )
    changes = {
        f: [_jsonable(current[f]), _jsonable(cleaned[f])]
        for f in ENTRY_FIELDS
        if cleaned[f] != current[f]
    }
    if not changes:
        return entry
    for field, value in cleaned.items():
        setattr(entry, field, value)
    entry.next_update_due_on = (
        _next_update(entry) if entry.info_class == InfoClass.BERKALA else None
    )
    entry.save()
    _event(Kind.UPDATED, actor=actor, entry=entry, data={"changes": changes})
    if entry.status == ES.PUBLISHED:
        _index_entry(entry)
        accessible_refresh(kind="serta_merta", pk=entry.pk)  # Perki 1/2021 Pasal 24
    return entry


def _strip_for_release(version: DocumentVersion, actor: Any) -> DocumentVersion:
    """Strip metadata where that is safe; the stripped file gets its own scan."""
    if version.metadata_stripped:
        return version
    with version.file.open("rb") as handle:
        data = handle.read()
    detected = detect_type(data, version.original_name)
    stripped = safety_services.strip_metadata(data=data, detected=detected)
    if stripped == data:
        version.metadata_stripped = True
        version.save(update_fields=["metadata_stripped"])
        return version
    result = safety_services.scan_file(data=stripped, filename=version.original_name, actor=actor)
    _carry_overrides(version.scan, result.scan, actor)
    safety_services.scan_supersede(scan=version.scan, replacement=result.scan, actor=actor)
    # The upload with its hidden metadata (authors, GPS, revision history) must not outlive the
    # stripped copy that replaces it: nothing names it any more and it may hold personal data
    # (UU 27/2022 Pasal 16(2): personal data is deleted once its purpose has ended).
    original = version.file.name
    save_to_field(version.file, version.original_name, ContentFile(stripped))
    delete_after_commit(version.file.storage, original)
    version.scan = result.scan
    version.size = len(stripped)
    version.sha256 = hashlib.sha256(stripped).hexdigest()
    version.metadata_stripped = True
    version.save(update_fields=["file", "scan", "size", "sha256", "metadata_stripped"])
    return version


def _carry_overrides(old: Any, new: Any, actor: Any) -> None:
    """Keep the PPID Utama's overrides when stripping metadata re-scans the same content."""
    overridden = {
        (f.kind, f.location, f.detail): f
        for f in Finding.objects.filter(scan=old, status=FindingStatus.OVERRIDDEN)
    }
    for finding in Finding.objects.filter(scan=new, status=FindingStatus.OPEN):
        earlier = overridden.get((finding.kind, finding.location, finding.detail))
        if earlier is not None:
            safety_services.finding_override(
                finding=finding,
                actor=earlier.resolved_by or actor,
                reason=earlier.resolution_reason,
            )


def _findings_payload(pairs: Sequence[tuple[Document, Finding]]) -> list[dict[str, Any]]:
    payload: list[dict[str, Any]] = []
    for document, finding in pairs:
        [row] = findings_as_payload([finding])
        payload.append({**row, "id": finding.pk, "document": document.pk})
    return payload


@transaction.atomic
def entry_publish(*, entry: InformationEntry, actor: Any) -> InformationEntry:
    """Publish a draft or withdrawn entry once every document passed the safety gate.

    Raises `Conflict` with code `safety_findings` (409) listing the open blocking findings.
    """
    require(permissions.can_edit_entry(actor, entry))
    entry = _lock_entry(entry)
    _check_entry_move(entry.status, ES.PUBLISHED)
    if entry.info_class == InfoClass.DIKECUALIKAN:
        test = entry.consequence_test
        if test is None or test.status not in (CS.DECIDED, CS.REVIEW_DUE):
            raise InvalidTransition(
                _(
                    "Informasi dikecualikan baru dapat diterbitkan setelah uji "
                    "konsekuensinya ditetapkan."
                ),
                code="consequence_test_not_decided",
            )
    documents = entry.documents.filter(is_active=True, current__isnull=False).select_related(
        "current", "current__scan"
    )
    for document in documents:
        assert document.current is not None  # noqa: S101 - filtered above
        _strip_for_release(document.current, actor)
    pending = open_findings_for_entry(entry)
    if pending:
        raise Conflict(
            _(
                "Entri belum dapat diterbitkan: ada temuan pemeriksaan berkas yang belum "
                "diselesaikan."
            ),
            code="safety_findings",
            findings=_findings_payload(pending),
        )
    old = entry.status
    entry.status = ES.PUBLISHED
    entry.published_at = timezone.now()
    entry.withdrawn_at = None
    entry.withdrawal_reason = ""
    if entry.info_class == InfoClass.BERKALA and entry.next_update_due_on is None:
        entry.next_update_due_on = _next_update(entry)
    entry.save(
        update_fields=[
            "status",
            "published_at",
            "withdrawn_at",
            "withdrawal_reason",
            "next_update_due_on",
            "updated_at",
        ]
    )
    _event(Kind.PUBLISHED, actor=actor, entry=entry, from_status=old, to_status=entry.status)
    _index_entry(entry)
    if entry.info_class == InfoClass.SERTA_MERTA:
        transaction.on_commit(_announcements_changed)
        accessible_refresh(kind="serta_merta", pk=entry.pk)  # Perki 1/2021 Pasal 24
    return entry


@transaction.atomic
def entry_withdraw(*, entry: InformationEntry, actor: Any, reason: str) -> InformationEntry:
    """Take a published entry off the portal (and the search index); the reason is kept."""
    require(permissions.can_edit_entry(actor, entry))
    entry = _lock_entry(entry)
    _check_entry_move(entry.status, ES.WITHDRAWN)
    text = _text("reason", reason, _("Tuliskan alasan penarikan."))
    old = entry.status
    entry.status = ES.WITHDRAWN
    entry.withdrawn_at = timezone.now()
    entry.withdrawal_reason = text
    entry.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    _event(
        Kind.WITHDRAWN, actor=actor, entry=entry, from_status=old, to_status=entry.status, note=text
    )
    _unindex_entry(entry)
    if entry.info_class == InfoClass.SERTA_MERTA:
        transaction.on_commit(_announcements_changed)
        # UU 27/2022 Pasal 16(2): data is deleted once its purpose ends (the accessible copy).
        accessible_forget(kind="serta_merta", pk=entry.pk)
    return entry


@transaction.atomic
def entry_record_update(
    *, entry: InformationEntry, actor: Any, updated_on: date | None = None, note: str = ""
) -> InformationEntry:
    """Record that periodic information was brought up to date; the next due date follows."""
    require(permissions.can_edit_entry(actor, entry))
    entry = _lock_entry(entry)
    if entry.info_class != InfoClass.BERKALA:
        raise InvalidTransition(
            _("Hanya informasi berkala yang punya jadwal pembaruan."), code="not_periodic"
        )
    day = updated_on or timezone.localdate()
    if day > timezone.localdate():
        field_error("updated_on", _("Tanggal tidak boleh di masa depan."))
    entry.last_updated_on = day
    entry.next_update_due_on = _next_update(entry, start=day)
    entry.save(update_fields=["last_updated_on", "next_update_due_on", "updated_at"])
    _event(
        Kind.UPDATE_RECORDED,
        actor=actor,
        entry=entry,
        note=note.strip(),
        data={
            "updated_on": day.isoformat(),
            "next_update_due_on": _jsonable(entry.next_update_due_on),
        },
    )
    return entry


# --- Documents -------------------------------------------------------------------------------


def _store_version(
    *, document: Document, actor: Any, data: bytes, filename: str, note: str = ""
) -> DocumentVersion:
    # A browser sends a bare name, an API client may send a path ("../../lra.csv",
    # "C:\\laporan\\lra.csv"): keep only its last part, so storage never sees a path.
    filename = posixpath.basename(filename.replace("\\", "/")).strip()
    if filename in {"", ".", ".."}:
        filename = "dokumen"
    # The scan refuses a file whose type is not allowed, whose content does not match its
    # name, that is too large or an archive bomb, before anything is written.
    result = safety_services.scan_file(data=data, filename=filename, actor=actor)
    last = document.versions.order_by("-version").values_list("version", flat=True).first()
    version = DocumentVersion(
        document=document,
        version=(last or 0) + 1,
        original_name=filename[:255],
        file_type=result.detected.kind,
        content_type=result.detected.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=result.text,
        scan=result.scan,
        note=note.strip()[:300],
        uploaded_by=actor_or_none(actor),
        uploaded_at=timezone.now(),
    )
    save_to_field(version.file, filename, ContentFile(data))
    version.save()
    return version


@transaction.atomic
def document_add(
    *, entry: InformationEntry, actor: Any, title: str, data: bytes, filename: str
) -> Document:
    """Attach a document to an entry; it is scanned now and released once the scan is clear."""
    require(permissions.can_edit_entry(actor, entry))
    entry = _lock_entry(entry)
    if entry.info_class == InfoClass.DIKECUALIKAN:
        # The exempt list says what is closed and why; the closed content is never attached.
        raise InvalidTransition(
            _("Dokumen tidak dilampirkan pada informasi yang dikecualikan."),
            code="exempt_no_documents",
        )
    text = _text("title", title or filename, _("Judul dokumen wajib diisi."), max_length=300)
    document = Document.objects.create(entry=entry, title=text, created_at=timezone.now())
    version = _store_version(document=document, actor=actor, data=data, filename=filename)
    document.current = version
    document.save(update_fields=["current"])
    _event(
        Kind.DOCUMENT_ADDED,
        actor=actor,
        entry=entry,
        data={"document": document.pk, "version": version.version, "file": version.original_name},
    )
    if entry.status == ES.PUBLISHED:
        _strip_for_release(version, actor)
        _index_document(document)
    return document


@transaction.atomic
def document_add_version(
    *, document: Document, actor: Any, data: bytes, filename: str, note: str = ""
) -> DocumentVersion:
    """Upload a new (e.g. cleaned) version; the old version's open findings are superseded."""
    entry = document.entry
    require(permissions.can_edit_entry(actor, entry))
    _lock_entry(entry)
    document.refresh_from_db()
    if not document.is_active:
        raise InvalidTransition(_("Dokumen sudah dinonaktifkan."), code="document_inactive")
    previous = document.current
    version = _store_version(
        document=document, actor=actor, data=data, filename=filename, note=note
    )
    if previous is not None:
        safety_services.scan_supersede(scan=previous.scan, replacement=version.scan, actor=actor)
    document.current = version
    document.save(update_fields=["current"])
    _event(
        Kind.VERSION_ADDED,
        actor=actor,
        entry=entry,
        note=version.note,
        data={"document": document.pk, "version": version.version, "file": version.original_name},
    )
    if entry.status == ES.PUBLISHED:
        _strip_for_release(version, actor)
        _index_document(document)
    return version


@transaction.atomic
def document_deactivate(*, document: Document, actor: Any, reason: str) -> Document:
    """Take a document off the entry (its versions stay in the history)."""
    entry = document.entry
    require(permissions.can_edit_entry(actor, entry))
    _lock_entry(entry)
    document.refresh_from_db()
    if not document.is_active:
        raise InvalidTransition(_("Dokumen sudah dinonaktifkan."), code="document_inactive")
    text = _text("reason", reason, _("Tuliskan alasan dokumen dinonaktifkan."))
    document.is_active = False
    document.save(update_fields=["is_active"])
    _event(
        Kind.DOCUMENT_REMOVED, actor=actor, entry=entry, note=text, data={"document": document.pk}
    )
    search_services.index_remove(kind="document", object_id=document.pk)
    return document


@transaction.atomic
def finding_override(*, document: Document, finding: Finding, actor: Any, reason: str) -> Finding:
    """Release a document despite a finding, with a written reason (PPID Utama only; logged)."""
    entry = document.entry
    require(permissions.can_keep_body_dip(actor, entry.body))
    _lock_entry(entry)
    document.refresh_from_db()
    if document.current is None or finding.scan_id != document.current.scan_id:
        raise ValidationError(
            _("Temuan ini bukan milik versi dokumen yang berlaku."), code="finding_not_current"
        )
    finding = safety_services.finding_override(finding=finding, actor=actor, reason=reason)
    _event(
        Kind.FINDING_OVERRIDDEN,
        actor=actor,
        entry=entry,
        note=finding.resolution_reason,
        data={"document": document.pk, "finding": finding.pk, "kind": finding.kind},
    )
    if entry.status == ES.PUBLISHED:
        _index_document(document)
    return finding


# --- Search index ----------------------------------------------------------------------------


def entry_public_url(entry: InformationEntry) -> str:
    return reverse("registry:entry", kwargs={"body_slug": entry.body.slug, "number": entry.number})


def _entry_text(entry: InformationEntry) -> str:
    from django.utils import translation

    # The index is Indonesian (Sastrawi stems it), whatever language the officer works in.
    with translation.override("id"):
        category = str(entry.get_legal_category_display())
    parts = [entry.summary, " ".join(entry.tags), entry.holder_official, category]
    return "\n".join(str(p) for p in parts if p)


def _index_entry(entry: InformationEntry) -> None:
    """Index a published entry and its releasable documents; an exempt entry only by title."""
    published = entry.published_at or timezone.now()
    search_services.index_upsert(
        kind="entry",
        object_id=entry.pk,
        body_id=entry.body_id,
        unit_id=entry.unit_id,
        title=entry.title,
        text=_entry_text(entry),
        url=entry_public_url(entry),
        published_at=published,
        info_class=entry.info_class,
        year=entry.year,
    )
    for document in entry.documents.filter(is_active=True, current__isnull=False):
        _index_document(document)


def _index_document(document: Document) -> None:
    entry = document.entry
    version = (
        DocumentVersion.objects.select_related("scan").filter(pk=document.current_id).first()
        if document.current_id is not None
        else None
    )
    if (
        version is None
        or not document.is_active
        or entry.status != ES.PUBLISHED
        or not version_is_releasable(version)
    ):
        search_services.index_remove(kind="document", object_id=document.pk)
        return
    search_services.index_upsert(
        kind="document",
        object_id=document.pk,
        body_id=entry.body_id,
        unit_id=entry.unit_id,
        title=f"{document.title} ({entry.title})",
        text=version.text,
        url=reverse("registry:download", kwargs={"pk": version.pk}),
        published_at=entry.published_at or timezone.now(),
        info_class=entry.info_class,
        doc_type=version.file_type,
        year=entry.year,
    )


def _unindex_entry(entry: InformationEntry) -> None:
    search_services.index_remove(kind="entry", object_id=entry.pk)
    for pk in entry.documents.values_list("pk", flat=True):
        search_services.index_remove(kind="document", object_id=pk)


def _announcements_changed() -> None:
    from django.core.cache import cache

    cache.delete(ANNOUNCEMENTS_CACHE_KEY)


# --- Consequence tests -----------------------------------------------------------------------


def _check_test_values(values: dict[str, Any], body: PublicBody) -> dict[str, Any]:
    out = dict(values)
    out["information"] = _text(
        "information", values.get("information"), _("Sebutkan informasi yang diuji.")
    )
    out["document_description"] = str(values.get("document_description") or "").strip()
    letters = sorted({str(x).strip().lower() for x in values.get("pasal17_letters") or []})
    unknown = [x for x in letters if x not in PASAL17_MEANINGS]
    if unknown:
        field_error(
            "pasal17_letters",
            _("Huruf Pasal 17 tidak dikenal: %(letters)s.") % {"letters": ", ".join(unknown)},
        )
    out["pasal17_letters"] = letters
    out["legal_basis"] = _text(
        "legal_basis", values.get("legal_basis"), _("Sebutkan dasar hukum pengecualian.")
    )
    out["consequence"] = _text(
        "consequence", values.get("consequence"), _("Uraikan konsekuensi bila informasi dibuka.")
    )
    out["public_interest"] = _text(
        "public_interest",
        values.get("public_interest"),
        _("Uraikan pertimbangan kepentingan publik."),
    )
    out["participants"] = _text(
        "participants", values.get("participants"), _("Sebutkan peserta uji.")
    )
    result = str(values.get("result") or "")
    if result not in ConsequenceTest.Result.values:
        field_error("result", _("Pilih hasil uji."))
    closing = result in (ConsequenceTest.Result.CLOSED, ConsequenceTest.Result.PARTLY_CLOSED)
    if closing and not letters:
        field_error(
            "pasal17_letters", _("Informasi yang dikecualikan wajib menyebut huruf Pasal 17.")
        )
    until = values.get("exempt_until")
    if closing and set(letters) & TEMPORARY_LETTERS and until is None:
        # UU 14/2008 Pasal 20(1): exemptions under Pasal 17 a-f are not permanent.
        field_error(
            "exempt_until",
            _(
                "Pengecualian berdasarkan Pasal 17 huruf a-f wajib punya jangka waktu "
                "(UU 14/2008 Pasal 20)."
            ),
        )
    if not closing:
        out["exempt_until"] = None
    elif until is not None and until <= timezone.localdate():
        field_error("exempt_until", _("Jangka waktu pengecualian harus setelah hari ini."))
    trigger = str(values.get("trigger") or "")
    if trigger not in ConsequenceTest.Trigger.values:
        field_error("trigger", _("Pilih pemicu uji."))
    request = values.get("request")
    if trigger == ConsequenceTest.Trigger.ON_REQUEST:
        if request is None:
            field_error("request", _("Pilih permohonan yang memicu uji ini."))
        if request.body_id != body.pk:
            field_error("request", _("Permohonan milik badan publik lain."))
    else:
        out["request"] = None
    case = str(values.get("komisi_case_number") or "").strip()
    if trigger == ConsequenceTest.Trigger.KOMISI_ORDER and not case:
        field_error("komisi_case_number", _("Sebutkan nomor perkara Komisi Informasi."))
    out["komisi_case_number"] = case[:100]
    return out


@transaction.atomic
def consequence_test_create(
    *, actor: Any, body: PublicBody, unit: Unit, **values: Any
) -> ConsequenceTest:
    """Propose a consequence test (draft) for the unit's information."""
    require(permissions.can_create_entry(actor, body, unit))
    unknown = set(values) - set(TEST_FIELDS)
    if unknown:
        raise ValueError(f"Unknown test fields: {sorted(unknown)}")
    values.setdefault("request", None)
    cleaned = _check_test_values(values, body)
    test = ConsequenceTest.objects.create(
        body=body, unit=unit, created_by=actor_or_none(actor), **cleaned
    )
    _event(Kind.TEST_CREATED, actor=actor, test=test, to_status=test.status)
    return test


@transaction.atomic
def consequence_test_update(*, test: ConsequenceTest, actor: Any, **values: Any) -> ConsequenceTest:
    """Change a draft test; a decided test is changed only by a new test."""
    require(permissions.can_edit_test(actor, test))
    test = _lock_test(test)
    if test.status != CS.DRAFT:
        raise InvalidTransition(
            _("Uji yang sudah ditetapkan tidak dapat diubah; buat uji baru."), code="test_decided"
        )
    unknown = set(values) - set(TEST_FIELDS)
    if unknown:
        raise ValueError(f"Unknown test fields: {sorted(unknown)}")
    current = {f: getattr(test, f) for f in TEST_FIELDS}
    cleaned = _check_test_values({**current, **values}, test.body)
    changes = {
        f: [_jsonable(current[f]), _jsonable(cleaned[f])]
        for f in TEST_FIELDS
        if cleaned[f] != current[f]
    }
    if not changes:
        return test
    for field, value in cleaned.items():
        setattr(test, field, value)
    test.save()
    _event(Kind.TEST_UPDATED, actor=actor, test=test, data={"changes": changes})
    return test


@transaction.atomic
def consequence_test_decide(
    *, test: ConsequenceTest, actor: Any, decision_number: str, decision_date: date
) -> ConsequenceTest:
    """Fix the result by a PPID decision (Perki 1/2021: the PPID decides the classification)."""
    require(permissions.can_decide_test(actor, test))
    test = _lock_test(test)
    _check_test_move(test.status, CS.DECIDED)
    number = _text(
        "decision_number", decision_number, _("Nomor keputusan PPID wajib diisi."), max_length=100
    )
    if decision_date > timezone.localdate():
        field_error("decision_date", _("Tanggal tidak boleh di masa depan."))
    if test.exempt_until is not None and test.exempt_until <= decision_date:
        field_error(
            "decision_date", _("Tanggal keputusan harus sebelum akhir jangka waktu pengecualian.")
        )
    old = test.status
    test.status = CS.DECIDED
    test.decision_number = number
    test.decision_date = decision_date
    test.decided_by = actor_or_none(actor)
    test.save(
        update_fields=["status", "decision_number", "decision_date", "decided_by", "updated_at"]
    )
    _event(
        Kind.TEST_DECIDED,
        actor=actor,
        test=test,
        from_status=old,
        to_status=test.status,
        data={"decision_number": number, "decision_date": decision_date.isoformat()},
    )
    return test


@transaction.atomic
def consequence_test_cancel(*, test: ConsequenceTest, actor: Any, reason: str) -> ConsequenceTest:
    require(permissions.can_edit_test(actor, test))
    test = _lock_test(test)
    _check_test_move(test.status, CS.CANCELLED)
    text = _text("reason", reason, _("Tuliskan alasan pembatalan."))
    old = test.status
    test.status = CS.CANCELLED
    test.review_note = text
    test.save(update_fields=["status", "review_note", "updated_at"])
    _event(
        Kind.TEST_CANCELLED,
        actor=actor,
        test=test,
        from_status=old,
        to_status=test.status,
        note=text,
    )
    return test


def consequence_tests_mark_review_due(today: date | None = None) -> list[ConsequenceTest]:
    """Move decided tests whose exemption period ended to `review_due` (the daily job)."""
    from terbuka.registry.selectors import consequence_tests_ending

    today = today or timezone.localdate()
    moved: list[ConsequenceTest] = []
    for pk in consequence_tests_ending(today).values_list("pk", flat=True):
        with transaction.atomic():
            test = ConsequenceTest.objects.select_for_update().get(pk=pk)
            if test.status != CS.DECIDED or test.exempt_until is None or test.exempt_until >= today:
                continue
            old = test.status
            test.status = CS.REVIEW_DUE
            test.save(update_fields=["status", "updated_at"])
            _event(
                Kind.TEST_REVIEW_DUE,
                actor=None,
                test=test,
                from_status=old,
                to_status=test.status,
                data={"exempt_until": test.exempt_until.isoformat()},
            )
            moved.append(test)
    return moved


@transaction.atomic
def consequence_test_review(
    *,
    test: ConsequenceTest,
    actor: Any,
    outcome: str,
    note: str,
    renewed_by: ConsequenceTest | None = None,
) -> ConsequenceTest:
    """Review an exemption at (or before) its end: open the information, or renew by a new test."""
    require(permissions.can_decide_test(actor, test))
    test = _lock_test(test)
    _check_test_move(test.status, CS.REVIEWED)
    if outcome not in (ConsequenceTest.ReviewOutcome.OPENED, ConsequenceTest.ReviewOutcome.RENEWED):
        field_error("outcome", _("Pilih hasil peninjauan."))
    text = _text("note", note, _("Tuliskan catatan peninjauan."))
    if outcome == ConsequenceTest.ReviewOutcome.RENEWED:
        if renewed_by is None:
            field_error(
                "renewed_by", _("Pilih uji konsekuensi baru yang memperbarui pengecualian.")
            )
        if renewed_by.pk == test.pk or renewed_by.body_id != test.body_id:
            field_error(
                "renewed_by", _("Uji pengganti harus uji lain pada badan publik yang sama.")
            )
        if renewed_by.status != CS.DECIDED:
            field_error("renewed_by", _("Uji pengganti harus sudah ditetapkan."))
    else:
        renewed_by = None
    old = test.status
    test.status = CS.REVIEWED
    test.review_outcome = outcome
    test.review_note = text
    test.reviewed_at = timezone.now()
    test.renewed_by = renewed_by
    test.save(
        update_fields=[
            "status",
            "review_outcome",
            "review_note",
            "reviewed_at",
            "renewed_by",
            "updated_at",
        ]
    )
    _event(
        Kind.TEST_REVIEWED,
        actor=actor,
        test=test,
        from_status=old,
        to_status=test.status,
        note=text,
        data={"outcome": outcome, "renewed_by": renewed_by.pk if renewed_by else None},
    )
    return test


def request_for_test(body: PublicBody, number: str) -> InformationRequest | None:
    """Find the body's request by registration number (for the test form)."""
    return InformationRequest.objects.filter(body=body, registration_number=number.strip()).first()
