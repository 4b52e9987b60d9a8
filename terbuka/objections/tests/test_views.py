"""The requester's objection pages, through the client: filing, following, the actions, lists."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from terbuka.accounts.tests.factories import UserFactory
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import identity_data
from terbuka.objections import services
from terbuka.objections.models import Dispute, Objection
from terbuka.objections.selectors import objection_filing_window

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
ADDRESS = "Jl. Jenderal Sudirman No. 5, Serang"
SUMMARY = "Informasi yang diminta bukan informasi yang dikecualikan."


def _url(name: str, objection: Objection) -> str:
    return reverse(f"objections:{name}", kwargs={"pk": objection.pk})


def _file_url(request: InformationRequest) -> str:
    return reverse("objections:file", kwargs={"request_id": request.pk})


def _data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"form_token": str(uuid.uuid4()), "grounds": ["a"], "summary": SUMMARY}
    data.update(overrides)
    return data


def _message(response: Any) -> str:
    """Return the last message the response queued (earlier ones may still be stored)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


def _long(day: dt.date) -> str:
    return date_format(day, "j F Y")


def _assert_no_identity(html: str) -> None:
    for secret in (NIK, PHONE, ADDRESS, "Sudirman"):
        assert secret not in html


def _answer(objection: Objection, atasan: Any, decision: str = "upheld", **kwargs: Any) -> Any:
    return services.objection_answer(
        objection=objection,
        actor=atasan,
        decision=decision,
        reasons="Informasi dikecualikan berdasarkan uji konsekuensi yang sah.",
        atasan_name="Drs. Budi Atasan",
        atasan_position="Sekretaris Daerah",
        letter_number="045/12-KEB/2026",
        **kwargs,
    )


@pytest.fixture
def citizen(client: Client, applicant: Any) -> Client:
    client.force_login(applicant)
    return client


@pytest.fixture
def refused(refused_request: Callable[..., InformationRequest]) -> InformationRequest:
    return refused_request()


@pytest.fixture
def objection(file_objection: Callable[..., Objection]) -> Objection:
    return file_objection()


# --- Filing ----------------------------------------------------------------------------------


def test_file_requires_sign_in(client: Client, refused: InformationRequest) -> None:
    response = client.get(_file_url(refused))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_file_form_shows_grounds_and_the_last_day(
    citizen: Client, refused: InformationRequest
) -> None:
    window = objection_filing_window(refused, today=timezone.localdate())
    assert window is not None
    response = citizen.get(_file_url(refused))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<legend>Alasan keberatan (UU 14/2008 Pasal 35 ayat 1)" in html
    assert 'type="checkbox" name="grounds" value="a"' in html
    assert "a. Penolakan permohonan berdasarkan alasan pengecualian Pasal 17" in html
    assert "g. Penyampaian informasi melebihi waktu yang diatur" in html
    assert "Ajukan keberatan paling lambat" in html
    assert _long(window.due) in html
    assert 'name="form_token"' in html
    _assert_no_identity(html)


def test_file_happy_path(citizen: Client, refused: InformationRequest) -> None:
    response = citizen.post(_file_url(refused), _data(grounds=["a", "e"]))
    objection = Objection.objects.get()
    assert response.status_code == 303
    assert response["Location"] == _url("detail", objection)
    assert objection.request == refused
    assert objection.grounds == ["a", "e"]
    assert objection.channel == Objection.Channel.WEB
    assert _message(response) == (
        f"Keberatan Anda diterima dengan nomor registrasi {objection.registration_number}. "
        f"Atasan PPID wajib menanggapi paling lambat {_long(objection.response_due_on)}."
    )


def test_double_submit_files_one_objection(citizen: Client, refused: InformationRequest) -> None:
    data = _data()
    first = citizen.post(_file_url(refused), data)
    second = citizen.post(_file_url(refused), data)
    assert Objection.objects.count() == 1
    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    assert _message(second) == "Keberatan ini sudah diterima sebelumnya; tidak dikirim dua kali."


def test_empty_form_shows_errors(citizen: Client, refused: InformationRequest) -> None:
    response = citizen.post(_file_url(refused), {"form_token": str(uuid.uuid4())})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Pilih sekurang-kurangnya satu alasan keberatan." in html
    assert "Kasus posisi wajib diisi." in html
    assert not Objection.objects.exists()


