"""Every write of the service reports: the PPID's narrative, a request for a report, and the
background job that generates the report and publishes it in the DIP.

UU 14/2008 Pasal 12: every body reports yearly on its information service (requests received,
time taken, granted and refused, reasons for refusal); Perki 1/2021 gives the report's chapters.
The report's files are DIP documents of one entry per body or unit and period, information
available at any time (UU 14/2008 Pasal 11(1) huruf h), so they pass the DIP's release scan.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import unit_ppid_utama
from terbuka.core.exceptions import Conflict, DomainError, PermissionDenied, ValidationError
from terbuka.core.service_helpers import actor_or_none, claim_key, field_error, require
from terbuka.registry import services as registry_services
from terbuka.registry.models import AvailableForm, InfoClass, InformationEntry, LegalCategory
from terbuka.registry.states import EntryStatus
from terbuka.reports import documents, facts, figures, permissions
from terbuka.reports.models import (
    ReportEvent,
    ReportIdempotencyKey,
    ReportNarrative,
    ReportStatus,
    ServiceReport,
)

logger = logging.getLogger(__name__)
Kind = ReportEvent.Kind

# The longest text a chapter takes (about ten pages of the PDF each).
MAX_CHAPTER = 20_000
ACTIVE_STATUSES = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def _event(
    kind: str,
    *,
    body: PublicBody | None,
    actor: Any = None,
    report: ServiceReport | None = None,
    narrative: ReportNarrative | None = None,
    data: dict[str, Any] | None = None,
) -> ReportEvent:
    return ReportEvent.objects.create(
        kind=kind,
        body=body,
        report=report,
        narrative=narrative,
        actor=actor_or_none(actor),
        data=data or {},
        occurred_at=timezone.now(),
    )


def _digest(payload: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def check_report_period(year: Any, semester: Any) -> figures.Period:
    """Return the period of a report, or raise `ValidationError` on the field at fault."""
    try:
        period = figures.check_period(year, semester)
    except ValueError as exc:
        field_error(getattr(exc, "field", "year"), str(exc))
    if period.first > timezone.localdate():
        field_error("year", _("Periode laporan belum dimulai."))
    return period


def _check_unit(body: PublicBody, unit: Unit | None) -> None:
    if unit is not None and unit.body_id != body.pk:
        field_error("unit", _("Unit ini bukan bagian dari badan publik yang dipilih."))


def _period_filter(body: PublicBody, unit: Unit | None, period: figures.Period) -> dict[str, Any]:
    where: dict[str, Any] = {"body": body, "year": period.year, "semester": period.semester}
    if unit is None:
        where["unit__isnull"] = True
    else:
        where["unit"] = unit
    return where


def narrative_get(
    body: PublicBody, unit: Unit | None, period: figures.Period
) -> ReportNarrative | None:
    """Return the narrative of a body or unit for a period, if one was written."""
    return ReportNarrative.objects.filter(**_period_filter(body, unit, period)).first()


# --- Narratives --------------------------------------------------------------------------------


@transaction.atomic
def narrative_save(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit | None,
    year: Any,
    semester: Any,
    idempotency_key: str | None = None,
    **chapters: str,
) -> ReportNarrative:
    """Save the chapters the PPID writes for a report (Perki 1/2021 chapters I, II, IV, V).

    Chapters not given keep their text. A repeated `idempotency_key` with the same text returns
    the narrative without a second save (a form sent twice).
    """
    unknown = set(chapters) - set(documents.CHAPTER_FIELDS)
    if unknown:
        raise ValueError(f"Unknown chapters: {sorted(unknown)}")
    _check_unit(body, unit)
    require(permissions.can_write_report(actor, body, unit))
    period = check_report_period(year, semester)
    cleaned = {name: (text or "").strip().replace("\r\n", "\n") for name, text in chapters.items()}
    too_long = {
        name: [
            _("Bagian ini paling banyak %(n)s karakter (sekarang %(length)s).")
            % {"n": f"{MAX_CHAPTER:,}".replace(",", "."), "length": len(text)}
        ]
        for name, text in cleaned.items()
        if len(text) > MAX_CHAPTER
    }
    if too_long:
        raise ValidationError(_("Ada bagian narasi yang terlalu panjang."), fields=too_long)
    where = _period_filter(body, unit, period)
    digest = _digest(
        {"unit": unit.pk if unit else None, "year": period.year, "sem": period.semester, **cleaned}
    )
    if idempotency_key:
        scope = f"narrative:{actor.pk}:{body.pk}"
        earlier = (
            ReportIdempotencyKey.objects.select_for_update()
            .filter(scope=scope, key=idempotency_key)
            .first()
        )
        if earlier is not None:
            if earlier.payload_hash != digest:
                raise ValidationError(
                    _("Formulir ini sudah pernah dikirim dengan isi lain; muat ulang halaman."),
                    code="idempotency_key_reused",
                )
            existing = ReportNarrative.objects.filter(**where).first()
            if existing is not None:
                return existing
        else:
            ReportIdempotencyKey.objects.create(
                scope=scope, key=idempotency_key, payload_hash=digest
            )
    narrative = ReportNarrative.objects.select_for_update().filter(**where).first()
    if narrative is None:
        narrative = ReportNarrative(
            body=body, unit=unit, year=period.year, semester=period.semester
        )
    changed = [name for name, text in cleaned.items() if getattr(narrative, name) != text]
    for name in changed:
        setattr(narrative, name, cleaned[name])
    narrative.updated_by = actor_or_none(actor)
    narrative.save()
    _event(
        Kind.NARRATIVE_SAVED,
        body=body,
        actor=actor,
        narrative=narrative,
        data={
            "unit": unit.pk if unit else None,
            "year": period.year,
            "semester": period.semester,
            "changed": changed,
        },
    )
    return narrative


# --- Asking for a report -----------------------------------------------------------------------


def _enqueue(report_id: int) -> None:
    from terbuka.reports.report_tasks import generate_report as generate_report_task

    generate_report_task.enqueue(report_id)


@transaction.atomic
def report_request(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit | None,
    year: Any,
    semester: Any,
    idempotency_key: str | None = None,
) -> ServiceReport:
    """Queue the generation of a service report; the task worker builds and publishes it.

    While a report of the same body, unit and period is queued or running, that report is
    returned instead of a second one (a double submit never starts two jobs).
    """
    _check_unit(body, unit)
    require(permissions.can_write_report(actor, body, unit))
    period = check_report_period(year, semester)
    where = _period_filter(body, unit, period)
    key_row, repeated = claim_key(
        ReportIdempotencyKey,
        "report",
        f"report:{actor.pk}:{body.pk}",
        idempotency_key,
        _digest({"unit": unit.pk if unit else None, "year": period.year, "sem": period.semester}),
        reused=_("Formulir ini sudah pernah dikirim untuk laporan lain; muat ulang halaman."),
        pending=_("Permintaan laporan dengan formulir ini sedang diproses."),
    )
    if repeated is not None:
        return repeated  # type: ignore[no-any-return]
    # The body row serialises requests of one body, so two submits never both queue a job.
    PublicBody.objects.select_for_update().filter(pk=body.pk).exists()
    report = ServiceReport.objects.filter(status__in=ACTIVE_STATUSES, **where).first()
    if report is None:
        report = ServiceReport.objects.create(
            body=body,
            unit=unit,
            year=period.year,
            semester=period.semester,
            status=ReportStatus.QUEUED,
            stage=_("Menunggu giliran"),
            requested_by=actor_or_none(actor),
            requested_at=timezone.now(),
        )
        _event(
            Kind.REPORT_REQUESTED,
            body=body,
            actor=actor,
            report=report,
            data={
                "unit": unit.pk if unit else None,
                "year": period.year,
                "semester": period.semester,
            },
        )
        report_id = report.pk
        transaction.on_commit(lambda: _enqueue(report_id))
    if key_row is not None:
        key_row.report = report
        key_row.save(update_fields=["report"])
    return report


# --- The job -----------------------------------------------------------------------------------


def _stage(report_id: int, progress: int, stage: str) -> None:
    """Save the job's progress in its own short transaction, so the report page shows it."""
    with transaction.atomic():
        ServiceReport.objects.filter(pk=report_id).update(progress=progress, stage=stage)


