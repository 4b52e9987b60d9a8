"""Small helpers over `scan_bytes` for the scanner tests (no database needed)."""

from __future__ import annotations

from terbuka.safety.scanners.base import FindingDraft
from terbuka.safety.services import scan_bytes


def scan(data: bytes, filename: str) -> list[FindingDraft]:
    return scan_bytes(data, filename)[1]


def kinds(findings: list[FindingDraft]) -> dict[str, str]:
    """kind -> severity (the most severe when a kind appears twice)."""
    result: dict[str, str] = {}
    for finding in findings:
        if result.get(finding.kind) != "blocking":
            result[finding.kind] = finding.severity
    return result


def one(findings: list[FindingDraft], kind: str, severity: str | None = None) -> FindingDraft:
    matching = [
        f for f in findings if f.kind == kind and (severity is None or f.severity == severity)
    ]
    assert len(matching) == 1, (kind, findings)
    return matching[0]


def blocking(findings: list[FindingDraft]) -> list[FindingDraft]:
    return [f for f in findings if f.severity == "blocking"]
