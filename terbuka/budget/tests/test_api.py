"""The budget API through the client: 201 with whole Rupiah, 422 errors, 409, public lines."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terbuka.accounts.services import api_token_create
from terbuka.budget.models import BudgetImport, BudgetLine
from terbuka.budget.tests.factories import SMALL, csv_bytes, make_import, tree_rows, xlsx_bytes

pytestmark = pytest.mark.django_db

IMPORTS = "/api/v1/budget/imports"
LINES = "/api/v1/budget/lines"


class Api:
    def __init__(self, user: Any) -> None:
        self.client = Client()
        _token, raw = api_token_create(user=user, actor=user)
        self.headers = {"Authorization": f"Bearer {raw}"}

    def upload(self, content: bytes, name: str = "lra.csv", **fields: Any) -> Any:
        headers = {**self.headers, **fields.pop("headers", {})}
        data = {
            "file": SimpleUploadedFile(name, content),
            "body": "kota-uji",
            "unit": "dinkes",
            "year": 2025,
            "kind": "lra_yearly",
            **fields,
        }
        return self.client.post(IMPORTS, data, headers=headers)


def test_import_answers_201_with_whole_rupiah(unit: Any, unit_officer: Any) -> None:
    rows = [list(r) for r in SMALL]
    rows[0][2] = "1.500.000.000,50"
    rows[0][3] = "1.210.000.000,49"
    response = Api(unit_officer).upload(csv_bytes(rows), headers={"Idempotency-Key": "lra-1"})
    assert response.status_code == 201, response.content
    body = response.json()
    imported = BudgetImport.objects.get()
    assert body == {
        "id": imported.pk,
        "body": "kota-uji",
        "unit": "dinkes",
        "year": 2025,
        "kind": "lra_yearly",
        "status": "active",
        "lines_imported": 5,
        "total_allocation": 1500000001,
        "total_allocation_exact": "1500000000.50",
        "total_realisation": 1210000000,
        "total_realisation_exact": "1210000000.49",
        "overspent_lines": 1,
        "replaces": None,
        "scan": {"id": imported.scan_id, "blocking_findings": 0},
    }
    again = Api(unit_officer).upload(csv_bytes(rows), headers={"Idempotency-Key": "lra-1"})
    assert again.status_code == 201
    assert again.json()["id"] == imported.pk
    assert BudgetImport.objects.count() == 1


def test_scan_findings_are_reported_not_blocking(unit: Any, unit_officer: Any) -> None:
    from terbuka.budget.tests.test_documents import _with_hidden_nik

    # The numbers are clean; the file hides a sheet of NIKs: imported, the finding reported.
    response = Api(unit_officer).upload(_with_hidden_nik(), name="lra.xlsx")
    assert response.status_code == 201, response.content
    assert response.json()["scan"]["blocking_findings"] >= 1


def test_a_description_with_a_nik_is_never_published(unit: Any, unit_officer: Any) -> None:
    rows = [*SMALL, ["5.2.01", "Honor Siti, NIK 3604011203900001", "1.000,00", ""]]
    response = Api(unit_officer).upload(csv_bytes(rows))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["row"], error["column"]) == (7, "uraian")
    assert "3604011203900001" not in response.content.decode()
    assert BudgetLine.objects.count() == 0


def test_import_answers_422_with_every_error_and_stores_nothing(
    unit: Any, unit_officer: Any
) -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "1.000.000.000,001"
    rows.append(["5.7.01", "Belanja", "1", ""])
    response = Api(unit_officer).upload(csv_bytes(rows))
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] == [
        {"row": 3, "column": "anggaran", "message": "Paling banyak 2 angka di belakang koma."},
        {
            "row": 7,
            "column": "kode_rekening",
            "message": "Kode induk 5.7 tidak ada dalam berkas.",
        },
    ]
    assert body["errors_total"] == 2
    assert body["error"]["code"] == "import_failed"
    assert body["error"]["details"]["errors"] == body["errors"]
    assert BudgetImport.objects.count() == 0
    assert BudgetLine.objects.count() == 0


def test_import_answers_409_then_replaces(unit: Any, unit_officer: Any) -> None:
    api = Api(unit_officer)
    first = api.upload(csv_bytes(SMALL)).json()
    conflict = api.upload(csv_bytes(SMALL))
    assert conflict.status_code == 409
    error = conflict.json()["error"]
    assert error["code"] == "import_exists"
    assert error["details"]["existing"]["id"] == first["id"]
    assert error["details"]["existing"]["total_allocation"] == "1500000000.00"
    replaced = api.upload(csv_bytes(SMALL), replace="true")
    assert replaced.status_code == 201, replaced.content
    assert replaced.json()["replaces"] == first["id"]


def test_import_with_mapping_from_xlsx(unit: Any, unit_officer: Any) -> None:
    data = xlsx_bytes(
        [[r[0], r[1], r[2], r[3]] for r in SMALL],
        header=["Kode", "Uraian", "Pagu", "Realisasi"],
    )
    response = Api(unit_officer).upload(
        data,
        name="lra.xlsx",
        mapping=json.dumps({"kode_rekening": "Kode", "anggaran": "Pagu"}),
    )
    assert response.status_code == 201, response.content
    assert response.json()["total_allocation"] == 1500000000


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mapping": "[1, 2]"}, "mapping"),
        ({"mapping": "{not json"}, "mapping"),
        ({"unit": "dinas-fiktif"}, "unit"),
        ({"body": "kota-fiktif"}, "body"),
        ({"kind": "apbn"}, "kind"),
    ],
)
def test_import_refuses_bad_fields(
    unit: Any, unit_officer: Any, fields: dict[str, str], field: str
) -> None:
    response = Api(unit_officer).upload(csv_bytes(SMALL), **fields)
    assert response.status_code == 422
    assert field in response.json()["error"]["details"]["fields"]


def test_import_permission(unit: Any, other_officer: Any) -> None:
    response = Api(other_officer).upload(csv_bytes(SMALL))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    anonymous = Client().post(IMPORTS, {"file": SimpleUploadedFile("a.csv", csv_bytes(SMALL))})
    assert anonymous.status_code == 401


def test_public_lines_with_totals_and_pages(
    body: Any, unit: Any, unit_officer: Any, django_assert_max_num_queries: Any
) -> None:
    make_import(actor=unit_officer, body=body, unit=unit)
    client = Client()
    with django_assert_max_num_queries(6):
        response = client.get(LINES, {"body": "kota-uji", "year": "2025", "limit": "2"})
    assert response.status_code == 200, response.content
    page = response.json()
    assert page["kind"] == "lra_yearly"
    assert page["totals"] == {
        "allocation": 1500000000,
        "allocation_exact": "1500000000.00",
        "realisation": 1210000000,
        "realisation_exact": "1210000000.00",
        "percentage": 80.67,
    }
    assert page["results"] == [
        {
            "code": "5",
            "level": "Akun",
            "description": "Belanja Daerah",
            "depth": 1,
            "allocation": 1500000000,
            "allocation_exact": "1500000000.00",
            "realisation": 1210000000,
            "realisation_exact": "1210000000.00",
            "percentage": 80.67,
        },
        {
            "code": "5.1",
            "level": "Kelompok",
            "description": "Belanja Operasi",
            "depth": 2,
            "allocation": 1000000000,
            "allocation_exact": "1000000000.00",
            "realisation": 910000000,
            "realisation_exact": "910000000.00",
            "percentage": 91.0,
        },
    ]
    codes: list[str] = []
    cursor = page["next_cursor"]
    while cursor:
        more = client.get(
            LINES, {"body": "kota-uji", "year": "2025", "limit": "2", "cursor": cursor}
        ).json()
        codes += [row["code"] for row in more["results"]]
        cursor = more["next_cursor"]
    assert codes == ["5.1.01", "5.1.02", "5.2"]


def test_public_lines_of_a_unit_with_prefix(body: Any, unit: Any, unit_officer: Any) -> None:
    make_import(actor=unit_officer, body=body, unit=unit, kind="dpa")
    response = Client().get(
        LINES,
        {
            "body": "kota-uji",
            "unit": "dinkes",
            "year": "2025",
            "kind": "dpa",
            "account_prefix": "5.1.",
        },
    )
    assert response.status_code == 200
    page = response.json()
    assert [r["code"] for r in page["results"]] == ["5.1", "5.1.01", "5.1.02"]
    assert page["totals"]["allocation"] == 1000000000
    assert page["next_cursor"] is None


def test_public_lines_read_active_imports_only(body: Any, unit: Any, unit_officer: Any) -> None:
    make_import(actor=unit_officer, body=body, unit=unit)
    smaller = [["5", "Belanja Daerah", "10,00", "1,00"]]
    make_import(actor=unit_officer, body=body, unit=unit, rows=smaller, replace=True)
    page = Client().get(LINES, {"body": "kota-uji", "year": "2025"}).json()
    assert [r["code"] for r in page["results"]] == ["5"]
    assert page["totals"]["allocation_exact"] == "10.00"


def test_public_lines_query_count_does_not_grow(
    body: Any, unit: Any, unit_officer: Any, django_assert_max_num_queries: Any
) -> None:
    make_import(actor=unit_officer, body=body, unit=unit, rows=tree_rows(600))
    with django_assert_max_num_queries(6):
        response = Client().get(
            LINES, {"body": "kota-uji", "unit": "dinkes", "year": "2025", "limit": "500"}
        )
    assert len(response.json()["results"]) == 500


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"body": "kota-uji", "year": 2025, "kind": "apbn"}, 422, "kind"),
        ({"body": "kota-uji", "year": 2025, "unit": "fiktif"}, 422, "unit"),
        ({"body": "kota-uji", "year": 2025, "account_prefix": "5.x"}, 422, "account_prefix"),
        ({"body": "kota-fiktif", "year": 2025}, 404, None),
    ],
)
def test_public_lines_refusals(
    body: Any, params: dict[str, Any], status: int, field: str | None
) -> None:
    response = Client().get(LINES, params)
    assert response.status_code == status
    if field:
        assert field in response.json()["error"]["details"]["fields"]


def test_templates_are_public_downloads(db: None) -> None:
    client = Client()
    csv_response = client.get("/api/v1/budget/template.csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv_response["Content-Disposition"]
    assert csv_response.content.startswith(b"\xef\xbb\xbfkode_rekening;uraian;anggaran;realisasi")
    xlsx_response = client.get("/api/v1/budget/template.xlsx")
    assert xlsx_response.status_code == 200
    assert xlsx_response.content.startswith(b"PK")


# --- Documents -------------------------------------------------------------------------------

DOCUMENTS = "/api/v1/budget/documents"


def _send_document(api: Api, content: bytes, name: str = "lra.pdf", **fields: Any) -> Any:
    headers = {**api.headers, **fields.pop("headers", {})}
    data = {
        "file": SimpleUploadedFile(name, content),
        "body": "kota-uji",
        "unit": "dinkes",
        "year": 2025,
        "kind": "lra_yearly",
        **fields,
    }
    return api.client.post(DOCUMENTS, data, headers=headers)


def test_document_answers_201_released_with_links(unit: Any, unit_officer: Any) -> None:
    from terbuka.safety.tests.corpus import pdf

    api = Api(unit_officer)
    response = _send_document(api, pdf(), headers={"Idempotency-Key": "doc-1"})
    assert response.status_code == 201, response.content
    out = response.json()
    assert out["state"] == "published"
    assert out["blocking_findings"] == 0
    assert out["title"] == "LRA tahunan 2025 Dinas Kesehatan"
    assert out["download_url"].startswith("http://testserver/informasi/unduh/")
    assert out["dip_entry_url"].startswith("http://testserver/informasi/kota-uji/")
    again = _send_document(api, pdf(), headers={"Idempotency-Key": "doc-1"})
    assert again.status_code == 201
    assert again.json()["id"] == out["id"]
    conflict = _send_document(api, pdf())
    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "document_exists"
    download = Client().get(out["download_url"].removeprefix("http://testserver"))
    assert download.status_code == 200
    listed = Client().get(DOCUMENTS, {"body": "kota-uji"}).json()
    assert [d["id"] for d in listed["results"]] == [out["id"]]


def test_held_document_has_no_download_and_is_not_listed(unit: Any, unit_officer: Any) -> None:
    from terbuka.budget.tests.test_documents import _with_hidden_nik

    api = Api(unit_officer)
    response = _send_document(api, _with_hidden_nik(), name="lra.xlsx")
    assert response.status_code == 201
    out = response.json()
    assert out["state"] == "held"
    assert out["blocking_findings"] >= 1
    assert out["download_url"] is None
    assert Client().get(DOCUMENTS, {"body": "kota-uji"}).json()["results"] == []


def test_document_refusals(unit: Any, unit_officer: Any, other_officer: Any) -> None:
    from terbuka.safety.tests.corpus import pdf

    api = Api(unit_officer)
    missing = _send_document(api, pdf(), kind="audited")
    assert missing.status_code == 422
    assert "bpk_opinion" in missing.json()["error"]["details"]["fields"]
    refused = _send_document(Api(other_officer), pdf())
    assert refused.status_code == 403
    anonymous = Client().post(DOCUMENTS, {"body": "kota-uji"})
    assert anonymous.status_code == 401
    bad_cursor = Client().get(DOCUMENTS, {"body": "kota-uji", "cursor": "x"})
    assert bad_cursor.status_code == 422
    bad_kind = Client().get(DOCUMENTS, {"body": "kota-uji", "kind": "x"})
    assert bad_kind.status_code == 422


def test_document_list_pages_and_query_count(
    body: Any, unit: Any, unit_officer: Any, django_assert_max_num_queries: Any
) -> None:
    from terbuka.budget import documents
    from terbuka.safety.tests.corpus import pdf

    for year in range(2019, 2026):
        documents.document_upload(
            actor=unit_officer,
            body=body,
            unit=unit,
            year=year,
            kind="lra_yearly",
            data=pdf(),
            filename=f"lra-{year}.pdf",
        )
    client = Client()
    with django_assert_max_num_queries(4):
        first = client.get(DOCUMENTS, {"body": "kota-uji", "limit": "4"}).json()
    assert len(first["results"]) == 4
    second = client.get(
        DOCUMENTS, {"body": "kota-uji", "limit": "4", "cursor": first["next_cursor"]}
    ).json()
    assert len(second["results"]) == 3
    assert second["next_cursor"] is None
    years = [d["year"] for d in first["results"] + second["results"]]
    assert sorted(years) == list(range(2019, 2026))
    only = client.get(DOCUMENTS, {"body": "kota-uji", "year": "2020"}).json()
    assert [d["year"] for d in only["results"]] == [2020]
