"""One world per test session (per xdist worker), built inside a transaction rolled back at the end.

Each test then runs in a savepoint of that transaction (pytest-django's `db`), so the world is
shared by all of the worker's tests without being rebuilt, and nothing leaks between tests. A
module that adds to the world (the personal-data crawl) does so in a savepoint of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test.utils import override_settings

from terbuka.qa.world import World, build_world


@pytest.fixture(scope="session")
def _world_files(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Uploaded and private files of the world, kept for all of the session's tests."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("qa-world")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private"), "base_url": None},
        },
    }
    with override_settings(
        MEDIA_ROOT=root / "media", PRIVATE_ROOT=root / "private", STORAGES=storages
    ):
        yield root


@pytest.fixture(autouse=True)
def _media_roots(_world_files: Path) -> None:
    """Replace the root conftest's per-test folders: the world's files must stay readable."""


@pytest.fixture(scope="session")
def world(django_db_setup: None, django_db_blocker: Any, _world_files: Path) -> Iterator[World]:
    from django.core.cache import cache
    from django.utils import translation

    from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY

    with django_db_blocker.unblock(), translation.override("id"):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build_world()
            cache.clear()
            cache.set(ANNOUNCEMENTS_CACHE_KEY, [], None)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
