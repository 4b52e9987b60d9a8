"""The objections workspace through the client: list, paper filing, the objection page, actions."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.inforequests.tests.factories import RequestSettingsFactory, identity_data
from terbuka.objections import services
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionEvent,
)
from terbuka.objections.states import DisputeStatus, ObjectionStatus

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"
PHONE = "081234567890"
OS = ObjectionStatus
DS = DisputeStatus
LIST = reverse("objections_office:list")
RECORD = reverse("objections_office:record")


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, objection: Objection) -> str:
    return reverse(f"objections_office:{name}", kwargs={"pk": objection.pk})


def _message(response: Any) -> str:
    """Return the newest flash message (earlier ones stay queued until a page shows them)."""
    return [str(m) for m in response.wsgi_request._messages][-1]


def _today() -> str:
    return timezone.localdate().isoformat()


@pytest.fixture
def desk(ppid_utama: Any) -> Client:
    return _login(ppid_utama)


@pytest.fixture
def boss(atasan: Any) -> Client:
    return _login(atasan)


@pytest.fixture
def objection(
    file_objection: Callable[..., Objection],
    refused_request: Callable[..., InformationRequest],
    unit: Any,
) -> Objection:
    """An objection on ground a to a refused request of `unit`."""
    return file_objection(request=refused_request(unit=unit))


@pytest.fixture
def deliberable(
    file_objection: Callable[..., Objection], refused_request: Callable[..., InformationRequest]
) -> Objection:
    """An objection on ground e, which deliberation may settle."""
    return file_objection(request=refused_request(), grounds=["e"])


@pytest.fixture
def other_unit_officer(body: Any, ppid_utama_unit: Any) -> Any:
    other = UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")
    return MembershipFactory(
        unit=other, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user


def _answer(objection: Objection, atasan: Any, decision: str = "upheld") -> AtasanResponse:
    return services.objection_answer(
        objection=objection,
        actor=atasan,
        decision=decision,
        reasons="Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b.",
        atasan_name="Drs. Atasan",
        atasan_position="Sekretaris Daerah",
    )


def _dispute(objection: Objection, atasan: Any, ppid_utama: Any) -> Dispute:
    _answer(objection, atasan)
    objection.refresh_from_db()
    return services.dispute_file(
        objection=objection,
        actor=ppid_utama,
        filed_on=timezone.localdate(),
        commission_name="Komisi Informasi Provinsi Banten",
    )


# --- List -------------------------------------------------------------------------------------


def test_list_shows_the_desk_its_objections_masked(desk: Client, objection: Objection) -> None:
    response = desk.get(LIST)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert objection.registration_number in html
    assert "Siti Pemohon" in html
    assert "sisa 30 hari kerja" in html
    assert NIK not in html
    assert PHONE not in html
    assert "Semua (1)" in html
    assert "Masih berjalan (1)" in html
    assert "Lewat batas waktu (0)" in html
    assert reverse("objections_office:register", kwargs={"body_slug": "kota-uji"}) in html


def test_list_filters_status_open_and_overdue(
    desk: Client, objection: Objection, deliberable: Objection, ppid_utama: Any
) -> None:
    services.objection_withdraw(objection=deliberable, actor=ppid_utama, reason="Surat pemohon.")
    html = desk.get(LIST, {"status": "withdrawn"}).content.decode()
    assert deliberable.registration_number in html
    assert objection.registration_number not in html
    html = desk.get(LIST, {"open": "on"}).content.decode()
    assert objection.registration_number in html
    assert deliberable.registration_number not in html
    Objection.objects.filter(pk=objection.pk).update(
        response_due_on=timezone.localdate() - dt.timedelta(days=3)
    )
    html = desk.get(LIST, {"overdue": "on"}).content.decode()
    assert objection.registration_number in html
    assert "lewat" in html
    assert "Lewat batas waktu (1)" in html


def test_list_unit_officer_sees_only_own_unit(
    objection: Objection, deliberable: Objection, unit_officer: Any, other_unit_officer: Any
) -> None:
    html = _login(unit_officer).get(LIST).content.decode()
    assert objection.registration_number in html
    assert deliberable.registration_number not in html
    # No recording or register for units: the desk and the Atasan PPID keep them.
    assert RECORD not in html
    html = _login(other_unit_officer).get(LIST).content.decode()
    assert objection.registration_number not in html


def test_list_refuses_citizens(client: Client, applicant: Any, objection: Objection) -> None:
    assert client.get(LIST).status_code == 302
    client.force_login(applicant)
    assert client.get(LIST).status_code == 403


def test_list_query_count_constant(
    desk: Client,
    file_objection: Callable[..., Objection],
    refused_request: Callable[..., InformationRequest],
    django_assert_max_num_queries: Any,
) -> None:
    file_objection()
    desk.get(LIST)
    with django_assert_max_num_queries(14) as one:
        desk.get(LIST)
    for n in range(4):
        file_objection(
            request=refused_request(identity_data=identity_data(full_name=f"Pemohon {n}"))
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(LIST)
    assert response.content.decode().count('<th scope="row">') == 5


# --- Objection page ---------------------------------------------------------------------------


def test_detail_shows_everything_masked_for_the_desk(desk: Client, objection: Objection) -> None:
    response = desk.get(_url("detail", objection))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert objection.registration_number in html
    assert reverse("office:detail", kwargs={"pk": objection.request_id}) in html
    assert "Penolakan permohonan berdasarkan alasan pengecualian Pasal 17" in html
    assert objection.summary in html
    assert NIK not in html
    assert PHONE not in html
    assert reverse("accounts:identity-reveal", args=[objection.requester_identity_id]) in html
    # Ground a cannot be deliberated; only the Atasan PPID answers.
    assert _url("start-deliberation", objection) not in html
    assert _url("answer", objection) not in html
    assert _url("add-note", objection) in html
    assert _url("withdraw", objection) in html


def test_detail_answer_form_only_for_the_atasan(
    boss: Client, atasan: Any, objection: Objection
) -> None:
    atasan.full_name = "Drs. Atasan Uji"
    atasan.save(update_fields=["full_name"])
    html = boss.get(_url("detail", objection)).content.decode()
    assert _url("answer", objection) in html
    assert 'value="Drs. Atasan Uji"' in html
    assert 'value="Atasan PPID Pemerintah Kota Uji"' in html


def test_answer_form_takes_the_position_from_the_signatory_settings(
    boss: Client, atasan: Any, body: Any, objection: Objection
) -> None:
    atasan.full_name = "Drs. Atasan Uji"
    atasan.save(update_fields=["full_name"])
    RequestSettingsFactory(
        body=body, signatory_name="Drs. Atasan Uji", signatory_position="Sekretaris Daerah"
    )
    html = boss.get(_url("detail", objection)).content.decode()
    assert 'value="Sekretaris Daerah"' in html
    assert f'value="{_today()}"' in html


def test_detail_unit_officer_reads_only(unit_officer: Any, objection: Objection) -> None:
    client = _login(unit_officer)
    response = client.get(_url("detail", objection))
    assert response.status_code == 200
    html = response.content.decode()
    assert "hanya baca" in html
    assert 'method="post" action="/kantor/keberatan/' not in html
    response = client.post(_url("add-note", objection), {"note": "x", "form_token": uuid.uuid4()})
    assert response.status_code == 403
    assert not ObjectionEvent.objects.filter(kind=ObjectionEvent.Kind.NOTE).exists()


def test_detail_hidden_from_other_units_and_citizens(
    objection: Objection, other_unit_officer: Any, applicant: Any
) -> None:
    assert _login(other_unit_officer).get(_url("detail", objection)).status_code == 404
    assert _login(other_unit_officer).post(_url("withdraw", objection)).status_code == 404
    # The requester follows the objection on the citizen pages, not here.
    assert _login(applicant).get(_url("detail", objection)).status_code == 404


def test_request_page_lists_its_objections(desk: Client, objection: Objection) -> None:
    url = reverse("office:detail", kwargs={"pk": objection.request_id})
    html = desk.get(url).content.decode()
    assert "Keberatan atas permohonan ini" in html
    assert _url("detail", objection) in html


def test_dashboard_links_the_objection_list(desk: Client) -> None:
    assert LIST in desk.get(reverse("bodies:dashboard")).content.decode()


# --- Actions ----------------------------------------------------------------------------------


def test_note_is_saved_once_per_token(desk: Client, objection: Objection) -> None:
    data = {"note": "Berkas keberatan diteruskan ke Atasan PPID.", "form_token": uuid.uuid4()}
    first = desk.post(_url("add-note", objection), data)
    assert first.status_code == 303
    assert _message(first) == "Catatan ditambahkan."
    again = desk.post(_url("add-note", objection), data)
    assert _message(again) == "Formulir ini sudah dikirim; tidak disimpan dua kali."
    notes = ObjectionEvent.objects.filter(objection=objection, kind=ObjectionEvent.Kind.NOTE)
    assert notes.count() == 1
    assert notes.get().is_internal
    assert "Berkas keberatan diteruskan" in desk.get(_url("detail", objection)).content.decode()


def test_deliberation_settles_the_objection(desk: Client, deliberable: Objection) -> None:
    html = desk.get(_url("detail", deliberable)).content.decode()
    assert _url("start-deliberation", deliberable) in html
    response = desk.post(_url("start-deliberation", deliberable), {"note": ""})
    assert _message(response) == "Musyawarah dimulai."
    data = {
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "place": "Ruang rapat PPID",
        "participants": "PPID Utama; pemohon",
        "outcome": Deliberation.Outcome.AGREED,
        "result": "",
        "form_token": uuid.uuid4(),
    }
    refused = desk.post(_url("record-deliberation", deliberable), data)
    assert refused.status_code == 422
    assert "Tuliskan kesepakatan yang dicapai." in refused.content.decode()
    data["result"] = "Informasi diberikan dalam lima hari kerja."
    response = desk.post(_url("record-deliberation", deliberable), data)
    assert response.status_code == 303
    deliberable.refresh_from_db()
    assert deliberable.status == OS.SETTLED_BY_DELIBERATION
    assert deliberable.deliberations.count() == 1


def test_action_not_available_in_this_status(desk: Client, objection: Objection) -> None:
    response = desk.post(_url("record-deliberation", objection), {})
    assert response.status_code == 303
    assert _message(response) == (
        'Tindakan "Catat musyawarah" tidak dapat dilakukan pada keberatan berstatus "Diterima".'
    )


def _answer_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "decision": AtasanResponse.Decision.UPHELD,
        "reasons": "Informasi termasuk yang dikecualikan menurut Pasal 17 huruf b.",
        "order_details": "",
        "provide_within_days": "",
        "letter_number": "045/12-Setda/2026",
        "responded_on": _today(),
        "atasan_name": "Drs. Atasan",
        "atasan_position": "Sekretaris Daerah",
    }
    data.update(overrides)
    return data


def test_only_the_atasan_answers(desk: Client, boss: Client, objection: Objection) -> None:
    assert desk.post(_url("answer", objection), _answer_data()).status_code == 403
    short = boss.post(_url("answer", objection), _answer_data(reasons="Ditolak."))
    assert short.status_code == 422
    assert "Tuliskan alasan dan pertimbangan Atasan PPID." in short.content.decode()
    response = boss.post(_url("answer", objection), _answer_data())
    assert _message(response) == "Tanggapan Atasan PPID dicatat."
    objection.refresh_from_db()
    assert objection.status == OS.ANSWERED_UPHELD
    assert objection.response.letter_number == "045/12-Setda/2026"
    html = boss.get(_url("detail", objection)).content.decode()
    assert "Menguatkan keputusan PPID" in html
    assert _url("answer", objection) not in html


def test_an_order_reopens_the_request(boss: Client, objection: Objection) -> None:
    data = _answer_data(decision=AtasanResponse.Decision.ORDERED_FULL, provide_within_days="5")
    response = boss.post(_url("answer", objection), data)
    assert (
        _message(response)
        == "Tanggapan Atasan PPID dicatat; permohonan dibuka kembali atas perintah."
    )
    assert objection.request is not None
    objection.request.refresh_from_db()
    assert objection.request.status == RequestStatus.ORDERED


def test_withdraw_on_the_requesters_letter(desk: Client, objection: Objection) -> None:
    response = desk.post(
        _url("withdraw", objection), {"reason": "Surat pemohon tanggal ini mencabut keberatan."}
    )
    assert _message(response) == "Keberatan dicabut atas surat pemohon."
    objection.refresh_from_db()
    assert objection.status == OS.WITHDRAWN


def test_requester_response_after_the_answer(
    desk: Client, objection: Objection, atasan: Any
) -> None:
    assert _url("requester-response", objection) not in (
        desk.get(_url("detail", objection)).content.decode()
    )
    _answer(objection, atasan)
    data = {"response": Objection.RequesterResponse.NOT_ACCEPTED, "note": "Akan ke KI."}
    response = desk.post(_url("requester-response", objection), data)
    assert _message(response) == "Tanggapan pemohon dicatat."
    objection.refresh_from_db()
    assert objection.requester_response == Objection.RequesterResponse.NOT_ACCEPTED


def test_dispute_path_through_the_commission_and_the_court(
    desk: Client, objection: Objection, atasan: Any
) -> None:
    _answer(objection, atasan)
    today = _today()
    steps: list[tuple[str, dict[str, Any], str]] = [
        (
            "dispute-file",
            {"filed_on": today, "commission_name": "Komisi Informasi Provinsi Banten"},
            "Sengketa dicatat.",
        ),
        ("dispute-case-number", {"case_number": "012/KIP-BTN/2026"}, "Nomor register"),
        ("dispute-mediation", {"note": ""}, "Mediasi dicatat."),
        (
            "dispute-session",
            {"held_on": today, "agenda": "Mediasi pertama", "form_token": uuid.uuid4()},
            "Sidang dicatat.",
        ),
        ("dispute-adjudication", {"note": "Mediasi gagal."}, "Ajudikasi dicatat."),
        (
            "dispute-decision",
            {
                "decision": Dispute.Decision.GRANTED_PARTIAL,
                "decided_on": today,
                "decision_number": "012/PTS/2026",
                "decision_text": "Memerintahkan badan publik memberikan sebagian informasi.",
            },
            "Putusan Komisi Informasi dicatat.",
        ),
        (
            "dispute-appeal",
            {"court": "ptun", "filed_by": "body", "filed_on": today, "court_case_number": "1/G"},
            "Keberatan ke pengadilan dicatat.",
        ),
        (
            "dispute-court-outcome",
            {
                "outcome": "Menguatkan putusan Komisi Informasi.",
                "decided_on": today,
                "compliance_due_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
            },
            "Putusan pengadilan dicatat.",
        ),
        (
            "dispute-complied",
            {"complied_on": today, "note": "Salinan informasi diserahkan kepada pemohon."},
            "Putusan dinyatakan telah dilaksanakan; sengketa selesai.",
        ),
    ]
    for name, data, message in steps:
        response = desk.post(_url(name, objection), data)
        assert response.status_code == 303, (name, response.content.decode()[:2000])
        assert message in _message(response), name
    dispute = Dispute.objects.get(objection=objection)
    assert dispute.status == DS.CLOSED
    assert dispute.case_number == "012/KIP-BTN/2026"
    assert dispute.sessions.count() == 1
    html = desk.get(_url("detail", objection)).content.decode()
    assert "012/KIP-BTN/2026" in html
    assert "Mediasi pertama" in html
    assert "Pengadilan Tata Usaha Negara" in html


def test_dispute_compliance_and_close(
    desk: Client, objection: Objection, atasan: Any, ppid_utama: Any
) -> None:
    dispute = _dispute(objection, atasan, ppid_utama)
    services.dispute_start_mediation(dispute=dispute, actor=ppid_utama)
    services.dispute_record_decision(
        dispute=dispute,
        actor=ppid_utama,
        decision=Dispute.Decision.GRANTED_FULL,
        decided_on=timezone.localdate(),
        decision_text="Memerintahkan badan publik memberikan informasi.",
    )
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = desk.post(_url("dispute-compliance", objection), {"compliance_due_on": due})
    assert _message(response) == "Pelaksanaan putusan mulai dipantau."
    short = desk.post(_url("dispute-close", objection), {"reason": "selesai"})
    assert short.status_code == 422
    response = desk.post(_url("dispute-close", objection), {"reason": "Pemohon mencabut sengketa."})
    assert _message(response) == "Sengketa selesai."
    dispute.refresh_from_db()
    assert dispute.status == DS.CLOSED


def test_dispute_actions_only_for_handlers(
    unit_officer: Any, objection: Objection, atasan: Any
) -> None:
    _answer(objection, atasan)
    data = {"filed_on": _today(), "commission_name": "Komisi Informasi Provinsi Banten"}
    assert _login(unit_officer).post(_url("dispute-file", objection), data).status_code == 403
    assert not Dispute.objects.exists()


# --- Recording a paper objection --------------------------------------------------------------


def _record_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "request_number": "",
        "body": "",
        "grounds": ["a"],
        "summary": "Pemohon menilai informasi itu bukan informasi yang dikecualikan.",
        "information_description": "",
        "channel": Objection.Channel.LETTER,
        "filed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_record_a_paper_objection_by_request_number(
    desk: Client, refused_request: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    request = refused_request()
    data = _record_data(request_number=request.registration_number)
    response = desk.post(RECORD, data)
    assert response.status_code == 303
    objection = Objection.objects.get()
    assert response["Location"] == _url("detail", objection)
    assert objection.request == request
    assert objection.channel == Objection.Channel.LETTER
    assert objection.recorded_by == ppid_utama
    again = desk.post(RECORD, data)
    assert _message(again) == "Keberatan ini sudah dicatat sebelumnya; tidak dicatat dua kali."
    assert Objection.objects.count() == 1


def test_record_refuses_a_late_objection_naming_the_last_day(
    desk: Client, refused_request: Callable[..., InformationRequest]
) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=90)):
        request = refused_request()
    response = desk.post(RECORD, _record_data(request_number=request.registration_number))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Batas waktu pengajuan keberatan telah lewat" in html
    assert "paling lambat" in html
    assert not Objection.objects.exists()


def test_record_unknown_request_number(desk: Client, body: Any) -> None:
    response = desk.post(RECORD, _record_data(request_number="9999/XX/2026"))
    assert response.status_code == 422
    assert "Permohonan dengan nomor ini tidak ditemukan." in response.content.decode()


def test_record_ground_b_without_request_takes_an_identity(desk: Client, body: Any) -> None:
    identity = {f"pemohon-{key}": value for key, value in identity_data().items()}
    data = _record_data(
        body=str(body.pk),
        grounds=["b"],
        information_description="Laporan keuangan tahunan 2025 tidak diumumkan.",
        **identity,
    )
    response = desk.post(RECORD, data)
    assert response.status_code == 303, response.content.decode()[:3000]
    objection = Objection.objects.get()
    assert objection.request is None
    assert objection.requester_identity.nik == NIK
    html = desk.get(_url("detail", objection)).content.decode()
    assert "Laporan keuangan tahunan 2025" in html
    assert NIK not in html


def test_record_ground_b_without_identity_is_refused(desk: Client, body: Any) -> None:
    data = _record_data(
        body=str(body.pk),
        grounds=["b"],
        information_description="Laporan keuangan tahunan 2025 tidak diumumkan.",
    )
    response = desk.post(RECORD, data)
    assert response.status_code == 422
    assert not Objection.objects.exists()


def test_record_only_for_the_desk_and_the_atasan(
    boss: Client, unit_officer: Any, applicant: Any
) -> None:
    assert boss.get(RECORD).status_code == 200
    assert _login(unit_officer).get(RECORD).status_code == 403
    assert _login(applicant).get(RECORD).status_code == 403