def test_late_filing_names_the_last_day(
    citizen: Client, refused_request: Callable[..., InformationRequest]
) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=90)):
        request = refused_request()
        window = objection_filing_window(request, today=timezone.localdate())
    assert window is not None
    page = citizen.get(_file_url(request)).content.decode()
    assert "Batas waktu pengajuan keberatan telah lewat: hari terakhir adalah" in page
    assert _long(window.due) in page
    response = citizen.post(_file_url(request), _data())
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "Batas waktu pengajuan keberatan telah lewat. Keberatan harus diajukan paling lambat "
        f"{_long(window.due)}"
    ) in html
    assert not Objection.objects.exists()


def test_open_objection_is_refused(citizen: Client, objection: Objection) -> None:
    assert objection.request is not None
    response = citizen.post(_file_url(objection.request), _data())
    assert response.status_code == 422
    assert "Keberatan atas permohonan ini sedang diproses Atasan PPID." in response.content.decode()
    assert Objection.objects.count() == 1


def test_others_cannot_file(client: Client, refused: InformationRequest, ppid_utama: Any) -> None:
    stranger: Any = UserFactory()
    client.force_login(stranger)
    assert client.get(_file_url(refused)).status_code == 404
    assert client.post(_file_url(refused), _data()).status_code == 404
    # The officer sees the request but records paper objections in the office, not here.
    client.force_login(ppid_utama)
    assert client.get(_file_url(refused)).status_code == 404
    assert not Objection.objects.exists()


def test_file_periodic_with_a_new_identity(citizen: Client, body: Any) -> None:
    url = reverse("objections:file-periodic")
    page = citizen.get(url)
    assert page.status_code == 200
    assert "Pemerintah Kota Uji" in page.content.decode()
    data = {
        "form_token": str(uuid.uuid4()),
        "body": str(body.pk),
        "information_description": "Laporan keuangan tahun 2025 tidak diumumkan.",
        "summary": "Laporan keuangan wajib diumumkan berkala tetapi tidak ada di situs.",
        "identity": "baru",
        **{f"pemohon-{key}": value for key, value in identity_data().items()},
    }
    response = citizen.post(url, data)
    objection = Objection.objects.get()
    assert response.status_code == 303
    assert response["Location"] == _url("detail", objection)
    assert objection.request is None
    assert objection.grounds == ["b"]
    assert objection.body == body
    html = citizen.get(_url("detail", objection)).content.decode()
    assert "Laporan keuangan tahun 2025 tidak diumumkan." in html
    assert "Siti Pemohon" in html
    _assert_no_identity(html)


