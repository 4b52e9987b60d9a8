"""Type detection by content: allowed kinds, refused kinds and names that lie."""

from __future__ import annotations

import io
import zipfile

import pytest

from terbuka.core.exceptions import ValidationError
from terbuka.safety.detect import detect_type
from terbuka.safety.tests import corpus


@pytest.mark.parametrize(
    ("data", "filename", "kind", "extension"),
    [
        (corpus.pdf(), "laporan.pdf", "pdf", ".pdf"),
        (corpus.clean_xlsx(), "realisasi.XLSX", "xlsx", ".xlsx"),
        (corpus.with_macros(corpus.clean_xlsx(), as_xlsm=True), "makro.xlsm", "xlsm", ".xlsm"),
        (corpus.docx(), "surat.docx", "docx", ".docx"),
        (corpus.odf("text", "<text:p>Halo</text:p>"), "surat.odt", "odt", ".odt"),
        (corpus.odf("spreadsheet", ""), "data.ods", "ods", ".ods"),
        (b"tahun,anggaran\n2025,1500000000\n", "data.csv", "csv", ".csv"),
        (b"Laporan singkat.\n", "catatan.txt", "txt", ".txt"),
        (b"Tanpa ekstensi.\n", "catatan", "txt", ".txt"),
        ("kolom\tnilai\n".encode("utf-16"), "unicode.csv", "csv", ".csv"),
        ("Caf\xe9 ,1\n".encode("cp1252"), "latin.csv", "csv", ".csv"),
        (b"BMKG,curah hujan\n", "bmkg.csv", "csv", ".csv"),
        (corpus.jpeg(), "foto.jpeg", "jpeg", ".jpg"),
        (corpus.jpeg(), "foto.JPG", "jpeg", ".jpg"),
        (corpus.png(), "gambar.png", "png", ".png"),
        (corpus.pdf(), "C:\\Users\\budi\\laporan.pdf", "pdf", ".pdf"),
    ],
)
def test_allowed_types_are_detected_by_content(
    data: bytes, filename: str, kind: str, extension: str
) -> None:
    detected = detect_type(data, filename)
    assert (detected.kind, detected.extension) == (kind, extension)
    assert detected.content_type


def test_webp_is_allowed() -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, "WEBP")
    assert detect_type(out.getvalue(), "x.webp").kind == "webp"


def _zip(*names: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, b"isi")
    return out.getvalue()


def _gif() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "setup.exe"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 100, "laporan.pdf"),
        (b"<!DOCTYPE html><html><body>Halo</body></html>", "halaman.html"),
        (b"<html><script>alert(1)</script></html>", "laporan.txt"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>', "logo.svg"),
        (b'<?xml version="1.0"?><data/>', "data.csv"),
        (b"  \n<table><tr><td>1</td></tr></table>", "tabel.csv"),
        (b"alert(document.cookie);\n", "skrip.js"),
        (b"Halo\n", "halo.json"),
        (_zip("a.txt", "b.exe"), "arsip.zip"),
        (_zip("a.txt"), "laporan.xlsx"),
        (_gif(), "animasi.gif"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "lama.xls"),
        (b"", "kosong.txt"),
        (bytes(range(256)) * 4, "acak.txt"),
        (
            corpus.rezip(
                corpus.docx(),
                replace={
                    "[Content_Types].xml": corpus.DOCX_TYPES.replace(
                        b"wordprocessingml.document.main",
                        b"presentationml.presentation.main",
                    )
                },
            ),
            "slide.pptx",
        ),
        (
            corpus.rezip(
                corpus.docx(),
                replace={
                    "[Content_Types].xml": corpus.DOCX_TYPES.replace(
                        b"application/vnd.openxmlformats-officedocument.wordprocessingml."
                        b"document.main+xml",
                        b"application/vnd.ms-word.document.macroEnabled.main+xml",
                    )
                },
            ),
            "makro.docm",
        ),
        (
            corpus.make_zip([("mimetype", b"application/vnd.oasis.opendocument.presentation")]),
            "s.odp",
        ),
    ],
)
def test_other_types_are_not_allowed(data: bytes, filename: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        detect_type(data, filename)
    assert excinfo.value.code == "file_type_not_allowed"
    assert "diizinkan" in excinfo.value.message or "tidak diterima" in excinfo.value.message


def test_legacy_xls_asks_for_xlsx() -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    with pytest.raises(ValidationError) as excinfo:
        detect_type(data, "lama.xls")
    assert excinfo.value.code == "file_type_not_allowed"


@pytest.mark.parametrize(
    ("data", "filename", "detected"),
    [
        (corpus.pdf(), "data.xlsx", "PDF"),
        (corpus.clean_xlsx(), "laporan.pdf", "XLSX"),
        (corpus.docx(), "realisasi.xlsx", "DOCX"),
        (corpus.with_macros(corpus.clean_xlsx(), as_xlsm=True), "realisasi.xlsx", "XLSM"),
        (corpus.clean_xlsx(), "realisasi.xlsm", "XLSX"),
        (corpus.png(), "foto.jpg", "PNG"),
        (b"teks biasa\n", "laporan.pdf", "teks"),
        (corpus.pdf(), "laporan.pdf.exe", "PDF"),
        (corpus.odf("text", ""), "surat.docx", "ODT"),
    ],
)
def test_names_that_disagree_with_the_content_are_refused(
    data: bytes, filename: str, detected: str
) -> None:
    with pytest.raises(ValidationError) as excinfo:
        detect_type(data, filename)
    assert excinfo.value.code == "file_type_mismatch"
    assert excinfo.value.details["detected"] == detected
    assert detected in excinfo.value.message
