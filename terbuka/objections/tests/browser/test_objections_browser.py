"""End-to-end journey from a refusal to an objection to the Atasan PPID's answer, in Chromium,
with axe-core on every page (UU 14/2008 Pasal 35-36).

One test walks the whole journey so the live server and the demo load only once.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status
from terbuka.objections.models import Objection
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PASSWORD
from terbuka.portal.tests.browser.helpers import assert_no_axe_violations

pytestmark = pytest.mark.browser

CITIZEN = "warga@demo.test"
ATASAN = "atasan@demo.test"
DESK = "ppid-utama@demo.test"
NIK = "3673011505900002"
ADDRESS = "Jl. Melati Nomor 9, Cipocok Jaya"
PHONE = "081298765432"
DETAILS = "Salinan kontrak pengadaan mobil dinas Dinas Kesehatan tahun 2026."
SUMMARY = "Kontrak pengadaan bukan informasi yang dikecualikan menurut Pasal 17."


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("button", name="Keluar")).to_have_count(0)


def _assert_no_identity_in_clear(page: Page) -> None:
    html = page.content()
    for secret in (NIK, ADDRESS, PHONE):
        assert secret not in html, f"{secret!r} shown in clear"


def _refused_request() -> InformationRequest:
    """The citizen's request, refused by the PPID Utama under Pasal 17 letter b."""
    body = PublicBody.objects.get(slug=DEMO_BODY)
    citizen = User.objects.get(email=CITIZEN)
    desk = User.objects.get(email=DESK)
    request = request_services.request_submit(
        actor=citizen,
        body=body,
        unit=Unit.objects.filter(body=body, name="Dinas Kesehatan").first(),
        details=DETAILS,
        purpose="Pengawasan belanja daerah.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity_data={
            "kind": "perorangan",
            "full_name": "Warga Serang",
            "nik": NIK,
            "address": ADDRESS,
            "phone": PHONE,
            "email": "",
        },
    )
    request_services.request_issue_notice(
        request=request,
        actor=desk,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["b"],
    )
    request.refresh_from_db()
    return request


def _file_objection(page: Page, base: str, request: InformationRequest) -> Objection:
    page.goto(base + reverse("inforequests:detail", args=[request.pk]))
    assert_no_axe_violations(page)
    page.locator("main").get_by_role("link", name=re.compile("Ajukan keberatan")).first.click()
    expect(page).to_have_url(re.compile(rf"/keberatan/ajukan/{request.pk}/$"))
    assert_no_axe_violations(page)

    # Submitted empty once: the errors must be announced and accessible too.
    page.locator("main form").get_by_role("button").last.click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("input[name='grounds'][value='a']").check()
    page.locator("[name='summary']").fill(SUMMARY)
    page.locator("main form").get_by_role("button").last.click()
    expect(page).to_have_url(re.compile(r"/keberatan/\d+/$"))
    objection = Objection.objects.get(request=request)
    expect(page.locator("main")).to_contain_text(objection.registration_number)
    _assert_no_identity_in_clear(page)
    assert_no_axe_violations(page)

    receipt = page.request.get(base + reverse("objections:receipt-pdf", args=[objection.pk]))
    assert receipt.status == 200
    assert receipt.body().startswith(b"%PDF")
    page.goto(base + reverse("objections:mine"))
    expect(page.locator("main")).to_contain_text(objection.registration_number)
    assert_no_axe_violations(page)
    return objection


def _answer(page: Page, base: str, objection: Objection) -> None:
    page.goto(base + reverse("objections_office:list"))
    link = page.locator("main").get_by_role("link", name=objection.registration_number)
    expect(link.first).to_be_visible()
    assert_no_axe_violations(page)
    link.first.click()
    expect(page).to_have_url(re.compile(rf"/kantor/keberatan/{objection.pk}/$"))
    _assert_no_identity_in_clear(page)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_no_axe_violations(page)

    panel = page.locator("details#tindakan-answer")
    panel.locator("input[name='decision'][value='ordered_full']").check()
    panel.locator("[name='reasons']").fill(
        "Kontrak pengadaan adalah informasi yang wajib tersedia setiap saat (Pasal 11)."
    )
    panel.locator("[name='letter_number']").fill("045/12-KEB/2026")
    panel.get_by_role("button").click()
    expect(
        page.get_by_text("Tanggapan Atasan PPID dicatat; permohonan dibuka kembali atas perintah.")
    ).to_be_visible()
    objection.refresh_from_db()
    assert objection.status == "answered_ordered", objection.status
    assert objection.request is not None
    objection.request.refresh_from_db()
    assert objection.request.status == Status.ORDERED
    assert_no_axe_violations(page)

    page.goto(base + reverse("objections_office:register", args=[DEMO_BODY]))
    expect(page.locator("main")).to_contain_text(objection.registration_number)
    _assert_no_identity_in_clear(page)
    assert_no_axe_violations(page)


def _read_answer(page: Page, base: str, objection: Objection) -> None:
    page.goto(base + reverse("objections:detail", args=[objection.pk]))
    expect(page.locator("main")).to_contain_text("045/12-KEB/2026")
    assert_no_axe_violations(page)
    letter = page.request.get(base + reverse("objections:response-pdf", args=[objection.pk]))
    assert letter.status == 200
    assert letter.body().startswith(b"%PDF")


def test_refusal_objection_answer_journey(page: Page, demo: Any) -> None:
    base = demo.url
    request = _refused_request()
    _sign_in(page, base, CITIZEN)
    objection = _file_objection(page, base, request)
    _sign_out(page)

    _sign_in(page, base, ATASAN)
    _answer(page, base, objection)
    _sign_out(page)

    _sign_in(page, base, CITIZEN)
    _read_answer(page, base, objection)