def test_file_periodic_requires_the_information(citizen: Client, body: Any) -> None:
    response = citizen.post(
        reverse("objections:file-periodic"),
        {"form_token": str(uuid.uuid4()), "body": str(body.pk), "identity": "baru"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Sebutkan informasi berkala yang tidak disediakan." in html
    assert "Kasus posisi wajib diisi." in html


# --- Following -------------------------------------------------------------------------------


def test_detail_shows_status_grounds_clock_and_no_identity(
    citizen: Client, objection: Objection, ppid_utama: Any
) -> None:
    services.objection_add_note(
        objection=objection, actor=ppid_utama, note="Catatan internal petugas."
    )
    response = citizen.get(_url("detail", objection))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert objection.registration_number in html
    assert "Sedang diproses Atasan PPID" in html
    assert "Huruf a: Penolakan permohonan berdasarkan alasan pengecualian Pasal 17" in html
    assert SUMMARY in html
    assert _long(objection.response_due_on) in html
    assert "Ditambah 30 hari kerja (UU 14/2008 Pasal 36(2))." in html
    assert "Keberatan diajukan" in html
    assert "Catatan internal petugas." not in html
    assert _url("receipt-pdf", objection) in html
    assert _url("withdraw", objection) in html
    assert _url("response-pdf", objection) not in html
    _assert_no_identity(html)


def test_others_get_404(client: Client, objection: Objection) -> None:
    stranger: Any = UserFactory()
    client.force_login(stranger)
    for name in ("detail", "receipt-pdf", "response-pdf"):
        assert client.get(_url(name, objection)).status_code == 404
    for name in ("withdraw", "respond", "dispute-file"):
        assert client.post(_url(name, objection), {"confirm": "on"}).status_code == 404
    assert (
        objection.registration_number not in client.get(reverse("objections:mine")).content.decode()
    )


def test_officer_reads_but_does_not_act_as_requester(
    client: Client, objection: Objection, ppid_utama: Any
) -> None:
    client.force_login(ppid_utama)
    html = client.get(_url("detail", objection)).content.decode()
    assert objection.registration_number in html
    assert _url("withdraw", objection) not in html
    response = client.post(_url("withdraw", objection), {"confirm": "on"})
    assert response.status_code == 403
    objection.refresh_from_db()
    assert objection.status == "received"


def test_request_page_offers_an_objection_with_the_last_day(
    citizen: Client, refused: InformationRequest
) -> None:
    window = objection_filing_window(refused, today=timezone.localdate())
    assert window is not None
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": refused.pk})).content.decode()
    assert "Ajukan keberatan" in html
    assert _file_url(refused) in html
    assert _long(window.due) in html


def test_request_page_lists_objections_and_hides_the_button_while_open(
    citizen: Client, objection: Objection
) -> None:
    assert objection.request is not None
    url = reverse("inforequests:detail", kwargs={"pk": objection.request.pk})
    html = citizen.get(url).content.decode()
    assert _url("detail", objection) in html
    assert objection.registration_number in html
    assert _file_url(objection.request) not in html


def test_request_page_has_no_button_before_a_ground_arises(
    citizen: Client, applicant: Any, body: Any
) -> None:
    request = request_services.request_submit(
        actor=applicant,
        body=body,
        details="Daftar aset daerah tahun 2025.",
        purpose="Penelitian.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity_data=identity_data(),
    )
    html = citizen.get(reverse("inforequests:detail", kwargs={"pk": request.pk})).content.decode()
    assert _file_url(request) not in html


def test_request_list_links_my_objections(citizen: Client) -> None:
    html = citizen.get(reverse("inforequests:mine")).content.decode()
    assert reverse("objections:mine") in html


def test_mine_lists_only_own_objections(
    citizen: Client, objection: Objection, file_objection: Callable[..., Objection], body: Any
) -> None:
    other: Any = UserFactory()
    theirs = services.objection_file(
        actor=other,
        body=body,
        grounds=["b"],
        summary="Laporan keuangan tidak diumumkan berkala.",
        information_description="Laporan keuangan tahun 2025.",
        identity_data=identity_data(full_name="Orang Lain"),
    )
    response = citizen.get(reverse("objections:mine"))
    html = response.content.decode()
    assert objection.registration_number in html
    assert theirs.registration_number not in html
    assert _long(objection.response_due_on) in html
    assert "Diterima" in html
    _assert_no_identity(html)


def test_mine_query_count_is_constant(
    citizen: Client,
    file_objection: Callable[..., Objection],
    django_assert_max_num_queries: Any,
) -> None:
    file_objection()
    url = reverse("objections:mine")
    # Session, user, count, the officer check of the menu, the page (relations joined).
    with django_assert_max_num_queries(5):
        citizen.get(url)
    for _ in range(4):
        file_objection()
    with django_assert_max_num_queries(5):
        response = citizen.get(url)
    assert response.content.decode().count("/KEB-") == 5


# --- The requester's actions -----------------------------------------------------------------


def test_withdraw_needs_the_confirmation(citizen: Client, objection: Objection) -> None:
    response = citizen.post(_url("withdraw", objection), {"reason": "Sudah diberikan."})
    assert response.status_code == 422
    assert "Centang kotak ini untuk mengonfirmasi pencabutan." in response.content.decode()
    objection.refresh_from_db()
    assert objection.status == "received"


def test_withdraw(citizen: Client, objection: Objection) -> None:
    response = citizen.post(
        _url("withdraw", objection), {"reason": "Informasi sudah diberikan.", "confirm": "on"}
    )
    assert response.status_code == 303
    assert _message(response) == "Keberatan telah dicabut."
    objection.refresh_from_db()
    assert objection.status == "withdrawn"
    html = citizen.get(_url("detail", objection)).content.decode()
    assert "Dicabut" in html
    assert "Informasi sudah diberikan." in html
    assert _url("withdraw", objection) not in html
    again = citizen.post(_url("withdraw", objection), {"confirm": "on"})
    assert again.status_code == 303
    assert "tidak dapat diubah" in _message(again)


def test_respond_before_the_answer_is_refused(citizen: Client, objection: Objection) -> None:
    response = citizen.post(_url("respond", objection), {"response": "accepted"})
    assert response.status_code == 303
    assert _message(response) == "Tanggapan pemohon dicatat setelah Atasan PPID menjawab."


def test_answer_shown_and_response_recorded(
    citizen: Client, objection: Objection, atasan: Any
) -> None:
    _answer(objection, atasan)
    html = citizen.get(_url("detail", objection)).content.decode()
    assert "Sudah dijawab Atasan PPID" in html
    assert "Menguatkan keputusan PPID" in html
    assert "045/12-KEB/2026" in html
    assert "Drs. Budi Atasan, Sekretaris Daerah" in html
    assert _url("response-pdf", objection) in html
    assert _url("respond", objection) in html
    objection.refresh_from_db()
    assert objection.dispute_due_on is not None
    assert _long(objection.dispute_due_on) in html

    missing = citizen.post(_url("respond", objection), {})
    assert missing.status_code == 422
    assert "Pilih tanggapan Anda." in missing.content.decode()
    response = citizen.post(
        _url("respond", objection), {"response": "not_accepted", "note": "Akan ke KI."}
    )
    assert response.status_code == 303
    assert _message(response) == "Tanggapan Anda dicatat."
    objection.refresh_from_db()
    assert objection.requester_response == "not_accepted"
    html = citizen.get(_url("detail", objection)).content.decode()
    assert "Tidak menerima; akan mengajukan sengketa" in html


def test_dispute_file(citizen: Client, objection: Objection, atasan: Any) -> None:
    assert (
        citizen.post(
            _url("dispute-file", objection),
            {"filed_on": timezone.localdate().isoformat(), "commission_name": "KI Banten"},
        ).status_code
        == 303
    )
    # Before the answer the service refuses: nothing is recorded.
    assert not Dispute.objects.exists()
    _answer(objection, atasan)
    response = citizen.post(
        _url("dispute-file", objection),
        {
            "filed_on": timezone.localdate().isoformat(),
            "commission_name": "Komisi Informasi Provinsi Banten",
            "case_number": "012/REG-PSI/2026",
        },
    )
    assert response.status_code == 303
    assert _message(response) == "Pengajuan sengketa ke Komisi Informasi dicatat."
    dispute = Dispute.objects.get()
    assert not dispute.is_late
    html = citizen.get(_url("detail", objection)).content.decode()
    assert "Terdaftar di Komisi Informasi" in html
    assert "Komisi Informasi Provinsi Banten" in html
    assert "012/REG-PSI/2026" in html
    assert dispute.commission_settle_due_on is not None
    assert _long(dispute.commission_settle_due_on) in html
    assert "UU 14/2008 Pasal 38" in html
    assert _url("dispute-file", objection) not in html


def test_dispute_file_errors_stay_on_the_page(
    citizen: Client, objection: Objection, atasan: Any
) -> None:
    _answer(objection, atasan)
    response = citizen.post(_url("dispute-file", objection), {"filed_on": "kemarin"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tanggal tidak valid; gunakan format tahun-bulan-tanggal." in html
    assert "Sebutkan Komisi Informasi tujuan." in html
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    response = citizen.post(
        _url("dispute-file", objection), {"filed_on": future, "commission_name": "KI Banten"}
    )
    assert response.status_code == 422
    assert "Tanggal tidak boleh di masa depan." in response.content.decode()


def test_late_dispute_is_recorded_with_a_warning(
    citizen: Client, objection: Objection, atasan: Any, applicant: Any
) -> None:
    _answer(objection, atasan)
    objection.refresh_from_db()
    due = objection.dispute_due_on
    assert due is not None
    later = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=10), dt.time(10, 0)))
    with time_machine.travel(later):
        citizen.force_login(applicant)  # the session of the test's start has expired
        page = citizen.get(_url("detail", objection)).content.decode()
        assert "Batas 14 hari kerja untuk mengajukan sengketa telah lewat pada" in page
        assert _long(due) in page
        response = citizen.post(
            _url("dispute-file", objection),
            {
                "filed_on": timezone.localdate().isoformat(),
                "commission_name": "Komisi Informasi Provinsi Banten",
            },
        )
    assert response.status_code == 303
    assert _message(response).startswith(
        f"Pengajuan sengketa dicatat. Perhatian: pengajuan melewati batas {_long(due)}"
    )
    assert Dispute.objects.get().is_late
