"""`/api/v1/requests`: filing, recording, reading and every transition through the client.

Every response any test here receives is crawled for the requester's NIK, phone and address
(the autouse `_no_identity_leaks` fixture): none may ever appear.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from terbuka.accounts.services import api_token_create
from terbuka.accounts.tests.factories import UserFactory
from terbuka.inforequests import deadlines
from terbuka.inforequests.models import IdempotencyKey, InformationRequest
from terbuka.inforequests.tests.factories import RequestSettingsFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/requests/"
NIK = "3673011708900001"
PHONE = "081234567890"
ADDRESS = "Jl. Jenderal Sudirman No. 5, Serang"
SECRETS = (NIK, PHONE, ADDRESS, "Sudirman", "0812-3456")

MS = dt.timedelta(milliseconds=1)

SEEN: list[bytes] = []


@pytest.fixture(autouse=True)
def _no_identity_leaks() -> Iterator[None]:
    SEEN.clear()
    yield
    for content in SEEN:
        text = content.decode()
        for secret in SECRETS:
            assert secret not in text, text


class Api:
    """A client for one user's bearer token that records every response body."""

    def __init__(self, user: Any) -> None:
        self.client = Client()
        self.user = user
        self.headers: dict[str, str] = {}
        if user is not None:
            _token, raw = api_token_create(user=user, actor=user)
            self.headers = {"Authorization": f"Bearer {raw}"}

    def get(self, path: str) -> Any:
        response = self.client.get(path, headers=self.headers)
        SEEN.append(response.content)
        return response

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        response = self.client.post(
            path,
            data if data is not None else {},
            content_type="application/json",
            headers={**self.headers, **headers},
        )
        SEEN.append(response.content)
        return response

    def act(self, pk: int, action: str, data: Any = None, status: int = 200) -> dict[str, Any]:
        response = self.post(f"{URL}{pk}/{action}", data)
        assert response.status_code == status, response.content
        result: dict[str, Any] = response.json()
        return result


def payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "body": "kota-uji",
        "unit": None,
        "requester": {
            "kind": "individual",
            "name": "Siti Pemohon",
            "nik": NIK,
            "address": ADDRESS,
            "phone": PHONE,
            "email": "siti@example.test",
        },
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian skripsi.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
    }
    data.update(overrides)
    return data


def _error(response: Any, status: int, code: str, message: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    error: dict[str, Any] = response.json()["error"]
    assert (error["code"], error["message"]) == (code, message)
    return error


@pytest.fixture
def citizen(applicant: Any) -> Api:
    return Api(applicant)


@pytest.fixture
def other_citizen(db: None) -> Api:
    return Api(UserFactory(email="lain@example.test"))


@pytest.fixture
def desk(desk_officer: Any) -> Api:
    return Api(desk_officer)


@pytest.fixture
def utama(ppid_utama: Any) -> Api:
    return Api(ppid_utama)


@pytest.fixture
def filed(citizen: Api, body: Any) -> dict[str, Any]:
    response = citizen.post(URL, payload())
    assert response.status_code == 201, response.content
    result: dict[str, Any] = response.json()
    return result


# --- Schema and authentication ---------------------------------------------------------------


def test_openapi_schema_builds() -> None:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/requests/" in paths
    assert "/api/v1/requests/{request_id}/extend" in paths


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", URL), ("post", URL), ("get", f"{URL}1"), ("post", f"{URL}1/extend")],
)
def test_anonymous_is_refused(body: Any, method: str, path: str) -> None:
    api = Api(None)
    response = api.get(path) if method == "get" else api.post(path, {"reason": "x"})
    _error(response, 401, "unauthorized", "Token tidak valid atau tidak ada.")


def test_revoked_style_bad_token_is_refused(body: Any) -> None:
    response = Client().get(URL, headers={"Authorization": "Bearer tbk_salah"})
    _error(response, 401, "unauthorized", "Token tidak valid atau tidak ada.")


def test_session_of_signed_in_user_is_accepted(applicant: Any, body: Any) -> None:
    client = Client()
    client.force_login(applicant)
    response = client.post(URL, payload(), content_type="application/json")
    SEEN.append(response.content)
    assert response.status_code == 201, response.content
    assert client.get(URL).json()["count"] == 1


# --- Filing ----------------------------------------------------------------------------------


