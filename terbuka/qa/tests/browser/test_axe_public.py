"""Every public page in Chromium at 360x800 and 1280x800: zero axe-core violations (WCAG 2.1
A and AA) and, at 360 px, no horizontal scroll (quality.md X13).

The pages are the routes `terbuka.qa.matrix.SITE` opens to anonymous visitors (GET letter A),
filled with the QA world's objects as the personal-data crawl fills them, so a new public route
is swept as soon as it has its matrix row (test_authz_matrix demands one). Django's admin and
answers that are not HTML (files, feeds, exports, redirects to them) are left out; the site's
404 page is added. Every finding of the sweep is collected and reported together, page by page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Error, Page

from terbuka.portal.tests.browser.helpers import AXE_JS, axe_violations, format_violations
from terbuka.qa import matrix
from terbuka.qa.routes import fill, parameters, site_routes
from terbuka.qa.world import World, build_world

pytestmark = pytest.mark.browser

VIEWPORTS = ((360, 800), (1280, 800))
# Not the portal's own templates: Django's admin, and the language switch (a POST target).
SKIP_PREFIXES = ("admin/", "i18n/")
NOT_FOUND = "/qa-halaman-yang-tidak-ada/"  # the site's 404 page is a public template too


@pytest.fixture
def public_world(live_server: Any, transactional_db: Any) -> World:
    """The QA world (the whole Kota Serang demo plus one object of each kind) behind the live
    server; the live server shares the test database, and the flush of `transactional_db`
    clears it afterwards."""
    from django.core.cache import cache
    from django.utils import translation

    from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY

    started = time.monotonic()
    with translation.override("id"):
        world = build_world()
    print(f"\nQA world built in {time.monotonic() - started:.1f} s")
    cache.clear()
    cache.set(ANNOUNCEMENTS_CACHE_KEY, [], None)
    return world


def public_paths(world: World) -> list[tuple[str, str]]:
    """(route pattern, path) of every route anonymous visitors may GET, with real ids."""
    present = {route.pattern for route in site_routes()}
    paths = []
    for pattern, access in matrix.SITE.items():
        if access.get[0] != "A" or pattern in matrix.OPTIONAL or pattern not in present:
            continue
        if pattern.startswith(SKIP_PREFIXES):
            continue
        values = matrix.path_values(world, pattern)
        paths.append((pattern, fill(pattern, {name: values[name] for name in parameters(pattern)})))
    return paths


def _html_pages(page: Page, base: str, paths: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The paths whose answer (after redirects) is an HTML page, plus the "not found" page;
    prints the others (files, feeds, exports) with what they answered."""
    pages = [("404.html", NOT_FOUND)]
    others = []
    for pattern, path in paths:
        response = page.request.get(base + path)
        kind = response.headers.get("content-type", "").split(";")[0]
        assert response.status < 500, f"{path} ({pattern}) answered {response.status}"
        if response.ok and kind == "text/html":
            pages.append((pattern, path))
        else:
            others.append(f"{path} ({response.status} {kind})")
    print(f"\nnot HTML pages, left out: {', '.join(others)}")
    return pages


def _collector(errors: list[str]) -> Callable[[Error], None]:
    """A page-error listener that keeps the messages in the given list."""

    def collect(error: Error) -> None:
        errors.append(str(error))

    return collect


def _check(page: Page, url: str, width: int) -> list[str]:
    """The findings on one page at one width, as readable lines."""
    findings: list[str] = []
    response = page.goto(url)
    assert response is not None
    violations = axe_violations(page)
    if violations:
        findings.append(f"axe at {width}px:\n{format_violations(violations)}")
    if width <= 360:
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > inner:
            wide = page.evaluate(
                """(limit) => Array.from(document.querySelectorAll('body *'))
                    .filter(el => el.getBoundingClientRect().right > limit + 1)
                    // Inside a scrolling box (a .table-wrap) an element overflows nothing,
                    // unless it is positioned against an ancestor outside that box.
                    .filter(el => {
                        if (['absolute', 'fixed'].includes(getComputedStyle(el).position)) {
                            return true;
                        }
                        for (let up = el.parentElement; up; up = up.parentElement) {
                            if (['auto', 'scroll', 'hidden'].includes(
                                getComputedStyle(up).overflowX)) return false;
                        }
                        return true;
                    })
                    .slice(0, 5)
                    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                         + (el.className && typeof el.className === 'string'
                            ? '.' + el.className.trim().split(/\\s+/).join('.') : ''))""",
                inner,
            )
            findings.append(
                f"horizontal scroll at {width}px: {scroll}px wide; widest: {', '.join(wide)}"
            )
    return findings


def test_every_public_page_is_accessible_and_fits_360_px(
    public_world: World, live_server: Any, browser: Browser
) -> None:
    started = time.monotonic()
    base = live_server.url
    paths = public_paths(public_world)
    assert len(paths) > 25, f"only {len(paths)} public routes found in the matrix"
    findings: dict[str, list[str]] = {}
    visited = 0
    pages: list[tuple[str, str]] | None = None
    for width, height in VIEWPORTS:
        context = browser.new_context(locale="id-ID", viewport={"width": width, "height": height})
        context.set_default_timeout(15_000)
        # axe-core evaluated in every new document by the browser itself (not subject to the
        # site's CSP), so the helper need not fetch and insert it on each of the ~70 pages.
        context.add_init_script(path=str(AXE_JS))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", _collector(errors))
        if pages is None:
            pages = _html_pages(page, base, paths)
            assert len(pages) > 20, f"only {len(pages)} public HTML pages answered"
        for pattern, path in pages:
            found = _check(page, base + path, width)
            visited += 1
            if errors:
                found.append(f"JavaScript errors at {width}px: {errors}")
                errors.clear()
            if found:
                findings.setdefault(f"{path}  [{pattern}]", []).extend(found)
        context.close()
    elapsed = time.monotonic() - started
    print(f"\naxe sweep: {visited} views of {len(pages or [])} public pages in {elapsed:.1f} s")
    report = "\n\n".join(
        f"{where}\n" + "\n".join(lines) for where, lines in sorted(findings.items())
    )
    assert not findings, f"{len(findings)} public page(s) with findings:\n\n{report}"
