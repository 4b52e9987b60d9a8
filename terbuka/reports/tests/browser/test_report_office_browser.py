"""The service report in Chromium with axe-core on every page: the PPID Utama writes the
narrative, asks for the yearly report, watches it finish, and a citizen downloads it from
/laporan/ (UU 14/2008 Pasal 11(1) huruf h and Pasal 12; WCAG 2.1 AA; 360 px wide)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import (
    DEFAULT_TIMEOUT_MS,
    DEMO_BODY,
    DEMO_PASSWORD,
    DEMO_PPID_UTAMA_EMAIL,
)
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)
from terbuka.reports.models import ReportNarrative, ReportStatus, ServiceReport

pytestmark = pytest.mark.browser

browser = fixtures.browser
demo = fixtures.demo
page = fixtures.page
playwright_instance = fixtures.playwright_instance

YEAR = timezone.localdate().year


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    """A 360 px wide phone page in Indonesian."""
    context = browser.new_context(
        locale="id-ID", viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    phone = context.new_page()
    yield phone
    context.close()


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(DEMO_PPID_UTAMA_EMAIL)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _write_narrative(page: Page, base: str) -> None:
    page.goto(base + reverse("bodies:dashboard"))
    page.locator("main").get_by_role("link", name=re.compile("^Laporan layanan informasi")).click()
    expect(page.locator("h1")).to_have_text("Laporan layanan informasi")
    assert_no_axe_violations(page)
    narrative = page.locator("main form[method='get']")
    narrative.get_by_label("Tahun").fill(str(YEAR))
    narrative.get_by_role("button", name="Buka narasi").click()
    expect(page.locator("h1")).to_contain_text("Narasi laporan layanan")
    assert_no_axe_violations(page)
    page.get_by_label("Profil, struktur dan kebijakan PPID").fill(
        "PPID Utama dipimpin Kepala Dinas Komunikasi dan Informatika."
    )
    page.get_by_label("Kendala internal dan eksternal").fill("Jaringan internet kantor lambat.")
    page.get_by_role("button", name="Simpan narasi").click()
    expect(page.locator(".message-success")).to_contain_text("Narasi laporan disimpan.")
    expect(page.get_by_label("Kendala internal dan eksternal")).to_have_value(
        "Jaringan internet kantor lambat."
    )
    assert_no_axe_violations(page)
    assert ReportNarrative.objects.filter(body__slug=DEMO_BODY, unit__isnull=True).exists()


def _ask_for_the_report(page: Page) -> ServiceReport:
    page.locator("aside").get_by_role("button", name="Buat laporan").click()
    expect(page).to_have_url(re.compile(r"/kantor/laporan/\d+/$"))
    status = page.locator("#report-status [role='status']")
    # The test server runs the job before answering; a worker would show it queued first.
    expect(status).to_contain_text("Selesai", timeout=60_000)
    expect(status).to_contain_text("Laporan terbit di DIP")
    expect(
        page.locator("#report-status").get_by_role("link", name=re.compile("^Unduh PDF"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="Entri DIP di kantor")).to_be_visible()
    assert_no_axe_violations(page)
    report = ServiceReport.objects.get(body__slug=DEMO_BODY, unit__isnull=True, year=YEAR)
    assert report.status == ReportStatus.DONE
    return report


def _citizen_downloads(page: Page, base: str, report: ServiceReport) -> None:
    page.goto(base + reverse("reports:bodies"))
    expect(page.locator("h1")).to_have_text("Laporan layanan informasi publik")
    assert_no_axe_violations(page)
    page.get_by_role("link", name=re.compile("Kota Serang")).first.click()
    expect(page.locator("h1")).to_contain_text("Laporan layanan informasi")
    assert_no_axe_violations(page)
    with page.expect_download() as event:
        page.locator("main table").get_by_role("link", name=re.compile("^PDF")).first.click()
    download = event.value
    assert download.suggested_filename == f"laporan-layanan-{DEMO_BODY}-{YEAR}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")


def test_officer_writes_asks_and_citizen_downloads(demo: Any, page: Page, browser: Browser) -> None:
    base = demo.url
    _sign_in(page, base)
    _write_narrative(page, base)
    report = _ask_for_the_report(page)
    citizen = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    citizen.set_default_timeout(DEFAULT_TIMEOUT_MS)
    try:
        _citizen_downloads(citizen.new_page(), base, report)
    finally:
        citizen.close()


def test_report_pages_at_360_px(demo: Any, narrow_page: Page) -> None:
    base = demo.url
    _sign_in(narrow_page, base)
    narrow_page.goto(base + reverse("reports_office:list"))
    expect(narrow_page.locator("h1")).to_be_visible()
    assert_no_horizontal_scroll(narrow_page)
    assert_no_axe_violations(narrow_page)
    narrow_page.goto(base + reverse("reports:bodies"))
    assert_no_horizontal_scroll(narrow_page)
