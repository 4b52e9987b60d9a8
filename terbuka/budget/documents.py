"""Every write of budget documents: the files (APBD, RKA, DPA, LRA, audited statements, RUP,
contracts) a unit releases, and the one upload an officer makes of a file and its numbers.

UU 14/2008 Pasal 9(2) huruf c: the financial report is periodic information. A released budget
document therefore lives in the DIP: each unit has one periodic entry per family of documents
(all its LRAs, all its DPAs ...) created on the first upload, each document is a DIP document of
that entry, and each release records the entry's periodic update, so the DIP's schedule and
reminders (Pasal 9(4)) follow the budget work without an officer keeping two lists.

The file goes through the DIP's safety gate (`registry.services`): it is scanned on upload,
stripped of metadata on release, and stays unreleased while a blocking finding is open. A second
file for the same body, unit, year and kind becomes a new version of the same DIP document only
after confirmation (`replace=True`); every version stays in the history.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget import permissions, selectors
from terbuka.budget.models import DOCUMENT_STATE_LABELS as DOCUMENT_STATE_LABELS
from terbuka.budget.models import (
    BpkOpinion,
    BudgetDocument,
    BudgetEvent,
    BudgetIdempotencyKey,
    BudgetImport,
    BudgetKind,
)
from terbuka.budget.models import (
    DocumentState as DocumentState,
)
from terbuka.budget.services import (
    budget_import,
    check_kind,
    check_year,
    import_summary,
    payload_digest,
    safe_name,
)
from terbuka.core.exceptions import Conflict, InvalidTransition
from terbuka.core.service_helpers import actor_or_none, claim_key, field_error, require
from terbuka.registry import services as registry_services
from terbuka.registry.models import AvailableForm, InfoClass, InformationEntry, LegalCategory
from terbuka.registry.states import EntryStatus

Kind = BudgetEvent.Kind
MAX_TITLE = 300
MAX_NOTE = 300


@dataclass(frozen=True)
class Family:
    """A family of budget documents sharing one periodic DIP entry per unit."""

    key: str
    title: str  # "%(unit)s" is replaced by the unit's name
    summary: str
    category: str
    months: int
    produced_when: str


# The DIP entry of each family (texts are kept in Indonesian: the DIP is the body's record).
# UU 14/2008 Pasal 9(4): periodic information at least every 6 months; the LRA is quarterly
# (PP 12/2019 Pasal 194: realisation reports each semester, prepared quarterly in practice).
FAMILIES: dict[str, Family] = {
    family.key: family
    for family in (
        Family(
            "rka",
            "Rencana Kerja dan Anggaran (RKA) %(unit)s",
            "Rencana kerja dan anggaran unit per tahun anggaran: program, kegiatan, sub "
            "kegiatan dan belanja menurut kode rekening.",
            LegalCategory.P9_FINANCE,
            6,
            "Setiap tahun, sebelum tahun anggaran",
        ),
        Family(
            "apbd",
            "Anggaran Pendapatan dan Belanja Daerah (APBD) %(unit)s",
            "Anggaran pendapatan dan belanja unit menurut APBD murni dan APBD perubahan.",
            LegalCategory.P9_FINANCE,
            6,
            "Setiap tahun (APBD murni dan perubahan)",
        ),
        Family(
            "dpa",
            "Dokumen Pelaksanaan Anggaran (DPA) %(unit)s",
            "Dokumen pelaksanaan anggaran unit per tahun anggaran menurut kode rekening.",
            LegalCategory.P9_FINANCE,
            6,
            "Setiap awal tahun anggaran",
        ),
        Family(
            "lra",
            "Laporan Realisasi Anggaran (LRA) %(unit)s",
            "Anggaran dan realisasinya per triwulan, semester dan tahun menurut kode rekening.",
            LegalCategory.P9_FINANCE,
            3,
            "Setiap triwulan",
        ),
        Family(
            "audited",
            "Laporan Keuangan yang Telah Diaudit %(unit)s",
            "Laporan keuangan tahunan yang telah diperiksa Badan Pemeriksa Keuangan, dengan "
            "opini BPK.",
            LegalCategory.P9_FINANCE,
            6,
            "Setiap tahun, setelah pemeriksaan BPK",
        ),
        # Procurement plans and contracts: periodic information under the regulation on
        # public information service standards (Perki 1/2021), hence Pasal 9(2) huruf d.
        Family(
            "rup",
            "Rencana Umum Pengadaan (RUP) %(unit)s",
            "Rencana umum pengadaan barang/jasa unit per tahun anggaran.",
            LegalCategory.P9_OTHER,
            6,
            "Setiap tahun anggaran",
        ),
        Family(
            "contract",
            "Kontrak Pengadaan Barang/Jasa %(unit)s",
            "Kontrak pengadaan barang/jasa unit beserta nilainya.",
            LegalCategory.P9_OTHER,
            6,
            "Setiap kontrak ditandatangani",
        ),
    )
}
FAMILY_OF: dict[str, str] = {
    BudgetKind.RKA: "rka",
    BudgetKind.APBD_MURNI: "apbd",
    BudgetKind.APBD_PERUBAHAN: "apbd",
    BudgetKind.DPA: "dpa",
    BudgetKind.LRA_Q1: "lra",
    BudgetKind.LRA_Q2: "lra",
    BudgetKind.LRA_Q3: "lra",
    BudgetKind.LRA_YEARLY: "lra",
    BudgetKind.AUDITED: "audited",
    BudgetKind.RUP: "rup",
    BudgetKind.CONTRACT: "contract",
}


@dataclass
class UploadResult:
    budget_import: BudgetImport | None
    budget_document: BudgetDocument | None


# --- Helpers ---------------------------------------------------------------------------------


def _event(
    kind: str,
    *,
    budget_document: BudgetDocument,
    actor: Any,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> BudgetEvent:
    return BudgetEvent.objects.create(
        budget_document=budget_document,
        kind=kind,
        actor=actor_or_none(actor),
        note=note,
        data=data or {},
        occurred_at=timezone.now(),
    )


def _check_opinion(kind: str, opinion: str) -> str:
    opinion = (opinion or "").strip()
    if kind == BudgetKind.AUDITED:
        # UU 15/2004 Pasal 16(1): an audited statement always comes with the BPK's opinion.
        if opinion not in BpkOpinion.values:
            field_error("bpk_opinion", _("Pilih opini BPK atas laporan keuangan yang diaudit."))
        return opinion
    if opinion:
        field_error("bpk_opinion", _("Opini BPK hanya untuk laporan keuangan yang diaudit."))
    return ""


def _title(title: str, kind: str, year: int, unit: Unit) -> str:
    text = " ".join((title or "").split())
    if not text:
        with translation.override("id"):
            text = f"{BudgetKind(kind).label} {year} {unit.name}"
    if len(text) > MAX_TITLE:
        field_error("title", _("Judul paling banyak %(n)d karakter.") % {"n": MAX_TITLE})
    return text


def document_summary(budget_document: BudgetDocument) -> dict[str, Any]:
    """The facts an officer confirms before replacing a document (JSON-safe)."""
    current = budget_document.document.current
    return {
        "id": budget_document.pk,
        "title": budget_document.title,
        "original_name": current.original_name if current is not None else "",
        "state": selectors.document_state(budget_document),
        "updated_at": budget_document.updated_at.isoformat(),
    }


def _entry_for(actor: Any, body: PublicBody, unit: Unit, kind: str) -> InformationEntry:
    """The unit's periodic DIP entry for the kind's family, created on the first upload."""
    family = FAMILIES[FAMILY_OF[kind]]
    kinds = [k for k, f in FAMILY_OF.items() if f == family.key]
    earlier = (
        BudgetDocument.objects.filter(body=body, unit=unit, kind__in=kinds)
        .select_related("entry")
        .order_by("-id")
        .first()
    )
    if earlier is not None:
        return earlier.entry
    with translation.override("id"):
        responsible = _("PPID Pelaksana %(unit)s") % {"unit": unit.name}
        retention = _("Sesuai jadwal retensi arsip (JRA)")
    return registry_services.entry_create(
        actor=actor,
        body=body,
        unit=unit,
        title=family.title % {"unit": unit.name},
        summary=family.summary,
        info_class=InfoClass.BERKALA,
        legal_category=family.category,
        tags=["anggaran", family.key],
        holder_official=unit.name[:200],
        responsible_person=responsible[:200],
        produced_when=family.produced_when,
        produced_where=body.name[:200],
        available_forms=[AvailableForm.SOFTCOPY, AvailableForm.WEBSITE],
        retention_period=retention,
        year=None,
        update_every_months=family.months,
        last_updated_on=None,
    )


def _release(budget_document: BudgetDocument, actor: Any) -> bool:
    """Publish the document's entry if needed and record the periodic update.

    Returns False, changing nothing, while the file is held by a finding or another document of
    the entry holds the entry's first publication.
    """
    state = selectors.document_state(budget_document)
    if state in (DocumentState.HELD, DocumentState.WITHDRAWN):
        return False
    entry = budget_document.entry
    entry.refresh_from_db()
    if entry.status != EntryStatus.PUBLISHED:
        try:
            with transaction.atomic():
                registry_services.entry_publish(entry=entry, actor=actor)
        except Conflict:
            return False
        entry.refresh_from_db()
    # UU 14/2008 Pasal 9(4): a new budget document is the entry's periodic update.
    registry_services.entry_record_update(entry=entry, actor=actor, note=budget_document.title)
    budget_document.document.refresh_from_db()
    current = budget_document.document.current
    _event(
        Kind.DOCUMENT_RELEASED,
        budget_document=budget_document,
        actor=actor,
        data={"entry": entry.pk, "version": current.version if current is not None else None},
    )
    return True


# --- Documents -------------------------------------------------------------------------------


@transaction.atomic
def document_upload(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit,
    year: int,
    kind: str,
    data: bytes,
    filename: str,
    title: str = "",
    bpk_opinion: str = "",
    budget_import: BudgetImport | None = None,
    replace: bool = False,
    idempotency_key: str | None = None,
    note: str = "",
) -> BudgetDocument:
    """Store a budget document's file in the DIP and release it once the scan is clear.

    An existing document of the same body, unit, year and kind is replaced (a new version of
    the same DIP document) only with `replace=True`; otherwise `Conflict` (409,
    `document_exists`) carries its summary. A file the scanner refuses (type, size, bomb)
    raises `ValidationError`; a file with findings is kept, unreleased (`held`), until the
    unit uploads a clean file or the PPID Utama overrides the finding in the DIP office.
    """
    require(permissions.can_import_budget(actor, body, unit))
    check_year(year)
    check_kind(kind)
    opinion = _check_opinion(kind, bpk_opinion)
    text = _title(title, kind, year, unit)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        field_error("note", _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE})
    if budget_import is not None and (
        budget_import.body_id != body.pk
        or budget_import.unit_id != unit.pk
        or budget_import.year != year
        or budget_import.kind != kind
    ):
        raise ValueError("The import belongs to another body, unit, year or kind.")
    name = safe_name(filename)
    scope = f"budget_doc:{actor.pk}:{body.pk}"
    digest = payload_digest(
        unit=unit.pk,
        year=year,
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        title=text,
        opinion=opinion,
        budget_import=budget_import.pk if budget_import is not None else None,
        replace=replace,
    )
    key_row, existing = claim_key(
        BudgetIdempotencyKey,
        "budget_document",
        scope,
        idempotency_key,
        digest,
        reused=_("Kunci idempotensi sudah dipakai untuk unggahan lain."),
        pending=_("Unggahan dengan kunci ini sedang diproses."),
    )
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    # The unit row serialises uploads of one unit (two officers confirming at once).
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()
    current = (
        BudgetDocument.objects.select_for_update(of=("self",))
        .select_related("document", "document__current", "entry")
        .filter(body=body, unit=unit, year=year, kind=kind)
        .first()
    )
    if current is not None and not replace:
        raise Conflict(
            _(
                "Sudah ada dokumen %(kind)s %(year)d untuk unit ini. Konfirmasi untuk "
                "menggantinya; berkas lama tetap tersimpan sebagai riwayat."
            )
            % {"kind": BudgetKind(kind).label, "year": year},
            code="document_exists",
            existing_document=document_summary(current),
        )
    now = timezone.now()
    if current is None:
        entry = _entry_for(actor, body, unit, kind)
        document = registry_services.document_add(
            entry=entry, actor=actor, title=text, data=data, filename=name
        )
        budget_document = BudgetDocument.objects.create(
            body=body,
            unit=unit,
            year=year,
            kind=kind,
            title=text,
            bpk_opinion=opinion,
            entry=entry,
            document=document,
            budget_import=budget_import,
            created_by=actor_or_none(actor),
            created_at=now,
            updated_at=now,
        )
        event_kind = Kind.DOCUMENT_ADDED
    else:
        budget_document = current
        if budget_document.document.is_active:
            registry_services.document_add_version(
                document=budget_document.document,
                actor=actor,
                data=data,
                filename=name,
                note=note or text,
            )
        else:
            # A withdrawn document stays withdrawn in the history; the new file starts afresh.
            budget_document.document = registry_services.document_add(
                entry=budget_document.entry, actor=actor, title=text, data=data, filename=name
            )
        budget_document.title = text
        budget_document.bpk_opinion = opinion
        budget_document.budget_import = budget_import
        budget_document.updated_at = now
        budget_document.save(
            update_fields=["title", "bpk_opinion", "document", "budget_import", "updated_at"]
        )
        event_kind = Kind.DOCUMENT_REPLACED
    budget_document.document.refresh_from_db()
    version = budget_document.document.current
    _event(
        event_kind,
        budget_document=budget_document,
        actor=actor,
        note=note,
        data={
            "file": name,
            "version": version.version if version is not None else None,
            "budget_import": budget_import.pk if budget_import is not None else None,
            "bpk_opinion": opinion,
        },
    )
    if key_row is not None:
        key_row.budget_document = budget_document
        key_row.save(update_fields=["budget_document"])
    _release(budget_document, actor)
    return budget_document


def _lock(budget_document: BudgetDocument) -> BudgetDocument:
    return (
        BudgetDocument.objects.select_for_update(of=("self",))
        .select_related("document", "document__current", "entry", "body", "unit")
        .get(pk=budget_document.pk)
    )


@transaction.atomic
def document_release(*, budget_document: BudgetDocument, actor: Any) -> BudgetDocument:
    """Release a document whose findings were cleared (or whose DIP entry was unpublished)."""
    require(permissions.can_manage_document(actor, budget_document))
    budget_document = _lock(budget_document)
    state = selectors.document_state(budget_document)
    if state == DocumentState.WITHDRAWN:
        raise InvalidTransition(
            _("Dokumen sudah ditarik; unggah berkas baru untuk menerbitkannya lagi."),
            code="document_withdrawn",
        )
    if state == DocumentState.PUBLISHED:
        raise InvalidTransition(_("Dokumen sudah terbit."), code="document_published")
    if state == DocumentState.HELD:
        findings = selectors.document_open_findings(budget_document)
        raise Conflict(
            _(
                "Dokumen belum dapat diterbitkan: ada temuan pemeriksaan berkas yang belum "
                "diselesaikan."
            ),
            code="safety_findings",
            findings=[
                {"id": f.pk, "kind": f.kind, "detail": f.detail, "location": f.location}
                for f in findings
            ],
        )
    if not _release(budget_document, actor):
        raise Conflict(
            _(
                "Entri DIP dokumen ini belum dapat diterbitkan: dokumen lain pada entri yang "
                "sama masih tertahan pemeriksaan."
            ),
            code="safety_findings",
            findings=[],
        )
    return budget_document


@transaction.atomic
def document_withdraw(
    *, budget_document: BudgetDocument, actor: Any, reason: str
) -> BudgetDocument:
    """Take a document off the portal; its versions and the DIP entry's history stay."""
    require(permissions.can_manage_document(actor, budget_document))
    budget_document = _lock(budget_document)
    text = " ".join((reason or "").split())
    if not text:
        field_error("reason", _("Tuliskan alasan penarikan."))
    if not budget_document.document.is_active:
        raise InvalidTransition(_("Dokumen sudah ditarik."), code="document_withdrawn")
    registry_services.document_deactivate(
        document=budget_document.document, actor=actor, reason=text
    )
    budget_document.updated_at = timezone.now()
    budget_document.save(update_fields=["updated_at"])
    _event(Kind.DOCUMENT_WITHDRAWN, budget_document=budget_document, actor=actor, note=text)
    return budget_document


