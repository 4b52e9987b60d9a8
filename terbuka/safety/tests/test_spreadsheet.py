"""XLSX/XLSM and ODS: hidden parts, caches, links, comments, macros and Alaveteli's rule."""

from __future__ import annotations

from terbuka.safety.tests import corpus
from terbuka.safety.tests.helpers import blocking, kinds, one, scan


def test_hidden_and_very_hidden_sheets_block_and_say_what_they_hold() -> None:
    findings = scan(
        corpus.xlsx(hidden_sheet=True, very_hidden_sheet=True, empty_hidden_sheet=True), "a.xlsx"
    )
    hidden = [f for f in findings if f.kind == "hidden_sheet"]
    assert {f.severity for f in hidden} == {"blocking"}
    assert any('"Data Pegawai"' in f.detail and "6 sel terisi" in f.detail for f in hidden)
    assert any('"Kosong"' in f.detail and "tanpa sel terisi" in f.detail for f in hidden)
    very = one(findings, "very_hidden_sheet")
    assert very.severity == "blocking"
    assert "veryHidden" in very.detail
    assert very.location == "Lembar Rahasia"
    # The hidden sheet's personal data is found, with its cell, and masked.
    nik = one(findings, "nik")
    assert (nik.location, nik.masked_sample) == ("Lembar Data Pegawai, sel B2", "3604********0001")
    assert one(findings, "phone").location == "Lembar Data Pegawai, sel C2"


def test_hidden_sheet_content_is_left_out_of_the_search_text() -> None:
    from terbuka.safety.services import scan_bytes

    _detected, _findings, text = scan_bytes(corpus.xlsx(hidden_sheet=True), "a.xlsx")
    assert "Belanja Alat Tulis Kantor" in text
    assert "Siti Aminah" not in text


def test_hidden_columns_with_data_block() -> None:
    finding = one(scan(corpus.xlsx(hidden_columns=True), "a.xlsx"), "hidden_columns")
    assert finding.severity == "blocking"
    assert finding.location == "Lembar Realisasi, kolom F"
    assert finding.count == 2


def test_a_few_hidden_rows_alone_are_info_many_block() -> None:
    few = one(scan(corpus.xlsx(hidden_rows=3), "a.xlsx"), "hidden_rows")
    assert few.severity == "info"
    assert few.location == "Lembar Realisasi, baris 20-22"
    assert "3 baris" in few.detail
    many = one(scan(corpus.xlsx(hidden_rows=51), "a.xlsx"), "hidden_rows")
    assert many.severity == "blocking"
    assert many.count == 51


def test_hidden_rows_block_alongside_another_structural_finding() -> None:
    findings = scan(corpus.xlsx(hidden_rows=3, hidden_columns=True), "a.xlsx")
    assert one(findings, "hidden_rows").severity == "blocking"


def test_named_ranges_alone_are_info() -> None:
    finding = one(
        scan(corpus.xlsx(names={"Total": "Realisasi!$C$2:$C$4"}), "a.xlsx"), "defined_names"
    )
    assert finding.severity == "info"
    assert "Total" in finding.detail


def test_builtin_names_are_not_counted() -> None:
    findings = scan(corpus.xlsx(names={"_xlnm._FilterDatabase": "Realisasi!$A$1:$D$4"}), "a.xlsx")
    assert "defined_names" not in kinds(findings)


def test_names_pointing_at_hidden_data_or_holding_data_block() -> None:
    findings = scan(
        corpus.xlsx(
            hidden_sheet=True,
            hidden_rows=2,
            names={
                "Pegawai": "'Data Pegawai'!$A$1:$C$2",
                "Baris": "Realisasi!$B$20:$B$21",
                "Luar": "[1]Pegawai!$A$1",
                "Konstanta": '"Siti 0812-3456-7890"',
            },
        ),
        "a.xlsx",
    )
    names = [f for f in findings if f.kind == "defined_names"]
    assert {f.severity for f in names} == {"blocking"}
    details = " ".join(f.detail for f in names)
    assert "Pegawai" in details
    assert "Baris" in details
    assert "buku kerja lain" in details
    assert "nilai tetap" in details
    assert "Rentang bernama Konstanta" in one(findings, "phone").location


