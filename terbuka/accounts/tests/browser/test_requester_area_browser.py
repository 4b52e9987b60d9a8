"""The requester area in Chromium: a citizen signs in, lands on "Ruang saya", reads a refusal's
clock and next step, and chooses their e-mails; axe-core at desktop width and at 360 px.

One test walks the pages so the live server and the demo load only once.
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
from terbuka.notifications.models import NotificationPreference
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PASSWORD
from terbuka.portal.tests.browser.helpers import (
    assert_no_axe_violations,
    assert_no_horizontal_scroll,
)

pytestmark = pytest.mark.browser

CITIZEN = "warga@demo.test"
DESK = "ppid-utama@demo.test"
NIK = "3673011505900002"
ADDRESS = "Jl. Melati Nomor 9, Cipocok Jaya"
PHONE = "081298765432"
WIDTHS = (1280, 360)


def _refused_request() -> InformationRequest:
    body = PublicBody.objects.get(slug=DEMO_BODY)
    citizen = User.objects.get(email=CITIZEN)
    request = request_services.request_submit(
        actor=citizen,
        body=body,
        unit=Unit.objects.filter(body=body, name="Dinas Kesehatan").first(),
        details="Salinan kontrak pengadaan mobil dinas Dinas Kesehatan tahun 2026.",
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
        actor=User.objects.get(email=DESK),
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["b"],
    )
    request.refresh_from_db()
    return request


def _check_at_each_width(page: Page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_axe_violations(page)
        assert_no_horizontal_scroll(page)
        html = page.content()
        for secret in (NIK, ADDRESS, PHONE):
            assert secret not in html, f"{secret!r} shown in clear"


def test_requester_area_journey(page: Page, demo: Any) -> None:
    base = demo.url
    request = _refused_request()

    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(CITIZEN)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()

    # A citizen lands in the requester area.
    expect(page).to_have_url(re.compile(r"/akun/saya/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ruang saya")
    expect(page).to_have_title(re.compile("^Ruang saya"))
    main = page.locator("main")
    expect(main.get_by_role("link", name=request.registration_number)).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("dapat mengajukan keberatan"))).to_be_visible()
    expect(main.get_by_role("link", name="Pemberitahuan tertulis (PDF)").first).to_be_visible()
    _check_at_each_width(page)

    # Keyboard: the next step is reachable and leads to the objection form.
    page.set_viewport_size({"width": 1280, "height": 900})
    main.get_by_role("link", name=re.compile("dapat mengajukan keberatan")).first.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/keberatan/ajukan/{request.pk}/$"))

    page.goto(base + reverse("accounts:notifications"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaturan pemberitahuan")
    _check_at_each_width(page)
    page.get_by_label("Hanya keputusan dan batas waktu").check()
    page.locator("main").get_by_role("button", name="Simpan pengaturan").click()
    expect(page.get_by_role("status")).to_contain_text("Pengaturan pemberitahuan disimpan.")
    assert_no_axe_violations(page)
    citizen = User.objects.get(email=CITIZEN)
    assert NotificationPreference.objects.get(user=citizen).email_level == "decisions"
