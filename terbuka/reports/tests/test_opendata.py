"""Open data under /data/: four datasets as streamed CSV and JSON and as XLSX, DCAT metadata,
only what the public pages show, never a requester's identity, and flat cost per download."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, cast

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook  # type: ignore[import-untyped]

from terbuka.accounts.tests.factories import RequesterIdentityFactory
from terbuka.bodies.tests.factories import PublicBodyFactory
from terbuka.budget import services as budget_services
from terbuka.budget.tests.factories import SMALL, csv_bytes
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import InformationRequestFactory, identity_data
from terbuka.monev import services as monev_services
from terbuka.monev.states import CycleStatus
from terbuka.monev.tests.conftest import kecamatan, rubric_data  # noqa: F401 - fixtures
from terbuka.objections import services as objection_services
from terbuka.registry import services as registry_services
from terbuka.registry.tests.factories import make_entry
from terbuka.reports import facts, opendata
from terbuka.reports.opendata import DATASETS, Filters

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("opendata:catalogue")
# A valid-shape NIK: Kota Serang (36.73), Cipocok Jaya (02), a woman born 15-05-1992, serial 3.
SECRETS = {
    "name": "Bunga Rahasia Lestari",
    "nik": "3673025505920003",
    "address": "Jl. Kenanga Rahasia No. 17, Cipocok Jaya",
    "phone": "081398765432",
    "email": "bunga.rahasia@example.test",
}
PRIVATE_DETAILS = "Rincian permohonan tertutup tentang tanah keluarga."
PRIVATE_PURPOSE = "Tujuan pribadi yang tidak boleh terbit."
INTERNAL_NOTE = "Catatan internal: hubungi pemohon di nomor pribadinya."
PUBLIC_DETAILS = "Daftar penerima hibah daerah 2025."
MATERIAL = "Salinan keputusan wali kota tentang hibah 2025."
DIP_FORMULA = '=HYPERLINK("https://contoh.test","klik")'
SIXTEEN_DIGITS = re.compile(r"\d{16}")


def _url(key: str, fmt: str, query: str = "") -> str:
    return reverse("opendata:download", kwargs={"key": key, "fmt": fmt}) + query


def _content(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _xlsx_text(data: bytes) -> str:
    """Every XML part of a workbook as text (the shared strings and sheets included)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist())


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return [list(row) for row in book["data"].iter_rows(values_only=True)]


# --- Data ---------------------------------------------------------------------------------------


@pytest.fixture
def register(
    submit: Callable[..., InformationRequest], applicant: Any, ppid_utama: Any
) -> dict[str, InformationRequest]:
    """One request published in the archive (granted) and one private (refused, objected to),
    both by a requester whose identity is in SECRETS."""
    identity = identity_data(
        full_name=SECRETS["name"],
        nik=SECRETS["nik"],
        address=SECRETS["address"],
        phone=SECRETS["phone"],
        email=SECRETS["email"],
    )
    public = submit(is_public=True, details=PUBLIC_DETAILS, identity_data=identity)
    private = submit(details=PRIVATE_DETAILS, purpose=PRIVATE_PURPOSE, identity_data=identity)
    request_services.request_issue_notice(
        request=public,
        actor=ppid_utama,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material=MATERIAL,
    )
    request_services.request_add_note(
        request=private, actor=ppid_utama, note=INTERNAL_NOTE, is_internal=True
    )
    request_services.request_issue_notice(
        request=private,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["h", "a"],
    )
    private.refresh_from_db()
    objection_services.objection_file(
        actor=applicant,
        request=private,
        grounds=["a"],
        summary=f"Keberatan atas penolakan; hubungi {SECRETS['phone']}.",
    )
    facts.drain()
    return {"public": public, "private": private}


@pytest.fixture
def dip(ppid_utama: Any, body: Any, unit: Any) -> dict[str, Any]:
    published = make_entry(actor=ppid_utama, body=body, unit=unit, title=DIP_FORMULA)
    registry_services.entry_publish(entry=published, actor=ppid_utama)
    draft = make_entry(actor=ppid_utama, body=body, unit=unit, title="Rancangan yang belum terbit")
    return {"published": published, "draft": draft}


@pytest.fixture
def budgets(ppid_utama: Any, body: Any, unit: Any) -> dict[str, Any]:
    """2024: an import replaced by a second one (only the second is public); 2025: one."""

    def upload(year: int, rows: list[list[str]], *, replace: bool = False) -> Any:
        return budget_services.budget_import(
            actor=ppid_utama,
            body=body,
            unit=unit,
            year=year,
            kind="lra_yearly",
            data=csv_bytes(rows),
            filename=f"lra-{year}.csv",
            replace=replace,
        )

    old = upload(2024, [[c, f"{d} (lama)", a, r] for c, d, a, r in SMALL])
    current = upload(2024, SMALL, replace=True)
    upload(2025, SMALL)
    return {"old": old, "current": current}