def test_citizen_files_a_request(citizen: Api, body: Any, applicant: Any) -> None:
    response = citizen.post(URL, payload())
    assert response.status_code == 201, response.content
    data = response.json()
    req = InformationRequest.objects.get()
    assert data["id"] == req.pk
    assert data["registration_number"] == req.registration_number
    assert (data["status"], data["phase"], data["channel"]) == ("registered", "in_process", "web")
    assert (data["body"], data["unit"]) == ("kota-uji", None)
    assert req.due_on is not None
    assert data["due_date"] == req.due_on.isoformat()
    # JSON carries milliseconds.
    assert abs(dt.datetime.fromisoformat(data["received_at"]) - req.received_at) < MS
    assert data["requester"] == {"name": "Siti Pemohon", "kind": "individual", "email": None}
    clock = data["clock"]["notice"]
    assert clock["start"] == timezone.localdate(req.received_at).isoformat()
    assert clock["working_days"] == 10
    assert clock["due"] == data["due_date"]
    assert isinstance(clock["skipped"], list)
    assert [e["kind"] for e in data["events"]] == ["submitted"]
    assert req.requester == applicant
    assert req.requester_identity.owner == applicant


def test_unit_slug_routes_the_intake(citizen: Api, unit: Any) -> None:
    response = citizen.post(URL, payload(unit="dinkes"))
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "dinkes"


def test_legal_entity_requester(citizen: Api, body: Any) -> None:
    requester = {
        "kind": "legal_entity",
        "name": "Yayasan Data Terbuka",
        "legal_entity_number": "AHU-0001234.AH.01.04.Tahun 2020",
        "address": ADDRESS,
        "phone": PHONE,
    }
    response = citizen.post(URL, payload(requester=requester))
    assert response.status_code == 201, response.content
    assert response.json()["requester"]["kind"] == "legal_entity"
    assert "AHU-0001234" not in response.content.decode()
    assert InformationRequest.objects.get().requester_identity.kind == "badan_hukum"


def test_indonesian_kind_is_accepted(citizen: Api, body: Any) -> None:
    requester = {**payload()["requester"], "kind": "kelompok"}
    response = citizen.post(URL, payload(requester=requester))
    assert response.status_code == 201, response.content
    assert response.json()["requester"]["kind"] == "group"


def test_bad_nik_is_a_field_error(citizen: Api, body: Any) -> None:
    requester = {**payload()["requester"], "nik": "1234"}
    error = _error(
        citizen.post(URL, payload(requester=requester)),
        422,
        "validation_error",
        "Data identitas tidak valid.",
    )
    assert list(error["details"]["fields"]) == ["requester.nik"]
    assert not InformationRequest.objects.exists()


def test_missing_details_is_a_field_error(citizen: Api, body: Any) -> None:
    error = _error(
        citizen.post(URL, payload(details="")),
        422,
        "validation_error",
        "Data permohonan tidak valid.",
    )
    assert "details" in error["details"]["fields"]
    assert not InformationRequest.objects.exists()


def test_missing_requester_is_a_field_error(citizen: Api, body: Any) -> None:
    error = _error(
        citizen.post(URL, payload(requester=None)),
        422,
        "validation_error",
        "Identitas pemohon wajib diisi.",
    )
    assert error["details"]["fields"] == {"requester": ["Identitas pemohon wajib diisi."]}


def test_unknown_body_and_unit_are_field_errors(citizen: Api, body: Any) -> None:
    error = _error(
        citizen.post(URL, payload(body="tidak-ada")),
        422,
        "validation_error",
        "Badan publik tidak ditemukan.",
    )
    assert list(error["details"]["fields"]) == ["body"]
    error = _error(
        citizen.post(URL, payload(unit="tidak-ada")),
        422,
        "validation_error",
        "Unit tidak ditemukan.",
    )
    assert list(error["details"]["fields"]) == ["unit"]


def test_schema_errors_use_the_project_shape(citizen: Api, body: Any) -> None:
    error = _error(
        citizen.post(URL, {"details": "tanpa badan publik"}),
        422,
        "validation_error",
        "Data yang dikirim tidak valid.",
    )
    # The same field map as service errors, in the user's language.
    assert error["details"]["fields"]["body"] == ["Wajib diisi."]
    assert error["details"]["errors"]


