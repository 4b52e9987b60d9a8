"""The DIP API through the client: create, attach, publish (409 with findings), read."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from terbuka.accounts.services import api_token_create
from terbuka.registry.models import InformationEntry
from terbuka.registry.tests.factories import CLEAN_CSV, xlsx_bytes

pytestmark = pytest.mark.django_db

URL = "/api/v1/registry/entries/"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _token, raw = api_token_create(user=user, actor=user)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.client.post(
            path, data or {}, content_type="application/json", headers={**self.headers, **headers}
        )

    def upload(self, path: str, name: str, content: bytes) -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return self.client.post(
            path, {"file": SimpleUploadedFile(name, content), "title": name}, headers=self.headers
        )


def _payload(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "body": "kota-uji",
        "unit": "dinkes",
        "title": "Laporan Keuangan 2025",
        "summary": "Realisasi anggaran dan neraca.",
        "info_class": "berkala",
        "legal_category": "p9_c",
        "holder_official": "Sekretaris Dinas",
        "responsible_person": "Kasubbag Keuangan",
        "produced_when": "Maret 2026",
        "produced_where": "Serang",
        "available_forms": ["softcopy"],
        "retention_period": "10 tahun",
        "update_every_months": 6,
    }
    data.update(overrides)
    return data


def test_create_attach_publish(unit: Any, unit_officer: Any) -> None:
    api = Api(unit_officer)
    created = api.post(URL, _payload(), **{"Idempotency-Key": "dip-1"})
    assert created.status_code == 201, created.content
    entry_id = created.json()["id"]
    again = api.post(URL, _payload(), **{"Idempotency-Key": "dip-1"})
    assert again.json()["id"] == entry_id
    assert InformationEntry.objects.count() == 1
    attached = api.upload(f"{URL}{entry_id}/documents", "lra.csv", CLEAN_CSV)
    assert attached.status_code == 201, attached.content
    assert attached.json()["released"] is True
    published = api.post(f"{URL}{entry_id}/publish")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    public = Client().get("/api/v1/registry/entries?body=kota-uji")
    assert public.status_code == 200
    [row] = public.json()["results"]
    assert row["documents"][0]["download_url"].startswith("/informasi/unduh/")


def test_publish_answers_409_with_findings(unit: Any, unit_officer: Any) -> None:
    api = Api(unit_officer)
    entry_id = api.post(URL, _payload()).json()["id"]
    attached = api.upload(f"{URL}{entry_id}/documents", "data.xlsx", xlsx_bytes(hidden_sheet=True))
    assert attached.status_code == 201
    document_id = attached.json()["id"]
    response = api.post(f"{URL}{entry_id}/publish")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "safety_findings"
    kinds = {f["kind"] for f in body["findings"]}
    assert "hidden_sheet" in kinds
    assert all(f["document"] == document_id and f["detail"] for f in body["findings"])
    # The phone number in the hidden sheet is never echoed in full.
    assert "0812 3456 7890" not in response.content.decode()
    assert InformationEntry.objects.get().status == "draft"


def test_refused_file_type_is_422(unit: Any, unit_officer: Any) -> None:
    api = Api(unit_officer)
    entry_id = api.post(URL, _payload()).json()["id"]
    response = api.upload(f"{URL}{entry_id}/documents", "laporan.pdf", b"MZ\x90\x00binary")
    assert response.status_code == 422
    assert response.json()["error"]["code"] in {"file_type_mismatch", "file_type_not_allowed"}


def test_bad_input_is_422_in_indonesian(unit: Any, unit_officer: Any) -> None:
    response = Api(unit_officer).post(URL, _payload(legal_category="p10"))
    assert response.status_code == 422
    assert "legal_category" in response.json()["error"]["details"]["fields"]


def test_other_units_and_anonymous_are_refused(unit: Any, other_officer: Any) -> None:
    assert Api(other_officer).post(URL, _payload()).status_code == 403
    anonymous = Client().post(URL, _payload(), content_type="application/json")
    assert anonymous.status_code == 401
    assert not InformationEntry.objects.exists()


def test_drafts_are_not_public(unit: Any, unit_officer: Any) -> None:
    entry_id = Api(unit_officer).post(URL, _payload()).json()["id"]
    assert Client().get(f"/api/v1/registry/entries/{entry_id}").status_code == 404
