"""The release gate for answer documents: the safety scanner of `terbuka.safety`.

Every file attached to an answer is stripped of metadata where that is safe, then scanned
(hidden spreadsheet parts, tracked changes, PDF layers, EXIF/GPS, NIK and other personal data
patterns). It reaches the requester only while its scan has no open blocking finding
(`ResponseDocument.release_cleared`); a PPID Utama may override a finding with a written reason
(`services.request_document_override`), or the officer withdraws the file and attaches a cleaned
one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from terbuka.safety import services as safety_services
from terbuka.safety.detect import detect_type
from terbuka.safety.models import Scan
from terbuka.safety.selectors import findings_as_payload, scan_findings, scan_is_clear


@dataclass(frozen=True)
class ReleaseResult:
    """Whether a document may be released, with the findings that decided it."""

    cleared: bool
    scan: Scan
    data: bytes
    text: str
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_report(self) -> dict[str, Any]:
        return {
            "cleared": self.cleared,
            "findings": self.findings,
            "scanner": self.scan.scanner_version,
        }


def release_scan(*, data: bytes, filename: str, actor: Any) -> ReleaseResult:
    """Strip metadata where safe and scan the bytes that will be stored and released.

    Raises `ValidationError` for a file type that is not allowed, a name that lies about the
    content, a file too large or an archive bomb.
    """
    detected = detect_type(data, filename)
    stripped = safety_services.strip_metadata(data=data, detected=detected)
    result = safety_services.scan_file(data=stripped, filename=filename, actor=actor)
    return ReleaseResult(
        cleared=scan_is_clear(result.scan),
        scan=result.scan,
        data=stripped,
        text=result.text,
        findings=findings_as_payload(scan_findings(result.scan)),
    )


def release_report(scan: Scan) -> dict[str, Any]:
    """The report of a scan as it stands now (after overrides)."""
    return {
        "cleared": scan_is_clear(scan),
        "findings": findings_as_payload(scan_findings(scan)),
        "scanner": scan.scanner_version,
    }