def _claim(report_id: int) -> ServiceReport | None:
    with transaction.atomic():
        report = (
            ServiceReport.objects.select_for_update(of=("self",))
            .select_related("body", "unit", "requested_by")
            .filter(pk=report_id)
            .first()
        )
        if report is None or report.status != ReportStatus.QUEUED:
            return None
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.progress = 1
        report.stage = _("Dimulai")
        report.save(update_fields=["status", "started_at", "progress", "stage"])
        return report


def _entry_values(report: ServiceReport, holder: Unit, title: str) -> dict[str, Any]:
    body = report.body
    with translation.override("id"):
        responsible = (
            _("PPID Pelaksana %(unit)s") % {"unit": report.unit.name}
            if report.unit is not None
            else _("PPID Utama %(body)s") % {"body": body.name}
        )
        summary = _(
            "Laporan layanan informasi publik: jumlah permohonan yang diterima, waktu yang "
            "diperlukan, permohonan yang dikabulkan dan ditolak beserta alasannya, keberatan "
            "dan sengketa informasi, serta kebijakan, pelaksanaan, kendala dan rencana tindak "
            "lanjut layanan informasi (UU 14/2008 Pasal 12)."
        )
        return {
            "title": title[:300],
            "summary": summary,
            "info_class": InfoClass.SETIAP_SAAT,
            "legal_category": LegalCategory.P11_H,
            "tags": ["laporan layanan", "statistik permohonan"],
            "holder_official": holder.name[:200],
            "responsible_person": responsible[:200],
            "produced_when": _("Setiap semester dan setiap tahun"),
            "produced_where": body.name[:200],
            "available_forms": [AvailableForm.SOFTCOPY, AvailableForm.WEBSITE],
            "retention_period": _("Sesuai jadwal retensi arsip (JRA)"),
            "year": report.year,
            "update_every_months": None,
            "last_updated_on": None,
        }


