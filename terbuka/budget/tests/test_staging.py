"""Staged uploads: kept for their user only, named by a strict token, removed after a day."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

from terbuka.budget import staging
from terbuka.core import daily
from terbuka.core.exceptions import NotFound

pytestmark = pytest.mark.django_db


def test_stage_and_load(unit_officer: Any) -> None:
    token = staging.stage(unit_officer, b"kode_rekening;uraian\n", "lra 2025.csv")
    assert str(uuid.UUID(token)) == token
    storage = storages["private"]
    assert storage.exists(f"budget/staged/{token}")
    with storage.open(f"budget/staged/{token}.json") as handle:
        meta = json.loads(handle.read())
    assert meta["user"] == unit_officer.pk
    assert meta["filename"] == "lra 2025.csv"
    assert staging.load(unit_officer, token) == (b"kode_rekening;uraian\n", "lra 2025.csv")
    assert staging.filename_of(unit_officer, token) == "lra 2025.csv"


def test_another_users_token_is_not_found(unit_officer: Any, other_officer: Any) -> None:
    token = staging.stage(unit_officer, b"data", "lra.csv")
    with pytest.raises(NotFound):
        staging.load(other_officer, token)
    with pytest.raises(NotFound):
        staging.discard(other_officer, token)
    assert staging.load(unit_officer, token) == (b"data", "lra.csv")


@pytest.mark.parametrize(
    "token",
    [
        "../x",
        "../../settings.py",
        "",
        "not-a-uuid",
        "0F8FAD5B-D9CB-469F-A165-70867728950E",  # a UUID, but not in canonical form
        "{0f8fad5b-d9cb-469f-a165-70867728950e}",
        "6f1c2b0e-3d4a-4e5f-8a9b-0c1d2e3f4a5b",  # well formed, never staged
    ],
)
def test_malformed_or_unknown_tokens_are_not_found(unit_officer: Any, token: str) -> None:
    with pytest.raises(NotFound):
        staging.load(unit_officer, token)
    with pytest.raises(NotFound):
        staging.discard(unit_officer, token)


def test_discard_removes_the_file_and_its_sidecar(unit_officer: Any) -> None:
    token = staging.stage(unit_officer, b"data", "lra.csv")
    staging.discard(unit_officer, token)
    storage = storages["private"]
    assert not storage.exists(f"budget/staged/{token}")
    assert not storage.exists(f"budget/staged/{token}.json")
    with pytest.raises(NotFound):
        staging.load(unit_officer, token)


def test_cleanup_removes_files_staged_before_yesterday(unit_officer: Any) -> None:
    today = timezone.localdate()
    assert staging.cleanup(today) == 0  # nothing staged yet: no folder
    kept = staging.stage(unit_officer, b"new", "baru.csv")
    old = staging.stage(unit_officer, b"old", "lama.csv")
    storage = storages["private"]
    meta_path = f"budget/staged/{old}.json"
    with storage.open(meta_path) as handle:
        meta = json.loads(handle.read())
    meta["created_at"] = (timezone.now() - timedelta(days=2)).isoformat()
    storage.delete(meta_path)
    storage.save(meta_path, ContentFile(json.dumps(meta).encode()))
    # A sidecar whose file never arrived.
    orphan = str(uuid.uuid4())
    storage.save(f"budget/staged/{orphan}.json", ContentFile(json.dumps(meta).encode()))
    assert staging.cleanup(today) == 2
    assert staging.load(unit_officer, kept) == (b"new", "baru.csv")
    assert not storage.exists(f"budget/staged/{old}")
    assert not storage.exists(meta_path)
    assert not storage.exists(f"budget/staged/{orphan}.json")
    assert staging.cleanup(today + timedelta(days=2)) == 1
    assert storage.listdir("budget/staged") == ([], [])


def test_daily_job_reports_removed_uploads(unit_officer: Any) -> None:
    jobs = dict(daily.daily_jobs())
    staging.stage(unit_officer, b"data", "lra.csv")
    assert jobs["budget"](timezone.localdate()) == {"staged_removed": 0}
    assert jobs["budget"](timezone.localdate() + timedelta(days=2)) == {"staged_removed": 1}
