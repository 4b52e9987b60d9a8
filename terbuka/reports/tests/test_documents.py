"""The report's files: the XLSX carries the service figures exactly, the PDF has every chapter
and no requester's identity (UU 14/2008 Pasal 12; Pasal 17 huruf h)."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from pypdf import PdfReader

from terbuka.inforequests.models import InformationRequest
from terbuka.reports import documents, figures, services
from terbuka.reports.models import Outcome
from terbuka.reports.tests.test_services import YEAR, make_requests

pytestmark = pytest.mark.django_db

IDENTITY = ("3673011708900001", "Siti Pemohon", "081234567890", "siti@example.test", "Sudirman")


@pytest.fixture
def served(
    submit: Callable[..., InformationRequest], ppid_utama: Any, unit: Any, other_unit: Any
) -> figures.ServiceFigures:
    make_requests(submit, ppid_utama, unit, other_unit)
    return figures.service_figures(unit.body, figures.Period(YEAR, 0))


@pytest.fixture
def narrative(body: Any, ppid_utama: Any) -> Any:
    return services.narrative_save(
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
        profile="PPID Utama dipimpin Kepala Dinas Komunikasi dan Informatika.",
        obstacles='=HYPERLINK("http://contoh.test","klik")',
    )


def _book(data: bytes) -> Any:
    return load_workbook(io.BytesIO(data))


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_xlsx_has_every_sheet_with_bold_frozen_headers(
    served: figures.ServiceFigures, narrative: Any
) -> None:
    book = _book(documents.render_xlsx(served, narrative))
    assert book.sheetnames == [
        "Ringkasan",
        "Per bulan",
        "Per unit",
        "Sebaran hari kerja",
        "Penolakan Pasal 17",
        "Keberatan",
        "Sengketa",
        "Narasi",
    ]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_xlsx_figures_equal_the_service_figures(
    served: figures.ServiceFigures, narrative: Any
) -> None:
    book = _book(documents.render_xlsx(served, narrative))
    summary = dict(_rows(book["Ringkasan"]))
    assert summary["Permohonan diterima"] == served.received == 4
    assert summary["Diterima melalui: Portal web"] == served.by_channel["web"] == 4
    assert summary["Hasil: Diberikan seluruhnya"] == served.outcomes[Outcome.GRANTED_FULL] == 1
    assert summary["Hasil: Ditolak (dikecualikan)"] == served.outcomes[Outcome.REFUSED] == 1
    assert summary["Hasil: Belum dijawab"] == served.outcomes[Outcome.PENDING] == 2
    assert summary["Pemberitahuan tertulis diterbitkan"] == served.noticed == 2
    assert summary["Lewat batas waktu"] == served.overdue
    assert summary["Tepat waktu (jumlah)"] == served.on_time.successes
    median = served.notice_days.median
    assert summary["Hari kerja sampai pemberitahuan tertulis: median"] == float(median or 0)
    months = _rows(book["Per bulan"])
    assert [row[1] for row in months] == list(range(1, 13))
    assert [row[3] for row in months] == [row.received for row in served.by_month]
    assert all(isinstance(row[3], int) for row in months)
    units = {row[0]: row for row in _rows(book["Per unit"])}
    assert {name: row[1] for name, row in units.items()} == {
        row.name: row.received for row in served.by_unit
    }
    refusals = {row[0]: row[2] for row in _rows(book["Penolakan Pasal 17"])}
    assert refusals == served.refused_by_ground
    assert refusals["h"] == 1
    histogram = _rows(book["Sebaran hari kerja"])
    noticed = sum(row[1] for row in histogram if isinstance(row[0], int))
    assert noticed == served.notice_days.count == 2
    objections = _rows(book["Keberatan"])
    assert objections[-1][3] == served.objections["total"]
    disputes = dict(_rows(book["Sengketa"]))
    assert disputes["Sengketa yang diajukan ke Komisi Informasi"] == served.disputes["filed"]


def test_xlsx_text_is_never_a_formula(served: figures.ServiceFigures, narrative: Any) -> None:
    book = _book(documents.render_xlsx(served, narrative))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = [row[2] for row in _rows(book["Narasi"])]
    assert '=HYPERLINK("http://contoh.test","klik")' in texts
    assert "Belum diisi." in texts


def test_xlsx_of_an_empty_period_has_zeroes(body: Any) -> None:
    empty = figures.service_figures(body, figures.Period(YEAR, 1))
    book = _book(documents.render_xlsx(empty, None))
    summary = dict(_rows(book["Ringkasan"]))
    assert summary["Permohonan diterima"] == 0
    assert summary["Tepat waktu (%)"] is None
    assert [row[1] for row in _rows(book["Per bulan"])] == [1, 2, 3, 4, 5, 6]


def test_pdf_has_the_chapters_and_no_identity(
    served: figures.ServiceFigures, narrative: Any, applicant: Any
) -> None:
    data = documents.render_pdf(served, narrative)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for heading in (
        "Laporan Layanan Informasi Publik",
        "Bab I.",
        "Bab II.",
        "Bab III. Rincian pelayanan informasi publik",
        "Bab IV.",
        "Bab V.",
        "Keberatan atas layanan informasi",
        "Sengketa informasi",
        "Permohonan menurut saluran",
        "Permohonan menurut unit",
        "Alasan penolakan",
        "mengungkap rahasia pribadi",  # Pasal 17 huruf h, with its meaning
        "Persentil 90",
        "selang kepercayaan 95%",
    ):
        assert heading in flat, heading
    assert "Kepala Dinas Komunikasi dan Informatika" in flat
    assert "Bagian ini belum diisi oleh PPID." in flat  # chapters II and V are empty
    assert f"Tahun {YEAR}" in flat
    for secret in (*IDENTITY, applicant.full_name, applicant.email):
        assert secret not in text
        assert secret not in flat
    assert b"3673011708900001" not in data


def test_pdf_of_a_unit_names_unit_and_body(body: Any, unit: Any) -> None:
    empty = figures.service_figures(body, figures.Period(YEAR, 2), unit=unit)
    data = documents.render_pdf(empty, None)
    flat = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split()
    )
    assert "Dinas Kesehatan" in flat
    assert "Pemerintah Kota Uji" in flat
    assert f"Semester II {YEAR}" in flat
    assert "Tidak ada permohonan dalam periode ini." in flat
    assert flat.count("Bagian ini belum diisi oleh PPID.") == 6


def test_report_title() -> None:
    empty = figures.ServiceFigures.__new__(figures.ServiceFigures)
    object.__setattr__(empty, "unit_name", "")
    object.__setattr__(empty, "body_name", "Pemerintah Kota Uji")
    object.__setattr__(empty, "period", figures.Period(2025, 1))
    assert documents.report_title(empty) == (
        "Laporan Layanan Informasi Publik Pemerintah Kota Uji Semester I 2025"
    )
