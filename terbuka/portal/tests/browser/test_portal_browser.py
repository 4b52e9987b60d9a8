"""End-to-end checks of the public shell in Chromium: pages, live search, keyboard, axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from terbuka.bodies.models import Unit
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PASSWORD, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser


def _kelurahan() -> Unit:
    unit = Unit.objects.filter(body__slug=DEMO_BODY, kind=Unit.Kind.KELURAHAN).first()
    assert unit is not None, "the demo has no kelurahan"
    return unit


def _public_urls() -> dict[str, str]:
    kelurahan = _kelurahan()
    return {
        "home": reverse("portal:home"),
        "body": reverse("portal:body-detail", args=[DEMO_BODY]),
        "unit-list": reverse("portal:unit-list", args=[DEMO_BODY]),
        "unit": reverse("portal:unit-detail", args=[DEMO_BODY, kelurahan.slug]),
        "calculator": reverse("calendars:calculator"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "not-found": "/b/tidak-ada/",
    }


PAGES = ["home", "body", "unit-list", "unit", "calculator", "login", "signup", "not-found"]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(demo: Any, page: Page, name: str) -> None:
    page.goto(demo.url + _public_urls()[name])

    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", PAGES)
def test_page_fits_a_phone_screen(demo: Any, mobile_page: Page, name: str) -> None:
    mobile_page.goto(demo.url + _public_urls()[name])

    assert_no_horizontal_scroll(mobile_page)
    assert_no_axe_violations(mobile_page)


def test_home_page_shows_the_default_body(demo: Any, page: Page) -> None:
    page.goto(demo.url + "/")

    expect(page).to_have_title(re.compile("Kota Serang"))
    expect(page.locator("h1")).to_contain_text("Kota Serang")
    expect(page.get_by_role("heading", name="PPID Utama")).to_be_visible()
    expect(page.get_by_role("navigation", name="Navigasi utama")).to_be_visible()
    expect(page.get_by_role("link", name="Beranda").first).to_have_attribute("aria-current", "page")


def test_body_page_nests_kelurahan_under_kecamatan(demo: Any, page: Page) -> None:
    kelurahan = _kelurahan()
    assert kelurahan.parent is not None
    page.goto(demo.url + reverse("portal:body-detail", args=[DEMO_BODY]))

    nested = page.get_by_role("list", name=f"Unit di bawah {kelurahan.parent.name}")
    expect(nested.get_by_role("link", name=kelurahan.name, exact=True)).to_be_visible()


def test_unit_list_updates_as_you_type(demo: Any, page: Page) -> None:
    kelurahan = _kelurahan()
    other = (
        Unit.objects.filter(body__slug=DEMO_BODY, kind=Unit.Kind.KELURAHAN)
        .exclude(name__icontains=kelurahan.name)
        .first()
    )
    assert other is not None
    page.goto(demo.url + reverse("portal:unit-list", args=[DEMO_BODY]))
    # A marker on window survives only if the page is not reloaded.
    page.evaluate("() => { window.__noReload = true; }")
    before = page.locator("#unit-status").inner_text()

    page.get_by_label("Cari unit").press_sequentially(kelurahan.name, delay=20)

    expect(page.locator("#unit-status")).not_to_have_text(before)
    results = page.locator("#unit-results")
    expect(results.get_by_role("link", name=kelurahan.name, exact=True).first).to_be_visible()
    expect(results.get_by_role("link", name=other.name, exact=True)).to_have_count(0)
    assert page.evaluate("() => window.__noReload") is True
    expect(page).to_have_url(re.compile(r"[?&]q="))
    assert_no_axe_violations(page)

    page.get_by_label("Jenis unit").select_option("opd")
    expect(page.locator("#unit-status")).to_have_text("Tidak ada unit yang cocok.")


def test_unit_list_works_without_javascript(demo: Any, browser: Any) -> None:
    kelurahan = _kelurahan()
    context = browser.new_context(locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(demo.url + reverse("portal:unit-list", args=[DEMO_BODY]))
        page.get_by_label("Cari unit").fill(kelurahan.name)
        page.get_by_role("button", name="Cari", exact=True).click()

        expect(page).to_have_url(re.compile(r"[?&]q="))
        expect(
            page.locator("#unit-results").get_by_role("link", name=kelurahan.name, exact=True)
        ).to_be_visible()
    finally:
        context.close()


def test_unit_page_shows_profile_and_breadcrumbs(demo: Any, page: Page) -> None:
    kelurahan = _kelurahan()
    assert kelurahan.parent is not None
    page.goto(demo.url + reverse("portal:unit-detail", args=[DEMO_BODY, kelurahan.slug]))

    expect(page.locator("h1")).to_contain_text(kelurahan.name)
    crumbs = page.get_by_role("navigation", name="Jejak navigasi")
    expect(crumbs.get_by_role("link", name=kelurahan.parent.name)).to_be_visible()
    expect(page.get_by_role("heading", name="Pejabat pengelola informasi")).to_be_visible()
    expect(page.get_by_role("heading", name="Jam layanan")).to_be_visible()

    crumbs.get_by_role("link", name=kelurahan.parent.name).click()
    expect(page.locator("h1")).to_contain_text(kelurahan.parent.name)


def test_deadline_calculator(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("calendars:calculator"))
    # October 2025 has no national holiday: ten working days from Wednesday 1 October.
    page.locator("#id_start").fill("2025-10-01")
    page.locator("#id_days").fill("10")
    page.locator("#calculator-submit").click()

    expect(page.locator('#calculator-result time[datetime="2025-10-15"]').first).to_be_visible()
    assert_no_axe_violations(page)


def test_login_page_signs_in(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("account_login"))
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(DEMO_PPID_UTAMA_EMAIL)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()

    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_language_switch_to_english_and_back(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("portal:body-detail", args=[DEMO_BODY]))
    expect(page.locator("html")).to_have_attribute("lang", "id")

    switch = page.locator(".lang-switch button")
    expect(switch).to_have_text("English")
    expect(switch).to_have_attribute("lang", "en")
    switch.click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(f"/b/{DEMO_BODY}/$"))
    back = page.locator(".lang-switch button")
    expect(back).to_have_text("Bahasa Indonesia")
    expect(back).to_have_attribute("lang", "id")
    assert_no_axe_violations(page)

    back.click()
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_skip_link_is_first_and_moves_focus_to_main(demo: Any, page: Page) -> None:
    page.goto(demo.url + "/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Langsung ke konten utama")
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0, "the focused skip link is above the viewport"
    assert box["height"] > 0

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)")


def test_focus_is_visible(demo: Any, page: Page) -> None:
    page.goto(demo.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none"
    assert outline[1] >= 3


def test_axe_helper_reports_violations(page: Page) -> None:
    page.set_content(
        '<!DOCTYPE html><html lang="id"><head><title>Uji</title></head><body><main>'
        '<h1>Uji</h1><img src="data:,"><input type="text" name="x"></main></body></html>'
    )

    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)

    message = str(failure.value)
    assert "image-alt" in message
    assert "label" in message
    assert "<img" in message


def test_api_docs_have_no_axe_violations(demo: Any, page: Page) -> None:
    page.goto(demo.url + reverse("api:openapi-view"))
    page.wait_for_selector(".opblock")

    assert_no_axe_violations(page)
