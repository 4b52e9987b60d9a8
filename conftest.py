"""Fixtures shared by every app's tests."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

# pytest-django refuses database access to a test without the `django_db` mark or a fixture that
# needs `db`, so such a test behaves the same on every database: CI's second run, on PostgreSQL,
# leaves them out (`-m "not no_db"`). `tiny` (synth) and `world` (qa) unblock the database for a
# whole module.
_DB_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "live_server", "tiny", "world"}
)


# Live server with the demo, Debian's Chromium through Playwright (one for the session): the
# fixtures of every `tests/browser/` folder.
pytest_plugins = ["terbuka.portal.tests.browser.fixtures"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.path)).parent.name == "browser":
            # Every test in a tests/browser/ folder, even if its module forgets the mark.
            item.add_marker(pytest.mark.browser)
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is None and not fixtures & _DB_FIXTURES:
            item.add_marker(pytest.mark.no_db)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked `threads` need a database several threads can share: on the in-memory
    SQLite test database they skip, and test_threads_on_file_db.py reruns them on a file."""
    from terbuka.core.sqlite import is_in_memory

    if item.get_closest_marker("threads") is not None and is_in_memory():
        pytest.skip("needs a database threads can share: test_threads_on_file_db.py reruns it")


@pytest.fixture(autouse=True)
def _media_roots(settings: LazySettings, tmp_path: Path) -> Any:
    """Keep uploaded and private files of each test in its own temporary folder.

    A FileField given a storage callable (the private store) calls it once, when its model
    loads: it is called again here, so the field writes to this test's folder, not var/.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }
    fields = _callable_storage_fields()
    loaded = [field.storage for field in fields]
    for field in fields:
        field.storage = field._storage_callable()
    yield
    for field, storage in zip(fields, loaded, strict=True):
        field.storage = storage


@functools.cache
def _callable_storage_fields() -> list[Any]:
    from django.apps import apps
    from django.db.models import FileField

    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, FileField) and hasattr(field, "_storage_callable")
    ]


@pytest.fixture(autouse=True)
def _forget_stored_files() -> Any:
    """Start and end every test with no remembered uploads (`terbuka.core.files`).

    A test's transaction never commits, so the names its services stored stay remembered and a
    later test's request would check them against the database (a stray query in its budget).
    """
    from terbuka.core import files

    files._pending().clear()
    yield
    files._pending().clear()


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Start every test with the cache of a running site that has no serta-merta announcement.

    The banner on every page is cached (`registry.context_processors`); query budgets are those
    of a warm cache, and publishing or withdrawing an announcement drops the key on commit.
    """
    from django.core.cache import cache

    from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY

    cache.clear()
    cache.set(ANNOUNCEMENTS_CACHE_KEY, [], None)
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _language(settings: LazySettings) -> Any:
    """Run every test in the source language unless it asks otherwise."""
    from django.utils import translation

    with translation.override("id"):
        yield


@pytest.fixture
def user(db: None) -> Any:
    """A signed-up citizen with no role."""
    from terbuka.accounts.tests.factories import UserFactory

    return UserFactory(email="warga@example.test", full_name="Warga Uji")


@pytest.fixture
def applicant(db: None) -> Any:
    """A requester (pemohon) with an account."""
    from terbuka.accounts.tests.factories import UserFactory

    return UserFactory(email="pemohon@example.test", full_name="Pemohon Uji")


@pytest.fixture
def body(db: None) -> Any:
    """A city with its PPID Utama unit."""
    from terbuka.bodies.models import PublicBody, Unit
    from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory

    city = PublicBodyFactory(
        name="Pemerintah Kota Uji", slug="kota-uji", kind=PublicBody.Kind.PEMERINTAH_KOTA
    )
    UnitFactory(body=city, kind=Unit.Kind.PPID_UTAMA, name="PPID Utama Kota Uji", slug="ppid-utama")
    return city


@pytest.fixture
def ppid_utama_unit(body: Any) -> Any:
    return body.units.get(kind="ppid_utama")


@pytest.fixture
def unit(body: Any, ppid_utama_unit: Any) -> Any:
    """An OPD under the PPID Utama."""
    from terbuka.bodies.tests.factories import UnitFactory

    return UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Kesehatan", slug="dinkes")


@pytest.fixture
def unit_officer(unit: Any) -> Any:
    """A PPID Pelaksana of `unit`."""
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory

    return MembershipFactory(
        unit=unit, role=Membership.Role.PPID_PELAKSANA, user__email="pelaksana@example.test"
    ).user


@pytest.fixture
def ppid_utama(ppid_utama_unit: Any) -> Any:
    """The PPID Utama officer of the body."""
    from terbuka.bodies.models import Membership
    from terbuka.bodies.tests.factories import MembershipFactory

    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.PPID_UTAMA, user__email="utama@example.test"
    ).user
