"""The citizen's pages, through the client: filing, following, receipt, withdrawal, list."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terbuka.accounts.tests.factories import RequesterIdentityFactory, UserFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
ADDRESS = "Jl. Jenderal Sudirman No. 5, Serang"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _create_url(body: Any) -> str:
    return reverse("inforequests:create") + f"?badan={body.slug}"


def _post_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "identity": "baru",
        "unit": "",
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian skripsi.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
        "pemohon-kind": "perorangan",
        "pemohon-full_name": "Siti Pemohon",
        "pemohon-nik": NIK,
        "pemohon-address": ADDRESS,
        "pemohon-phone": PHONE,
        "pemohon-email": "siti@example.test",
    }
    data.update(overrides)
    return data


@pytest.fixture
def citizen(client: Client, applicant: Any) -> Client:
    client.force_login(applicant)
    return client


# --- Filing ----------------------------------------------------------------------------------


def test_create_requires_sign_in(client: Client, body: Any) -> None:
    response = client.get(reverse("inforequests:create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_create_form_renders_units_and_unknown_choice(
    citizen: Client, body: Any, unit: Any
) -> None:
    response = citizen.get(_create_url(body))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak tahu (diteruskan ke PPID Utama)" in html
    assert f'<option value="{unit.pk}">Dinas Kesehatan</option>' in html
    assert '<option value="{}">'.format(body.units.get(kind="ppid_utama").pk) not in html
    assert 'name="form_token"' in html
    assert "<legend>Cara memperoleh informasi" in html


def test_submit_creates_request_and_receipt(
    citizen: Client, body: Any, unit: Any, applicant: Any
) -> None:
    response = citizen.post(_create_url(body), _post_data(unit=str(unit.pk)))
    request = InformationRequest.objects.get()
    assert response.status_code == 303
    assert response["Location"] == reverse("inforequests:detail", kwargs={"pk": request.pk})
    assert request.requester == applicant
    assert request.unit == unit
    assert request.registration_number.startswith("0001/")
    assert request.requester_identity.nik == NIK
    page = citizen.get(response["Location"])
    html = page.content.decode()
    assert "Permohonan Anda diterima dengan nomor pendaftaran" in html
    assert request.registration_number in html
    assert "Tanda bukti penerimaan" in html
    pdf = citizen.get(reverse("inforequests:receipt", kwargs={"pk": request.pk}))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_submit_unknown_unit_goes_to_ppid_utama(citizen: Client, body: Any) -> None:
    citizen.post(_create_url(body), _post_data())
    assert InformationRequest.objects.get().unit is None


def test_submit_with_saved_identity_and_ktp(citizen: Client, body: Any, applicant: Any) -> None:
    identity: Any = RequesterIdentityFactory(owner=applicant)
    response = citizen.get(_create_url(body))
    assert f'value="{identity.pk}"' in response.content.decode()
    data = _post_data(identity=str(identity.pk))
    response = citizen.post(_create_url(body), data)
    assert response.status_code == 303
    assert InformationRequest.objects.get().requester_identity == identity

    response = citizen.post(_create_url(body), _post_data(identity=str(identity.pk), details=""))
    html = response.content.decode()
    assert "Rincian informasi wajib diisi." in html
    assert "Alamat wajib diisi." not in html

    upload = SimpleUploadedFile("ktp.png", PNG, content_type="image/png")
    citizen.post(_create_url(body), _post_data(**{"pemohon-ktp_scan": upload}))
    latest = InformationRequest.objects.order_by("-pk").first()
    assert latest is not None
    assert latest.requester_identity.has_ktp_scan


def test_double_submit_with_same_token_creates_one_request(citizen: Client, body: Any) -> None:
    data = _post_data()
    first = citizen.post(_create_url(body), data)
    second = citizen.post(_create_url(body), data)
    assert InformationRequest.objects.count() == 1
    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    page = citizen.get(second["Location"])
    assert "Permohonan ini sudah diterima sebelumnya; tidak dikirim dua kali." in (
        page.content.decode()
    )


def test_validation_errors_are_shown_next_to_fields(citizen: Client, body: Any) -> None:
    data = _post_data(details="", obtain_method="", **{"pemohon-nik": "", "pemohon-address": ""})
    response = citizen.post(_create_url(body), data)
    assert response.status_code == 200
    assert InformationRequest.objects.count() == 0
    html = response.content.decode()
    assert '<p class="field-error" id="id_details_error">Rincian informasi wajib diisi.</p>' in html
    assert "Pilih cara memperoleh informasi." in html
    assert "Pemohon perorangan atau kelompok wajib mengisi NIK." in html
    assert "Alamat wajib diisi." in html
    assert 'aria-describedby="id_details_helptext id_details_error"' in html
    assert 'aria-invalid="true"' in html


def test_service_error_is_mapped_onto_the_form(citizen: Client, body: Any) -> None:
    data = _post_data()
    citizen.post(_create_url(body), data)
    response = citizen.post(_create_url(body), {**data, "details": "Isi lain sama sekali."})
    assert response.status_code == 200
    assert "Kunci idempotensi ini sudah dipakai untuk permohonan dengan isi lain." in (
        response.content.decode()
    )
    assert InformationRequest.objects.count() == 1


def test_unit_of_another_body_is_refused(citizen: Client, body: Any) -> None:
    from terbuka.bodies.tests.factories import UnitFactory

    foreign: Any = UnitFactory()
    response = citizen.post(_create_url(body), _post_data(unit=str(foreign.pk)))
    assert response.status_code == 200
    assert "Unit tidak ditemukan pada badan publik ini." in response.content.decode()
    assert InformationRequest.objects.count() == 0


# --- Following -------------------------------------------------------------------------------


@pytest.fixture
def filed(submit: Callable[..., InformationRequest]) -> InformationRequest:
    return submit()


def test_other_users_request_is_404(client: Client, filed: InformationRequest) -> None:
    stranger: Any = UserFactory()
    client.force_login(stranger)
    for name in ("detail", "receipt", "withdraw"):
        response = client.get(reverse(f"inforequests:{name}", kwargs={"pk": filed.pk}))
        assert response.status_code == 404


def test_detail_shows_clock_without_identity(
    citizen: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    services.request_add_note(request=filed, actor=ppid_utama, note="Catatan rahasia petugas.")
    response = citizen.get(reverse("inforequests:detail", kwargs={"pk": filed.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Sedang diproses badan publik" in html
    assert "Ditambah 10 hari kerja (UU 14/2008 Pasal 22(7))." in html
    assert "Hari pertama adalah hari kerja pertama sesudahnya" in html
    assert "Permohonan diajukan" in html
    assert "Catatan rahasia petugas." not in html
    assert "Siti Pemohon" in html
    for secret in (NIK, NIK[-4:] + "<", PHONE, "Jenderal Sudirman", ADDRESS):
        assert secret not in html
    assert response["Cache-Control"] == "no-store"


def test_detail_shows_incomplete_and_extension(
    citizen: Client, submit: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    incomplete = submit()
    services.request_ask_completion(request=incomplete, actor=ppid_utama, missing="Tahun DPA.")
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": incomplete.pk})).content
    assert "Jam hukum mulai berjalan setelah permohonan lengkap." in html.decode()
    assert "Tahun DPA." in html.decode()

    extended = submit()
    services.request_extend(
        request=extended, actor=ppid_utama, reason="Dokumen tersebar di beberapa bidang."
    )
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": extended.pk})).content
    assert "Alasan perpanjangan: Dokumen tersebar di beberapa bidang." in html.decode()
    assert "Ditambah 7 hari kerja (UU 14/2008 Pasal 22(8))." in html.decode()


def test_detail_shows_written_notice(
    citizen: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    services.request_issue_notice(
        request=filed,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["b"],
    )
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": filed.pk})).content.decode()
    assert "Pemberitahuan tertulis" in html
    assert "Ditolak" in html
    assert "UU 14/2008 Pasal 17 huruf b" in html
    assert "mengajukan keberatan kepada Atasan PPID" in html


def test_receipt_pdf_has_no_identity(citizen: Client, filed: InformationRequest) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    response = citizen.get(reverse("inforequests:receipt", kwargs={"pk": filed.pk}))
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert filed.registration_number in text
    assert "Siti Pemohon" in text
    for secret in (NIK, PHONE, "Sudirman"):
        assert secret not in text


# --- Withdrawal ------------------------------------------------------------------------------


def test_withdraw_needs_confirmation_then_works(citizen: Client, filed: InformationRequest) -> None:
    detail_url = reverse("inforequests:detail", kwargs={"pk": filed.pk})
    url = reverse("inforequests:withdraw", kwargs={"pk": filed.pk})
    assert url in citizen.get(detail_url).content.decode()
    response = citizen.post(url, {"reason": "Sudah tidak diperlukan."})
    assert "Centang kotak ini untuk mengonfirmasi pencabutan." in response.content.decode()
    response = citizen.post(url, {"reason": "Sudah tidak diperlukan.", "confirm": "on"})
    assert response.status_code == 303
    filed.refresh_from_db()
    assert filed.status == "withdrawn"
    html = citizen.get(detail_url).content.decode()
    assert "Permohonan telah dicabut." in html
    assert "Sudah tidak diperlukan." in html
    assert url not in html


def test_withdraw_refused_when_not_allowed(citizen: Client, filed: InformationRequest) -> None:
    url = reverse("inforequests:withdraw", kwargs={"pk": filed.pk})
    citizen.post(url, {"confirm": "on"})
    response = citizen.post(url, {"confirm": "on"}, follow=True)
    assert (
        "Permohonan berstatus &quot;Dicabut pemohon&quot; tidak dapat diubah menjadi "
        "&quot;Dicabut pemohon&quot;." in response.content.decode()
    )
    filed.refresh_from_db()
    assert filed.status == "withdrawn"
    assert filed.events.filter(kind="withdrawn").count() == 1


def test_officer_cannot_withdraw(
    client: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    client.force_login(ppid_utama)
    url = reverse("inforequests:withdraw", kwargs={"pk": filed.pk})
    assert (
        url
        not in client.get(reverse("inforequests:detail", kwargs={"pk": filed.pk})).content.decode()
    )
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 403
    filed.refresh_from_db()
    assert filed.status == "registered"


# --- List ------------------------------------------------------------------------------------


def test_mine_lists_only_own_requests(
    citizen: Client, submit: Callable[..., InformationRequest], body: Any
) -> None:
    own = submit()
    other: Any = UserFactory()
    theirs = services.request_submit(
        actor=other,
        body=body,
        details="Daftar aset.",
        purpose="Liputan.",
        obtain_method="membaca",
        delivery_method="ambil_langsung",
        identity_data=identity_data(full_name="Orang Lain"),
    )
    html = citizen.get(reverse("inforequests:mine")).content.decode()
    assert own.registration_number in html
    assert theirs.registration_number not in html


def test_mine_query_count_is_constant(
    citizen: Client, submit: Callable[..., InformationRequest], unit: Any
) -> None:
    submit(unit=unit)
    url = reverse("inforequests:mine")
    with CaptureQueriesContext(connection) as one:
        citizen.get(url)
    for _ in range(4):
        submit(unit=unit)
    with CaptureQueriesContext(connection) as five:
        response = citizen.get(url)
    assert response.content.decode().count("/PPID-") == 5
    assert len(five.captured_queries) == len(one.captured_queries)


def test_mine_query_count(
    citizen: Client,
    submit: Callable[..., InformationRequest],
    django_assert_num_queries: Any,
) -> None:
    for _ in range(3):
        submit()
    # Session, user, count, the officer check of the menu, the page (bodies and units joined).
    with django_assert_num_queries(5):
        citizen.get(reverse("inforequests:mine"))


# --- Completion, publishing, navigation -------------------------------------------------------


def test_incomplete_request_shows_completion_form_and_completes(
    citizen: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    services.request_ask_completion(
        request=filed, actor=ppid_utama, missing="Sebutkan tahun anggaran yang diminta."
    )
    detail_url = reverse("inforequests:detail", kwargs={"pk": filed.pk})
    html = citizen.get(detail_url).content.decode()
    assert "Sebutkan tahun anggaran yang diminta." in html
    assert "Cara menghitung batas kelengkapan" in html
    url = reverse("inforequests:complete", kwargs={"pk": filed.pk})
    assert url in html
    empty = citizen.post(url, {"details": "", "purpose": "", "note": ""})
    assert empty.status_code == 400
    assert "Isi paling sedikit satu kolom untuk melengkapi." in empty.content.decode()
    response = citizen.post(url, {"details": "DPA Dinas Kesehatan tahun anggaran 2025."})
    assert response.status_code == 303
    filed.refresh_from_db()
    assert filed.status == "registered"
    assert filed.details == "DPA Dinas Kesehatan tahun anggaran 2025."
    html = citizen.get(detail_url).content.decode()
    assert "Jangka waktu pelayanan mulai hari ini." in html
    assert url not in html


def test_completion_form_hidden_when_not_incomplete(
    citizen: Client, filed: InformationRequest
) -> None:
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": filed.pk})).content.decode()
    assert reverse("inforequests:complete", kwargs={"pk": filed.pk}) not in html
    response = citizen.post(
        reverse("inforequests:complete", kwargs={"pk": filed.pk}),
        {"note": "Sudah lengkap."},
        follow=True,
    )
    assert "tidak dapat diubah menjadi" in response.content.decode()


def test_requester_publishes_and_unpublishes(citizen: Client, filed: InformationRequest) -> None:
    url = reverse("inforequests:publish", kwargs={"pk": filed.pk})
    detail_url = reverse("inforequests:detail", kwargs={"pk": filed.pk})
    assert url in citizen.get(detail_url).content.decode()
    assert citizen.post(url, {"is_public": "on"}).status_code == 303
    filed.refresh_from_db()
    assert filed.is_public
    archive_url = reverse("inforequests:archive-detail", kwargs={"pk": filed.pk})
    assert archive_url in citizen.get(detail_url).content.decode()
    citizen.post(url, {})
    filed.refresh_from_db()
    assert not filed.is_public


def test_officer_cannot_publish_for_requester(
    client: Client, filed: InformationRequest, ppid_utama: Any
) -> None:
    client.force_login(ppid_utama)
    url = reverse("inforequests:publish", kwargs={"pk": filed.pk})
    assert client.post(url, {"is_public": "on"}).status_code == 403


def test_navigation_links(client: Client, applicant: Any) -> None:
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("inforequests:archive") in html
    assert reverse("inforequests:create") in html
    assert "Ajukan permohonan informasi" in html
    assert reverse("inforequests:mine") not in html
    client.force_login(applicant)
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("inforequests:mine") in html


def test_submit_through_a_proxy_with_power_of_attorney(citizen: Client, body: Any) -> None:
    # Perki 1/2021: a proxy files for the requester and shows the power of attorney.
    proxy = {"pemohon-proxy_name": "Budi Kuasa", "pemohon-proxy_nik": "3673015505880002"}
    response = citizen.post(_create_url(body), _post_data(**proxy))
    assert response.status_code == 200
    assert "Lampirkan surat kuasa" in response.content.decode()
    assert not InformationRequest.objects.exists()

    letter = SimpleUploadedFile("kuasa.png", PNG, content_type="image/png")
    response = citizen.post(
        _create_url(body), _post_data(**proxy, **{"pemohon-power_of_attorney": letter})
    )
    assert response.status_code == 303
    identity = InformationRequest.objects.get().requester_identity
    assert identity.proxy_name == "Budi Kuasa"
    assert identity.has_power_of_attorney
    page = citizen.get(response["Location"]).content.decode()
    assert "3673015505880002" not in page