def test_schema_errors_name_nested_fields_in_english(citizen: Api, body: Any) -> None:
    requester = {**payload()["requester"], "name": 12}
    response = citizen.post(URL, payload(requester=requester), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    fields = response.json()["error"]["details"]["fields"]
    assert "requester.name" in fields


def test_citizen_may_not_backdate_or_choose_a_channel(citizen: Api, body: Any) -> None:
    received = (timezone.now() - dt.timedelta(days=3)).isoformat()
    error = _error(
        citizen.post(URL, payload(received_at=received)),
        422,
        "validation_error",
        "Hanya petugas yang dapat mengisi waktu diterima.",
    )
    assert list(error["details"]["fields"]) == ["received_at"]
    error = _error(
        citizen.post(URL, payload(channel="walk_in")),
        422,
        "validation_error",
        "Hanya petugas yang dapat mencatat permohonan luring.",
    )
    assert list(error["details"]["fields"]) == ["channel"]
    assert citizen.post(URL, payload(channel="web")).status_code == 201


def test_bad_channel_is_a_field_error(desk: Api, body: Any) -> None:
    error = _error(
        desk.post(URL, payload(channel="merpati")),
        422,
        "validation_error",
        "Saluran permohonan tidak valid.",
    )
    assert error["details"]["fields"] == {"channel": ["Saluran permohonan tidak valid."]}


# --- Recording by staff ----------------------------------------------------------------------


def test_staff_records_a_walk_in_with_its_receipt_time(desk: Api, desk_officer: Any) -> None:
    received = timezone.localtime() - dt.timedelta(days=2)
    response = desk.post(URL, payload(channel="walk_in", received_at=received.isoformat()))
    assert response.status_code == 201, response.content
    data = response.json()
    req = InformationRequest.objects.get()
    assert (req.channel, req.recorded_by, req.requester) == ("walk_in", desk_officer, None)
    assert req.received_at == received
    assert abs(dt.datetime.fromisoformat(data["received_at"]) - received) < MS
    start = received.date()
    expected = deadlines.notice_due(start, calendar=deadlines.calendar_for(start)).due
    assert data["due_date"] == expected.isoformat()
    assert data["clock"]["notice"]["start"] == start.isoformat()
    assert data["channel"] == "walk_in"
    assert data["requester"]["email"] == "siti@example.test"
    assert [e["kind"] for e in data["events"]] == ["recorded"]
    assert req.requester_identity.owner is None


def test_staff_channel_without_time_is_recorded_now(desk: Api, body: Any) -> None:
    response = desk.post(URL, payload(channel="phone"))
    assert response.status_code == 201, response.content
    assert response.json()["channel"] == "phone"


def test_staff_may_not_record_in_the_future(desk: Api, body: Any) -> None:
    received = (timezone.now() + dt.timedelta(hours=2)).isoformat()
    error = _error(
        desk.post(URL, payload(channel="letter", received_at=received)),
        422,
        "validation_error",
        "Waktu diterima tidak boleh di masa depan.",
    )
    assert list(error["details"]["fields"]) == ["received_at"]


# --- Idempotency -----------------------------------------------------------------------------


def test_same_key_and_body_give_the_same_answer(citizen: Api, body: Any) -> None:
    first = citizen.post(URL, payload(), **{"Idempotency-Key": "kunci-1"})
    again = citizen.post(URL, payload(), **{"Idempotency-Key": "kunci-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert InformationRequest.objects.count() == 1
    assert IdempotencyKey.objects.get().request_id == first.json()["id"]


def test_same_key_with_another_body_is_refused(citizen: Api, body: Any) -> None:
    assert citizen.post(URL, payload(), **{"Idempotency-Key": "kunci-2"}).status_code == 201
    _error(
        citizen.post(URL, payload(purpose="Lain."), **{"Idempotency-Key": "kunci-2"}),
        422,
        "idempotency_key_reused",
        "Kunci idempotensi ini sudah dipakai untuk permohonan dengan isi lain.",
    )
    assert InformationRequest.objects.count() == 1


def test_staff_recording_is_idempotent(desk: Api, body: Any) -> None:
    received = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    data = payload(channel="walk_in", received_at=received)
    first = desk.post(URL, data, **{"Idempotency-Key": "loket-7"})
    again = desk.post(URL, data, **{"Idempotency-Key": "loket-7"})
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert InformationRequest.objects.count() == 1


def test_staff_recording_without_time_is_idempotent(desk: Api, body: Any) -> None:
    data = payload(channel="phone")
    first = desk.post(URL, data, **{"Idempotency-Key": "telepon-1"})
    again = desk.post(URL, data, **{"Idempotency-Key": "telepon-1"})
    assert first.status_code == again.status_code == 201, again.content
    assert first.json() == again.json()
    assert InformationRequest.objects.count() == 1
    other = desk.post(URL, payload(channel="letter"), **{"Idempotency-Key": "telepon-1"})
    assert other.json()["error"]["code"] == "idempotency_key_reused"


# --- Reading ---------------------------------------------------------------------------------


def test_detail_for_requester_and_staff(citizen: Api, desk: Api, filed: dict[str, Any]) -> None:
    mine = citizen.get(f"{URL}{filed['id']}")
    assert mine.status_code == 200
    assert mine.json()["requester"]["email"] is None
    staff = desk.get(f"{URL}{filed['id']}")
    assert staff.status_code == 200
    assert staff.json()["requester"]["email"] == "siti@example.test"
    assert staff.json()["registration_number"] == filed["registration_number"]


def test_other_citizen_gets_404(other_citizen: Api, filed: dict[str, Any]) -> None:
    message = "Permohonan informasi tidak ditemukan."
    _error(other_citizen.get(f"{URL}{filed['id']}"), 404, "not_found", message)
    _error(other_citizen.post(f"{URL}{filed['id']}/withdraw"), 404, "not_found", message)
    _error(other_citizen.get(f"{URL}999999"), 404, "not_found", message)


def test_list_is_scoped_and_filtered(
    citizen: Api, other_citizen: Api, desk: Api, filed: dict[str, Any]
) -> None:
    other = other_citizen.post(URL, payload(details="Daftar aset daerah."))
    assert other.status_code == 201
    mine = citizen.get(URL).json()
    assert (mine["count"], [r["id"] for r in mine["items"]]) == (1, [filed["id"]])
    everything = desk.get(URL).json()
    assert [r["id"] for r in everything["items"]] == [other.json()["id"], filed["id"]]
    assert all("events" not in r for r in everything["items"])
    desk.act(filed["id"], "start")
    started = desk.get(f"{URL}?status=in_progress").json()
    assert [r["id"] for r in started["items"]] == [filed["id"]]
    page = desk.get(f"{URL}?limit=1&offset=1").json()
    assert (page["count"], page["limit"], page["offset"]) == (2, 1, 1)
    assert [r["id"] for r in page["items"]] == [filed["id"]]


def test_list_refuses_bad_filters(desk: Api, body: Any) -> None:
    assert desk.get(f"{URL}?limit=101").status_code == 422
    _error(desk.get(f"{URL}?status=entah"), 422, "validation_error", "Status tidak dikenal.")


def test_list_query_count(
    desk: Api, filed: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    for n in range(3):
        desk.post(URL, payload(details=f"Dokumen nomor {n} tahun 2025."))
    with django_assert_max_num_queries(8):
        response = desk.get(URL)
    assert response.json()["count"] == 4


# --- Transitions -----------------------------------------------------------------------------


def test_extend_moves_the_due_date(desk: Api, filed: dict[str, Any]) -> None:
    data = desk.act(filed["id"], "extend", {"reason": "Dokumen tersebar di beberapa bidang."})
    req = InformationRequest.objects.get()
    assert data["status"] == "extended"
    assert req.extended_due_on is not None
    assert data["due_date"] == data["extended_due_date"] == req.extended_due_on.isoformat()
    assert data["due_date"] != filed["due_date"]
    assert data["clock"]["extension"]["start"] == filed["due_date"]
    assert data["clock"]["extension"]["working_days"] == 7
    assert data["events"][-1]["kind"] == "extended"
    assert data["events"][-1]["note"] == "Dokumen tersebar di beberapa bidang."


def test_extend_needs_a_reason(desk: Api, filed: dict[str, Any]) -> None:
    response = desk.post(f"{URL}{filed['id']}/extend", {"reason": "singkat"})
    error = _error(
        response,
        422,
        "validation_error",
        "Alasan perpanjangan wajib diisi (minimal 10 karakter).",
    )
    assert list(error["details"]["fields"]) == ["reason"]


def test_invalid_transition_is_409(citizen: Api, filed: dict[str, Any]) -> None:
    citizen.act(filed["id"], "withdraw", {"reason": "Sudah tidak perlu."})
    _error(
        citizen.post(f"{URL}{filed['id']}/withdraw"),
        409,
        "invalid_transition",
        'Permohonan berstatus "Dicabut pemohon" tidak dapat diubah menjadi "Dicabut pemohon".',
    )


def test_citizen_may_not_act_as_officer(citizen: Api, filed: dict[str, Any]) -> None:
    _error(
        citizen.post(f"{URL}{filed['id']}/extend", {"reason": "Saya ingin memperpanjang."}),
        403,
        "permission_denied",
        "Anda tidak berwenang melakukan tindakan ini.",
    )


def test_withdraw_by_requester(citizen: Api, desk: Api, filed: dict[str, Any]) -> None:
    _error(
        desk.post(f"{URL}{filed['id']}/withdraw"),
        403,
        "permission_denied",
        "Anda tidak berwenang melakukan tindakan ini.",
    )
    data = citizen.act(filed["id"], "withdraw", {"reason": "Sudah tidak perlu."})
    assert (data["status"], data["phase"]) == ("withdrawn", "ended")


def test_route_and_return(utama: Api, unit: Any, unit_officer: Any, filed: dict[str, Any]) -> None:
    data = utama.act(filed["id"], "route", {"units": ["dinkes"], "note": "Mohon ditindaklanjuti."})
    assert data["status"] == "routed"
    _error(
        utama.post(f"{URL}{filed['id']}/route", {"units": ["tidak-ada"]}),
        422,
        "validation_error",
        "Unit tidak ditemukan.",
    )
    officer = Api(unit_officer)
    assert officer.get(f"{URL}{filed['id']}").status_code == 200
    data = officer.act(filed["id"], "return", {"unit": "dinkes", "note": "Bukan kewenangan kami."})
    assert data["status"] == "registered"
    assert data["events"][-1]["kind"] == "returned"
    assert officer.get(f"{URL}{filed['id']}").status_code == 404


def test_ask_completion_and_complete(desk: Api, citizen: Api, filed: dict[str, Any]) -> None:
    data = desk.act(filed["id"], "ask-completion", {"missing": "Sebutkan tahun anggaran."})
    assert (data["status"], data["due_date"]) == ("incomplete", None)
    assert data["completion_due_date"] == data["clock"]["completion"]["due"]
    assert data["phase"] == "waiting_for_requester"
    data = citizen.act(filed["id"], "complete", {"details": "DPA Dinas Kesehatan 2025."})
    assert data["status"] == "registered"
    assert data["details"] == "DPA Dinas Kesehatan 2025."
    assert data["due_date"] == data["clock"]["notice"]["due"]


def test_forward(utama: Api, filed: dict[str, Any]) -> None:
    data = utama.act(
        filed["id"],
        "forward",
        {"body_name": "Badan Pertanahan Nasional", "note": "Data sertifikat."},
    )
    assert (data["status"], data["forwarded_to"]) == ("forwarded", "Badan Pertanahan Nasional")


def test_notice_fulfil_close(desk: Api, citizen: Api, filed: dict[str, Any]) -> None:
    pk = filed["id"]
    desk.act(pk, "start")
    data = desk.act(
        pk,
        "notice",
        {
            "possession": "held",
            "decision": "granted_full",
            "form": "softcopy",
            "material": "DPA Dinas Kesehatan 2025",
        },
    )
    assert (data["status"], data["phase"]) == ("notice_issued", "decided")
    assert "objection" in data["clock"]
    _error(
        desk.post(
            f"{URL}{pk}/notice",
            {"possession": "held", "decision": "granted_full", "form": "softcopy"},
        ),
        409,
        "invalid_transition",
        'Permohonan berstatus "Pemberitahuan tertulis diterbitkan" tidak dapat diubah menjadi '
        '"Pemberitahuan tertulis diterbitkan".',
    )
    data = desk.act(pk, "fulfil", {"reference": "Dikirim lewat e-mail."})
    assert data["status"] == "fulfilled"
    data = desk.act(pk, "close")
    assert (data["status"], data["phase"]) == ("closed", "finished")
    assert citizen.get(f"{URL}{pk}").json()["status"] == "closed"


def test_refusal_needs_a_ground(desk: Api, filed: dict[str, Any]) -> None:
    error = _error(
        desk.post(
            f"{URL}{filed['id']}/notice",
            {"possession": "held", "decision": "refused", "form": "none"},
        ),
        422,
        "validation_error",
        "Penolakan wajib menyebut huruf Pasal 17 atau undang-undang lain yang menjadi dasarnya.",
    )
    assert list(error["details"]["fields"]) == ["refusal_letters"]


def test_notice_with_costs_then_payment(desk: Api, body: Any, filed: dict[str, Any]) -> None:
    RequestSettingsFactory(body=body, copy_fee_per_sheet=500)
    pk = filed["id"]
    data = desk.act(
        pk,
        "notice",
        {
            "possession": "held",
            "decision": "granted_full",
            "form": "hardcopy",
            "material": "DPA 2025",
            "copy_sheets": 10,
            "delivery_cost": 0,
        },
    )
    assert (data["status"], data["phase"]) == ("awaiting_payment", "waiting_for_payment")
    error = _error(
        desk.post(f"{URL}{pk}/payment", {"amount": 100, "method": "Tunai"}),
        422,
        "validation_error",
        "Jumlah pembayaran harus Rp 5000 sesuai pemberitahuan tertulis.",
    )
    assert list(error["details"]["fields"]) == ["amount"]
    data = desk.act(pk, "payment", {"amount": 5000, "method": "Tunai", "reference": "KW-1"})
    assert data["status"] == "notice_issued"
    assert data["events"][-1]["kind"] == "payment_recorded"


def test_internal_notes_stay_internal(desk: Api, citizen: Api, filed: dict[str, Any]) -> None:
    data = desk.act(filed["id"], "note", {"note": "Cek ke bidang anggaran dulu."})
    assert data["events"][-1] == {
        **data["events"][-1],
        "kind": "note",
        "note": "Cek ke bidang anggaran dulu.",
        "is_internal": True,
    }
    mine = citizen.get(f"{URL}{filed['id']}").json()
    assert "Cek ke bidang anggaran" not in str(mine)
    assert [e["kind"] for e in mine["events"]] == ["submitted"]
    _error(
        citizen.post(f"{URL}{filed['id']}/note", {"note": "Catatan saya."}),
        403,
        "permission_denied",
        "Anda tidak berwenang melakukan tindakan ini.",
    )
    _error(
        desk.post(f"{URL}{filed['id']}/note", {"note": "  "}),
        422,
        "validation_error",
        "Catatan tidak boleh kosong.",
    )


# --- Personal data ---------------------------------------------------------------------------


def test_no_answer_ever_holds_identity_values(
    citizen: Api, desk: Api, utama: Api, unit: Any, body: Any
) -> None:
    """Drive every read and a run of writes; the autouse fixture crawls each body too."""
    SEEN.clear()
    filed = citizen.post(URL, payload(), **{"Idempotency-Key": "k"}).json()
    citizen.post(URL, payload(), **{"Idempotency-Key": "k"})
    received = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    desk.post(URL, payload(channel="email", received_at=received))
    citizen.post(URL, payload(requester={**payload()["requester"], "nik": "12"}))
    pk = filed["id"]
    utama.act(pk, "route", {"units": ["dinkes"], "note": "Disposisi."})
    desk.act(pk, "note", {"note": "Catatan internal."})
    desk.act(pk, "extend", {"reason": "Perlu waktu mengumpulkan dokumen."})
    for api in (citizen, desk, utama):
        api.get(URL)
        api.get(f"{URL}{pk}")
    assert len(SEEN) >= 12
    for content in SEEN:
        for secret in SECRETS:
            assert secret not in content.decode()
    # The values really are stored: the check above is not vacuous.
    identity = InformationRequest.objects.get(pk=pk).requester_identity
    assert (identity.nik, identity.phone, identity.address) == (NIK, PHONE, ADDRESS)


def test_a_body_that_is_not_a_json_object_is_refused_as_a_whole(
    desk: Api, filed: dict[str, Any]
) -> None:
    """An array once passed as an object with every field at its default (an empty note)."""
    pk = filed["id"]
    desk.act(pk, "start")
    events = desk.get(f"{URL}{pk}").json()
    for body in (["Catatan"], "Catatan", 7, None):
        response = desk.client.post(
            f"{URL}{pk}/note",
            json.dumps(body),
            content_type="application/json",
            headers=desk.headers,
        )
        _error(
            response,
            400,
            "invalid_body",
            "Isi permintaan harus berupa objek JSON ({...}), bukan larik atau nilai tunggal.",
        )
    response = desk.client.post(
        f"{URL}{pk}/note", b"{note:", content_type="application/json", headers=desk.headers
    )
    _error(response, 400, "invalid_body", "Isi permintaan bukan JSON yang sah.")
    assert desk.get(f"{URL}{pk}").json() == events


def test_a_submission_runs_a_bounded_number_of_statements(
    citizen: Api, body: Any, settings: Any, django_assert_max_num_queries: Any
) -> None:
    """B5's write path: token, body, identity, counter, request, event, queues, answer."""
    settings.RATELIMIT_ENABLE = False
    assert citizen.post(URL, payload()).status_code == 201
    with django_assert_max_num_queries(28):
        assert citizen.post(URL, payload()).status_code == 201
