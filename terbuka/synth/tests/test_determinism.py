from __future__ import annotations

import pytest
from django.core.files.storage import storages

from terbuka.registry.models import DocumentVersion
from terbuka.synth import files
from terbuka.synth.tests.worlds import digest, generate_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]


def _stored() -> list[str]:
    store = storages["private"]
    found: list[str] = []
    pending = [files.ROOT]
    while pending:
        folder = pending.pop()
        if not store.exists(folder):
            continue
        folders, names = store.listdir(folder)
        found += [f"{folder}/{name}" for name in names]
        pending += [f"{folder}/{sub}" for sub in folders]
    return sorted(found)


def test_same_seed_gives_the_same_rows() -> None:
    generate_tiny()
    first = digest()
    written = _stored()
    output = generate_tiny("--replace")
    assert "Removed the synthetic world" in output
    assert digest() == first
    assert _stored() == written
    generate_tiny("--replace", "--seed=7")
    assert digest() != first


def test_without_files_the_rows_are_the_same() -> None:
    output = generate_tiny()
    first = digest()
    written = _stored()
    names = set(DocumentVersion.objects.values_list("file", flat=True))
    assert names <= set(written)
    assert "files (private storage, sintetis/)" in output
    output = generate_tiny("--replace", "--no-files")
    assert "files (private storage" not in output
    assert digest() == first
    assert _stored() == []  # removed with the world, none written
