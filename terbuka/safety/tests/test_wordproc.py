"""DOCX and ODT: comments, tracked changes, hidden text, embedded objects and author metadata."""

from __future__ import annotations

from terbuka.safety.services import scan_bytes
from terbuka.safety.tests import corpus
from terbuka.safety.tests.helpers import blocking, kinds, one, scan

TRACKED = (
    "<w:p><w:r><w:t>Kepada </w:t></w:r>"
    '<w:ins w:id="1" w:author="Budi"><w:r><w:t>Yth. Kepala Dinas</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="Budi"><w:r><w:delText>Siti 0812 3456 7890</w:delText></w:r></w:del>'
    "</w:p>"
)
HIDDEN_STYLE = (
    '<w:style w:type="character" w:styleId="Rahasia"><w:rPr><w:vanish/></w:rPr></w:style>'
)


def test_docx_comments_block_and_are_checked() -> None:
    findings = scan(corpus.docx(comments=["Cek lagi, Budi budi@yahoo.com", "Oke"]), "a.docx")
    comment = one(findings, "comments")
    assert (comment.severity, comment.count) == ("blocking", 2)
    email = one(findings, "email")
    assert (email.location, email.masked_sample) == ("Komentar 1", "b***@yahoo.com")


def test_docx_tracked_changes_block_and_deleted_text_is_checked() -> None:
    body = corpus.paragraph("Surat undangan") + TRACKED
    data = corpus.docx(body)
    findings = scan(data, "a.docx")
    changes = one(findings, "tracked_changes")
    assert (changes.severity, changes.count, changes.location) == (
        "blocking",
        2,
        "Dokumen, paragraf 2",
    )
    assert one(findings, "phone").location == "Dokumen, paragraf 2"
    _detected, _findings, text = scan_bytes(data, "a.docx")
    assert "Yth. Kepala Dinas" in text
    assert "Siti" not in text


def test_docx_hidden_text_direct_and_by_style() -> None:
    body = (
        corpus.paragraph("Terlihat")
        + corpus.paragraph(f"NIK {corpus.NIK}", hidden=True)
        + '<w:p><w:r><w:rPr><w:rStyle w:val="Rahasia"/></w:rPr><w:t>gaya rahasia</w:t></w:r></w:p>'
        + '<w:p><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>tampak lagi</w:t></w:r></w:p>'
    )
    data = corpus.docx(body, styles=HIDDEN_STYLE)
    findings = scan(data, "a.docx")
    hidden = one(findings, "hidden_text")
    assert hidden.severity == "blocking"
    assert hidden.count == len(f"NIK {corpus.NIK}") + len("gaya rahasia")
    assert hidden.location == "Dokumen, paragraf 2-3"
    assert one(findings, "nik").location == "Dokumen, paragraf 2"
    _detected, _findings, text = scan_bytes(data, "a.docx")
    assert "tampak lagi" in text
    assert corpus.NIK not in text


def test_docx_headers_are_read() -> None:
    header = (
        f'<w:hdr xmlns:w="{corpus.W}">'
        + corpus.paragraph("Kontak: budi.santoso@gmail.com")
        + "</w:hdr>"
    )
    data = corpus.docx()
    rels = corpus.rels(("rId7", "header", "header1.xml"))
    data = corpus.rezip(
        data,
        add={"word/header1.xml": header.encode()},
        replace={"word/_rels/document.xml.rels": rels},
    )
    email = one(scan(data, "a.docx"), "email")
    assert email.location == "Kepala halaman (header1.xml), paragraf 1"


def test_docx_author_metadata_is_info() -> None:
    finding = one(scan(corpus.docx(creator="Budi", modified="Ani"), "a.docx"), "author_metadata")
    assert finding.severity == "info"
    assert "creator, lastModifiedBy" in finding.detail


def test_docx_signed_author_metadata_blocks() -> None:
    data = corpus.rezip(
        corpus.docx(creator="Budi"), add={"_xmlsignatures/sig1.xml": b"<Signature/>"}
    )
    assert one(scan(data, "a.docx"), "author_metadata").severity == "blocking"


