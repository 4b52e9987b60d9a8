"""The officers' budget upload in Chromium with axe-core on every step: the PPID Utama uploads a
BPKAD realisation report whose columns are named otherwise, maps them, sees the import and its
released document, then uploads a revision and confirms the replacement (UU 14/2008 Pasal
9(2) huruf c; WCAG 2.1 AA)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from terbuka.bodies.models import Unit
from terbuka.budget.models import BudgetDocument, BudgetImport
from terbuka.budget.tests.factories import SMALL, csv_bytes
from terbuka.portal.tests.browser import fixtures
from terbuka.portal.tests.browser.fixtures import (
    DEMO_BODY,
    DEMO_PASSWORD,
    DEMO_PPID_UTAMA_EMAIL,
)
from terbuka.portal.tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

browser = fixtures.browser
demo = fixtures.demo
page = fixtures.page
playwright_instance = fixtures.playwright_instance

HEADER = ["Kode Rek.", "Uraian Kegiatan", "Pagu", "Realisasi"]


def _file(rows: list[list[str]], name: str) -> FilePayload:
    return {
        "name": name,
        "mimeType": "text/csv",
        "buffer": csv_bytes(rows, header=HEADER),
    }


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(DEMO_PPID_UTAMA_EMAIL)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _fill(page: Page, unit: Unit, year: int, upload: FilePayload) -> None:
    form = page.locator("main form").first
    form.locator("[name='unit']").select_option(str(unit.pk))
    form.locator("[name='year']").fill(str(year))
    form.locator("[name='kind']").select_option("lra_yearly")
    form.locator("[name='file']").set_input_files(files=upload)


def test_officer_maps_columns_imports_and_confirms_a_replacement(demo: Any, page: Page) -> None:
    base = demo.url
    unit = Unit.objects.get(body__slug=DEMO_BODY, slug="bpkad")
    year = timezone.localdate().year
    _sign_in(page, base)
    page.goto(base + reverse("budget_office:list"))
    assert_no_axe_violations(page)
    page.locator("main").get_by_role("link", name="Unggah anggaran").click()
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)
    _fill(page, unit, year, _file(SMALL, "lra-bpkad.csv"))
    page.locator("main form").first.get_by_role("button", name=re.compile("Unggah")).click()
    # The file's headers are not the template's: the mapping step, with a preview.
    expect(page.locator("h1")).to_have_text(re.compile("Petakan kolom"))
    expect(page.locator("main")).to_contain_text("Belanja Operasi")
    assert_no_axe_violations(page)
    page.locator("[name='kolom_kode_rekening']").select_option("Kode Rek.")
    page.locator("[name='kolom_uraian']").select_option("Uraian Kegiatan")
    page.locator("[name='kolom_anggaran']").select_option("Pagu")
    page.get_by_role("button", name="Impor dengan pemetaan ini").click()
    expect(page).to_have_url(re.compile(r"/kantor/anggaran/impor/\d+/$"))
    expect(page.locator(".message-success")).to_contain_text("5 baris")
    assert_no_axe_violations(page)
    first = BudgetImport.objects.get(unit=unit, year=year, status="active")
    assert first.lines_count == 5
    document = BudgetDocument.objects.get(unit=unit, year=year, kind="lra_yearly")
    assert document.entry.status == "published"
    page.goto(base + reverse("budget_office:document", args=[document.pk]))
    expect(page.locator("main")).to_contain_text("Terbit")
    assert_no_axe_violations(page)
    # A revision of the same report: confirm the replacement; the first stays as history.
    page.goto(base + reverse("budget_office:upload"))
    _fill(page, unit, year, _file(SMALL[:2], "lra-bpkad-revisi.csv"))
    page.locator("main form").first.get_by_role("button", name=re.compile("Unggah")).click()
    expect(page.locator("h1")).to_have_text(re.compile("Petakan kolom"))
    page.locator("[name='kolom_kode_rekening']").select_option("Kode Rek.")
    page.locator("[name='kolom_uraian']").select_option("Uraian Kegiatan")
    page.locator("[name='kolom_anggaran']").select_option("Pagu")
    page.get_by_role("button", name="Impor dengan pemetaan ini").click()
    expect(page.locator("h1")).to_have_text(re.compile("Ganti anggaran"))
    expect(page.locator("main")).to_contain_text("lra-bpkad.csv")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ganti", exact=True).click()
    expect(page).to_have_url(re.compile(r"/kantor/anggaran/impor/\d+/$"))
    first.refresh_from_db()
    assert first.status == "superseded"
    assert BudgetImport.objects.get(unit=unit, year=year, status="active").lines_count == 2
    assert_no_axe_violations(page)
