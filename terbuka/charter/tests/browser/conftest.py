"""Browser tests of the service information (the live server and Chromium: root conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _fast_accessible_formats(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Instant stand-ins for espeak-ng, liblouis and WeasyPrint, files in the test's folder.

    The real generators take 10-25 s a text on this machine; the pages, not the generators,
    are under test here (terbuka/accessible tests the generators).
    """
    from typing import Any

    from django.core.files.storage import FileSystemStorage

    from terbuka.accessible import generators, services
    from terbuka.accessible.models import AccessibleFile

    content_types: dict[str, tuple[str, str]] = {
        AccessibleFile.Format.AUDIO: ("audio/ogg", "ogg"),
        AccessibleFile.Format.LARGE_PRINT: ("application/pdf", "pdf"),
    }

    def make(file_format: str) -> Any:
        content_type, ext = content_types.get(file_format, ("text/plain; charset=utf-8", "txt"))

        def generate(version: Any) -> generators.Output:
            return generators.Output(version.text.encode(), content_type, ext, "fake", 1.5)

        return generate

    monkeypatch.setattr(services, "GENERATORS", {f: make(f) for f in AccessibleFile.Format})
    field = AccessibleFile._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=str(tmp_path / "private")))