def test_docx_embedded_workbook_and_macros_block() -> None:
    data = corpus.with_embedded(corpus.docx(), "word/embeddings/")
    data = corpus.rezip(data, add={"word/vbaProject.bin": b"vba"})
    found = kinds(scan(data, "a.docx"))
    assert found["embedded_files"] == "blocking"
    assert found["macros"] == "blocking"


def test_docx_with_an_entity_bomb_is_unreadable() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{corpus.W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    data = corpus.rezip(corpus.docx(), replace={"word/document.xml": bomb.encode()})
    assert one(scan(data, "a.docx"), "unreadable").severity == "blocking"


# --- ODT -------------------------------------------------------------------------------------

ODT_STYLES = (
    '<style:style style:name="T1" style:family="text">'
    '<style:text-properties text:display="none"/></style:style>'
)


def test_odt_annotations_changes_and_hidden_text() -> None:
    body = (
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        "<office:change-info><dc:creator>Budi</dc:creator></office:change-info>"
        "<text:p>Nomor 081234567890</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:p>Paragraf biasa<office:annotation><dc:creator>Budi</dc:creator>"
        "<text:p>catatan budi@gmail.com</text:p></office:annotation></text:p>"
        f'<text:p>Ada <text:span text:style-name="T1">NIK {corpus.NIK}</text:span> di sini</text:p>'
        '<text:section text:name="S" text:display="none"><text:p>seksi rahasia</text:p>'
        "</text:section>"
        '<text:p>Kolom <text:hidden-text text:condition="ooow:1" '
        'text:string-value="isi tersembunyi" text:is-hidden="true"/></text:p>'
    )
    data = corpus.odf("text", body, styles=ODT_STYLES, creator="Budi")
    findings = scan(data, "a.odt")
    assert one(findings, "tracked_changes").severity == "blocking"
    assert one(findings, "comments").count == 1
    hidden = one(findings, "hidden_text")
    assert hidden.count == len(f"NIK {corpus.NIK}") + len("seksi rahasia") + len("isi tersembunyi")
    assert one(findings, "phone").location == "Teks terhapus (perubahan terlacak)"
    assert one(findings, "email").location == "Komentar 1"
    assert one(findings, "nik").location == "Dokumen, paragraf 2"
    assert one(findings, "author_metadata").severity == "info"
    _detected, _findings, text = scan_bytes(data, "a.odt")
    assert "Paragraf biasa" in text
    assert "Ada  di sini" in text
    assert "rahasia" not in text
    assert "budi@" not in text


def test_odt_embedded_object_blocks_but_charts_do_not() -> None:
    data = corpus.odf("text", "<text:p>Halo</text:p>")
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="Object 1/" '
        'manifest:media-type="application/vnd.oasis.opendocument.chart"/>'
        '<manifest:file-entry manifest:full-path="Object 2/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    data = corpus.rezip(data, replace={"META-INF/manifest.xml": manifest.encode()})
    finding = one(scan(data, "a.odt"), "embedded_files")
    assert (finding.count, finding.location) == (1, "Object 2")


def test_clean_docx_and_odt_have_nothing_blocking() -> None:
    docx = corpus.docx(
        corpus.paragraph("Informasi lebih lanjut: ppid@serangkota.go.id, Telp. (0254) 200123.")
        + corpus.paragraph("Anggaran Rp 1.250.000.000 (kode 5.1.02.01.01.0024).")
    )
    assert blocking(scan(docx, "a.docx")) == []
    odt = corpus.odf("text", "<text:p>Hubungi ppid@serangkota.go.id</text:p>")
    assert blocking(scan(odt, "a.odt")) == []


def test_docx_text_box_fallback_copies_are_read_once() -> None:
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    box = corpus.paragraph("Kotak: budi.santoso@gmail.com")
    body = (
        f'<w:p><w:r><mc:AlternateContent xmlns:mc="{mc}"><mc:Choice Requires="wps">'
        f"<w:drawing><w:txbxContent>{box}</w:txbxContent></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{box}</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p>"
    )
    data = corpus.docx(body)
    assert one(scan(data, "a.docx"), "email").count == 1
    _detected, _findings, text = scan_bytes(data, "a.docx")
    assert text.count("Kotak") == 1
