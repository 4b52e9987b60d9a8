"""The release gate for answer documents.

Every `ResponseDocument` passes `release_check` before it can reach a requester
(`services.request_attach_document` stores the result in `release_cleared` and
`release_report`). Today the check passes everything. This is the one place where the safety
scanner of issue 5 (hidden spreadsheet data, PDF metadata and text layers under redactions,
NIK patterns) plugs in: replace the body of `release_check`, keep its signature.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from terbuka.inforequests.models import ResponseDocument


@dataclass(frozen=True)
class ReleaseResult:
    """Whether a document may be released, with the findings that decided it."""

    cleared: bool
    findings: list[dict[str, Any]] = field(default_factory=list)

    def as_report(self) -> dict[str, Any]:
        return {"cleared": self.cleared, "findings": self.findings, "scanner": "none"}


def release_check(document: ResponseDocument) -> ReleaseResult:
    """Decide whether the document may be released to the requester (passes all for now)."""
    # TODO(#5): run the release scanner here.
    return ReleaseResult(cleared=True)