def _entry_for(report: ServiceReport, actor: Any, title: str) -> InformationEntry:
    """The one DIP entry of the report's body or unit and period, created on the first run."""
    earlier = (
        ServiceReport.objects.filter(
            entry__isnull=False,
            **_period_filter(
                report.body, report.unit, figures.Period(report.year, report.semester)
            ),
        )
        .select_related("entry")
        .order_by("-id")
        .first()
    )
    if earlier is not None and earlier.entry is not None:
        return earlier.entry
    holder = report.unit or unit_ppid_utama(report.body)
    if holder is None:
        raise ValidationError(
            _("Badan publik ini belum punya unit PPID Utama untuk memegang laporannya di DIP."),
            code="no_ppid_utama",
        )
    return registry_services.entry_create(
        actor=actor, body=report.body, unit=holder, **_entry_values(report, holder, title)
    )


def _store(
    *, entry: InformationEntry, current: Any, actor: Any, title: str, data: bytes, filename: str
) -> Any:
    """Add the file as the entry's document, or as a new version of the earlier one."""
    if current is not None and current.entry_id == entry.pk and current.is_active:
        registry_services.document_add_version(
            document=current, actor=actor, data=data, filename=filename, note=title
        )
        return current
    return registry_services.document_add(
        entry=entry, actor=actor, title=title, data=data, filename=filename
    )


