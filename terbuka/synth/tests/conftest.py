"""The tiny synthetic world shared by a test module, with its private files.

The models' file fields evaluate their storage once, when the models load, so the per-test
private folder of the root conftest does not reach them: these fixtures point the fields and
the "private" storage at one temporary folder, for as long as the world's files are needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import FileField
from django.test import override_settings

from terbuka.budget.models import BudgetImport
from terbuka.monev.models import Evidence
from terbuka.registry.models import DocumentVersion
from terbuka.synth.tests.worlds import generate_tiny

FILE_MODELS = (DocumentVersion, BudgetImport, Evidence)


def _private(settings: Any, folder: Path) -> dict[str, Any]:
    return {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder), "base_url": None},
        },
    }


@contextmanager
def private_files_in(folder: Path) -> Iterator[None]:
    """Keep every private file (the file fields' and the "private" storage's) in `folder`."""
    from django.conf import settings

    fields = [model._meta.get_field("file") for model in FILE_MODELS]
    assert all(isinstance(field, FileField) for field in fields)
    saved = [field.storage for field in fields]
    try:
        for field in fields:
            field.storage = FileSystemStorage(location=str(folder))
        with override_settings(STORAGES=_private(settings, folder)):
            yield
    finally:
        for field, storage in zip(fields, saved, strict=True):
            field.storage = storage


@pytest.fixture(scope="module")
def tiny_private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("synthetic-private")
    with private_files_in(folder):
        yield folder


@pytest.fixture(scope="module")
def tiny(django_db_setup: None, django_db_blocker: Any, tiny_private: Path) -> Iterator[str]:
    """One tiny world for the module, built once and rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = generate_tiny()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def tiny_storage(tiny_private: Path, _media_roots: None) -> Iterator[None]:
    """Point the private storage and the file fields at the tiny world's files (after the
    root conftest pointed them at this test's folder)."""
    with private_files_in(tiny_private):
        yield


@pytest.fixture
def private_files(tmp_path: Path, _media_roots: None) -> Iterator[Path]:
    """This test's private files, the file fields' included, in one temporary folder."""
    with private_files_in(tmp_path / "synthetic-private"):
        yield tmp_path / "synthetic-private"
