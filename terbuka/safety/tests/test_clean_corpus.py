"""The clean corpus: ordinary public documents must not raise a single blocking finding."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]

from terbuka.safety.models import FindingKind
from terbuka.safety.services import scan_bytes
from terbuka.safety.tests import corpus
from terbuka.safety.tests.helpers import blocking


def budget_workbook() -> bytes:
    """A plain budget table: amounts, dates, account codes, totals and formatted numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = "APBD 2025"
    sheet.append(["No", "Kode Rekening", "Uraian", "Pagu (Rp)", "Realisasi (Rp)", "Tanggal", "%"])
    for number in range(1, 201):
        code = f"5.1.02.{number % 4 + 1:02d}.01.{number:04d}"
        pagu = 1_250_000_000 + number * 12_345_000
        sheet.append(
            [number, code, f"Belanja kegiatan {number}", pagu, pagu * 0.87, "2025-12-31", 0.87]
        )
    sheet.append(["", "", "Jumlah", "=SUM(D2:D201)", "=SUM(E2:E201)", "", ""])
    sheet.append(["", "", "Pagu tertulis", "1.250.000.000", "Rp 6.281.500.000.000", "", ""])
    sheet.append(["", "", "Nomor DPA", "900/045/BPKAD/2025", "081234567", "", ""])
    return corpus.workbook_bytes(book)


def budget_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kode_rekening", "uraian", "pagu", "realisasi", "tanggal"])
    for number in range(1, 201):
        pagu = 1_250_000_000 + number * 12_345_000
        writer.writerow(
            [f"5.1.02.01.01.{number:04d}", f"Belanja {number}", pagu, pagu - 1000, "31/12/2025"]
        )
    writer.writerow(["", "Jumlah (Rp)", "1.250.000.000", "6281500000000", "2025-12-31"])
    return out.getvalue().encode()


CLEAN = [
    (budget_workbook(), "apbd.xlsx"),
    (budget_csv(), "apbd.csv"),
    (
        corpus.docx(
            corpus.paragraph("Permohonan informasi dapat dikirim ke ppid@serangkota.go.id.")
            + corpus.paragraph("Telp. (0254) 200123, Faks. (0254) 200124.")
            + corpus.paragraph("Pagu anggaran Rp 1.250.000.000 (kode 5.1.02.01.01.0024).")
        ),
        "pengumuman.docx",
    ),
    (
        corpus.pdf(
            [
                corpus.text_ops("Laporan Realisasi Anggaran 2025"),
                corpus.text_ops("Total belanja 6281500000000 rupiah; kode 5.1.02.01.01.0024")
                + corpus.text_ops(
                    "Nomor surat 045/123/BPKAD/2025, NIP 19800101 200501 1 001", y=650
                ),
            ],
            info={"Title": "LRA 2025"},
        ),
        "lra.pdf",
    ),
    (corpus.png(), "bagan.png"),
    (corpus.jpeg(exif=False, gps=False), "foto.jpg"),
    (b"Pengumuman: layanan PPID buka pukul 08.00-16.00.\n", "pengumuman.txt"),
]


@pytest.mark.parametrize(("data", "filename"), CLEAN)
def test_clean_files_have_no_blocking_findings(data: bytes, filename: str) -> None:
    _detected, findings, _text = scan_bytes(data, filename)
    assert blocking(findings) == []


@pytest.mark.parametrize(("data", "filename"), CLEAN[:2])
def test_clean_budget_tables_have_no_personal_data_findings(data: bytes, filename: str) -> None:
    _detected, findings, text = scan_bytes(data, filename)
    personal = {FindingKind.NIK, FindingKind.PHONE, FindingKind.EMAIL, FindingKind.NPWP}
    assert [f for f in findings if f.kind in personal] == []
    assert "Belanja" in text


def test_clean_png_has_no_findings_at_all() -> None:
    assert scan_bytes(corpus.png(), "bagan.png")[1] == []
