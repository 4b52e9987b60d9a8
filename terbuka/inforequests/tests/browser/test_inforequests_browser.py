"""End-to-end journey of an information request in Chromium, with axe-core on every page.

Issue 3: the citizen files, PPID Utama routes, the unit decides, the citizen reads the notice
(UU 14/2008 Pasal 22). One test walks the whole journey so the live server and the demo load
only once.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from terbuka.accounts.masking import mask_address, mask_nik, mask_phone
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status
from terbuka.portal.tests.browser.fixtures import DEMO_PASSWORD, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

CITIZEN = "warga@demo.test"
PELAKSANA_DINKES = "pelaksana-dinkes@demo.test"
# 36.73.01 (Kota Serang), born 15-05-1990, serial 0001: well formed for accounts.nik.
NIK = "3673011505900001"
ADDRESS = "Jl. Kenari Nomor 17, Cipare"
PHONE = "081234567890"
DETAILS = "Data jumlah puskesmas dan tenaga kesehatan Kota Serang tahun 2025."


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)


def _open_all_details(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


def _assert_no_identity_in_clear(page: Page) -> None:
    html = page.content()
    for secret in (NIK, ADDRESS, PHONE):
        assert secret not in html, f"{secret!r} shown in clear"


def _file_request(page: Page, base: str) -> InformationRequest:
    page.goto(base + reverse("inforequests:create"))
    expect(page.locator("h1")).to_have_text("Ajukan permohonan informasi")
    assert_no_axe_violations(page)

    # Submitted empty once: the errors must be announced and accessible too.
    page.get_by_role("button", name="Kirim permohonan").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("input[name='identity'][value='baru']").check()
    page.locator("input[name='pemohon-kind'][value='perorangan']").check()
    page.locator("[name='pemohon-full_name']").fill("Warga Serang")
    page.locator("[name='pemohon-nik']").fill(NIK)
    page.locator("[name='pemohon-address']").fill(ADDRESS)
    page.locator("[name='pemohon-phone']").fill(PHONE)
    page.locator("select[name='unit']").select_option(label="Dinas Kesehatan")
    page.locator("[name='details']").fill(DETAILS)
    page.locator("[name='purpose']").fill("Bahan penelitian tugas akhir.")
    page.locator("input[name='obtain_method'][value='salinan_softcopy']").check()
    page.locator("input[name='delivery_method'][value='email']").check()
    page.locator("input[name='is_public']").check()
    page.get_by_role("button", name="Kirim permohonan").click()

    expect(page).to_have_url(re.compile(r"/permohonan/\d+/$"))
    req = InformationRequest.objects.get(details=DETAILS)
    assert req.registration_number
    expect(page.locator("main")).to_contain_text(req.registration_number)
    return req


def _citizen_pages(page: Page, base: str, req: InformationRequest) -> None:
    detail_url = base + reverse("inforequests:detail", args=[req.pk])
    assert req.due_on is not None
    with translation.override("id"):
        due = date_filter(req.due_on, "l, j F Y")
    expect(page.locator("main")).to_contain_text(f"Pemberitahuan tertulis paling lambat: {due}")
    _assert_no_identity_in_clear(page)
    assert_no_axe_violations(page)

    receipt = page.request.get(base + reverse("inforequests:receipt", args=[req.pk]))
    assert receipt.status == 200
    assert receipt.headers["content-type"].startswith("application/pdf")
    assert receipt.body().startswith(b"%PDF")

    page.goto(base + reverse("inforequests:mine"))
    expect(page.locator("main")).to_contain_text(req.registration_number)
    assert_no_axe_violations(page)

    page.goto(base + reverse("inforequests:withdraw", args=[req.pk]))
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(detail_url)


def _route(page: Page, base: str, req: InformationRequest) -> None:
    page.goto(base + reverse("office:inbox"))
    row_link = page.locator("main").get_by_role("link", name=req.registration_number)
    expect(row_link.first).to_be_visible()
    assert_no_axe_violations(page)
    row_link.first.click()
    expect(page).to_have_url(re.compile(rf"/kantor/permohonan/{req.pk}/$"))

    # The office sees the identity masked, never in clear.
    _assert_no_identity_in_clear(page)
    identity = page.locator("section[aria-labelledby='identity-heading']")
    expect(identity).to_contain_text("Warga Serang")
    for masked in (mask_nik(NIK), mask_address(ADDRESS), mask_phone(PHONE)):
        expect(identity.locator(".masked", has_text=masked)).to_have_count(1)
    _open_all_details(page)
    assert_no_axe_violations(page)

    panel = page.locator("details#tindakan-route")
    panel.get_by_label("Dinas Kesehatan", exact=True).check()
    panel.get_by_role("button").click()
    expect(page.get_by_text("Permohonan didisposisikan.")).to_be_visible()
    req.refresh_from_db()
    assert req.status == Status.ROUTED, req.status

    page.goto(base + reverse("office:record"))
    expect(page.locator("h1")).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(base + reverse("office:register"))
    expect(page.locator("main")).to_contain_text(req.registration_number)
    assert_no_axe_violations(page)


def _decide(page: Page, base: str, req: InformationRequest) -> None:
    page.goto(base + reverse("office:inbox"))
    row_link = page.locator("main").get_by_role("link", name=req.registration_number)
    row_link.first.click()
    panel = page.locator("details#tindakan-issue-notice")
    expect(panel).to_have_count(1)
    _open_all_details(page)
    assert_no_axe_violations(page)
    panel.locator("input[name='possession'][value='held']").check()
    panel.locator("input[name='decision'][value='granted_full']").check()
    panel.locator("input[name='form'][value='softcopy']").check()
    panel.locator("[name='material']").fill("Rekap jumlah puskesmas dan tenaga kesehatan 2025.")
    panel.get_by_role("button").click()
    expect(page.locator("details#tindakan-issue-notice")).to_have_count(0)
    req.refresh_from_db()
    # A full grant as softcopy with no copy or delivery cost needs no payment.
    assert req.status == Status.NOTICE_ISSUED, req.status
    expect(page.locator("main")).to_contain_text("Diberikan seluruhnya")


def _read_notice(page: Page, base: str, req: InformationRequest) -> None:
    page.goto(base + reverse("inforequests:detail", args=[req.pk]))
    main = page.locator("main")
    expect(main).to_contain_text("Diberikan seluruhnya")
    _assert_no_identity_in_clear(page)
    assert_no_axe_violations(page)
    notice_url = reverse("inforequests:notice-pdf", args=[req.pk])
    expect(main.locator(f"a[href='{notice_url}']").first).to_be_visible()
    notice = page.request.get(base + notice_url)
    assert notice.status == 200
    assert notice.headers["content-type"].startswith("application/pdf")

    page.goto(base + reverse("inforequests:archive"))
    expect(page.locator("main")).to_contain_text(req.registration_number)
    assert_no_axe_violations(page)
    page.goto(base + reverse("inforequests:archive-detail", args=[req.pk]))
    expect(page.locator("main")).to_contain_text("Diberikan seluruhnya")
    _assert_no_identity_in_clear(page)
    assert_no_axe_violations(page)


def test_citizen_files_utama_routes_unit_decides_citizen_reads(
    demo: Any, page: Page, mobile_page: Page
) -> None:
    base = demo.url
    _sign_in(page, base, CITIZEN)
    req = _file_request(page, base)
    _citizen_pages(page, base, req)

    # Phone width: the create form and the citizen's request page.
    _sign_in(mobile_page, base, CITIZEN)
    mobile_page.goto(base + reverse("inforequests:create"))
    assert_no_horizontal_scroll(mobile_page)
    mobile_page.goto(base + reverse("inforequests:detail", args=[req.pk]))
    assert_no_horizontal_scroll(mobile_page)
    _sign_out(mobile_page)
    _sign_out(page)

    _sign_in(page, base, DEMO_PPID_UTAMA_EMAIL)
    _route(page, base, req)
    _sign_in(mobile_page, base, DEMO_PPID_UTAMA_EMAIL)
    mobile_page.goto(base + reverse("office:inbox"))
    assert_no_horizontal_scroll(mobile_page)
    _sign_out(page)

    _sign_in(page, base, PELAKSANA_DINKES)
    _decide(page, base, req)
    _sign_out(page)

    _sign_in(page, base, CITIZEN)
    _read_notice(page, base, req)
