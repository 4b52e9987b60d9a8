"""F6 (quality.md section 6): back-and-resubmit, an API retry after a timeout, and a key reused
with another body. Two POSTs at the same moment are in test_concurrency.py."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accounts.services import api_token_create
from terbuka.inforequests.models import InformationRequest
from terbuka.ops.tests.conftest import NIK, api_payload

pytestmark = pytest.mark.django_db

URL = "/api/v1/requests/"


def form_url(body: Any) -> str:
    return reverse("inforequests:create") + f"?badan={body.slug}"


def form_data(**overrides: Any) -> dict[str, Any]:
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
        "pemohon-address": "Jl. Jenderal Sudirman No. 5, Serang",
        "pemohon-phone": "081234567890",
        "pemohon-email": "siti@example.test",
    }
    data.update(overrides)
    return data


@pytest.fixture
def api(applicant: Any) -> dict[str, str]:
    _token, raw = api_token_create(user=applicant, actor=applicant)
    return {"Authorization": f"Bearer {raw}"}


def _post(headers: dict[str, str], payload: dict[str, Any]) -> Any:
    return Client().post(URL, json.dumps(payload), content_type="application/json", headers=headers)


def test_back_and_resubmit_lands_on_the_first_request(
    client: Client, applicant: Any, body: Any
) -> None:
    client.force_login(applicant)
    data = form_data()
    first = client.post(form_url(body), data)
    assert first.status_code == 303
    client.get(form_url(body))  # the browser's back button shows the form again
    again = client.post(form_url(body), data)  # ...with the same token in the page
    assert again.status_code == 303
    assert again["Location"] == first["Location"]
    assert InformationRequest.objects.count() == 1


def test_api_retry_after_a_timeout_returns_the_same_request(api: dict[str, str], body: Any) -> None:
    headers = {**api, "Idempotency-Key": str(uuid.uuid4())}
    first = _post(headers, api_payload(body.slug))
    retry = _post(headers, api_payload(body.slug))
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.json()["id"] == first.json()["id"]
    assert retry.json()["registration_number"] == first.json()["registration_number"]
    assert InformationRequest.objects.count() == 1


def test_a_key_reused_with_another_body_is_refused(api: dict[str, str], body: Any) -> None:
    headers = {**api, "Idempotency-Key": "kunci-yang-sama"}
    assert _post(headers, api_payload(body.slug)).status_code == 201
    response = _post(headers, {**api_payload(body.slug), "details": "Isi lain sama sekali."})
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "idempotency_key_reused",
        "message": "Kunci idempotensi ini sudah dipakai untuk permohonan dengan isi lain.",
        "details": {},
    }
    assert InformationRequest.objects.count() == 1
