"""The open-data catalogue in Chromium with axe-core: a visitor reads the datasets and their
columns, filters by body and year, downloads a CSV with the filter applied, sees a clear error
for a bad year, and the page works at 360 px (WCAG 2.1 AA)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import DEFAULT_TIMEOUT_MS, DEMO_BODY
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

# The portal's browser fixtures (a live server with the demo, one Chromium per session); this
# folder has no conftest.py of its own.
browser = fixtures.browser
demo = fixtures.demo
page = fixtures.page
playwright_instance = fixtures.playwright_instance

NARROW: ViewportSize = {"width": 360, "height": 780}


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    """A 360 px wide phone page in Indonesian."""
    context = browser.new_context(locale="id-ID", viewport=NARROW, is_mobile=True, has_touch=True)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    narrow = context.new_page()
    yield narrow
    context.close()


def test_catalogue_filters_and_downloads(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("opendata:catalogue"))
    expect(page.locator("h1")).to_have_text("Data terbuka")
    main = page.locator("main")
    for title in (
        "Register permohonan informasi publik",
        "Daftar informasi publik (DIP)",
        "Anggaran dan realisasi",
        "Hasil monitoring dan evaluasi keterbukaan informasi",
    ):
        expect(main.get_by_role("heading", name=title, level=2)).to_be_visible()
    expect(main.get_by_role("link", name="CC BY 4.0")).to_have_attribute(
        "href", "https://creativecommons.org/licenses/by/4.0/"
    )
    assert_no_axe_violations(page)

    page.get_by_label("Badan publik", exact=True).select_option(DEMO_BODY)
    page.get_by_label("Tahun", exact=True).fill("2026")
    main.get_by_role("button", name="Terapkan saringan").click()
    expect(page).to_have_url(re.compile(rf"body={DEMO_BODY}&year=2026"))
    expect(main.get_by_role("status")).to_contain_text("2026")
    assert_no_axe_violations(page)

    section = page.locator("#permohonan")
    with page.expect_download() as event:
        section.get_by_role("link", name=re.compile("^CSV")).click()
    download = event.value
    assert download.suggested_filename == f"permohonan-{DEMO_BODY}-2026.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("nomor_pendaftaran,badan_publik,unit,")


def test_a_bad_year_is_explained(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("opendata:catalogue") + "?year=20x6")
    field = page.get_by_label("Tahun", exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("Tahun tidak valid.")
    assert_no_axe_violations(page)


def test_catalogue_at_360_px(demo: Any, narrow_page: Page) -> None:
    narrow_page.goto(demo.url + reverse("opendata:catalogue"))
    expect(narrow_page.locator("h1")).to_have_count(1)
    assert_no_horizontal_scroll(narrow_page)
    assert_no_axe_violations(narrow_page)
