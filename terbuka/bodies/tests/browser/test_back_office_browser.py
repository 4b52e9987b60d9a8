"""The back office in Chromium: every page passes axe-core, the unit filter works with htmx."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from terbuka.accounts.models import User
from terbuka.bodies.models import Membership
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

BODY = "kota-serang"


def sign_in(page: Page, live_server: Any, email: str) -> None:
    """Put a signed-in session cookie into the page's browser context."""
    client = Client()
    client.force_login(User.objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def back_office_urls() -> dict[str, str]:
    membership = Membership.objects.get(user__email="pelaksana-dinkes@demo.test")
    body = {"body_slug": BODY}
    unit = {**body, "unit_slug": "dinkes"}
    return {
        "dashboard": reverse("bodies:dashboard"),
        "body-edit": reverse("bodies:body-edit", kwargs=body),
        "unit-list": reverse("bodies:unit-list", kwargs=body),
        "unit-create": reverse("bodies:unit-create", kwargs=body),
        "unit-edit": reverse("bodies:unit-edit", kwargs=unit),
        "unit-move": reverse("bodies:unit-move", kwargs=unit),
        "unit-deactivate": reverse("bodies:unit-deactivate", kwargs=unit),
        "membership-list": reverse("bodies:membership-list", kwargs=body),
        "membership-grant": reverse("bodies:membership-grant", kwargs=body),
        "membership-revoke": reverse(
            "bodies:membership-revoke", kwargs={**body, "membership_id": membership.pk}
        ),
    }


PAGES = [
    "dashboard",
    "body-edit",
    "unit-list",
    "unit-create",
    "unit-edit",
    "unit-move",
    "unit-deactivate",
    "membership-list",
    "membership-grant",
    "membership-revoke",
]


@pytest.mark.parametrize("name", PAGES)
def test_back_office_page_has_no_axe_violations(demo: Any, page: Page, name: str) -> None:
    sign_in(page, demo, "ppid-utama@demo.test")
    page.goto(demo.url + back_office_urls()[name])
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("name", ["dashboard", "unit-list", "unit-edit", "membership-list"])
def test_back_office_page_fits_a_phone(demo: Any, mobile_page: Page, name: str) -> None:
    sign_in(mobile_page, demo, "ppid-utama@demo.test")
    mobile_page.goto(demo.url + back_office_urls()[name])
    assert_no_horizontal_scroll(mobile_page)
    assert_no_axe_violations(mobile_page)


def test_forbidden_page(demo: Any, page: Page) -> None:
    sign_in(page, demo, "pelaksana-dinkes@demo.test")
    response = page.goto(demo.url + back_office_urls()["unit-list"])
    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Akses ditolak")
    assert_no_axe_violations(page)


def test_form_errors_are_tied_to_fields(demo: Any, page: Page) -> None:
    sign_in(page, demo, "ppid-utama@demo.test")
    page.goto(demo.url + back_office_urls()["unit-create"])
    page.get_by_label(re.compile("^Nama")).first.fill("Dinas Kesehatan Dua")
    page.get_by_label(re.compile("^Jenis")).select_option("opd")
    page.get_by_label(re.compile("^Slug")).fill("dinkes")
    page.locator("main").get_by_role("button", name="Tambah unit").click()
    slug = page.locator("#id_slug")
    expect(slug).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_slug_error")).to_have_text(
        "Slug ini sudah dipakai unit lain di badan publik ini."
    )
    assert_no_axe_violations(page)


def test_unit_filter_updates_without_reload(demo: Any, page: Page) -> None:
    sign_in(page, demo, "ppid-utama@demo.test")
    page.goto(demo.url + back_office_urls()["unit-list"])
    page.evaluate("() => { window.__noReload = true; }")
    page.get_by_label("Cari nama atau kode").press_sequentially("Cipare", delay=20)
    results = page.locator("#unit-results")
    expect(results.get_by_role("link", name="Kelurahan Cipare", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Dinas Kesehatan", exact=True)).to_have_count(0)
    assert page.evaluate("() => window.__noReload") is True
    expect(page).to_have_url(re.compile(r"[?&]q=Cipare"))
    page.get_by_label("Cari nama atau kode").fill("")
    page.get_by_label("Jenis").select_option("kecamatan")
    expect(results.get_by_role("link", name="Kecamatan Serang", exact=True)).to_be_visible()
    expect(results.get_by_role("link", name="Kelurahan Cipare", exact=True)).to_have_count(0)
    assert_no_axe_violations(page)