@pytest.fixture
def monev(ppid_utama: Any, body: Any, kecamatan: list[Any], rubric_data: Any) -> Any:  # noqa: F811
    """One announced cycle over the three kecamatan, and one still being verified."""

    def cycle(name: str, year: int) -> Any:
        created = monev_services.cycle_create(
            actor=ppid_utama,
            body=body,
            name=name,
            year=year,
            rubric=rubric_data,
            participants=kecamatan,
            open_questionnaire=True,
        )
        for participant in created.participants.all():
            monev_services.answers_save(
                participant=participant, actor=ppid_utama, answers={"q1": "ya", "q2": "sebagian"}
            )
        return monev_services.cycle_move(
            cycle=created, actor=ppid_utama, to=CycleStatus.VERIFICATION
        )

    announced = cycle("Monev internal 2026", 2026)
    monev_services.cycle_move(cycle=announced, actor=ppid_utama, to=CycleStatus.ANNOUNCED)
    running = cycle("Monev 2027 (berjalan)", 2027)
    monev_services.cycle_compute(cycle=running, actor=ppid_utama)
    return announced


@pytest.fixture
def everything(
    register: dict[str, Any], dip: dict[str, Any], budgets: dict[str, Any], monev: Any
) -> None:
    """Every dataset with rows."""


# --- Streaming and formats ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_stream_as_attachments(client: Client, register: Any, fmt: str) -> None:
    response = client.get(_url("permohonan", fmt))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == opendata.FORMATS[fmt]
    assert response["Content-Disposition"] == f'attachment; filename="permohonan.{fmt}"'
    assert response["Access-Control-Allow-Origin"] == "*"
    assert _content(response)


def test_xlsx_is_a_file_with_a_sensible_name(client: Client, body: Any, register: Any) -> None:
    year = timezone.localdate().year
    response = client.get(_url("permohonan", "xlsx", f"?body={body.slug}&year={year}"))
    assert response.status_code == 200
    assert response["Content-Type"] == opendata.FORMATS["xlsx"]
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="permohonan-{body.slug}-{year}.xlsx"'
    book = load_workbook(io.BytesIO(_content(response)), read_only=True)
    assert book.sheetnames == ["data", "keterangan"]


def _normalised(dataset_key: str, fmt: str, data: bytes) -> list[list[str]]:
    """Rows of a download as text, so the three formats compare cell by cell."""
    columns = DATASETS[dataset_key].columns
    if fmt == "csv":
        rows = _csv_rows(data)
        assert rows[0] == [column.key for column in columns]
        return rows[1:]
    if fmt == "json":
        objects = json.loads(data, parse_float=Decimal)
        assert all(list(item) == [column.key for column in columns] for item in objects)
        return [[_text(item[column.key], column.type) for column in columns] for item in objects]
    rows_x = _xlsx_rows(data)
    assert list(rows_x[0]) == [column.key for column in columns]
    return [
        [_text(value, column.type) for value, column in zip(row, columns, strict=True)]
        for row in rows_x[1:]
    ]


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "decimal":
        return format(Decimal(str(value)).quantize(Decimal("0.01")), "f")
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value)


@pytest.mark.parametrize("key", list(DATASETS))
def test_the_three_formats_hold_the_same_rows(client: Client, everything: None, key: str) -> None:
    found = {
        fmt: _normalised(key, fmt, _content(client.get(_url(key, fmt)))) for fmt in opendata.FORMATS
    }
    # The DIP title is a formula: CSV defuses it with an apostrophe, the others keep the text.
    csv_rows = [[cell.removeprefix("'") for cell in row] for row in found["csv"]]
    assert csv_rows == found["json"] == found["xlsx"]
    assert found["csv"]
    assert len(found["csv"]) == sum(1 for _row in DATASETS[key].rows(Filters(), ""))


