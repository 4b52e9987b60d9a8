"""The monev API through the client, in the shapes the issue fixes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terbuka.accounts.services import api_token_create
from terbuka.monev.models import EvaluationCycle
from terbuka.safety.tests.corpus import pdf as _pdf

pytestmark = pytest.mark.django_db

CYCLES = "/api/v1/monev/cycles"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _token, raw = api_token_create(user=user, actor=user)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def post(self, path: str, payload: Any = None, **headers: str) -> Any:
        return self.client.post(
            path,
            json.dumps(payload) if payload is not None else "",
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def put(self, path: str, payload: Any) -> Any:
        return self.client.put(
            path, json.dumps(payload), content_type="application/json", headers=self.headers
        )

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)


def _create(api: Api, rubric: dict[str, Any], units: list[str], **headers: str) -> Any:
    return api.post(
        CYCLES,
        {
            "body": "kota-uji",
            "year": 2026,
            "name": "Monev internal 2026",
            "rubric": rubric,
            "participants": units,
        },
        **headers,
    )


def test_the_whole_cycle_through_the_api(
    ppid_utama: Any, camat_officer: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    organiser = Api(ppid_utama)
    created = _create(
        organiser,
        rubric_data,
        ["kec-serang", "kec-cipocok-jaya", "kec-taktakan"],
        **{"Idempotency-Key": "monev-1"},
    )
    assert created.status_code == 201, created.content
    cycle_id = created.json()["id"]
    assert created.json()["status"] == "questionnaire"
    repeat = _create(
        organiser,
        rubric_data,
        ["kec-serang", "kec-cipocok-jaya", "kec-taktakan"],
        **{"Idempotency-Key": "monev-1"},
    )
    assert repeat.json()["id"] == cycle_id
    camat = Api(camat_officer)
    answers = camat.put(
        f"{CYCLES}/{cycle_id}/participants/kec-serang/answers",
        {"answers": {"q1": "ya", "q2": "ya"}},
    )
    assert answers.status_code == 200, answers.content
    assert answers.json() == {
        "unit": "kec-serang",
        "answered": 2,
        "questions": 2,
        "submitted": False,
    }
    for unit, q2 in (("kec-cipocok-jaya", "sebagian"), ("kec-taktakan", "ya")):
        response = organiser.put(
            f"{CYCLES}/{cycle_id}/participants/{unit}/answers",
            {"answers": {"q1": "ya", "q2": q2}},
        )
        assert response.json()["submitted"] is False
        path = f"{CYCLES}/{cycle_id}/participants/{unit}/evidence"
        link = organiser.client.post(
            path,
            {"question": "q1", "url": "https://serangkota.go.id/dip"},
            headers=organiser.headers,
        )
        assert link.status_code == 201, link.content
        pdf = organiser.client.post(
            path,
            {"question": "q2", "file": SimpleUploadedFile("register.pdf", _pdf())},
            headers=organiser.headers,
        )
        assert pdf.status_code == 201, pdf.content
        assert pdf.json()["file_name"] == "register.pdf"
        sent = organiser.put(
            f"{CYCLES}/{cycle_id}/participants/{unit}/answers",
            {"answers": {}, "submit": True},
        )
        assert sent.json()["submitted"] is True
    computed = organiser.post(f"{CYCLES}/{cycle_id}/compute")
    assert computed.status_code == 200, computed.content
    assert computed.json()["participants"] == 3
    results = organiser.get(f"{CYCLES}/{cycle_id}/results").json()["results"]
    assert [(r["unit"], r["score"], r["category"], r["rank"]) for r in results] == [
        ("kec-serang", "70.00", "Cukup Informatif", 1),
        ("kec-taktakan", "70.00", "Cukup Informatif", 1),
        ("kec-cipocok-jaya", "43.75", "Kurang Informatif", 3),
    ]
    # Before the announcement the results are not public.
    assert Client().get(f"{CYCLES}/{cycle_id}/results").status_code == 404
    EvaluationCycle.objects.filter(pk=cycle_id).update(status="announced")
    public = Client().get(f"{CYCLES}/{cycle_id}/results")
    assert public.status_code == 200
    assert len(public.json()["results"]) == 3


def test_refusals(
    ppid_utama: Any,
    camat_officer: Any,
    unit_officer: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
) -> None:
    organiser = Api(ppid_utama)
    bad_rubric = _create(organiser, {**rubric_data, "categories": []}, ["kec-serang"])
    assert bad_rubric.status_code == 422
    error = bad_rubric.json()["error"]
    assert error["code"] == "invalid_rubric"
    assert {"path": "categories", "message": error["details"]["problems"][0]["message"]} in error[
        "details"
    ]["problems"]
    unknown_unit = _create(organiser, rubric_data, ["kec-serang", "kec-atlantis"])
    assert unknown_unit.status_code == 422
    assert "participants" in unknown_unit.json()["error"]["details"]["fields"]
    assert _create(Api(camat_officer), rubric_data, ["kec-serang"]).status_code == 403
    cycle_id = _create(organiser, rubric_data, ["kec-serang", "kec-taktakan"]).json()["id"]
    bad_answer = organiser.put(
        f"{CYCLES}/{cycle_id}/participants/kec-serang/answers", {"answers": {"q1": "mungkin"}}
    )
    assert bad_answer.status_code == 422
    assert "answers.q1" in bad_answer.json()["error"]["details"]["fields"]
    other = Api(camat_officer).put(
        f"{CYCLES}/{cycle_id}/participants/kec-taktakan/answers", {"answers": {"q1": "ya"}}
    )
    assert other.status_code == 403
    stranger = Api(unit_officer).put(
        f"{CYCLES}/{cycle_id}/participants/kec-serang/answers", {"answers": {"q1": "ya"}}
    )
    assert stranger.status_code == 404
    missing = organiser.put(
        f"{CYCLES}/{cycle_id}/participants/kec-cipocok-jaya/answers", {"answers": {}}
    )
    assert missing.status_code == 404
    incomplete = organiser.put(
        f"{CYCLES}/{cycle_id}/participants/kec-serang/answers",
        {"answers": {"q1": "ya"}, "submit": True},
    )
    assert incomplete.status_code == 422
    assert incomplete.json()["error"]["code"] == "unanswered"
    assert Api(camat_officer).post(f"{CYCLES}/{cycle_id}/compute").status_code == 403
    assert Client().post(f"{CYCLES}/{cycle_id}/compute").status_code == 401
    assert organiser.get(f"{CYCLES}/999999/results").status_code == 404
    EvaluationCycle.objects.filter(pk=cycle_id).update(status="announced")
    late = organiser.put(
        f"{CYCLES}/{cycle_id}/participants/kec-serang/answers", {"answers": {"q1": "ya"}}
    )
    assert late.status_code == 409
    assert organiser.post(f"{CYCLES}/{cycle_id}/compute").status_code == 409


def test_evidence_refusals(
    ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    organiser = Api(ppid_utama)
    cycle_id = _create(organiser, rubric_data, ["kec-serang"]).json()["id"]
    path = f"{CYCLES}/{cycle_id}/participants/kec-serang/evidence"

    def send(**data: Any) -> Any:
        return organiser.client.post(path, data, headers=organiser.headers)

    unanswered = send(question="q1", url="https://serangkota.go.id")
    assert "question" in unanswered.json()["error"]["details"]["fields"]
    organiser.put(f"{CYCLES}/{cycle_id}/participants/kec-serang/answers", {"answers": {"q1": "ya"}})
    assert send(question="q1").status_code == 422
    not_pdf = send(question="q1", file=SimpleUploadedFile("a.pdf", b"%PDX not really"))
    assert "file" in not_pdf.json()["error"]["details"]["fields"]
    big = send(question="q1", file=SimpleUploadedFile("a.pdf", _pdf() + b" " * 2_100_000))
    assert "file" in big.json()["error"]["details"]["fields"]
    assert send(question="q1", url="ftp://x").status_code == 422
