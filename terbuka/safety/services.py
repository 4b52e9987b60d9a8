"""The safe-release scanner: scan a file, strip its metadata, supersede or override findings.

Severity policy: anything that can leak is BLOCKING; INFO is kept for what cannot harm or what
`strip_metadata` removes before publication (the registry and the answer gate strip first and
scan the stripped bytes):

- INFO: author metadata in DOCX/XLSX/ODF, PDF /Info and XMP metadata, image EXIF and GPS, and a
  PDF's earlier revisions when the PDF will be rewritten; OCR text layers over scanned pages;
  landline numbers and institutional e-mail addresses; and, following Alaveteli, named ranges,
  external links without cached values or up to 50 hidden rows when that is the only
  structural spreadsheet finding.
- BLOCKING: hidden and very hidden sheets, hidden columns with data, more hidden rows, pivot
  caches, data models, named ranges pointing at hidden data or other workbooks, external links
  with cached values, comments, macros, tracked changes, hidden text, embedded files, PDF
  annotations, invisible text, text under boxes, earlier PDF revisions that differ and cannot be
  rewritten (signed or encrypted), NIK, NPWP, mobile numbers and personal e-mail addresses,
  unreadable files or parts; and any metadata that `strip_metadata` cannot remove.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.core.exceptions import InvalidTransition, ValidationError
from terbuka.core.service_helpers import actor_or_none
from terbuka.safety.detect import Detected, detect_type
from terbuka.safety.models import Finding, FindingLog, FindingStatus, Scan
from terbuka.safety.scanners import FindingDraft, scan
from terbuka.safety.scanners.strip import strip_bytes

__all__ = [
    "MAX_FILE_BYTES",
    "SCANNER_VERSION",
    "FindingDraft",
    "ScanResult",
    "finding_override",
    "scan_bytes",
    "scan_file",
    "scan_supersede",
    "strip_metadata",
]

SCANNER_VERSION = "1.0"
MAX_FILE_BYTES = 25 * 1024 * 1024
MIN_REASON_LENGTH = 10


@dataclass(frozen=True)
class ScanResult:
    scan: Scan
    detected: Detected
    text: str


def max_file_bytes() -> int:
    return int(getattr(settings, "TERBUKA_MAX_UPLOAD_BYTES", MAX_FILE_BYTES))


def scan_bytes(data: bytes, filename: str) -> tuple[Detected, list[FindingDraft], str]:
    """Everything `scan_file` does except saving: size check, type detection and scanners."""
    limit = max_file_bytes()
    if len(data) > limit:
        raise ValidationError(
            _("Berkas terlalu besar (%(size)s MB); paling besar %(limit)s MB.")
            % {
                "size": f"{len(data) / (1024 * 1024):.1f}",
                "limit": f"{limit / (1024 * 1024):.0f}",
            },
            code="file_too_large",
            size=len(data),
            limit=limit,
        )
    detected = detect_type(data, filename)
    findings, text = scan(data, detected)
    return detected, findings, text


def scan_file(*, data: bytes, filename: str, actor: Any = None) -> ScanResult:
    """Scan a file and save the scan with its findings (nothing is saved when it is refused)."""
    started = time.perf_counter()
    detected, drafts, text = scan_bytes(data, filename)
    duration = int((time.perf_counter() - started) * 1000)
    with transaction.atomic():
        scan_row = Scan.objects.create(
            filename=filename[:255],
            file_type=detected.kind,
            content_type=detected.content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            scanner_version=SCANNER_VERSION,
            duration_ms=duration,
            created_by=actor_or_none(actor),
        )
        Finding.objects.bulk_create(
            Finding(
                scan=scan_row,
                kind=draft.kind,
                severity=draft.severity,
                detail=draft.detail[:500],
                location=draft.location[:200],
                count=draft.count,
                masked_sample=draft.masked_sample[:100],
            )
            for draft in drafts
        )
    return ScanResult(scan=scan_row, detected=detected, text=text)


def strip_metadata(*, data: bytes, detected: Detected) -> bytes:
    """Metadata-free bytes where that is safe (see scanners/strip.py), else `data` unchanged."""
    return strip_bytes(data, detected.kind)


@transaction.atomic
def scan_supersede(*, scan: Scan | None, replacement: Scan, actor: Any) -> None:
    """A newer scan replaces `scan`: its open findings are closed as superseded."""
    if scan is None or scan.pk == replacement.pk:
        return
    scan.superseded_by = replacement
    scan.save(update_fields=["superseded_by"])
    now = timezone.now()
    who = actor_or_none(actor)
    findings = list(
        Finding.objects.select_for_update()
        .filter(scan=scan, status=FindingStatus.OPEN)
        .order_by("pk")
    )
    for finding in findings:
        finding.status = FindingStatus.SUPERSEDED
        finding.resolved_at = now
        finding.resolved_by = who
    Finding.objects.bulk_update(findings, ["status", "resolved_at", "resolved_by"])
    FindingLog.objects.bulk_create(
        FindingLog(
            finding=finding,
            action=FindingLog.Action.SUPERSEDED,
            actor=who,
            replacement=replacement,
        )
        for finding in findings
    )


@transaction.atomic
def finding_override(*, finding: Finding, actor: Any, reason: str) -> Finding:
    """Close an open finding with a written reason (the caller checks who may do so)."""
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Tuliskan alasan pengecualian, paling sedikit %(count)d karakter.")
            % {"count": MIN_REASON_LENGTH},
            code="reason_required",
        )
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if locked.status != FindingStatus.OPEN:
        raise InvalidTransition(
            _("Temuan ini sudah diselesaikan dan tidak dapat dikecualikan lagi."),
            code="finding_not_open",
        )
    who = actor_or_none(actor)
    locked.status = FindingStatus.OVERRIDDEN
    locked.resolved_at = timezone.now()
    locked.resolved_by = who
    locked.resolution_reason = reason
    locked.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_reason"])
    FindingLog.objects.create(
        finding=locked, action=FindingLog.Action.OVERRIDDEN, actor=who, reason=reason
    )
    return locked
