from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_body_list(client: Client, body: PublicBody, other_body: PublicBody) -> None:
    PublicBody.objects.filter(pk=body.pk).update(website="https://kota-uji.example")
    response = client.get("/api/v1/bodies/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert data["items"][1] == {
        "slug": "kota-uji",
        "name": "Pemerintah Kota Uji",
        "kind": "pemerintah_kota",
        "region_code": body.region_code,
        "website": "https://kota-uji.example",
    }


def test_body_list_limit_offset(client: Client, body: PublicBody, other_body: PublicBody) -> None:
    data = client.get("/api/v1/bodies/?limit=1&offset=1").json()
    assert [b["slug"] for b in data["items"]] == ["kota-uji"]
    assert data["count"] == 2


def test_body_detail(client: Client, body: PublicBody, ppid_utama_unit: Unit) -> None:
    data = client.get("/api/v1/bodies/kota-uji").json()
    assert data["slug"] == "kota-uji"
    assert data["kind_label"] == "Pemerintah kota"
    assert data["ppid_utama"] == "ppid-utama"


def test_unknown_body_is_404_in_error_shape(client: Client, db: None) -> None:
    for url in ("/api/v1/bodies/tidak-ada", "/api/v1/bodies/tidak-ada/units"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json() == {
            "error": {
                "code": "not_found",
                "message": "Badan publik tidak ditemukan.",
                "details": {},
            }
        }


def test_unit_list(
    client: Client, body: PublicBody, unit: Unit, kecamatan: Unit, kelurahan: Unit
) -> None:
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    data = client.get("/api/v1/bodies/kota-uji/units").json()
    assert data["count"] == 3
    assert data["items"] == [
        {"slug": "ppid-utama", "code": "", "name": "PPID Utama Kota Uji", "kind": "ppid_utama",
         "parent": None},
        {"slug": "kecamatan-uji", "code": "99.01.01", "name": "Kecamatan Uji",
         "kind": "kecamatan", "parent": "ppid-utama"},
        {"slug": "kelurahan-uji", "code": "99.01.01.1001", "name": "Kelurahan Uji",
         "kind": "kelurahan", "parent": "kecamatan-uji"},
    ]  # fmt: skip


def test_unit_list_pages(client: Client, body: PublicBody, unit: Unit, kecamatan: Unit) -> None:
    data = client.get("/api/v1/bodies/kota-uji/units?limit=2&offset=1").json()
    assert [u["slug"] for u in data["items"]] == ["dinkes", "kecamatan-uji"]


@pytest.mark.parametrize("url", ["/api/v1/bodies/", "/api/v1/bodies/kota-uji/units"])
def test_api_lists_have_constant_query_count(
    client: Client, body: PublicBody, ppid_utama_unit: Unit, url: str
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(15):
        parent = UnitFactory.create(body=body, parent=ppid_utama_unit, slug=f"opd-{i}")
        UnitFactory.create(body=body, parent=parent, slug=f"sub-{i}")
        PublicBody.objects.create(name=f"Badan {i}", slug=f"badan-{i}", kind="lainnya")
    assert count() == before
    assert before <= 3


def test_unit_detail_public_profile(
    client: Client, body: PublicBody, ppid_utama_unit: Unit, unit: Unit, unit_officer: Any
) -> None:
    Unit.objects.filter(pk=ppid_utama_unit.pk).update(
        atasan_name="Bambang", atasan_position="Sekretaris Daerah"
    )
    Unit.objects.filter(pk=unit.pk).update(
        ppid_name="Agus", ppid_position="Sekretaris Dinas Kesehatan", phone="(0254) 1",
        email="ppid.dinkes@example.test", service_hours="Senin-Jumat 08.00-16.00",
        address="Jl. Uji No. 1",
    )  # fmt: skip
    response = client.get("/api/v1/bodies/kota-uji/units/dinkes")
    assert response.status_code == 200
    data = response.json()
    assert data["parent"] == "ppid-utama"
    assert data["service_hours"] == "Senin-Jumat 08.00-16.00"
    assert data["email"] == "ppid.dinkes@example.test"
    assert data["officials"] == [
        {"role": "PPID Pelaksana", "name": "Agus", "position": "Sekretaris Dinas Kesehatan"},
        {"role": "Atasan PPID", "name": "Bambang", "position": "Sekretaris Daerah"},
    ]
    assert "pelaksana@example.test" not in response.content.decode()


def test_unit_detail_unknown_or_inactive_is_404(
    client: Client, body: PublicBody, unit: Unit
) -> None:
    Unit.objects.filter(pk=unit.pk).update(is_active=False)
    for slug in ("dinkes", "tidak-ada"):
        response = client.get(f"/api/v1/bodies/kota-uji/units/{slug}")
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Unit tidak ditemukan."


def test_schemas_in_openapi(client: Client, db: None) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"BodyOut", "BodyDetailOut", "UnitOut", "UnitDetailOut", "OfficialOut"} <= set(schemas)
