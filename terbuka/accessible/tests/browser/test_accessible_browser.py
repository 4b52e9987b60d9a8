"""A citizen opens a serta-merta announcement and finds its audio, braille and large-print
versions, in Chromium with axe-core (Perki 1/2021 Pasal 24 and 47-48)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)
from terbuka.registry import services
from terbuka.registry.models import InformationEntry
from terbuka.registry.tests.factories import entry_values

pytestmark = pytest.mark.browser

TITLE = "Peringatan dini banjir Kasemen"


def _announce() -> InformationEntry:
    """Publish an announcement; the live server commits, so its formats are made at once."""
    body = PublicBody.objects.get(slug=DEMO_BODY)
    unit = Unit.objects.get(body=body, slug="bpbd")
    officer = User.objects.get(email=DEMO_PPID_UTAMA_EMAIL)
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        **entry_values(
            title=TITLE,
            summary="Status siaga banjir di bantaran Sungai Cibanten. Titik kumpul: Alun-alun.",
            info_class="serta_merta",
            legal_category="p10",
            update_every_months=None,
        ),
    )
    return services.entry_publish(entry=entry, actor=officer)


def test_serta_merta_entry_offers_accessible_formats(
    page: Page, mobile_page: Page, demo: Any
) -> None:
    base = demo.url
    entry = _announce()
    url = base + reverse("registry:entry", args=[DEMO_BODY, entry.number])
    page.goto(url)
    block = page.locator("section.accessible-formats")
    expect(block.get_by_role("heading", name="Format aksesibel")).to_be_visible()
    if shutil.which("espeak-ng"):
        audio = block.locator("audio[controls] source")
        src = audio.get_attribute("src")
        assert src
        answer = page.request.get(base + src)
        assert answer.status == 200
        assert answer.headers["content-type"] in ("audio/ogg", "audio/wav")
        block.get_by_role("link", name="Transkrip audio").click()
        expect(page.locator("h1")).to_have_text(TITLE)
        expect(page.locator("main")).to_contain_text("Titik kumpul: Alun-alun.")
        assert_no_axe_violations(page)
        page.goto(url)
    else:
        expect(block).to_contain_text("mesin suara espeak-ng tidak terpasang di server ini")
    if shutil.which("lou_translate"):
        brf = block.get_by_role("link", name="Braille siap cetak untuk embosser")
        href = brf.get_attribute("href")
        assert href
        answer = page.request.get(base + href)
        assert answer.status == 200
        assert answer.headers["content-disposition"].startswith("attachment")
    pdf = block.get_by_role("link", name="PDF cetak besar")
    href = pdf.get_attribute("href")
    assert href
    assert page.request.get(base + href).headers["content-type"] == "application/pdf"
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")
    mobile_page.goto(url)
    expect(mobile_page.locator("section.accessible-formats")).to_be_visible()
    assert_no_horizontal_scroll(mobile_page)
    assert_no_axe_violations(mobile_page)