def test_register_rows_carry_the_facts(client: Client, register: dict[str, Any]) -> None:
    objects = json.loads(_content(client.get(_url("permohonan", "json"))))
    by_number = {item["nomor_pendaftaran"]: item for item in objects}
    public = by_number[register["public"].registration_number]
    private = by_number[register["private"].registration_number]
    today = timezone.localdate().isoformat()
    assert public["badan_publik"] == "Pemerintah Kota Uji"
    assert public["unit"] == "PPID Utama Kota Uji"
    assert public["tanggal_diterima"] == today
    assert public["saluran"] == "web"
    assert public["tahap"] == "decided"
    assert public["hasil"] == "granted_full"
    assert public["dasar_penolakan"] == ""
    assert public["tanggal_pemberitahuan"] == today
    assert public["hari_kerja_sampai_pemberitahuan"] == 0
    assert public["tepat_waktu"] is True
    assert public["diperpanjang"] is False
    assert public["keberatan"] is False
    assert public["rincian_informasi"] == PUBLIC_DETAILS
    assert public["bahan_informasi"] == MATERIAL
    assert private["hasil"] == "refused"
    assert private["dasar_penolakan"] == "ah"
    assert private["keberatan"] is True
    assert private["rincian_informasi"] == ""
    assert private["bahan_informasi"] == ""


def test_a_request_without_a_fact_still_gets_its_outcome(
    client: Client, submit: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    request = submit()
    request_services.request_issue_notice(
        request=request,
        actor=ppid_utama,
        possession="not_held",
        decision="refused",
        form="none",
    )
    # No drain: the fact is not computed yet.
    rows = _csv_rows(_content(client.get(_url("permohonan", "csv"))))
    header = rows[0]
    assert rows[1][header.index("hasil")] == "not_held"
    assert rows[1][header.index("hari_kerja_sampai_pemberitahuan")] == ""


# --- Spreadsheet formula injection --------------------------------------------------------------


def test_formulas_are_defused(client: Client, submit: Callable[..., Any], dip: Any) -> None:
    submit(is_public=True, details="-2+3 rincian yang tampak seperti rumus")
    facts.drain()
    csv_text = _content(client.get(_url("dip", "csv"))).decode("utf-8-sig")
    assert "'" + DIP_FORMULA.replace('"', '""') in csv_text
    register_csv = _content(client.get(_url("permohonan", "csv"))).decode("utf-8-sig")
    assert "'-2+3 rincian" in register_csv
    book = load_workbook(io.BytesIO(_content(client.get(_url("dip", "xlsx")))))
    cells = [cell for row in book["data"].iter_rows() for cell in row if cell.value == DIP_FORMULA]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    assert json.loads(_content(client.get(_url("dip", "json"))))[0]["judul"] == DIP_FORMULA


def test_numbers_are_never_prefixed() -> None:
    assert opendata._csv_value(Decimal("-12.50"), "decimal") == "-12.50"
    assert opendata._csv_value(-3, "integer") == "-3"
    assert opendata._csv_value("-3", "string") == "'-3"
    assert opendata._csv_value("@x", "string") == "'@x"


# --- Only what is public ------------------------------------------------------------------------


def test_only_published_entries(client: Client, dip: dict[str, Any]) -> None:
    objects = json.loads(_content(client.get(_url("dip", "json"))))
    assert [item["judul"] for item in objects] == [DIP_FORMULA]
    entry = dip["published"]
    assert objects[0]["tautan"] == "http://testserver" + reverse(
        "registry:entry", args=[entry.body.slug, entry.number]
    )


def test_only_active_budget_lines(client: Client, budgets: dict[str, Any]) -> None:
    objects = json.loads(_content(client.get(_url("anggaran", "json", "?year=2024"))))
    assert len(objects) == len(SMALL)
    assert not [item for item in objects if "(lama)" in item["uraian"]]
    first = objects[0]
    assert first["kode_rekening"] == "5"
    assert first["anggaran"] == 1500000000
    assert first["realisasi"] == 1210000000
    assert first["tahun"] == 2024
    assert first["jenis_dokumen"] == "lra_yearly"


def test_only_announced_results(client: Client, monev: Any) -> None:
    objects = json.loads(_content(client.get(_url("monev", "json"))))
    assert len(objects) == 3
    assert {item["siklus"] for item in objects} == {"Monev internal 2026"}
    assert {item["unit"] for item in objects} == {
        "Kecamatan Serang",
        "Kecamatan Cipocok Jaya",
        "Kecamatan Taktakan",
    }
    assert all(item["peringkat"] >= 1 and item["kategori"] for item in objects)


@pytest.mark.parametrize("key", list(DATASETS))
@pytest.mark.parametrize("fmt", list(opendata.FORMATS))
def test_no_identity_in_any_download(
    client: Client, everything: None, applicant: Any, key: str, fmt: str
) -> None:
    data = _content(client.get(_url(key, fmt)))
    text = _xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8-sig")
    assert text
    for value in (
        *SECRETS.values(),
        "Bunga",
        PRIVATE_DETAILS,
        PRIVATE_PURPOSE,
        INTERNAL_NOTE,
        applicant.email,
        applicant.full_name,
    ):
        assert value not in text, value
    assert not SIXTEEN_DIGITS.search(text)


# --- Filters and errors -------------------------------------------------------------------------


def test_body_and_year_filters(client: Client, body: Any, budgets: Any) -> None:
    other = PublicBodyFactory(name="Kabupaten Lain", slug="kabupaten-lain")
    InformationRequestFactory(body=other, registration_number="0001/PPID-LAIN/2026")
    InformationRequestFactory(
        body=body,
        registration_number="0001/PPID-UJI/2025",
        registration_year=2025,
        received_at=timezone.now() - timedelta(days=400),
    )
    numbers = [
        row[0]
        for row in _csv_rows(_content(client.get(_url("permohonan", "csv", f"?body={body.slug}"))))[
            1:
        ]
    ]
    assert numbers == ["0001/PPID-UJI/2025"]
    numbers = [
        row[0]
        for row in _csv_rows(
            _content(client.get(_url("permohonan", "csv", "?body=kabupaten-lain&year=2025")))
        )[1:]
    ]
    assert numbers == []
    years = {
        item["tahun"]
        for item in json.loads(_content(client.get(_url("anggaran", "json", "?year=2025"))))
    }
    assert years == {2025}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?body=tidak-ada", "Badan publik 'tidak-ada' tidak ditemukan."),
        ("?year=20x5", "Tahun tidak valid. Tulis tahun empat angka antara 1990 dan 2100."),
        ("?year=1800", "Tahun tidak valid."),
        ("?year=%D9%A2%D9%A0%D9%A2%D9%A5", "Tahun tidak valid."),
    ],
)
def test_bad_filters_are_400(client: Client, body: Any, query: str, message: str) -> None:
    response = client.get(_url("permohonan", "csv", query))
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "path", ["/data/rahasia.csv", "/data/permohonan.pdf", "/data/rahasia.jsonld"]
)
def test_unknown_dataset_or_format_is_404(client: Client, path: str) -> None:
    assert client.get(path).status_code == 404


