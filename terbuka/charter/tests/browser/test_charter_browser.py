"""The service-information pages in Chromium: axe-core finds nothing, phones need no scrolling."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Page, expect

from terbuka.accounts.models import User
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

BODY = "kota-serang"


def _sign_in(page: Page, live_server: Any, email: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=email))
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


PUBLIC = [
    ("charter:detail", [BODY]),
    ("charter:procedure", [BODY, "permohonan"]),
    ("charter:version", [BODY, 1]),
]
OFFICE = [
    ("charter_office:home", [BODY]),
    ("charter_office:charter-edit", [BODY]),
    ("charter_office:hours-edit", [BODY]),
    ("charter_office:fees-edit", [BODY]),
]


@pytest.mark.parametrize(("name", "args"), PUBLIC)
def test_public_pages_pass_axe_and_fit_a_phone(
    demo: Any, page: Page, mobile_page: Page, name: str, args: list[Any]
) -> None:
    call_command("loaddemo_charter", stdout=io.StringIO())
    url = demo.url + reverse(name, args=args)
    page.goto(url)
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)
    mobile_page.goto(url)
    assert_no_horizontal_scroll(mobile_page)


@pytest.mark.parametrize(("name", "args"), OFFICE)
def test_edit_pages_pass_axe(demo: Any, page: Page, name: str, args: list[Any]) -> None:
    call_command("loaddemo_charter", stdout=io.StringIO())
    _sign_in(page, demo, "ppid-utama@demo.test")
    page.goto(demo.url + reverse(name, args=args))
    expect(page.locator("h1")).to_have_count(1)
    assert_no_axe_violations(page)


def test_new_charter_version_through_the_form(demo: Any, page: Page) -> None:
    call_command("loaddemo_charter", stdout=io.StringIO())
    _sign_in(page, demo, "ppid-utama@demo.test")
    page.goto(demo.url + reverse("charter_office:charter-edit", args=[BODY]))
    page.get_by_label("Jaminan pelayanan").fill("Informasi diberikan tepat waktu dan lengkap.")
    page.get_by_role("button", name="Tetapkan dan umumkan").click()
    expect(page.locator(".messages")).to_contain_text("Maklumat pelayanan versi 3 disimpan")
    page.goto(demo.url + reverse("charter:detail", args=[BODY]))
    expect(page.locator("main")).to_contain_text("Informasi diberikan tepat waktu dan lengkap.")
    assert_no_axe_violations(page)
