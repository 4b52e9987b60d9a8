"""strip_metadata: what goes, what stays, and that it is idempotent and deterministic."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image
from pypdf import PdfReader

from terbuka.safety.detect import detect_type
from terbuka.safety.scanners.strip import revision_count
from terbuka.safety.services import strip_metadata
from terbuka.safety.tests import corpus
from terbuka.safety.tests.corpus import PdfBuilder, content_stream, text_ops
from terbuka.safety.tests.helpers import kinds, scan


def strip(data: bytes, filename: str) -> bytes:
    return strip_metadata(data=data, detected=detect_type(data, filename))


def test_jpeg_loses_exif_gps_and_comment_but_keeps_its_pixels() -> None:
    data = corpus.jpeg()
    cleaned = strip(data, "foto.jpg")
    assert cleaned != data
    with Image.open(io.BytesIO(cleaned)) as after, Image.open(io.BytesIO(data)) as before:
        assert not after.getexif()
        assert "comment" not in after.info
        assert after.size == before.size
        assert after.tobytes() == before.tobytes()  # no re-encoding
    assert kinds(scan(cleaned, "foto.jpg")) == {}


def test_jpeg_keeps_its_orientation_and_icc_profile() -> None:
    image = Image.new("RGB", (30, 20), (1, 2, 3))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8825).update({1: "S", 2: (6.0, 7.0, 8.0)})
    icc = b"\x00" * 128  # an opaque ICC payload is carried as is
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), icc_profile=icc)
    cleaned = strip(out.getvalue(), "foto.jpg")
    with Image.open(io.BytesIO(cleaned)) as after:
        assert dict(after.getexif()) == {0x0112: 6}
        assert not after.getexif().get_ifd(0x8825)
        assert after.info.get("icc_profile") == icc


def test_png_text_chunks_are_dropped() -> None:
    data = corpus.png(text=True)
    cleaned = strip(data, "gambar.png")
    with Image.open(io.BytesIO(cleaned)) as after, Image.open(io.BytesIO(data)) as before:
        assert not getattr(after, "text", {})
        assert after.tobytes() == before.tobytes()


def test_webp_exif_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif.get_ifd(0x8825).update({1: "S"})
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (9, 9, 9)).save(out, "WEBP", exif=exif.tobytes(), lossless=True)
    cleaned = strip(out.getvalue(), "foto.webp")
    with Image.open(io.BytesIO(cleaned)) as after:
        assert not after.getexif()
        assert after.size == (16, 16)


def test_pdf_author_creator_producer_and_xmp_go_title_stays() -> None:
    builder = PdfBuilder()
    xmp = builder.stream("<x:xmpmeta><dc:creator>Budi</dc:creator></x:xmpmeta>", "/Type /Metadata ")
    data = builder.build(
        [text_ops("Laporan")],
        info={"Author": "Budi", "Creator": "Word", "Producer": "Acrobat", "Title": "Laporan"},
        catalog_extra=f"/Metadata {xmp} 0 R",
    )
    cleaned = strip(data, "a.pdf")
    reader = PdfReader(io.BytesIO(cleaned))
    assert {key: str(value) for key, value in (reader.metadata or {}).items()} == {
        "/Title": "Laporan"
    }
    assert "/Metadata" not in reader.root_object
    assert "Laporan" in reader.pages[0].extract_text()
    assert "pdf_metadata" not in kinds(scan(cleaned, "a.pdf"))


def test_pdf_incremental_updates_are_collapsed() -> None:
    base = corpus.pdf([text_ops(f"NIK {corpus.NIK}")])
    updated = corpus.incremental_update(base, {3: content_stream(text_ops("[disamarkan]"))}, size=6)
    cleaned = strip(updated, "a.pdf")
    assert revision_count(cleaned) == 1
    assert corpus.NIK.encode() not in cleaned
    assert "[disamarkan]" in PdfReader(io.BytesIO(cleaned)).pages[0].extract_text()


def test_signed_pdf_is_left_alone() -> None:
    data = PdfBuilder().build(
        [text_ops("Surat")],
        info={"Author": "Budi"},
        catalog_extra="/AcroForm << /SigFlags 3 /Fields [] >>",
    )
    assert strip(data, "a.pdf") is data


def test_docx_creator_is_blanked_and_other_members_are_unchanged() -> None:
    data = corpus.docx(corpus.paragraph("Isi"), creator="Budi Santoso", modified="Ani")
    cleaned = strip(data, "a.docx")
    before = zipfile.ZipFile(io.BytesIO(data))
    after = zipfile.ZipFile(io.BytesIO(cleaned))
    assert after.namelist() == before.namelist()
    for name in before.namelist():
        if name != "docProps/core.xml":
            assert after.read(name) == before.read(name)
            assert after.getinfo(name).date_time == before.getinfo(name).date_time
    core = after.read("docProps/core.xml")
    assert b"Budi" not in core
    assert b"Ani" not in core
    assert b"<dc:title>Laporan</dc:title>" in core
    assert "author_metadata" not in kinds(scan(cleaned, "a.docx"))


def test_xlsx_and_odf_author_fields_are_blanked() -> None:
    xlsx = strip(corpus.clean_xlsx(), "a.xlsx")
    assert b"openpyxl" not in zipfile.ZipFile(io.BytesIO(xlsx)).read("docProps/core.xml")
    odt = corpus.odf("text", "<text:p>Halo</text:p>", creator="Budi")
    cleaned = strip(odt, "a.odt")
    after = zipfile.ZipFile(io.BytesIO(cleaned))
    assert b"Budi" not in after.read("meta.xml")
    assert after.namelist()[0] == "mimetype"
    assert after.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
    assert detect_type(cleaned, "a.odt").kind == "odt"


def test_signed_office_package_is_left_alone() -> None:
    data = corpus.rezip(corpus.docx(creator="Budi"), add={"_xmlsignatures/sig1.xml": b"<s/>"})
    assert strip(data, "a.docx") is data


def test_text_is_unchanged() -> None:
    data = b"nama,telepon\nSiti,0812-3456-7890\n"
    assert strip(data, "a.csv") is data


SAMPLES = [
    (corpus.jpeg(), "a.jpg"),
    (corpus.jpeg(exif=False, gps=False), "a.jpg"),
    (corpus.png(text=True), "a.png"),
    (corpus.png(), "a.png"),
    (corpus.pdf(info={"Author": "Budi", "Title": "Laporan"}), "a.pdf"),
    (corpus.pdf(), "a.pdf"),
    (corpus.docx(creator="Budi"), "a.docx"),
    (corpus.clean_xlsx(), "a.xlsx"),
    (corpus.odf("spreadsheet", "", creator="Budi"), "a.ods"),
    (b"a,b\n1,2\n", "a.csv"),
]


@pytest.mark.parametrize(("data", "filename"), SAMPLES)
def test_strip_is_idempotent_and_deterministic(data: bytes, filename: str) -> None:
    once = strip(data, filename)
    assert strip(data, filename) == once
    assert strip(once, filename) == once
    assert detect_type(once, filename).kind == detect_type(data, filename).kind


def test_files_that_cannot_be_parsed_are_returned_unchanged() -> None:
    broken = b"%PDF-1.7\n garbage"
    assert strip(broken, "a.pdf") is broken
    bad_jpeg = b"\xff\xd8\xff\xe0\x00"
    assert strip_metadata(data=bad_jpeg, detected=detect_type(corpus.jpeg(), "a.jpg")) is bad_jpeg
