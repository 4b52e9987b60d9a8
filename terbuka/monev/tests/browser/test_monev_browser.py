"""A monev cycle in Chromium with axe-core on every page: the PPID Utama creates a cycle from an
uploaded rubric over two kecamatan and opens the questionnaire; the PPID Pelaksana of
Kecamatan Serang answers, attaches a link as evidence and submits after being told what is
missing; the PPID Utama computes the scores (UU 14/2008, Perki 1/2022; WCAG 2.1 AA)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from terbuka.monev.models import EvaluationCycle, Evidence, Participant, Result
from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import DEMO_PASSWORD, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

browser = fixtures.browser
demo = fixtures.demo
page = fixtures.page
playwright_instance = fixtures.playwright_instance

# The demo's PPID Pelaksana of Kecamatan Serang (terbuka/bodies/demo.py).
DEMO_CAMAT_EMAIL = "pelaksana-kec-serang@demo.test"
# The shape of terbuka/monev/tests/conftest.py's rubric: a questionnaire of two questions (one
# wants a link, the other a link or a PDF) and a presentation scored by a panel.
RUBRIC: dict[str, Any] = {
    "name": "Monev internal PPID Pelaksana",
    "year": 2026,
    "categories": [
        {"name": "Informatif", "min": 90},
        {"name": "Menuju Informatif", "min": 80},
        {"name": "Cukup Informatif", "min": 60},
        {"name": "Kurang Informatif", "min": 40},
        {"name": "Tidak Informatif", "min": 0},
    ],
    "stages": [
        {
            "key": "saq",
            "name": "Kuesioner",
            "weight": 70,
            "indicators": [
                {
                    "key": "jenis",
                    "name": "Jenis informasi",
                    "weight": 0.4,
                    "questions": [
                        {
                            "key": "q1",
                            "text": "Apakah DIP diumumkan?",
                            "evidence": "link",
                            "options": [
                                {"key": "ya", "label": "Ya", "score": 100},
                                {"key": "tidak", "label": "Tidak", "score": 0},
                            ],
                        },
                        {
                            "key": "q2",
                            "text": "Apakah register permohonan diumumkan?",
                            "weight": 3,
                            "evidence": "link_or_pdf",
                            "options": [
                                {"key": "ya", "label": "Ya", "score": 100},
                                {"key": "sebagian", "label": "Sebagian", "score": 50},
                                {"key": "tidak", "label": "Tidak", "score": 0},
                            ],
                        },
                    ],
                }
            ],
        },
        {
            "key": "presentasi",
            "name": "Presentasi",
            "weight": 30,
            "indicators": [{"key": "inovasi", "name": "Inovasi", "weight": 1}],
        },
    ],
}


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """A second desktop page in its own context: another officer signed in at the same time."""
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(fixtures.DEFAULT_TIMEOUT_MS)
    yield context.new_page()
    context.close()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_a_cycle_from_rubric_to_scores(demo: Any, page: Page, second_page: Page) -> None:
    base = demo.url
    # The PPID Utama creates the cycle from a rubric file over two kecamatan and opens it.
    _sign_in(page, base, DEMO_PPID_UTAMA_EMAIL)
    page.goto(base + reverse("bodies:dashboard"))
    page.get_by_role("link", name=re.compile("^Monev keterbukaan informasi")).click()
    expect(page.locator("h1")).to_have_text("Monev keterbukaan informasi")
    assert_no_axe_violations(page)
    page.locator("main").get_by_role("link", name="Siklus baru").click()
    expect(page.locator("h1")).to_have_text("Siklus monev baru")
    assert_no_axe_violations(page)
    page.get_by_label(re.compile("^Nama siklus")).fill("Monev PPID Pelaksana 2026")
    page.get_by_label(re.compile("^Tahun")).fill("2026")
    page.get_by_label("Atau unggah rubrik (JSON)").set_input_files(
        files={
            "name": "rubrik-monev.json",
            "mimeType": "application/json",
            "buffer": json.dumps(RUBRIC).encode(),
        }
    )
    page.get_by_label("Kecamatan Serang", exact=True).check()
    page.get_by_label("Kecamatan Cipocok Jaya", exact=True).check()
    page.get_by_label("Buka kuesioner sekarang").check()
    page.get_by_role("button", name="Simpan siklus").click()
    expect(page).to_have_url(re.compile(r"/kantor/monev/\d+/$"))
    expect(page.locator(".message-success")).to_have_text("Siklus monev disimpan.")
    expect(page.locator("main")).to_contain_text("Pengisian kuesioner")
    assert_no_axe_violations(page)
    cycle = EvaluationCycle.objects.get(name="Monev PPID Pelaksana 2026")
    assert cycle.participants.count() == 2

    # The kecamatan's officer answers, is told what is missing, attaches a link and submits.
    camat = second_page
    _sign_in(camat, base, DEMO_CAMAT_EMAIL)
    camat.goto(base + reverse("monev_office:cycles"))
    assert_no_axe_violations(camat)
    row = camat.get_by_role("row", name=re.compile("Monev PPID Pelaksana 2026"))
    row.get_by_role("link", name="Kecamatan Serang").click()
    expect(camat.locator("h1")).to_have_text("Kuesioner Kecamatan Serang")
    assert_no_axe_violations(camat)
    camat.locator("[name='answer-q1'][value='ya']").check()
    camat.locator("[name='answer-q2'][value='tidak']").check()
    camat.get_by_role("button", name="Kirim kuesioner").click()
    alert = camat.locator(".notice-error")
    expect(alert).to_contain_text("Masih ada 1 jawaban yang belum dilengkapi bukti.")
    expect(alert.get_by_role("link", name="Pertanyaan 1")).to_have_attribute("href", "#q-q1")
    assert_no_axe_violations(camat)
    camat.locator("[name='url-q1']").fill("https://serangkota.go.id/ppid/dip-kecamatan-serang")
    camat.get_by_role(
        "button", name=re.compile("Simpan dan lampirkan bukti untuk pertanyaan 1")
    ).click()
    expect(camat.locator(".message-success")).to_have_text("Jawaban disimpan. 1 bukti dilampirkan.")
    expect(camat.locator("#q-q1")).to_contain_text(
        "https://serangkota.go.id/ppid/dip-kecamatan-serang"
    )
    assert_no_axe_violations(camat)
    camat.get_by_role("button", name="Kirim kuesioner").click()
    expect(camat.locator(".message-success")).to_have_text("Kuesioner terkirim.")
    expect(camat.locator(".page-header")).to_contain_text("Terkirim")
    assert_no_axe_violations(camat)
    serang = Participant.objects.get(cycle=cycle, unit__slug="kecamatan-serang")
    assert serang.submitted_at is not None
    assert Evidence.objects.filter(answer__participant=serang, kind="link").count() == 1

    # The PPID Utama sees it sent and computes the scores.
    page.reload()
    expect(page.locator("main")).to_contain_text("Terkirim")
    page.get_by_role("button", name="Hitung nilai").click()
    expect(page.locator(".message-success")).to_have_text("Nilai dihitung untuk 2 peserta.")
    assert_no_axe_violations(page)
    result = Result.objects.get(participant=serang)
    # q1 (weight 1) scores 100, q2 (weight 3) 0: 25 of the questionnaire's 70 points; the
    # presentation is not scored yet.
    assert result.score == 17.5
    expect(page.locator("main")).to_contain_text("17,50")


def test_library_history_and_public_pages_are_accessible(demo: Any, page: Page) -> None:
    """The rubric library, the history import, the meetings list, the public monev page and
    an announced cycle's results (the demo's internal cycle), each checked by axe-core."""
    call_command("loaddemo_monev", verbosity=0)
    base = demo.url
    _sign_in(page, base, fixtures.DEMO_PPID_UTAMA_EMAIL)
    for name in ("monev_office:rubrics", "monev_office:history", "monev_office:meetings"):
        page.goto(base + reverse(name))
        expect(page.locator("h1")).to_be_visible()
        assert_no_axe_violations(page)
    page.goto(base + reverse("monev:body", args=[fixtures.DEMO_BODY]))
    expect(page.locator("main")).to_contain_text("92,50")
    assert_no_axe_violations(page)
    announced = EvaluationCycle.objects.filter(status="announced").first()
    assert announced is not None
    page.goto(base + reverse("monev:results", args=[announced.pk]))
    expect(page.locator("main")).to_contain_text("Kecamatan Serang")
    assert_no_axe_violations(page)