def test_pivot_cache_blocks_and_its_personal_data_is_found() -> None:
    findings = scan(corpus.with_pivot_cache(corpus.clean_xlsx()), "a.xlsx")
    pivot = one(findings, "pivot_cache")
    assert pivot.severity == "blocking"
    assert "Data Warga" in pivot.detail
    assert "sudah tidak ada" in pivot.detail
    nik = one(findings, "nik")
    assert (nik.count, nik.location) == (2, "Cache pivot 1")


def test_external_link_with_cached_values_blocks() -> None:
    findings = scan(corpus.with_external_link(corpus.clean_xlsx()), "a.xlsx")
    link = one(findings, "external_links")
    assert link.severity == "blocking"
    assert "Data Pegawai.xlsx" in link.detail
    assert "2 nilai" in link.detail
    assert one(findings, "email").masked_sample == "s***@gmail.com"


def test_external_link_without_cache_alone_is_info() -> None:
    findings = scan(corpus.with_external_link(corpus.clean_xlsx(), cached=False), "a.xlsx")
    assert one(findings, "external_links").severity == "info"


def test_data_model_blocks() -> None:
    finding = one(scan(corpus.with_data_model(corpus.clean_xlsx()), "a.xlsx"), "data_model")
    assert finding.severity == "blocking"
    assert finding.location == "xl/model/item.data"


def test_comments_block_and_are_checked_for_personal_data() -> None:
    findings = scan(corpus.xlsx(comments=True), "a.xlsx")
    comment = one(findings, "comments")
    assert (comment.severity, comment.location) == ("blocking", "Lembar Realisasi, sel B2")
    assert one(findings, "phone").location == "Komentar lembar Realisasi, sel B2"


def test_macros_block_in_xlsx_and_xlsm() -> None:
    assert one(scan(corpus.with_macros(corpus.clean_xlsx()), "a.xlsx"), "macros").severity == (
        "blocking"
    )
    xlsm = corpus.with_macros(corpus.clean_xlsx(), as_xlsm=True)
    assert one(scan(xlsm, "a.xlsm"), "macros").location == "xl/vbaProject.bin"


def test_embedded_objects_block() -> None:
    finding = one(scan(corpus.with_embedded(corpus.clean_xlsx()), "a.xlsx"), "embedded_files")
    assert finding.severity == "blocking"


def test_author_metadata_is_info() -> None:
    finding = one(scan(corpus.clean_xlsx(), "a.xlsx"), "author_metadata")
    assert finding.severity == "info"
    assert "creator" in finding.detail


def test_personal_data_in_cells_is_located_and_masked() -> None:
    cells = [
        corpus.NIK,
        corpus.PHONE,
        "budi@gmail.com",
        "ppid@serangkota.go.id",
        "NPWP 01.234.567.8-901.000",
        "(0254) 200123",
    ]
    findings = scan(corpus.xlsx(pii_cells=cells), "a.xlsx")
    assert one(findings, "nik").location == "Lembar Realisasi, sel B7"
    assert one(findings, "phone", "blocking").masked_sample == "0812****7890"
    assert one(findings, "phone", "info").masked_sample == "(0254) ***123"
    assert one(findings, "email", "blocking").masked_sample == "b***@gmail.com"
    assert one(findings, "email", "info").masked_sample == "p***@serangkota.go.id"
    assert one(findings, "npwp").masked_sample == "01.***.***.*-***.000"


def test_a_nik_typed_into_a_number_cell_is_found() -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook()
    book.active.append(["NIK", 3604011203900001])
    findings = scan(corpus.workbook_bytes(book), "a.xlsx")
    assert one(findings, "nik").location.endswith("sel B1")


def test_a_broken_sheet_is_unreadable() -> None:
    data = corpus.rezip(
        corpus.clean_xlsx(), replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"}
    )
    finding = one(scan(data, "a.xlsx"), "unreadable")
    assert finding.severity == "blocking"
    assert "sheet1.xml" in finding.detail


