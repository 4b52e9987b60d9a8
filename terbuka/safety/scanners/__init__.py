"""The scanners of `terbuka.safety`, one module per family of formats.

`scan(data, detected)` runs the right one and returns the findings (personal data last) and the
searchable text. Zip-based formats pass the archive-bomb guard first; refusals are raised as
`terbuka.core.exceptions.ValidationError`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from terbuka.safety.detect import Detected
from terbuka.safety.models import FindingKind
from terbuka.safety.scanners.archive import Archive, Unreadable
from terbuka.safety.scanners.base import FindingDraft, Report
from terbuka.safety.scanners.spreadsheet import scan_ods, scan_xlsx
from terbuka.safety.scanners.text import scan_text
from terbuka.safety.scanners.wordproc import scan_docx, scan_odt

__all__ = ["FindingDraft", "scan"]

_ARCHIVE_SCANNERS: dict[str, Callable[[Archive, Report], None]] = {
    "xlsx": scan_xlsx,
    "xlsm": scan_xlsx,
    "ods": scan_ods,
    "docx": scan_docx,
    "odt": scan_odt,
}


def scan(data: bytes, detected: Detected) -> tuple[list[FindingDraft], str]:
    """Findings and searchable text of a file whose type was detected."""
    report = Report()
    kind = detected.kind
    if kind in _ARCHIVE_SCANNERS:
        try:
            archive = Archive(data)
        except Unreadable:
            report.add(
                FindingKind.UNREADABLE,
                _("Arsip berkas rusak atau tidak dapat dibaca, sehingga tidak dapat diperiksa."),
            )
        else:
            _ARCHIVE_SCANNERS[kind](archive, report)
    elif kind == "pdf":
        # The PDF and image scanners load pypdf and Pillow: only when such a file comes in.
        from terbuka.safety.scanners.pdf import scan_pdf

        scan_pdf(data, report)
    elif kind in ("jpeg", "png", "webp"):
        from terbuka.safety.scanners.image import scan_image

        scan_image(data, kind, report)
    else:
        scan_text(data, report)
    return report.finish()
