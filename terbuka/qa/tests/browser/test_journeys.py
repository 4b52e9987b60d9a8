"""A citizen's journeys through the portal in Chromium, driven through the UI only, with
axe-core (WCAG 2.1 A and AA) on every page they pass through.

(a) A first-time visitor on a 360x800 phone finds a published document by searching from the
    body home and downloads it, with the keyboard alone (Tab and Enter).
(b) A citizen signs up, confirms the e-mail, files two requests and gets the receipt.
(c) The PPID answers them in the back office: one granted, one refused (UU 14/2008 Pasal 22
    ayat 7 and Pasal 17); the citizen follows each from their own area to the answer.
(d) The citizen objects to the refusal (Pasal 35) and sees the objection with its clock: the
    Atasan PPID answers within 30 working days (Pasal 36 ayat 2).

The other journeys (the office's routing and the unit's decision, the Atasan PPID's answer,
the DIP safety gate) are in the apps' own browser tests; these add the citizen's view of the
whole road, from the body home to the objection.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.defaultfilters import date as date_filter
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from playwright.sync_api import Browser, Page, expect

from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status
from terbuka.objections.models import Objection
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PASSWORD, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

NEW_EMAIL = "warga.baru@contoh.test"
NEW_PASSWORD = "Keterbukaan-Serang-2026"
NIK = "3673015508920003"  # 36.73.01 (Kota Serang), a woman born 15-08-1992
ADDRESS = "Jl. Flamboyan Nomor 21, Cipocok Jaya"
PHONE = "081377788899"
GRANTED = "Jumlah posyandu aktif per kelurahan di Kota Serang tahun 2025."
REFUSED = "Salinan rekam medis seluruh pasien Puskesmas Kasemen tahun 2025."
OBJECTION = "Saya meminta rekap tanpa nama pasien; penolakan seluruhnya tidak tepat."


@pytest.fixture
def portal(demo: Any) -> Any:
    """The live server with the demo body and its published DIP (documents to find)."""
    from django.core.cache import cache

    from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY

    call_command("loaddemo_dip", verbosity=0)
    cache.clear()
    cache.set(ANNOUNCEMENTS_CACHE_KEY, [], None)
    return demo


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A 360x800 phone page in Indonesian, failing on uncaught JavaScript errors."""
    context = browser.new_context(
        locale="id-ID", viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def _tab_to(page: Page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element matches the CSS selector, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    raise AssertionError(f"{selector} never took the focus in {limit} Tab presses on {page.url}")


def _check(page: Page) -> None:
    """What every page of the journeys must pass: axe-core, and no sideways scroll on phones."""
    assert_no_axe_violations(page)
    if page.viewport_size and page.viewport_size["width"] <= 400:
        assert_no_horizontal_scroll(page)


def test_first_visit_on_a_phone_search_to_document_by_keyboard(portal: Any, phone: Page) -> None:
    year = timezone.localdate().year
    title = f"Ringkasan APBD Kota Serang Tahun Anggaran {year}"

    phone.goto(portal.url + "/")
    expect(phone.locator("h1")).to_contain_text("Kota Serang")
    _check(phone)

    _tab_to(phone, "input[type='search'][name='q']")
    phone.keyboard.type("ringkasan APBD")
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/cari/\?"))
    results = phone.locator("main")
    expect(results.get_by_role("heading", level=2).first).to_contain_text("ringkasan APBD")
    expect(results.get_by_role("link", name=title, exact=True)).to_be_visible()
    _check(phone)

    _tab_to(phone, f"main h3 a[href^='/informasi/{DEMO_BODY}/']")
    focused = phone.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == title, f"the first hit is {focused!r}"
    phone.keyboard.press("Enter")
    expect(phone.locator("h1")).to_have_text(title)
    _check(phone)

    _tab_to(phone, "main a[download]")
    with phone.expect_download() as download_info:
        phone.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename.startswith("ringkasan-apbd-"), download.suggested_filename
    assert download.failure() is None


def _sign_up(page: Page, base: str) -> None:
    """Sign up from the site's header and confirm the e-mail through the link sent to it."""
    page.goto(base + "/")
    _check(page)
    page.get_by_role("link", name="Daftar", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/akun/signup/"))
    _check(page)
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(NEW_EMAIL)
    passwords = page.locator("main input[type='password']")
    passwords.nth(0).fill(NEW_PASSWORD)
    passwords.nth(1).fill(NEW_PASSWORD)
    sent = len(mail.outbox)
    page.locator("main form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/akun/confirm-email/"))
    _check(page)

    assert len(mail.outbox) > sent, "no confirmation e-mail"
    message = mail.outbox[-1]
    assert message.to == [NEW_EMAIL]
    link = re.search(r"https?://\S+/akun/confirm-email/\S+/", str(message.body))
    assert link, message.body
    path = re.sub(r"^https?://[^/]+", "", link.group(0))
    page.goto(base + path)
    _check(page)
    page.locator("main form").get_by_role("button").first.click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _sign_in(page: Page, base: str, email: str, password: str) -> None:
    page.goto(base + reverse("account_login"))
    _check(page)
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(password)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)


def _file_request(page: Page, base: str, details: str, *, first: bool) -> InformationRequest:
    """From the body home's button to the request page with its number and receipt."""
    page.goto(base + reverse("portal:body-detail", args=[DEMO_BODY]))
    page.locator("main").get_by_role("link", name="Ajukan permohonan informasi").first.click()
    expect(page.locator("h1")).to_have_text("Ajukan permohonan informasi")
    _check(page)
    if first:
        page.locator("input[name='identity'][value='baru']").check()
        page.locator("input[name='pemohon-kind'][value='perorangan']").check()
        page.locator("[name='pemohon-full_name']").fill("Warga Baru Serang")
        page.locator("[name='pemohon-nik']").fill(NIK)
        page.locator("[name='pemohon-address']").fill(ADDRESS)
        page.locator("[name='pemohon-phone']").fill(PHONE)
    page.locator("select[name='unit']").select_option(label="Dinas Kesehatan")
    page.locator("[name='details']").fill(details)
    page.locator("[name='purpose']").fill("Bahan kajian warga tentang layanan kesehatan.")
    page.locator("input[name='obtain_method'][value='salinan_softcopy']").check()
    page.locator("input[name='delivery_method'][value='email']").check()
    page.get_by_role("button", name="Kirim permohonan").click()

    expect(page).to_have_url(re.compile(r"/permohonan/\d+/$"))
    req = InformationRequest.objects.get(details=details)
    expect(page.locator("main")).to_contain_text(req.registration_number)
    assert req.due_on is not None
    with translation.override("id"):
        due = date_filter(req.due_on, "l, j F Y")
    expect(page.locator("main")).to_contain_text(due)
    _check(page)
    assert NIK not in page.content()

    receipt = page.locator("main").get_by_role("link", name="Unduh tanda bukti (PDF)").first
    href = receipt.get_attribute("href")
    assert href == reverse("inforequests:receipt", args=[req.pk])
    pdf = page.request.get(base + href)
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
    return req


def _answer(page: Page, base: str, req: InformationRequest, *, grant: bool) -> None:
    """The PPID Utama issues the written notice from the back office's inbox."""
    page.goto(base + reverse("office:inbox"))
    _check(page)
    page.locator("main").get_by_role("link", name=req.registration_number).first.click()
    expect(page).to_have_url(re.compile(rf"/kantor/permohonan/{req.pk}/$"))
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    _check(page)
    panel = page.locator("details#tindakan-issue-notice")
    panel.locator("input[name='possession'][value='held']").check()
    if grant:
        panel.locator("input[name='decision'][value='granted_full']").check()
        panel.locator("input[name='form'][value='softcopy']").check()
        panel.locator("[name='material']").fill("Rekap posyandu aktif per kelurahan 2025.")
    else:
        panel.locator("input[name='decision'][value='refused']").check()
        panel.locator("input[name='form'][value='none']").check()
        panel.locator("input[name='refusal_letters'][value='h']").check()
    panel.get_by_role("button").click()
    expect(page.locator("details#tindakan-issue-notice")).to_have_count(0)
    req.refresh_from_db()
    assert req.status == Status.NOTICE_ISSUED, req.status
    assert req.notice.decision == ("granted_full" if grant else "refused")
    _check(page)


def _own_area(page: Page, base: str) -> None:
    """The citizen's own area, reached from the site's navigation."""
    try:
        reverse("accounts:dashboard")
        name = "Ruang saya"
    except NoReverseMatch:  # before the requester area exists, the list of one's requests
        name = "Permohonan saya"
    page.get_by_role("link", name=name, exact=True).first.click()
    expect(page.locator("h1")).to_be_visible()
    _check(page)


def _follow_to_answer(page: Page, base: str, req: InformationRequest, outcome: str) -> None:
    _own_area(page, base)
    page.locator("main").get_by_role("link", name=req.registration_number).first.click()
    expect(page).to_have_url(re.compile(rf"/permohonan/{req.pk}/$"))
    expect(page.locator("main")).to_contain_text(outcome)
    _check(page)
    notice = reverse("inforequests:notice-pdf", args=[req.pk])
    expect(page.locator(f"main a[href='{notice}']").first).to_be_visible()


def _object(page: Page, base: str, req: InformationRequest) -> None:
    page.locator("main").get_by_role("link", name=re.compile("Ajukan keberatan")).first.click()
    expect(page).to_have_url(re.compile(rf"/keberatan/ajukan/{req.pk}/$"))
    _check(page)
    page.locator("input[name='grounds'][value='a']").check()
    page.locator("[name='summary']").fill(OBJECTION)
    page.locator("main form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/keberatan/\d+/$"))
    objection = Objection.objects.get(request=req)
    main = page.locator("main")
    expect(main).to_contain_text(objection.registration_number)
    # UU 14/2008 Pasal 36 ayat 2: the Atasan PPID answers within 30 working days.
    assert objection.response_due_on is not None
    with translation.override("id"):
        due = date_filter(objection.response_due_on, "l, j F Y")
    expect(main).to_contain_text(f"paling lambat {due}")
    _check(page)
    assert NIK not in page.content()

    _own_area(page, base)
    expect(page.locator("main")).to_contain_text(objection.registration_number)


def test_citizen_signs_up_requests_follows_answers_and_objects(
    portal: Any, page: Page, phone: Page
) -> None:
    base = portal.url
    _sign_up(page, base)
    granted = _file_request(page, base, GRANTED, first=True)
    refused = _file_request(page, base, REFUSED, first=False)
    _sign_out(page)

    _sign_in(page, base, DEMO_PPID_UTAMA_EMAIL, DEMO_PASSWORD)
    _answer(page, base, granted, grant=True)
    _answer(page, base, refused, grant=False)
    _sign_out(page)

    _sign_in(page, base, NEW_EMAIL, NEW_PASSWORD)
    _follow_to_answer(page, base, granted, "Diberikan seluruhnya")
    _follow_to_answer(page, base, refused, "Ditolak")
    _object(page, base, refused)

    # The same citizen on a phone: their own area and the refused request fit 360 px.
    _sign_in(phone, base, NEW_EMAIL, NEW_PASSWORD)
    _own_area(phone, base)
    phone.locator("main").get_by_role("link", name=refused.registration_number).first.click()
    expect(phone.locator("main")).to_contain_text("Ditolak")
    _check(phone)