def _publish(report: ServiceReport, pdf: bytes, xlsx: bytes, title: str) -> bool:
    """Write the files into the DIP and publish the entry; one transaction, all or nothing.

    Returns whether the entry is public afterwards. A blocking finding of the release scan
    keeps it unpublished (`Conflict`), as for any other DIP document.
    """
    actor = report.requested_by
    if actor is None:
        raise PermissionDenied(_("Peminta laporan tidak lagi terdaftar."))
    period = figures.Period(report.year, report.semester)
    previous = (
        ServiceReport.objects.filter(
            status=ReportStatus.DONE, **_period_filter(report.body, report.unit, period)
        )
        .select_related("pdf_document", "xlsx_document")
        .order_by("-id")
        .first()
    )
    owner = report.unit.slug if report.unit is not None else report.body.slug
    name = slugify(f"laporan-layanan-{owner}-{report.year}")
    if report.semester:
        name += f"-s{report.semester}"
    with transaction.atomic():
        entry = _entry_for(report, actor, title)
        pdf_document = _store(
            entry=entry,
            current=previous.pdf_document if previous else None,
            actor=actor,
            title=f"{title} (PDF)",
            data=pdf,
            filename=f"{name}.pdf",
        )
        xlsx_document = _store(
            entry=entry,
            current=previous.xlsx_document if previous else None,
            actor=actor,
            title=f"{title} (XLSX)",
            data=xlsx,
            filename=f"{name}.xlsx",
        )
        entry.refresh_from_db()
        if entry.status != EntryStatus.PUBLISHED:
            try:
                with transaction.atomic():
                    registry_services.entry_publish(entry=entry, actor=actor)
            except Conflict:
                logger.info("Service report %s held by the release scan", report.pk)
            entry.refresh_from_db()
        report.entry = entry
        report.pdf_document = pdf_document
        report.xlsx_document = xlsx_document
        report.save(update_fields=["entry", "pdf_document", "xlsx_document"])
    return entry.status == EntryStatus.PUBLISHED


def _failure_message(exc: Exception) -> str:
    if isinstance(exc, PermissionDenied):
        return _(
            "Peminta laporan tidak berwenang menerbitkan laporan ini di DIP. Minta PPID yang "
            "berwenang membuat laporan lagi."
        )
    if isinstance(exc, DomainError):
        return exc.message
    return _(
        "Laporan gagal dibuat karena galat sistem (%(kind)s). Coba buat laporan lagi; bila "
        "terulang, hubungi admin."
    ) % {"kind": type(exc).__name__}


def report_generate(report_id: int) -> str:
    """Build a queued report's PDF and XLSX and publish them in the DIP; return its status.

    Each stage saves its progress on its own; any error leaves the report FAILED with a
    message and nothing in the DIP (the DIP part is one transaction).
    """
    report = _claim(report_id)
    if report is None:
        return ""
    try:
        _stage(report_id, 5, _("Memperbarui statistik permohonan"))
        facts.drain()
        _stage(report_id, 25, _("Menghitung angka layanan"))
        period = figures.check_period(report.year, report.semester)
        numbers = figures.service_figures(report.body, period, unit=report.unit)
        narrative = narrative_get(report.body, report.unit, period)
        with translation.override("id"):
            title = documents.report_title(numbers)
        _stage(report_id, 45, _("Menyusun PDF"))
        pdf = documents.render_pdf(numbers, narrative)
        _stage(report_id, 70, _("Menyusun XLSX"))
        xlsx = documents.render_xlsx(numbers, narrative)
        _stage(report_id, 85, _("Menerbitkan di DIP"))
        public = _publish(report, pdf, xlsx, title)
    except Exception as exc:
        logger.exception("Service report %s failed", report_id)
        return _fail(report, exc)
    with transaction.atomic():
        report.refresh_from_db()
        report.status = ReportStatus.DONE
        report.progress = 100
        report.stage = (
            _("Selesai dan terbit di DIP")
            if public
            else _("Selesai, tetapi belum terbit: ada temuan pemeriksaan berkas")
        )
        report.figures = numbers.as_json()
        report.finished_at = timezone.now()
        report.error = ""
        report.save(
            update_fields=["status", "progress", "stage", "figures", "finished_at", "error"]
        )
        data = {"entry": report.entry_id, "received": numbers.received, "public": public}
        _event(Kind.REPORT_DONE, body=report.body, report=report, data=data)
        if public:
            _event(Kind.REPORT_PUBLISHED, body=report.body, report=report, data=data)
    return report.status


def _fail(report: ServiceReport, exc: Exception) -> str:
    message = _failure_message(exc)
    with transaction.atomic():
        ServiceReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            stage=_("Gagal"),
            error=message,
            finished_at=timezone.now(),
        )
        _event(
            Kind.REPORT_FAILED,
            body=report.body,
            report=report,
            data={"error": message, "kind": type(exc).__name__},
        )
    return ReportStatus.FAILED
