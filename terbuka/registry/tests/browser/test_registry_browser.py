"""End-to-end DIP journey in Chromium with axe-core on every page: an officer drafts an entry,
uploads a spreadsheet that hides a sheet of personal data, sees the finding, uploads a cleaned
version, publishes; a citizen finds it on the portal and in search, and sees the serta-merta
banner (UU 14/2008 Pasal 9-10; peers.md section 4)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook  # type: ignore[import-untyped]
from playwright.sync_api import FilePayload, Page, expect

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.portal.tests.browser.fixtures import DEMO_BODY, DEMO_PASSWORD, DEMO_PPID_UTAMA_EMAIL
from terbuka.portal.tests.browser.helpers import assert_no_axe_violations
from terbuka.registry import services
from terbuka.registry.models import InformationEntry
from terbuka.registry.tests.factories import entry_values

pytestmark = pytest.mark.browser

TITLE = "Daftar penerima hibah daerah 2026"


def _file(*, hidden: bool) -> FilePayload:
    return {
        "name": "hibah.xlsx",
        "mimeType": "application/octet-stream",
        "buffer": _xlsx(hidden=hidden),
    }


def _xlsx(*, hidden: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ringkasan"
    sheet.append(["Kecamatan", "Jumlah hibah"])
    sheet.append(["Serang", 12])
    if hidden:
        secret = book.create_sheet("Penerima")
        secret.append(["Nama", "NIK"])
        secret.append(["Penerima Uji", "3673015507850001"])
        secret.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sign_in(page: Page, base: str, email: str) -> None:
    page.goto(base + reverse("account_login"))
    page.get_by_label(re.compile("e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile("sandi", re.IGNORECASE), exact=False).first.fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name=re.compile("^Masuk")).click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _draft(page: Page, base: str) -> InformationEntry:
    page.goto(base + reverse("registry_office:new") + f"?badan={DEMO_BODY}")
    assert_no_axe_violations(page)
    page.locator("main form").get_by_role("button", name="Simpan").click()
    expect(
        page.get_by_text("Judul informasi wajib diisi.").or_(page.locator(".field-error").first)
    ).to_be_visible()
    assert_no_axe_violations(page)
    form = page.locator("main form")
    bpkad = Unit.objects.get(body__slug=DEMO_BODY, slug="bpkad")
    form.locator("[name='unit']").select_option(str(bpkad.pk))
    form.locator("[name='title']").fill(TITLE)
    form.locator("[name='summary']").fill("Jumlah penerima hibah per kecamatan.")
    form.locator("[name='info_class']").select_option("setiap_saat")
    form.locator("[name='legal_category']").select_option("p11_c")
    form.locator("[name='holder_official']").fill("Kepala BPKAD")
    form.locator("[name='responsible_person']").fill("Sekretaris BPKAD")
    form.locator("[name='produced_when']").fill("2026")
    form.locator("[name='produced_where']").fill("Serang")
    form.locator("input[name='available_forms'][value='softcopy']").check()
    form.locator("[name='retention_period']").fill("5 tahun")
    form.locator("[name='tags']").fill("hibah, keuangan")
    form.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(r"/kantor/dip/\d+/$"))
    return InformationEntry.objects.get(title=TITLE)


def _upload_and_clean(page: Page, entry: InformationEntry) -> None:
    page.locator("summary", has_text="Tambah dokumen").click()
    upload = page.locator("form[action$='tambah-dokumen/']")
    upload.locator("[name='title']").fill("Rekap hibah")
    upload.locator("[name='file']").set_input_files(files=_file(hidden=True))
    upload.get_by_role("button", name="Unggah dan periksa").click()
    expect(page.locator("main")).to_contain_text("Lembar tersembunyi")
    expect(page.locator("main")).not_to_contain_text("3673015507850001")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".message-error")).to_contain_text("temuan")
    entry.refresh_from_db()
    assert entry.status == "draft"
    page.locator("summary", has_text="Unggah versi bersih").click()
    clean = page.locator("form[action$='versi-baru/']")
    clean.locator("[name='file']").set_input_files(files=_file(hidden=False))
    clean.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.locator("main")).to_contain_text("lolos pemeriksaan")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".message-success")).to_be_visible()
    entry.refresh_from_db()
    assert entry.status == "published"
    assert_no_axe_violations(page)


def _serta_merta() -> None:
    body = PublicBody.objects.get(slug=DEMO_BODY)
    unit = Unit.objects.get(body=body, slug="bpbd")
    officer = User.objects.get(email=DEMO_PPID_UTAMA_EMAIL)
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        **entry_values(
            title="Peringatan dini banjir Kasemen",
            info_class="serta_merta",
            legal_category="p10",
            update_every_months=None,
        ),
    )
    services.entry_publish(entry=entry, actor=officer)


def _public(page: Page, base: str, entry: InformationEntry) -> None:
    page.goto(base + reverse("registry:body", args=[DEMO_BODY]))
    expect(page.locator(".announcement-banner")).to_contain_text("Peringatan dini banjir")
    assert_no_axe_violations(page)
    page.locator("main").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    assert_no_axe_violations(page)
    href = page.locator("main a[download]").first.get_attribute("href")
    assert href
    download = page.request.get(base + href)
    assert download.status == 200
    assert download.headers["content-disposition"].startswith("attachment")
    page.goto(base + reverse("registry:exempt", args=[DEMO_BODY]))
    assert_no_axe_violations(page)
    page.goto(base + reverse("search:index") + "?q=hibah")
    expect(page.locator("main")).to_contain_text(TITLE)
    assert_no_axe_violations(page)


def _consequence_test_pages(page: Page, base: str) -> None:
    page.goto(base + reverse("registry_office:test-new") + f"?badan={DEMO_BODY}")
    assert_no_axe_violations(page)
    form = page.locator("main form")
    bpkad = Unit.objects.get(body__slug=DEMO_BODY, slug="bpkad")
    form.locator("[name='unit']").select_option(str(bpkad.pk))
    form.locator("[name='information']").fill("HPS paket pengadaan yang sedang ditenderkan")
    form.locator("input[name='pasal17_letters'][value='b']").check()
    form.locator("[name='legal_basis']").fill("UU 14/2008 Pasal 17 huruf b")
    form.locator("[name='consequence']").fill("Mengganggu persaingan usaha yang sehat.")
    form.locator("[name='public_interest']").fill("Dibuka setelah kontrak ditandatangani.")
    form.locator("[name='result']").select_option("closed")
    form.locator("[name='exempt_until']").fill("2099-12-31")
    form.locator("[name='participants']").fill("PPID Utama, PPID Pelaksana BPKAD")
    form.locator("[name='trigger']").select_option("before_request")
    form.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(r"/kantor/dip/uji/\d+/$"))
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_no_axe_violations(page)
    decide = page.locator("form[action$='tetapkan/']")
    decide.locator("[name='decision_number']").fill("PPID/UK/099/2026")
    decide.get_by_role("button", name="Tetapkan").click()
    expect(page.locator(".message-success")).to_contain_text("ditetapkan")
    page.goto(base + reverse("registry_office:tests"))
    expect(page.locator("main")).to_contain_text("PPID/UK/099/2026")
    assert_no_axe_violations(page)


def test_dip_safety_gate_and_portal_journey(page: Page, demo: Any) -> None:
    base = demo.url
    _serta_merta()
    _sign_in(page, base, DEMO_PPID_UTAMA_EMAIL)
    entry = _draft(page, base)
    assert_no_axe_violations(page)
    _upload_and_clean(page, entry)
    page.goto(base + reverse("registry_office:list"))
    assert_no_axe_violations(page)
    _consequence_test_pages(page, base)
    _public(page, base, entry)
