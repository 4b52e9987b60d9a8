"""Fixtures for browser tests: a live server with the demo data and headless Chromium.

Registered once for every `tests/browser/` folder by the root conftest.py (`pytest_plugins`),
which also marks those tests `browser`: one Playwright and one Chromium serve the session.
"""

from __future__ import annotations

import csv
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command, get_commands
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("TERBUKA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000
DEMO_BODY = "kota-serang"
DEMO_PPID_UTAMA_EMAIL = "ppid-utama@demo.test"
DEMO_PASSWORD = "demo12345"
WILAYAH_CSV = Path(__file__).resolve().parents[3] / "bodies" / "data" / "kota-serang-wilayah.csv"


class _Shared:
    """One Playwright and one Chromium per test session, however many conftests import these
    fixtures (two sync Playwright instances cannot run in one thread)."""

    playwright: Playwright | None = None
    browser: Browser | None = None
    users = 0
    previous_async_unsafe: str | None = None

    @classmethod
    def acquire(cls) -> Browser:
        if cls.browser is None:
            if not Path(CHROMIUM).exists():
                pytest.fail(
                    f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)."
                )
            # Playwright's sync API runs an event loop in the test thread, so Django would refuse
            # the ORM calls that fixtures and tests make there; they are ordinary blocking calls.
            # Set only while browser tests run, so the ordinary suite keeps Django's guard.
            cls.previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            cls.playwright = sync_playwright().start()
            cls.browser = cls.playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        cls.users += 1
        return cls.browser

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users > 0:
            return
        if cls.browser is not None:
            cls.browser.close()
        if cls.playwright is not None:
            cls.playwright.stop()
        cls.browser = cls.playwright = None
        if cls.previous_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls.previous_async_unsafe


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    """The session's Playwright (started with the shared browser)."""
    _Shared.acquire()
    assert _Shared.playwright is not None
    yield _Shared.playwright
    _Shared.release()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (Playwright never downloads a browser here)."""
    yield _Shared.acquire()
    _Shared.release()


def _new_context(browser: Browser, **kwargs: Any) -> BrowserContext:
    # Indonesian first, as a visitor from Indonesia would send it; LocaleMiddleware reads it.
    context = browser.new_context(locale="id-ID", **kwargs)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh desktop page (1280x900) in its own context; fails on uncaught JS errors."""
    context = _new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.fixture
def mobile_page(browser: Browser) -> Iterator[Page]:
    """A fresh phone-sized page (375x812, touch)."""
    context = _new_context(
        browser, viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


def _load_fallback_demo() -> None:
    """Build a small Kota Serang from factories when `loaddemo` does not exist yet."""
    from terbuka.accounts.tests.factories import VerifiedUserFactory
    from terbuka.bodies.models import Membership, PublicBody, Unit
    from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory

    body = PublicBodyFactory(
        name="Pemerintah Kota Serang",
        slug=DEMO_BODY,
        kind=PublicBody.Kind.PEMERINTAH_KOTA,
        region_code="36.73",
        description="Layanan informasi publik Pemerintah Kota Serang, Banten.",
        address="Jl. Jenderal Sudirman No. 5, Serang",
        phone="(0254) 200001",
        email="ppid@serangkota.go.id",
        website="https://serangkota.go.id",
    )
    utama = UnitFactory(
        body=body,
        kind=Unit.Kind.PPID_UTAMA,
        name="PPID Utama Kota Serang (Diskominfo)",
        slug="ppid-utama",
        ppid_name="Kepala Diskominfo",
        ppid_position="PPID Utama",
        atasan_name="Sekretaris Daerah",
        atasan_position="Atasan PPID",
        service_hours="Senin-Kamis 08.00-15.30\nJumat 08.00-11.30",
    )
    for name, slug in [
        ("Dinas Kesehatan", "dinkes"),
        ("Dinas Pendidikan dan Kebudayaan", "dindikbud"),
        ("Badan Perencanaan Pembangunan Daerah", "bappeda"),
    ]:
        UnitFactory(body=body, parent=utama, kind=Unit.Kind.OPD, name=name, slug=slug)
    kecamatan: dict[str, Unit] = {}
    with WILAYAH_CSV.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            code, name, level = row["code"], row["name"], row["level"]
            if level == "kecamatan":
                kecamatan[code] = UnitFactory.create(
                    body=body,
                    parent=utama,
                    kind=Unit.Kind.KECAMATAN,
                    name=f"Kecamatan {name}",
                    slug=f"kecamatan-{name.lower().replace(' ', '-')}",
                    code=code,
                )
            elif level == "kelurahan":
                UnitFactory(
                    body=body,
                    parent=kecamatan[code.rsplit(".", 1)[0]],
                    kind=Unit.Kind.KELURAHAN,
                    name=f"Kelurahan {name}",
                    slug=f"kelurahan-{code.replace('.', '')}",
                    code=code,
                )
    user = VerifiedUserFactory(
        email=DEMO_PPID_UTAMA_EMAIL, full_name="PPID Utama Demo", password=DEMO_PASSWORD
    )
    MembershipFactory(user=user, unit=utama, role=Membership.Role.PPID_UTAMA)


class _DemoSnapshot:
    """The test database as `loaddemo` left it, kept once per test process.

    Every browser test starts from a flushed database (the live server needs committed rows);
    loading the demo again for each of them cost about 1.5 s of the browser stage's time. On the
    in-memory SQLite test database (shared with the live server's thread) the first load is
    copied aside with SQLite's backup API and copied back for later tests, in milliseconds. The
    copy includes the schema, every table's rows and the AUTOINCREMENT counters, so a test sees
    exactly what a fresh `loaddemo` would give it, ids included. Other databases load the demo.
    """

    copy: sqlite3.Connection | None = None

    @staticmethod
    def raw_connection() -> sqlite3.Connection | None:
        from django.db import connection

        from terbuka.core.sqlite import is_in_memory

        if not is_in_memory():
            return None
        connection.ensure_connection()
        raw = connection.connection
        # Autocommit, no transaction open: the backup API cannot write into one.
        if not isinstance(raw, sqlite3.Connection) or raw.in_transaction:
            return None
        return raw

    @classmethod
    def load(cls) -> None:
        raw = cls.raw_connection()
        if raw is not None and cls.copy is not None:
            cls.copy.backup(raw)
            cls._forget_cached_rows()
            return
        if "loaddemo" in get_commands():
            call_command("loaddemo", verbosity=0)
        else:
            _load_fallback_demo()
        if raw is not None:
            cls.copy = sqlite3.connect(":memory:", check_same_thread=False)
            raw.backup(cls.copy)

    @staticmethod
    def _forget_cached_rows() -> None:
        """Drop what the process remembers of rows the flush removed: content types (their
        ids come back from the copy) and the site cache."""
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import cache

        from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY

        ContentType.objects.clear_cache()
        cache.clear()
        cache.set(ANNOUNCEMENTS_CACHE_KEY, [], None)


@pytest.fixture
def demo(live_server: Any) -> Any:
    """The live server with the Kota Serang demo loaded (`loaddemo`, else a factory stand-in)."""
    _DemoSnapshot.load()
    return live_server
