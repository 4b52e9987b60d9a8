"""The public statistics pages in Chromium with axe-core on every page: a reader goes from the
index to the demo body's figures and league table, on to one unit, switches the period, and the
pages also work 360 px wide (UU 14/2008 Pasal 12; WCAG 2.1 AA)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from terbuka.bodies.models import PublicBody, Unit
from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import DEFAULT_TIMEOUT_MS, DEMO_BODY
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)
from terbuka.reports.models import DaysStat, Measure, MonthlyStat

pytestmark = pytest.mark.browser

# The portal's browser fixtures (a live server with the demo, one Chromium per session).
browser = fixtures.browser
demo = fixtures.demo
page = fixtures.page
playwright_instance = fixtures.playwright_instance

NARROW: ViewportSize = {"width": 360, "height": 780}
YEAR = timezone.localdate().year


def _cell(body: PublicBody, unit: Unit, month: int, on_time: int, late: int, year: int) -> None:
    decided = on_time + late
    MonthlyStat.objects.create(
        body=body,
        unit_key=unit.pk,
        year=year,
        month=month,
        received=decided,
        ch_web=decided,
        granted_full=decided - 1,
        refused=1,
        refused_a=1,
        overdue=late,
        noticed=decided,
        noticed_on_time=on_time,
    )
    for days, count in ((3, on_time // 2), (9, on_time - on_time // 2), (19, late)):
        if count:
            DaysStat.objects.create(
                body=body,
                unit_key=unit.pk,
                year=year,
                month=month,
                measure=Measure.NOTICE,
                days=days,
                count=count,
            )


@pytest.fixture
def stats(demo: Any) -> Any:
    """The demo body's sums replaced by known ones: this year Dinas Kesehatan 95 of 100 on time
    (March), Dinas Pendidikan dan Kebudayaan 40 of 50 (August), Bappeda 2 of 2 (February);
    last year Dinas Kesehatan 10 of 12."""
    body = PublicBody.objects.get(slug=DEMO_BODY)
    MonthlyStat.objects.filter(body=body).delete()
    DaysStat.objects.filter(body=body).delete()
    units = {u.slug: u for u in Unit.objects.filter(body=body)}
    _cell(body, units["dinkes"], 3, 95, 5, YEAR)
    _cell(body, units["dindikbud"], 8, 40, 10, YEAR)
    _cell(body, units["bappeda"], 2, 2, 0, YEAR)
    _cell(body, units["dinkes"], 5, 10, 2, YEAR - 1)
    return demo


@pytest.fixture
def narrow_page(browser: Browser) -> Iterator[Page]:
    """A 360 px wide phone page in Indonesian."""
    context = browser.new_context(
        locale="id-ID", viewport=NARROW, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    narrow = context.new_page()
    yield narrow
    context.close()


def _tile(page: Page, name: str) -> Any:
    return page.locator(f"#tile-{name} .stat-number")


def test_index_body_and_unit(stats: Any, page: Page) -> None:
    page.goto(stats.url + reverse("stats:index"))
    expect(page.locator("h1")).to_have_text("Statistik layanan informasi")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("link", name="Statistik")).to_have_attribute("aria-current", "page")
    row = page.get_by_role("row", name=re.compile("^Pemerintah Kota Serang"))
    expect(row).to_contain_text("152")
    assert_no_axe_violations(page)

    row.get_by_role("link", name="Pemerintah Kota Serang").click()
    expect(page.locator("h1")).to_have_text("Statistik layanan informasi Pemerintah Kota Serang")
    expect(_tile(page, "received")).to_have_text("152")
    expect(_tile(page, "on-time")).to_have_text("90,1%")
    expect(page.locator("#tile-on-time")).to_contain_text("95% CI")
    league = page.locator("table.league-table tbody tr")
    expect(league).to_have_count(2)
    expect(league.nth(0)).to_contain_text("Dinas Kesehatan")
    expect(league.nth(1)).to_contain_text("Dinas Pendidikan dan Kebudayaan")
    too_few = page.locator("table.too-few-table")
    expect(too_few).to_contain_text("Badan Perencanaan Pembangunan Daerah")
    expect(too_few).to_contain_text("Belum cukup permohonan untuk diperingkat")
    expect(page.get_by_role("heading", name="Cara membaca angka ini")).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("^Hasil permohonan"))).to_be_visible()
    assert_no_axe_violations(page)

    league.nth(0).get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.locator("h1")).to_have_text("Statistik layanan informasi Dinas Kesehatan")
    expect(_tile(page, "received")).to_have_text("100")
    expect(_tile(page, "on-time")).to_have_text("95,0%")
    expect(page.locator("table.league-table")).to_have_count(0)
    assert_no_axe_violations(page)

    page.locator("#back-link").click()
    expect(page.locator("h1")).to_have_text("Statistik layanan informasi Pemerintah Kota Serang")


def test_period_switch(stats: Any, page: Page) -> None:
    page.goto(stats.url + reverse("stats:body", args=[DEMO_BODY]))
    main = page.locator("main")
    main.get_by_label("Periode", exact=True).select_option(label="Semester I (Januari-Juni)")
    main.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(rf"tahun={YEAR}&semester=1"))
    expect(_tile(page, "received")).to_have_text("102")
    expect(page.locator(".eyebrow")).to_have_text(f"Semester I {YEAR}")
    assert_no_axe_violations(page)

    main.get_by_label("Tahun", exact=True).select_option(str(YEAR - 1))
    main.get_by_label("Periode", exact=True).select_option(label="Satu tahun")
    main.get_by_role("button", name="Tampilkan").click()
    expect(page).to_have_url(re.compile(rf"tahun={YEAR - 1}&semester=$"))
    expect(_tile(page, "received")).to_have_text("12")
    expect(page.locator("table.league-table")).to_have_count(1)
    assert_no_axe_violations(page)

    page.goto(stats.url + reverse("stats:body", args=[DEMO_BODY]) + "?tahun=20x6")
    expect(page.get_by_role("alert")).to_contain_text("Tahun harus berupa angka.")
    assert_no_axe_violations(page)


def test_pages_at_360_px(stats: Any, narrow_page: Page) -> None:
    for url in (
        reverse("stats:index"),
        reverse("stats:body", args=[DEMO_BODY]),
        reverse("stats:unit", args=[DEMO_BODY, "dinkes"]),
    ):
        narrow_page.goto(stats.url + url)
        expect(narrow_page.locator("h1")).to_have_count(1)
        if url != reverse("stats:index"):
            expect(narrow_page.locator(".hbar-chart").first).to_be_visible()
        assert_no_horizontal_scroll(narrow_page)
        # A phone widens its layout viewport to fit wide content, so check the width itself.
        width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= NARROW["width"], f"{url} is {width}px wide"
        assert_no_axe_violations(narrow_page)
