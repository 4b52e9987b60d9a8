"""Fixtures shared by every app's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings


@pytest.fixture(autouse=True)
def _media_roots(settings: LazySettings, tmp_path: Path) -> None:
    """Keep uploaded and private files of each test in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _language(settings: LazySettings) -> Any:
    """Run every test in the source language unless it asks otherwise."""
    from django.utils import translation

    with translation.override("id"):
        yield
