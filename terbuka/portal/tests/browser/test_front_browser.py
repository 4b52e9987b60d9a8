"""The front door in Chromium: a body's home and a unit's page at a cheap phone's 360 px and on
a desktop, with axe-core, no horizontal scroll, the feeds, the keyboard and print."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from terbuka.bodies.models import Unit
from terbuka.portal.tests.browser.fixtures import DEMO_BODY
from terbuka.portal.tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": (360, 800), "desktop": (1280, 800)}


def _urls() -> dict[str, str]:
    unit = Unit.objects.filter(body__slug=DEMO_BODY, kind=Unit.Kind.OPD).order_by("name").first()
    assert unit is not None, "the demo has no OPD"
    return {
        "body": reverse("portal:body-detail", args=[DEMO_BODY]),
        "unit": reverse("portal:unit-detail", args=[DEMO_BODY, unit.slug]),
    }


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width, height = VIEWPORTS[request.param]
    context = browser.new_context(
        locale="id-ID",
        viewport={"width": width, "height": height},
        is_mobile=width < 400,
        has_touch=width < 400,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


@pytest.mark.parametrize("name", ["body", "unit"])
def test_front_pages_pass_axe_and_fit_the_screen(demo: Any, sized_page: Page, name: str) -> None:
    sized_page.goto(demo.url + _urls()[name])

    expect(sized_page.locator("h1")).to_have_count(1)
    width = sized_page.viewport_size["width"] if sized_page.viewport_size else 0
    scroll_width = sized_page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name}: {scroll_width} px wide in a {width} px screen"
    assert_no_axe_violations(sized_page)


def test_body_home_guides_a_first_visit(demo: Any, page: Page) -> None:
    page.goto(demo.url + _urls()["body"])

    expect(page.get_by_role("heading", name="Apa itu PPID?")).to_be_visible()
    expect(page.get_by_role("heading", name="Cara meminta informasi")).to_be_visible()
    expect(page.locator(".steps > li")).to_have_count(3)
    page.get_by_role("link", name="Ajukan permohonan informasi").first.click()
    page.wait_for_url("**ajukan**")


def test_body_home_search_box_searches_the_body(demo: Any, page: Page) -> None:
    page.goto(demo.url + _urls()["body"])

    page.get_by_role("searchbox", name="Kata kunci").fill("anggaran")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cari/**")
    assert "body=kota-serang" in page.url
    assert "q=anggaran" in page.url


def test_feeds_are_announced_and_load(demo: Any, page: Page) -> None:
    page.goto(demo.url + _urls()["unit"])
    feeds = page.locator('head link[rel="alternate"]')
    expect(feeds).to_have_count(4)
    for href in feeds.evaluate_all("links => links.map(l => l.getAttribute('href'))"):
        response = page.request.get(demo.url + href)
        assert response.status == 200, href
        assert response.headers["content-type"].startswith(("application/rss", "application/atom"))


def test_language_switch_works_from_the_keyboard(demo: Any, page: Page) -> None:
    page.goto(demo.url + _urls()["body"])

    switch = page.locator(".lang-switch button")
    switch.focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator(".lang-switch button").focus()
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("lang", "id")


def test_print_hides_navigation_and_forms_and_shows_link_addresses(demo: Any, page: Page) -> None:
    page.goto(demo.url + _urls()["body"])
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("form[role=search]").first).to_be_hidden()
    expect(page.locator(".feed-links").first).to_be_hidden()
    after = page.evaluate(
        """() => getComputedStyle(document.querySelector('main .newest-list a, main a[href^="/"]'),
        '::after').content"""
    )
    assert "/" in after
    colour = page.evaluate("() => getComputedStyle(document.querySelector('h1')).color")
    assert colour == "rgb(0, 0, 0)"


def _other_public_urls() -> dict[str, str]:
    from terbuka.registry.models import InformationEntry

    entry = InformationEntry.objects.filter(body__slug=DEMO_BODY).order_by("number").first()
    urls = {
        "dip": reverse("registry:body", args=[DEMO_BODY]),
        "search": reverse("search:index") + "?q=informasi",
        "archive": reverse("inforequests:archive"),
        "stats": reverse("stats:body", args=[DEMO_BODY]),
        "stats-index": reverse("stats:index"),
        "monev": reverse("monev:body", args=[DEMO_BODY]),
        "unit-list": reverse("portal:unit-list", args=[DEMO_BODY]),
    }
    if entry is not None:
        urls["entry"] = reverse("registry:entry", args=[DEMO_BODY, entry.number])
    return urls


def test_public_pages_fit_360_px(demo: Any, browser: Browser) -> None:
    """Every main public page is readable on a 360 px phone without scrolling sideways."""
    context = browser.new_context(locale="id-ID", viewport={"width": 360, "height": 800})
    page = context.new_page()
    too_wide = []
    try:
        for name, url in _other_public_urls().items():
            page.goto(demo.url + url)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 360:
                too_wide.append(f"{name} ({url}): {width} px")
    finally:
        context.close()
    assert not too_wide, too_wide
