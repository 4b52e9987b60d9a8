"""Reading and checking budget files: every error is reported with its row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest

from terbuka.budget import imports
from terbuka.budget.imports import ImportFailed, RowError, parse_table, read_table
from terbuka.budget.tests.factories import HEADER, SMALL, csv_bytes, xlsx_bytes
from terbuka.core.exceptions import ValidationError


def _errors(rows: list[list[str]], **options: object) -> list[RowError]:
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([HEADER, *rows], needs_realisation=True, **options)  # type: ignore[arg-type]
    assert excinfo.value.code == "import_failed"
    return excinfo.value.errors


def test_small_tree_totals_and_children() -> None:
    table = parse_table([HEADER, *SMALL], needs_realisation=True)
    assert [line.code for line in table.lines] == ["5", "5.1", "5.1.01", "5.1.02", "5.2"]
    assert table.total_allocation == Decimal("1500000000.00")
    assert table.total_realisation == Decimal("1210000000.00")
    assert table.overspent == 1
    assert {line.code: line.child_count for line in table.lines} == {
        "5": 2,
        "5.1": 2,
        "5.1.01": 0,
        "5.1.02": 0,
        "5.2": 0,
    }
    assert [line.row for line in table.lines] == [2, 3, 4, 5, 6]


def test_totals_add_every_top_level_line() -> None:
    rows = [*SMALL, ["4", "Pendapatan Daerah", "2.000.000,00", ""]]
    table = parse_table([HEADER, *rows], needs_realisation=True)
    assert table.total_allocation == Decimal("1500000000.00") + Decimal("2000000.00")
    # Only lines that report a realisation count towards the realisation total.
    assert table.total_realisation == Decimal("1210000000.00")


def test_plan_without_realisation_column() -> None:
    rows = [row[:3] for row in SMALL]
    table = parse_table([HEADER[:3], *rows], needs_realisation=False)
    assert table.total_realisation is None
    assert all(line.realisation is None for line in table.lines)


def test_realisation_column_required_for_reports() -> None:
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([HEADER[:3], *[r[:3] for r in SMALL]], needs_realisation=True)
    assert [e.as_dict() for e in excinfo.value.errors] == [
        {"row": 1, "column": "realisasi", "message": "Kolom wajib tidak ada pada baris judul."}
    ]


def test_malformed_amounts_name_row_and_column() -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "satu milyar"
    rows[3][3] = "410.000.000,005"
    rows[4][2] = "-500.000.000"
    errors = _errors(rows)
    assert [(e.row, e.column) for e in errors] == [
        (3, "anggaran"),
        (5, "realisasi"),
        (6, "anggaran"),
    ]
    assert "hanya boleh berisi angka" in errors[0].message
    assert errors[1].message == "Paling banyak 2 angka di belakang koma."
    assert errors[2].message == "Anggaran tidak boleh negatif."


def test_descriptions_with_personal_data_are_refused() -> None:
    rows = [list(r) for r in SMALL]
    rows[2][1] = "Honor narasumber a.n. Budi, NIK 3673015507850001"
    rows[3][1] = "Belanja barang, hubungi 0812-3456-7890"
    rows[4][1] = "Belanja modal, info ppid@serangkota.go.id"  # institutional: allowed
    errors = _errors(rows)
    assert [(e.row, e.column) for e in errors] == [(4, "uraian"), (5, "uraian")]
    assert "data pribadi" in errors[0].message
    assert "3673015507850001" not in errors[0].message
    assert "0812-3456-7890" not in errors[1].message


def test_duplicate_codes_including_leading_zeros() -> None:
    rows = [*SMALL, ["5.1.2", "Belanja Barang lagi", "1,00", ""], ["5.2", "Modal lagi", "1", ""]]
    errors = _errors(rows)
    assert [e.as_dict() for e in errors] == [
        {"row": 7, "column": "kode_rekening", "message": "Kode 5.1.02 sudah ada pada baris 5."},
        {"row": 8, "column": "kode_rekening", "message": "Kode 5.2 sudah ada pada baris 6."},
    ]


def test_missing_parent_is_an_error_below_depth_one() -> None:
    rows = [*SMALL, ["5.3.01", "Belanja Tak Terduga", "1.000,00", ""], ["6", "Pembiayaan", "0", ""]]
    errors = _errors(rows)
    assert [e.as_dict() for e in errors] == [
        {
            "row": 7,
            "column": "kode_rekening",
            "message": "Kode induk 5.3 tidak ada dalam berkas.",
        }
    ]


def test_parent_spelt_differently() -> None:
    rows = [*SMALL, ["5.1.2.01", "Belanja ATK", "1.000,00", ""]]
    errors = _errors(rows)
    assert errors[0].message == (
        "Kode induk 5.1.2 ditulis 5.1.02 pada baris 5; samakan penulisannya."
    )


def test_child_larger_than_parent_and_children_sum() -> None:
    rows = [list(r) for r in SMALL]
    rows[3][2] = "1.100.000.000,00"  # 5.1.02 above its parent 5.1 (1.000.000.000)
    errors = _errors(rows)
    assert [e.as_dict() for e in errors] == [
        {
            "row": 3,
            "column": "anggaran",
            "message": (
                "Jumlah anggaran 2 rinciannya 1.700.000.000,00 melebihi anggaran baris ini "
                "1.000.000.000,00."
            ),
        },
        {
            "row": 5,
            "column": "anggaran",
            "message": (
                "Anggaran 1.100.000.000,00 lebih besar dari anggaran induknya 5.1 "
                "(1.000.000.000,00, baris 3)."
            ),
        },
    ]


def test_children_sum_larger_than_parent() -> None:
    rows = [list(r) for r in SMALL]
    rows[4][2] = "600.000.000,00"  # 5.2: 1.000 + 600 > 1.500
    errors = _errors(rows)
    assert [(e.row, e.column) for e in errors] == [(2, "anggaran")]
    assert "melebihi anggaran baris ini 1.500.000.000,00" in errors[0].message


def test_refused_parent_amount_is_not_compared() -> None:
    rows = [list(r) for r in SMALL]
    rows[1][2] = "x"
    errors = _errors(rows)
    assert [(e.row, e.column) for e in errors] == [(3, "anggaran")]


def test_every_error_is_collected() -> None:
    rows = [
        ["5", "Belanja", "100", "0"],
        ["", "JUMLAH", "100", ""],
        ["5.x", "Salah kode", "1", ""],
        ["5.1", "", "", ""],
        ["5.2", "Belanja", "1e3", "abc"],
    ]
    errors = _errors(rows)
    assert [(e.row, e.column) for e in errors] == [
        (3, "kode_rekening"),
        (4, "kode_rekening"),
        (5, "uraian"),
        (5, "anggaran"),
        (6, "anggaran"),
        (6, "realisasi"),
    ]
    assert "baris jumlah" in errors[0].message


def test_notes_and_empty_rows_are_skipped() -> None:
    rows = [
        *SMALL,
        ["", "", "", ""],
        ["", "Kepala Dinas,", "", ""],
        ["", "NIP 19700101 199001 1 001", "", ""],
    ]
    table = parse_table([HEADER, *rows], needs_realisation=True)
    assert len(table.lines) == 5


def test_mapping_and_header_row_for_another_layout() -> None:
    rows = [
        ["LAPORAN REALISASI ANGGARAN", "", "", "", ""],
        ["Tahun 2025", "", "", "", ""],
        ["No", "Kode Rekening", "Uraian Belanja", "Pagu (Rp)", "Realisasi (Rp)"],
        *[[str(i), *row] for i, row in enumerate(SMALL, start=1)],
    ]
    table = parse_table(
        rows,
        needs_realisation=True,
        header_row=3,
        mapping={
            "uraian": "uraian belanja",
            "anggaran": "PAGU (Rp)",
            "realisasi": "Realisasi (Rp)",
        },
    )
    assert table.lines[0].row == 4
    assert table.total_allocation == Decimal("1500000000.00")


def test_mapping_names_missing_headers_as_in_the_request() -> None:
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([HEADER, *SMALL], needs_realisation=True, mapping={"anggaran": "Pagu"})
    assert [e.as_dict() for e in excinfo.value.errors] == [
        {"row": 1, "column": "Pagu", "message": "Kolom wajib tidak ada pada baris judul."}
    ]


def test_unknown_mapping_key_is_refused() -> None:
    with pytest.raises(ValidationError) as excinfo:
        parse_table([HEADER, *SMALL], needs_realisation=True, mapping={"pagu": "Pagu"})
    assert excinfo.value.code == "invalid_mapping"


def test_header_case_and_spaces_do_not_matter() -> None:
    header = ["Kode Rekening", "URAIAN", " Anggaran ", "Realisasi"]
    table = parse_table([header, *SMALL], needs_realisation=True)
    assert len(table.lines) == 5


def test_report_uses_the_file_headers() -> None:
    header = ["Kode Rekening", "Uraian", "Anggaran", "Realisasi"]
    rows = [list(r) for r in SMALL]
    rows[0][2] = "?"
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([header, *rows], needs_realisation=True)
    assert excinfo.value.errors[0].column == "Anggaran"


def test_no_data_rows() -> None:
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([HEADER], needs_realisation=True)
    assert excinfo.value.errors[0].message == "Tidak ada baris data."


def test_extra_cells_hint_at_the_comma_problem() -> None:
    data = b"kode_rekening,uraian,anggaran,realisasi\n5,Belanja,1.250.000,00,1.000.000,00\n"
    with pytest.raises(ImportFailed) as excinfo:
        parse_table(read_table(data, "anggaran.csv"), needs_realisation=True)
    [error] = excinfo.value.errors
    assert error.row == 2
    assert "titik koma" in error.message


def test_report_is_capped_in_the_details_but_complete_in_errors() -> None:
    rows = [["5", "Belanja", "100", ""]] + [
        [f"5.{i}", "Rincian", "abc", ""] for i in range(1, imports.MAX_REPORTED_ERRORS + 11)
    ]
    with pytest.raises(ImportFailed) as excinfo:
        parse_table([HEADER, *rows], needs_realisation=False)
    assert len(excinfo.value.errors) == imports.MAX_REPORTED_ERRORS + 10
    assert len(excinfo.value.details["errors"]) == imports.MAX_REPORTED_ERRORS
    assert excinfo.value.details["errors_total"] == imports.MAX_REPORTED_ERRORS + 10


# --- read_table ------------------------------------------------------------------------------


def test_csv_with_bom_and_semicolons() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes(SMALL)
    rows = read_table(data, "anggaran.csv")
    assert rows[0] == HEADER
    assert rows[1] == SMALL[0]


def test_csv_with_commas_and_quotes() -> None:
    data = csv_bytes(SMALL, delimiter=",")
    rows = read_table(data, "anggaran.csv")
    assert rows[1] == SMALL[0]


def test_xlsx_numbers_are_read_exactly() -> None:
    data = xlsx_bytes(
        [
            ["5", "Belanja", 1250000.5, 1000000],
            ["5.1", "Operasi", 1250.125, None],
            [5.1, "Kode angka", 1, 1],
        ]
    )
    rows = read_table(data, "anggaran.xlsx")
    assert rows[1] == ["5", "Belanja", "1250000,5", "1000000"]
    assert rows[2][2] == "1250,125"
    assert rows[3][0] == "5,1"
    with pytest.raises(ImportFailed) as excinfo:
        parse_table(rows, needs_realisation=True)
    messages = {(e.row, e.column): e.message for e in excinfo.value.errors}
    assert messages[(3, "anggaran")] == "Paling banyak 2 angka di belakang koma."
    assert "ubah formatnya menjadi teks" in messages[(4, "kode_rekening")]


def test_refused_file_types() -> None:
    with pytest.raises(ValidationError) as excinfo:
        read_table(b"%PDF-1.7\n...", "anggaran.pdf")
    assert excinfo.value.code == "file_type_not_allowed"
    with pytest.raises(ValidationError) as excinfo:
        read_table(csv_bytes(SMALL), "anggaran.xlsx")
    assert excinfo.value.code == "file_type_mismatch"


def test_size_and_row_caps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 100)
    with pytest.raises(ValidationError) as excinfo:
        read_table(csv_bytes(SMALL), "anggaran.csv")
    assert excinfo.value.code == "file_too_large"
    monkeypatch.setattr(imports, "MAX_IMPORT_BYTES", 10_000)
    monkeypatch.setattr(imports, "MAX_IMPORT_ROWS", 3)
    with pytest.raises(ValidationError) as excinfo:
        read_table(csv_bytes(SMALL), "anggaran.csv")
    assert excinfo.value.code == "too_many_rows"


def test_templates_parse_cleanly() -> None:
    for data, name in (
        (imports.template_csv(), "template.csv"),
        (imports.template_xlsx(), "template.xlsx"),
    ):
        table = parse_table(read_table(data, name), needs_realisation=True)
        assert [line.code for line in table.lines] == ["5", "5.1"]
        assert table.total_allocation == Decimal("1250000000.00")
        assert table.lines[1].realisation == Decimal("912500000.50")


def test_csv_from_excel_in_windows_1252() -> None:
    data = "kode_rekening;uraian;anggaran;realisasi\n5;Belanja café;1.000,00;\n".encode("cp1252")
    rows = read_table(data, "anggaran.csv")
    assert rows[1][1] == "Belanja café"
