"""The public budget pages in Chromium with axe-core on every page: a citizen opens the demo
body's budgets, drills down two levels of account codes, reads the realisation percentages and
the year-on-year table, downloads the CSV, reads the page in English, and the budget also works
at phone width (UU 14/2008 Pasal 9(2) huruf c; WCAG 2.1 AA)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from terbuka.accounts.models import User
from terbuka.budget import documents
from terbuka.budget.demo import budget_csv
from terbuka.budget.models import BudgetDocument, BudgetImport, BudgetLine
from terbuka.budget.selectors import Totals, documents_public
from terbuka.budget.templatetags.budget import percent
from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import (
    DEFAULT_TIMEOUT_MS,
    DEMO_BODY,
    DEMO_PPID_UTAMA_EMAIL,
)
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

PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def budgets(demo: Any) -> Any:
    """The demo with Dinas Kesehatan's yearly LRA of last year and this year, this year's file
    released in the DIP (uploaded here if the demo does not release it)."""
    call_command("loaddemo_budget", verbosity=0)
    current = _current_import()
    if _source_document() is None:
        documents.document_upload(
            actor=User.objects.get(email=DEMO_PPID_UTAMA_EMAIL),
            body=current.body,
            unit=current.unit,
            year=current.year,
            kind=current.kind,
            data=budget_csv(Decimal("1.07")),
            filename=f"lra-dinkes-{current.year}.csv",
            budget_import=current,
        )
    assert _source_document() is not None
    return demo


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page (390x844, touch) in Indonesian."""
    context = browser.new_context(
        locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    phone = context.new_page()
    yield phone
    context.close()


def _current_import() -> BudgetImport:
    return BudgetImport.objects.select_related("body", "unit").get(
        body__slug=DEMO_BODY,
        unit__slug="dinkes",
        year=timezone.localdate().year,
        kind="lra_yearly",
        status=BudgetImport.Status.ACTIVE,
    )


def _source_document() -> BudgetDocument | None:
    """This year's released LRA file of Dinas Kesehatan, if any."""
    current = _current_import()
    released = documents_public(current.body, year=current.year, unit=current.unit)
    return next((d for d in released if d.kind == current.kind), None)


def _source() -> BudgetDocument:
    source = _source_document()
    assert source is not None
    return source


def _percentage(code: str) -> str:
    """The realisation percentage of a code of this year's LRA as the page prints it."""
    line = BudgetLine.objects.get(budget_import=_current_import(), code=code)
    return percent(Totals(line.allocation, line.realisation).percentage)


def _body_page(page: Page, base: str) -> None:
    page.goto(base + reverse("budget:body", args=[DEMO_BODY]))
    expect(page.locator("h1")).to_have_text("Anggaran Pemerintah Kota Serang")
    year = timezone.localdate().year
    section = page.locator(f"section[aria-labelledby='year-{year}']")
    expect(section.get_by_role("heading", name="Dokumen anggaran")).to_be_visible()
    expect(section.get_by_role("link", name=_source().title, exact=True)).to_have_attribute(
        "download", ""
    )
    expect(page.get_by_label("Unit", exact=True)).to_be_visible()
    expect(page.get_by_label("Tahun anggaran", exact=True)).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Tahun anggaran", exact=True).select_option(str(year))
    page.locator("main form").get_by_role("button", name="Saring").click()
    expect(page).to_have_url(re.compile(rf"tahun={year}"))
    expect(page.locator(f"#year-{year - 1}")).to_have_count(0)
    assert_no_axe_violations(page)
    section.get_by_role("link", name=re.compile("^Dinas Kesehatan")).click()
    expect(page.locator("h1")).to_have_text(f"LRA tahunan {year}")


def _drill_down(page: Page) -> None:
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Ringkasan")).to_be_visible()
    expect(main.get_by_role("heading", name="Rincian terbesar")).to_be_visible()
    expect(main).to_contain_text("Berkas sumber angka ini")
    expect(main.get_by_role("navigation", name="LRA tahunan per tahun")).to_be_visible()
    assert_no_axe_violations(page)
    main.locator("table").first.get_by_role("link", name="5", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?kode=5$"))
    expect(page.locator("h1")).to_have_text("5 Belanja Daerah")
    assert_no_axe_violations(page)
    main.locator("table").first.get_by_role("link", name="5.1", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?kode=5\.1$"))
    expect(page.locator("h1")).to_have_text("5.1 Belanja Operasi")
    breadcrumbs = page.get_by_role("navigation", name="Jejak navigasi")
    expect(breadcrumbs.get_by_role("link", name="5", exact=True)).to_be_visible()
    lines = main.locator("section[aria-labelledby='lines-heading'] table")
    expect(lines.get_by_role("row", name=re.compile("Belanja Pegawai"))).to_contain_text(
        _percentage("5.1.01")
    )
    expect(lines.get_by_role("row", name=re.compile("Belanja Barang dan Jasa"))).to_contain_text(
        _percentage("5.1.02")
    )
    history = main.locator("section[aria-labelledby='history-heading']")
    expect(history.get_by_role("heading", name="Perbandingan antartahun")).to_be_visible()
    year = timezone.localdate().year
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history.get_by_role("row", name=re.compile(rf"^{year} "))).to_contain_text(
        _percentage("5.1")
    )
    expect(history.get_by_role("row", name=re.compile(rf"^{year - 1} "))).to_be_visible()
    assert_no_axe_violations(page)


def _download_csv(page: Page) -> None:
    with page.expect_download() as event:
        page.locator("main").get_by_role("link", name="Unduh CSV").click()
    download = event.value
    year = timezone.localdate().year
    assert download.suggested_filename == f"anggaran-{DEMO_BODY}-dinkes-{year}-lra_yearly.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "kode_rekening;uraian;anggaran;realisasi"
    assert "5.1.01;Belanja Pegawai" in text


def _in_english(page: Page) -> None:
    page.locator(".lang-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"\?kode=5\.1$"))
    main = page.locator("main")
    expect(main.get_by_role("heading", name="Breakdown")).to_be_visible()
    expect(main.get_by_role("heading", name="Year-on-year comparison")).to_be_visible()
    expect(main.get_by_role("link", name="Download CSV")).to_be_visible()
    assert_no_axe_violations(page)
    # Back to Indonesian, so the session leaves no surprise for the next page.
    page.locator(".lang-switch button").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_citizen_reads_drills_down_downloads_and_switches_language(
    budgets: Any, page: Page
) -> None:
    _body_page(page, budgets.url)
    _drill_down(page)
    _download_csv(page)
    _in_english(page)


def test_budget_detail_at_phone_width(budgets: Any, phone_page: Page) -> None:
    url = budgets.url + reverse("budget:detail", args=[_current_import().pk])
    for query in ("", "?kode=5", "?kode=5.1"):
        phone_page.goto(url + query)
        expect(phone_page.locator("h1")).to_have_count(1)
        assert_no_horizontal_scroll(phone_page)
        assert_no_axe_violations(phone_page)
    phone_page.goto(budgets.url + reverse("budget:body", args=[DEMO_BODY]))
    assert_no_horizontal_scroll(phone_page)
    assert_no_axe_violations(phone_page)


def test_the_released_document_is_listed_once_and_downloads(budgets: Any, page: Page) -> None:
    page.goto(budgets.url + reverse("budget:body", args=[DEMO_BODY]))
    source = _source()
    link = page.locator("main").get_by_role("link", name=source.title, exact=True)
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    assert href
    response = page.request.get(budgets.url + href)
    assert response.status == 200
    assert response.headers["content-disposition"].startswith("attachment")
    row = page.locator("main tr", has=page.get_by_role("link", name=source.title, exact=True))
    row.get_by_role("link", name=source.entry.title).click()
    expect(page.locator("h1")).to_have_text(source.entry.title)
    assert_no_axe_violations(page)
