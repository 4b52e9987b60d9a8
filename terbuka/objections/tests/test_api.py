"""The objection and dispute API through the client (UU 14/2008 Pasal 35-38).

Every response a test receives is searched for the requester's NIK, phone and address (the
autouse `_no_identity_leaks` fixture): none may ever appear.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.states import Status as RequestStatus
from terbuka.inforequests.tests.test_api import SECRETS, SEEN, Api
from terbuka.objections.models import Objection

pytestmark = pytest.mark.django_db

SUMMARY = "Informasi yang diminta bukan informasi yang dikecualikan."


@pytest.fixture(autouse=True)
def _no_identity_leaks() -> Iterator[None]:
    SEEN.clear()
    yield
    for content in SEEN:
        text = content.decode()
        for secret in SECRETS:
            assert secret not in text, text


@pytest.fixture
def citizen(applicant: Any) -> Api:
    return Api(applicant)


@pytest.fixture
def atasan_api(atasan: Any) -> Api:
    return Api(atasan)


@pytest.fixture
def desk(ppid_utama: Any) -> Api:
    return Api(ppid_utama)


def _file(api: Api, request: InformationRequest, **overrides: Any) -> Any:
    data: dict[str, Any] = {"grounds": ["a"], "summary": SUMMARY, **overrides}
    return api.post(f"/api/v1/requests/{request.pk}/objections", data)


def test_requester_files_and_gets_number_status_and_due_date(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    response = _file(citizen, request, grounds=["a", "d"])
    assert response.status_code == 201, response.content
    body = response.json()
    objection = Objection.objects.get()
    assert body["id"] == objection.pk
    assert body["registration_number"] == objection.registration_number
    assert body["registration_number"].startswith("0001/KEB-")
    assert body["status"] == "received"
    assert body["due_date"] == objection.response_due_on.isoformat()
    assert [g["letter"] for g in body["grounds"]] == ["a", "d"]
    assert body["clock"]["response"]["working_days"] == 30
    assert body["clock"]["response"]["law"] == "UU 14/2008 Pasal 36(2)"
    assert body["request"]["registration_number"] == request.registration_number
    # The requester never sees their own e-mail echoed as staff would.
    assert body["requester"]["email"] is None
    assert body["deliberations"] == []


def test_late_filing_is_422_with_code_and_last_valid_day(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    InformationRequest.objects.filter(pk=request.pk).update(
        received_at=timezone.now() - dt.timedelta(days=130)
    )
    WrittenNotice.objects.filter(request=request).update(
        issued_at=timezone.now() - dt.timedelta(days=120)
    )
    response = _file(citizen, request)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "objection_window_closed"
    last = dt.date.fromisoformat(error["details"]["last_valid_day"])
    assert last < timezone.localdate()
    assert "Batas waktu pengajuan keberatan telah lewat" in error["message"]
    assert not Objection.objects.exists()


def test_requester_may_not_set_filed_at(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    response = _file(citizen, refused_request(), filed_at=timezone.now().isoformat())
    assert response.status_code == 422
    assert "filed_at" in response.json()["error"]["details"]["fields"]


def test_desk_records_paper_filing_with_its_receipt_time(
    desk: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    filed_at = timezone.now() - dt.timedelta(days=1)
    response = _file(desk, refused_request(), filed_at=filed_at.isoformat(), channel="letter")
    assert response.status_code == 201, response.content
    objection = Objection.objects.get()
    assert objection.channel == "letter"
    assert abs(objection.filed_at - filed_at) < dt.timedelta(seconds=1)
    assert objection.recorded_by is not None
    assert response.json()["requester"]["email"] == "siti@example.test"


def test_other_user_gets_404(refused_request: Callable[..., InformationRequest], user: Any) -> None:
    response = _file(Api(user), refused_request())
    assert response.status_code == 404


def test_idempotency_key_returns_the_first_objection(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    path = f"/api/v1/requests/{request.pk}/objections"
    data = {"grounds": ["a"], "summary": SUMMARY}
    first = citizen.post(path, data, **{"Idempotency-Key": "k-1"})
    second = citizen.post(path, data, **{"Idempotency-Key": "k-1"})
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    other = citizen.post(
        path, {**data, "summary": SUMMARY + " Lagi."}, **{"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert Objection.objects.count() == 1


def test_second_open_objection_is_409(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    assert _file(citizen, request).status_code == 201
    response = _file(citizen, request)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "objection_open"


def test_schema_errors_are_field_errors(
    citizen: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    response = citizen.post(f"/api/v1/requests/{request.pk}/objections", {"summary": SUMMARY})
    assert response.status_code == 422
    assert "grounds" in response.json()["error"]["details"]["fields"]
    response = _file(citizen, request, grounds=["z"])
    assert response.status_code == 422
    assert "grounds" in response.json()["error"]["details"]["fields"]


def test_atasan_answers_with_an_order_that_reopens_the_request(
    citizen: Api, atasan_api: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    request = refused_request()
    objection_id = _file(citizen, request).json()["id"]
    response = atasan_api.post(
        f"/api/v1/objections/{objection_id}/answer",
        {
            "decision": "ordered_full",
            "reasons": "Informasi tidak termasuk yang dikecualikan Pasal 17.",
            "atasan_name": "Sekretaris Daerah",
            "atasan_position": "Atasan PPID Kota Uji",
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "answered_ordered"
    assert body["response"]["decision"] == "ordered_full"
    assert body["dispute_due_date"] is not None
    request.refresh_from_db()
    assert request.status == RequestStatus.ORDERED
    assert request.order_due_on is not None
    assert body["response"]["fulfilment_due_on"] == request.order_due_on.isoformat()


def test_desk_cannot_answer(
    citizen: Api, desk: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    objection_id = _file(citizen, refused_request()).json()["id"]
    response = desk.post(
        f"/api/v1/objections/{objection_id}/answer",
        {
            "decision": "upheld",
            "reasons": "Alasan yang cukup panjang.",
            "atasan_name": "X",
            "atasan_position": "Y",
        },
    )
    assert response.status_code == 403


def test_requester_reads_without_internal_notes(
    citizen: Api, desk: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    objection_id = _file(citizen, refused_request()).json()["id"]
    noted = desk.post(f"/api/v1/objections/{objection_id}/note", {"note": "Catatan rahasia."})
    assert noted.status_code == 200
    assert any(e["is_internal"] for e in noted.json()["events"])
    mine = citizen.get(f"/api/v1/objections/{objection_id}").json()
    assert not any(e["is_internal"] for e in mine["events"])
    assert "Catatan rahasia." not in str(mine)


def test_list_shows_only_visible_objections_in_constant_queries(
    citizen: Api,
    refused_request: Callable[..., InformationRequest],
    user: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for _ in range(4):
        assert _file(citizen, refused_request()).status_code == 201
    # Auth, count, rows with their relations, and one query per prefetched relation: no
    # query per objection.
    with django_assert_max_num_queries(8):
        listed = citizen.get("/api/v1/objections?limit=10").json()
    assert listed["count"] == 4
    assert Api(user).get("/api/v1/objections").json()["count"] == 0


def test_withdraw_and_respond(
    citizen: Api, atasan_api: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    first = _file(citizen, refused_request()).json()["id"]
    withdrawn = citizen.post(f"/api/v1/objections/{first}/withdraw", {"reason": "Sudah jelas."})
    assert withdrawn.json()["status"] == "withdrawn"
    second = _file(citizen, refused_request()).json()["id"]
    early = citizen.post(f"/api/v1/objections/{second}/respond", {"response": "accepted"})
    assert early.status_code == 409
    atasan_api.post(
        f"/api/v1/objections/{second}/answer",
        {
            "decision": "upheld",
            "reasons": "Informasi termasuk rahasia negara (Pasal 17 huruf c).",
            "atasan_name": "Sekretaris Daerah",
            "atasan_position": "Atasan PPID",
        },
    )
    responded = citizen.post(f"/api/v1/objections/{second}/respond", {"response": "not_accepted"})
    assert responded.json()["requester_response"] == "not_accepted"


def test_dispute_path_through_the_api(
    citizen: Api, atasan_api: Api, desk: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    objection_id = _file(citizen, refused_request()).json()["id"]
    base = f"/api/v1/objections/{objection_id}/dispute"
    today = timezone.localdate().isoformat()
    early = citizen.post(base, {"filed_on": today, "commission_name": "KI Provinsi Banten"})
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "dispute_not_open"
    atasan_api.post(
        f"/api/v1/objections/{objection_id}/answer",
        {
            "decision": "upheld",
            "reasons": "Informasi termasuk rahasia negara (Pasal 17 huruf c).",
            "atasan_name": "Sekretaris Daerah",
            "atasan_position": "Atasan PPID",
        },
    )
    filed = citizen.post(base, {"filed_on": today, "commission_name": "KI Provinsi Banten"})
    assert filed.status_code == 201, filed.content
    assert filed.json()["dispute"]["status"] == "registered"
    assert filed.json()["dispute"]["is_late"] is False
    assert citizen.post(base, {"filed_on": today, "commission_name": "KI"}).status_code == 409
    steps: list[tuple[str, dict[str, Any], str]] = [
        ("case-number", {"case_number": "001/REG-PSI/I/2026"}, "registered"),
        ("mediation", {"note": ""}, "mediation"),
        ("session", {"held_on": today, "agenda": "Mediasi pertama"}, "mediation"),
        ("adjudication", {"note": "Mediasi gagal."}, "adjudication"),
        (
            "decision",
            {
                "decision": "granted_partial",
                "decided_on": today,
                "decision_text": "Mengabulkan permohonan untuk sebagian.",
            },
            "decided",
        ),
        ("compliance", {"compliance_due_on": today}, "compliance"),
        (
            "complied",
            {"complied_on": today, "note": "Salinan diserahkan kepada pemohon."},
            "closed",
        ),
    ]
    for action, data, status in steps:
        response = desk.post(f"{base}/{action}", data)
        assert response.status_code == 200, (action, response.content)
        assert response.json()["dispute"]["status"] == status, action
    dispute = citizen.get(base).json()
    assert dispute["case_number"] == "001/REG-PSI/I/2026"
    assert len(dispute["sessions"]) == 1
    assert dispute["clock"]["commission_settle"]["working_days"] == 100
    # The requester may not steer the commission's path.
    assert citizen.post(f"{base}/close", {"reason": "Tidak boleh lagi."}).status_code == 403
    assert desk.post(f"{base}/mediation", {}).status_code == 409


def test_dispute_appeal_and_court_outcome(
    citizen: Api, atasan_api: Api, desk: Api, refused_request: Callable[..., InformationRequest]
) -> None:
    objection_id = _file(citizen, refused_request()).json()["id"]
    atasan_api.post(
        f"/api/v1/objections/{objection_id}/answer",
        {
            "decision": "upheld",
            "reasons": "Informasi termasuk rahasia negara (Pasal 17 huruf c).",
            "atasan_name": "Sekretaris Daerah",
            "atasan_position": "Atasan PPID",
        },
    )
    base = f"/api/v1/objections/{objection_id}/dispute"
    today = timezone.localdate().isoformat()
    citizen.post(base, {"filed_on": today, "commission_name": "KI Provinsi Banten"})
    assert citizen.post(f"{base}/mediation", {}).status_code == 403
    desk.post(f"{base}/adjudication", {})
    desk.post(
        f"{base}/decision",
        {"decision": "refused", "decided_on": today, "decision_text": "Menolak permohonan."},
    )
    appeal = desk.post(
        f"{base}/appeal", {"court": "ptun", "filed_on": today, "filed_by": "requester"}
    )
    assert appeal.json()["dispute"]["status"] == "court_appeal"
    outcome = desk.post(
        f"{base}/court-outcome", {"outcome": "Menguatkan putusan Komisi.", "decided_on": today}
    )
    assert outcome.json()["dispute"]["status"] == "closed"


def test_ground_b_without_a_request(
    citizen: Api, applicant: Any, body: Any, refused_request: Callable[..., InformationRequest]
) -> None:
    refused_request()  # saves an identity on the applicant's account
    response = citizen.post(
        "/api/v1/objections",
        {
            "body": body.slug,
            "grounds": ["b"],
            "summary": "Laporan keuangan tahun 2025 tidak diumumkan di situs.",
            "information_description": "Laporan realisasi anggaran semester I 2026.",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["request"] is None
    bad = citizen.post(
        "/api/v1/objections",
        {"body": body.slug, "grounds": ["a"], "summary": SUMMARY, "information_description": "x"},
    )
    assert bad.status_code == 422
    unknown = citizen.post(
        "/api/v1/objections", {"body": "tidak-ada", "grounds": ["b"], "summary": SUMMARY}
    )
    assert unknown.status_code == 422


def test_openapi_lists_the_objection_paths(citizen: Api) -> None:
    paths = citizen.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/requests/{request_id}/objections" in paths
    assert "/api/v1/objections/{objection_id}/dispute" in paths
