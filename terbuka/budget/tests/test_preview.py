"""`imports.preview`: the header row, the first rows and the columns found automatically."""

from __future__ import annotations

import pytest

from terbuka.budget import imports
from terbuka.budget.tests.factories import HEADER, SMALL, csv_bytes, xlsx_bytes
from terbuka.core.exceptions import ValidationError

OTHER_HEADER = ["Kode Rek.", "Uraian Kegiatan", "Pagu", "Realisasi"]


def test_template_columns_are_all_found() -> None:
    found = imports.preview(csv_bytes(SMALL), "lra.csv", needs_realisation=True)
    assert found.headers == HEADER
    assert found.mapping == {name: name for name in HEADER}
    assert found.missing == []
    assert len(found.rows) == 5
    assert found.rows[0] == ["5", "Belanja Daerah", "1.500.000.000,00", "1.210.000.000,00"]


def test_folding_ignores_case_spaces_and_dashes() -> None:
    header = ["KODE REKENING", "Uraian", "anggaran", "Real-isasi"]
    found = imports.preview(csv_bytes(SMALL, header=header), "lra.csv", needs_realisation=True)
    assert found.mapping == {
        "kode_rekening": "KODE REKENING",
        "uraian": "Uraian",
        "anggaran": "anggaran",
        "realisasi": "Real-isasi",
    }
    assert found.missing == []


def test_other_names_are_missing() -> None:
    data = csv_bytes(SMALL, header=OTHER_HEADER)
    found = imports.preview(data, "lra.csv", needs_realisation=True, limit=2)
    assert found.headers == OTHER_HEADER
    assert found.mapping == {"realisasi": "Realisasi"}
    assert found.missing == ["kode_rekening", "uraian", "anggaran"]
    assert len(found.rows) == 2


def test_realisation_is_optional_for_plans() -> None:
    header = ["kode_rekening", "uraian", "anggaran"]
    rows = [row[:3] for row in SMALL]
    found = imports.preview(csv_bytes(rows, header=header), "dpa.csv", needs_realisation=False)
    assert found.missing == []
    assert "realisasi" not in found.mapping
    needed = imports.preview(csv_bytes(rows, header=header), "dpa.csv", needs_realisation=True)
    assert needed.missing == ["realisasi"]


def test_header_row_further_down_with_gaps_and_blank_rows() -> None:
    rows = [
        ["Laporan Realisasi Anggaran 2025"],
        [],
        ["kode_rekening", "", "uraian", "anggaran", "realisasi"],
        [],
        ["5", "x", "Belanja Daerah", "100", "90", "beyond the header"],
        ["5.1", "", "Belanja Operasi", "100", "90"],
    ]
    data = xlsx_bytes(rows[1:], header=rows[0])
    first = imports.preview(data, "lra.xlsx", needs_realisation=True)
    assert first.headers == ["Laporan Realisasi Anggaran 2025"]
    assert first.missing == ["kode_rekening", "uraian", "anggaran", "realisasi"]
    found = imports.preview(data, "lra.xlsx", header_row=3, needs_realisation=True)
    assert found.headers == ["kode_rekening", "uraian", "anggaran", "realisasi"]
    # One cell per header: the cell under the empty header and those beyond it are left out.
    assert found.rows == [
        ["5", "Belanja Daerah", "100", "90"],
        ["5.1", "Belanja Operasi", "100", "90"],
    ]
    assert found.missing == []


def test_a_header_found_twice_is_neither_mapped_nor_missing() -> None:
    header = ["kode_rekening", "uraian", "anggaran", "Anggaran", "realisasi"]
    rows = [[*row[:3], row[2], row[3]] for row in SMALL]
    found = imports.preview(csv_bytes(rows, header=header), "lra.csv", needs_realisation=True)
    assert "anggaran" not in found.mapping
    assert found.missing == []


def test_header_row_beyond_the_file_finds_nothing() -> None:
    found = imports.preview(csv_bytes(SMALL), "lra.csv", header_row=50, needs_realisation=False)
    assert found.headers == []
    assert found.rows == []
    assert found.missing == ["kode_rekening", "uraian", "anggaran"]


@pytest.mark.parametrize("header_row", [0, 101])
def test_header_row_out_of_range_is_refused(header_row: int) -> None:
    with pytest.raises(ValidationError) as caught:
        imports.preview(csv_bytes(SMALL), "lra.csv", header_row=header_row, needs_realisation=True)
    assert "header_row" in caught.value.details["fields"]


def test_other_file_types_are_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        imports.preview(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "lra.pdf", needs_realisation=True)
    assert caught.value.code == "file_type_not_allowed"