def test_downloads_are_read_only(client: Client) -> None:
    assert client.post(_url("permohonan", "csv")).status_code == 405


# --- Cost -------------------------------------------------------------------------------------


def _bulk_requests(count: int, body: Any) -> None:
    identity = RequesterIdentityFactory.create()
    now = timezone.now()
    InformationRequest.objects.bulk_create(
        (
            InformationRequest(
                body=body,
                requester_identity=identity,
                channel="web",
                received_at=now - timedelta(minutes=i),
                registration_number=f"{i + 1:05d}/PPID/2026",
                registration_year=2026,
                registration_seq=i + 1,
                details=f"Permohonan {i}",
                purpose="Uji.",
                obtain_method="salinan_softcopy",
                delivery_method="email",
                status="registered",
            )
            for i in range(count)
        ),
        batch_size=1000,
    )


@pytest.mark.parametrize("fmt", list(opendata.FORMATS))
def test_queries_do_not_grow_with_rows(
    client: Client, body: Any, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 7)
    counts = []
    for size in (10, 300):
        InformationRequest.objects.all().delete()
        _bulk_requests(size, body)
        with CaptureQueriesContext(connection) as captured:
            data = _content(client.get(_url("permohonan", fmt, f"?body={body.slug}")))
        counts.append(len(captured))
        assert data
    assert counts[0] == counts[1] <= 2


def test_download_query_budget(
    client: Client, body: Any, django_assert_max_num_queries: Any
) -> None:
    _bulk_requests(50, body)
    with django_assert_max_num_queries(2):
        _content(client.get(_url("permohonan", "csv", f"?body={body.slug}")))


def test_csv_is_produced_before_the_rows_are_all_read(
    client: Client, body: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _bulk_requests(5000, body)
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 100)
    read = 0

    def counted() -> Iterator[Any]:
        nonlocal read
        for row in DATASETS["permohonan"].rows(Filters(), ""):
            read += 1
            yield row

    chunks = opendata.csv_chunks(DATASETS["permohonan"].columns, counted())
    header = next(chunks)
    assert header.startswith(b"\xef\xbb\xbfnomor_pendaftaran,")
    assert read == 0  # the header leaves before the query runs
    first = next(chunks)
    assert first.count(b"\r\n") == 100
    assert read == 100
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 4900
    assert read == 5000
    # Through the view as well: the second chunk holds the first 100 rows only.
    response = client.get(_url("permohonan", "csv"))
    stream = cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content)
    next(stream)
    assert next(stream).count(b"\r\n") == 100
    response.close()


