"""CSV and plain text: decoded, then checked for personal data line by line."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from django.utils.translation import gettext as _

from terbuka.safety.detect import decode_text
from terbuka.safety.scanners.base import Report


def line_locator(text: str) -> Callable[[int], str]:
    """offset -> 'baris N', with the line starts computed once, on the first call."""
    starts: list[int] = []

    def locate(offset: int) -> str:
        if not starts:
            starts.append(0)
            starts.extend(match.end() for match in re.finditer("\n", text))
        return _("baris %(line)d") % {"line": bisect.bisect_right(starts, offset)}

    return locate


def scan_text(data: bytes, report: Report) -> None:
    text = decode_text(data)
    if text is None:
        text = data.decode("utf-8", "replace")
    report.text(text, line_locator(text))