def upload_result_for_key(actor: Any, body: PublicBody, key: str | None) -> UploadResult | None:
    """What an earlier upload with this idempotency key stored (a repeated confirmation)."""
    if not key or not getattr(actor, "pk", None):
        return None
    rows = BudgetIdempotencyKey.objects.filter(
        key=key,
        scope__in=[f"budget:{actor.pk}:{body.pk}", f"budget_doc:{actor.pk}:{body.pk}"],
    ).select_related("budget_import", "budget_document")
    found = UploadResult(budget_import=None, budget_document=None)
    for row in rows:
        found.budget_import = found.budget_import or row.budget_import
        found.budget_document = found.budget_document or row.budget_document
    if found.budget_import is None and found.budget_document is None:
        return None
    return found


# --- One upload: the numbers and the file ----------------------------------------------------


def upload(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit,
    year: int,
    kind: str,
    data: bytes,
    filename: str,
    import_lines: bool = True,
    publish_document: bool = True,
    mapping: Mapping[str, str] | None = None,
    header_row: int = 1,
    replace: bool = False,
    idempotency_key: str | None = None,
    title: str = "",
    bpk_opinion: str = "",
    note: str = "",
) -> UploadResult:
    """Import a file's lines and/or release it as a budget document, in one transaction.

    What already exists for the body, unit, year and kind (an active import, a document) is
    named in one `Conflict` (409, `budget_exists`, details `existing_import` and
    `existing_document`) unless `replace=True`, so the officer confirms once. A repeated
    `idempotency_key` answers the first upload's result.
    """
    require(permissions.can_import_budget(actor, body, unit))
    if not (import_lines or publish_document):
        field_error(
            "publish_document",
            _("Pilih setidaknya satu: impor baris anggaran atau terbitkan dokumen."),
        )
    check_year(year)
    check_kind(kind)
    if publish_document:
        _check_opinion(kind, bpk_opinion)
        if len((note or "").strip()) > MAX_NOTE:
            field_error("note", _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE})
    repeat = bool(idempotency_key) and (
        BudgetIdempotencyKey.objects.filter(
            scope__in=[f"budget:{actor.pk}:{body.pk}", f"budget_doc:{actor.pk}:{body.pk}"],
            key=idempotency_key,
        ).exists()
    )
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).exists()
        if not replace and not repeat:
            existing_import = (
                selectors.import_get_active(body, unit, year, kind) if import_lines else None
            )
            existing_document = (
                BudgetDocument.objects.select_related("document__current")
                .filter(body=body, unit=unit, year=year, kind=kind)
                .first()
                if publish_document
                else None
            )
            if existing_import is not None or existing_document is not None:
                raise Conflict(
                    _(
                        "Sudah ada %(kind)s %(year)d untuk unit ini. Konfirmasi untuk "
                        "menggantinya; yang lama tetap tersimpan sebagai riwayat."
                    )
                    % {"kind": BudgetKind(kind).label, "year": year},
                    code="budget_exists",
                    existing_import=(
                        import_summary(existing_import) if existing_import is not None else None
                    ),
                    existing_document=(
                        document_summary(existing_document)
                        if existing_document is not None
                        else None
                    ),
                )
        imported = (
            budget_import(
                actor=actor,
                body=body,
                unit=unit,
                year=year,
                kind=kind,
                data=data,
                filename=filename,
                mapping=mapping,
                header_row=header_row,
                replace=replace,
                idempotency_key=idempotency_key,
                note=note,
            )
            if import_lines
            else None
        )
        document = (
            document_upload(
                actor=actor,
                body=body,
                unit=unit,
                year=year,
                kind=kind,
                data=data,
                filename=filename,
                title=title,
                bpk_opinion=bpk_opinion,
                budget_import=imported,
                replace=replace,
                idempotency_key=idempotency_key,
                note=note,
            )
            if publish_document
            else None
        )
    return UploadResult(budget_import=imported, budget_document=document)