def test_json_is_valid_when_empty_and_chunked(monkeypatch: pytest.MonkeyPatch) -> None:
    columns = DATASETS["anggaran"].columns
    assert json.loads(b"".join(opendata.json_chunks(columns, iter([])))) == []
    rows = [("B", "U", 2025, "dpa", f"5.{i}", "5", 2, "x", Decimal("1.50"), None) for i in range(5)]
    chunks = list(opendata.json_chunks(columns, iter(rows), chunk_rows=2))
    assert len(chunks) == 4  # "[", two chunks of two rows, the last row with "]"
    parsed = json.loads(b"".join(chunks), parse_float=Decimal)
    assert parsed[4]["anggaran"] == Decimal("1.50")
    assert parsed[4]["realisasi"] is None


def test_a_full_sheet_continues_on_the_next() -> None:
    rows = [("B", "U", 2025, "dpa", f"5.{i}", "5", 2, "x", Decimal(1), None) for i in range(5)]
    handle = opendata.xlsx_file(DATASETS["anggaran"], iter(rows), max_rows=2)
    book = load_workbook(handle, read_only=True)
    assert book.sheetnames == ["data", "data-2", "data-3", "keterangan"]
    handle.close()


# --- The catalogue page and its metadata ---------------------------------------------------------


def test_catalogue_page(
    client: Client, everything: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get(CATALOGUE)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    for dataset in DATASETS.values():
        assert str(dataset.title) in html
        for fmt in opendata.FORMATS:
            assert f'href="{_url(dataset.key, fmt)}"' in html
        for column in dataset.columns:
            assert f"<code>{column.key}</code>" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "Terbuka (walidata)" in html
    assert "Harian" in html


def test_catalogue_filters_go_into_the_links(client: Client, body: Any, register: Any) -> None:
    html = client.get(CATALOGUE, {"body": body.slug, "year": "2026"}).content.decode()
    assert f'href="{_url("permohonan", "csv")}?body={body.slug}&amp;year=2026"' in html


def test_catalogue_filter_errors_are_shown(client: Client, body: Any) -> None:
    html = client.get(CATALOGUE, {"body": "tidak-ada", "year": "abc"}).content.decode()
    assert "Badan publik 'tidak-ada' tidak ditemukan." in html_module.unescape(html)
    assert f'href="{_url("permohonan", "csv")}"' in html


def test_catalog_jsonld(client: Client, everything: None) -> None:
    response = client.get(reverse("opendata:catalog-jsonld"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalog["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert set(catalog["dct:title"]) == {"id", "en"}
    assert catalog["dct:license"]["@id"] == opendata.LICENSE_URL
    assert [d["dct:identifier"] for d in catalog["dcat:dataset"]] == list(DATASETS)
    for dataset in catalog["dcat:dataset"]:
        for key in (
            "@id",
            "dct:title",
            "dct:description",
            "dcat:keyword",
            "dcat:theme",
            "dct:accrualPeriodicity",
            "dct:license",
            "dct:publisher",
            "dct:creator",
            "dct:modified",
            "dct:temporal",
            "dcat:distribution",
        ):
            assert key in dataset, key
        assert set(dataset["dct:title"]) == {"id", "en"}
        assert dataset["dct:publisher"]["dct:type"] == "walidata"
        assert dataset["dct:creator"][0]["dct:type"] == "produsen data"
        formats = {d["dct:format"]["@id"].rsplit("/", 1)[1] for d in dataset["dcat:distribution"]}
        assert formats == {"CSV", "JSON", "XLSX"}
        for distribution in dataset["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith("http://testserver/data/")
            assert distribution["dcat:mediaType"]["@id"].startswith(opendata.MEDIA_TYPE)
            assert client.get(url.removeprefix("http://testserver")).status_code == 200
    register = catalog["dcat:dataset"][0]
    year = timezone.localdate().year
    assert register["dct:temporal"]["dcat:startDate"]["@value"] == f"{year}-01-01"


def test_dataset_jsonld(client: Client) -> None:
    response = client.get(reverse("opendata:dataset-jsonld", args=["anggaran"]))
    assert response["Content-Type"] == "application/ld+json"
    node = json.loads(response.content)
    assert node["@context"] == opendata.CONTEXT
    assert node["@type"] == "dcat:Dataset"
    assert node["dct:identifier"] == "anggaran"
    # No data yet: no period and no date of change, but still every distribution.
    assert "dct:temporal" not in node
    assert len(node["dcat:distribution"]) == 3