def test_duplicate_members_are_unreadable() -> None:
    import io
    import warnings
    import zipfile

    out = io.BytesIO(corpus.clean_xlsx())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "a") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"<worksheet/>")
    assert one(scan(out.getvalue(), "a.xlsx"), "unreadable").severity == "blocking"


# --- ODS -------------------------------------------------------------------------------------

ODS_STYLES = (
    '<style:style style:name="ta2" style:family="table">'
    '<style:table-properties table:display="false"/></style:style>'
)


def test_ods_hidden_parts_comments_and_names() -> None:
    body = (
        "<table:named-expressions>"
        '<table:named-range table:name="Gaji" table:cell-range-address="$Gaji.$A$1:.$B$2"/>'
        "</table:named-expressions>"
        '<table:table table:name="Ringkasan">'
        '<table:table-column table:number-columns-repeated="2"/>'
        '<table:table-column table:visibility="collapse"/>'
        + corpus.ods_row("Program", "Anggaran", "Catatan")
        + corpus.ods_row("Kesehatan", "1500000000", "internal")
        + corpus.ods_row("x", "y", hidden=True)
        + '<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p>'
        "<office:annotation><text:p>hubungi 0812-3456-7890</text:p></office:annotation>"
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000" table:visibility="collapse">'
        "<table:table-cell/></table:table-row>"
        "</table:table>"
        '<table:table table:name="Gaji" table:style-name="ta2">'
        + corpus.ods_row("Siti", corpus.NIK)
        + "</table:table>"
    )
    findings = scan(corpus.odf("spreadsheet", body, styles=ODS_STYLES, creator="Budi"), "a.ods")
    assert one(findings, "hidden_sheet").location == "Lembar Gaji"
    rows = one(findings, "hidden_rows")
    assert (rows.count, rows.location) == (1, "Lembar Ringkasan, baris 3")
    assert one(findings, "hidden_columns").location == "Lembar Ringkasan, kolom C"
    assert one(findings, "comments").location == "Lembar Ringkasan, sel A4"
    assert one(findings, "defined_names").severity == "blocking"
    assert one(findings, "nik").location == "Lembar Gaji, sel B1"
    assert one(findings, "phone").location == "Komentar lembar Ringkasan, sel A4"
    assert one(findings, "author_metadata").severity == "info"


def test_ods_linked_sheet_and_macros() -> None:
    body = (
        '<table:table table:name="Tautan"><table:table-source xlink:href="file:///data/pegawai.ods"/>'
        + corpus.ods_row("a")
        + "</table:table>"
    )
    data = corpus.rezip(
        corpus.odf("spreadsheet", body), add={"Basic/Standard/Module1.xml": b"<module/>"}
    )
    found = kinds(scan(data, "a.ods"))
    assert found["external_links"] == "blocking"
    assert found["macros"] == "blocking"


def test_clean_ods_has_nothing_blocking() -> None:
    body = (
        '<table:table table:name="Ringkasan">'
        + corpus.ods_row("Kode", "Uraian", "Anggaran")
        + corpus.ods_row("5.1.02.01.01.0024", "Belanja ATK", "1.250.000.000")
        + "</table:table>"
    )
    assert blocking(scan(corpus.odf("spreadsheet", body), "a.ods")) == []


def test_a_sheet_with_entity_declarations_is_unreadable() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    data = corpus.rezip(corpus.clean_xlsx(), replace={"xl/worksheets/sheet1.xml": bomb})
    assert one(scan(data, "a.xlsx"), "unreadable").severity == "blocking"


def test_inline_strings_and_rows_without_references_are_read() -> None:
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<cols><col min="2" max="2" hidden="1"/></cols><sheetData>'
        b'<row><c t="inlineStr"><is><r><t>Siti </t></r><r><t>Aminah</t></r></is></c>'
        b'<c t="inlineStr"><is><t>3604011203900001</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    data = corpus.rezip(corpus.clean_xlsx(), replace={"xl/worksheets/sheet1.xml": sheet})
    findings = scan(data, "a.xlsx")
    assert one(findings, "nik").location == "Lembar Realisasi, sel B1"
    assert one(findings, "hidden_columns").location == "Lembar Realisasi, kolom B"
