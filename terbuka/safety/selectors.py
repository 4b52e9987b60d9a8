"""Reads of scans and findings: what still blocks a release, and the API payload of findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from terbuka.safety.models import Finding, FindingStatus, Scan, Severity


def scan_open_blocking(scan: Scan | None) -> QuerySet[Finding]:
    """The open blocking findings of a scan (empty for a clear scan)."""
    if scan is None:
        return Finding.objects.none()
    return Finding.objects.filter(
        scan=scan, status=FindingStatus.OPEN, severity=Severity.BLOCKING
    ).order_by("pk")


def scan_is_clear(scan: Scan | None) -> bool:
    """True when nothing blocks releasing the file this scan looked at."""
    return scan is not None and not scan_open_blocking(scan).exists()


def scan_findings(scan: Scan) -> QuerySet[Finding]:
    """Every finding of a scan, for the officer's review page."""
    return Finding.objects.filter(scan=scan).order_by("severity", "pk")


def findings_as_payload(findings: Iterable[Finding]) -> list[dict[str, Any]]:
    """Findings as JSON-safe dicts; the masked sample only, never the personal data itself."""
    return [
        {
            "kind": finding.kind,
            "kind_label": str(finding.get_kind_display()),
            "severity": finding.severity,
            "status": finding.status,
            "detail": finding.detail,
            "location": finding.location,
            "count": finding.count,
            "masked_sample": finding.masked_sample,
        }
        for finding in findings
    ]
