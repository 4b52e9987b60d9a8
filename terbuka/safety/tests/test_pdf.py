"""PDF: metadata, annotations, embedded files, invisible text, text under boxes, revisions."""

from __future__ import annotations

from terbuka.safety.services import scan_bytes
from terbuka.safety.tests import corpus
from terbuka.safety.tests.corpus import PdfBuilder, content_stream, text_ops
from terbuka.safety.tests.helpers import blocking, kinds, one, scan

SIGNED = "/AcroForm << /SigFlags 3 /Fields [] >>"


def test_text_is_extracted_per_page_and_checked() -> None:
    data = corpus.pdf([text_ops("Halaman satu"), text_ops(f"NIK pemohon {corpus.NIK}")])
    detected, findings, text = scan_bytes(data, "a.pdf")
    assert detected.kind == "pdf"
    assert "Halaman satu" in text
    assert one(findings, "nik").location == "Halaman 2"


def test_metadata_is_info_when_it_will_be_stripped() -> None:
    data = corpus.pdf(info={"Author": "Budi Santoso", "Producer": "Word", "Title": "Laporan"})
    finding = one(scan(data, "a.pdf"), "pdf_metadata")
    assert finding.severity == "info"
    assert "Author, Producer" in finding.detail
    assert "Title" not in finding.detail


def test_metadata_of_a_signed_pdf_blocks_when_it_names_a_person() -> None:
    builder = PdfBuilder()
    data = builder.build([text_ops("Surat")], info={"Author": "Budi Santoso"}, catalog_extra=SIGNED)
    finding = one(scan(data, "a.pdf"), "pdf_metadata")
    assert finding.severity == "blocking"
    assert "ditandatangani" in finding.detail
    software_only = PdfBuilder().build(
        [text_ops("Surat")], info={"Producer": "Word"}, catalog_extra=SIGNED
    )
    assert one(scan(software_only, "a.pdf"), "pdf_metadata").severity == "info"


def test_title_only_metadata_is_not_reported() -> None:
    assert "pdf_metadata" not in kinds(scan(corpus.pdf(info={"Title": "Laporan"}), "a.pdf"))


def test_annotations_block_with_pages_and_their_text_is_checked() -> None:
    annotations = {
        1: [
            "<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] "
            "/Contents (Cek NIK 3604011203900001) >>",
            "<< /Type /Annot /Subtype /Link /Rect [10 10 30 30] >>",
            "<< /Type /Annot /Subtype /Square /Rect [10 10 30 30] >>",
        ],
        2: ["<< /Type /Annot /Subtype /Redact /Rect [10 10 30 30] >>"],
    }
    data = corpus.pdf([text_ops("a"), text_ops("b"), text_ops("c")], annotations=annotations)
    findings = [f for f in scan(data, "a.pdf") if f.kind == "pdf_annotations"]
    assert {f.severity for f in findings} == {"blocking"}
    redact = next(f for f in findings if "Redact" in f.detail)
    assert redact.location == "Halaman 3"
    others = next(f for f in findings if "Redact" not in f.detail)
    assert (others.count, others.location) == (2, "Halaman 2")
    assert "Text, Square" in others.detail
    assert one(scan(data, "a.pdf"), "nik").location == "Anotasi halaman 2"


def test_links_alone_are_not_annotations_findings() -> None:
    data = corpus.pdf(annotations={0: ["<< /Type /Annot /Subtype /Link /Rect [1 1 2 2] >>"]})
    assert "pdf_annotations" not in kinds(scan(data, "a.pdf"))


def test_embedded_files_block() -> None:
    builder = PdfBuilder()
    stream = builder.stream("Nama,NIK\nSiti,3604011203900001\n", "/Type /EmbeddedFile ")
    spec = builder.add(f"<< /Type /Filespec /F (pegawai.csv) /EF << /F {stream} 0 R >> >>")
    data = builder.build(
        [text_ops("Laporan")],
        catalog_extra=f"/Names << /EmbeddedFiles << /Names [(pegawai.csv) {spec} 0 R] >> >>",
    )
    finding = one(scan(data, "a.pdf"), "embedded_files")
    assert (finding.severity, finding.location) == ("blocking", "Lampiran dokumen")
    assert "pegawai.csv" in finding.detail


def test_file_attachment_annotations_are_embedded_files() -> None:
    annotation = (
        "<< /Type /Annot /Subtype /FileAttachment /Rect [10 10 30 30] "
        "/FS << /Type /Filespec /F (data.xlsx) >> >>"
    )
    finding = one(scan(corpus.pdf(annotations={0: [annotation]}), "a.pdf"), "embedded_files")
    assert "data.xlsx" in finding.detail
    assert finding.location == "Halaman 1"


def test_invisible_text_blocks() -> None:
    data = corpus.pdf(
        [text_ops("Terlihat") + text_ops("Siti Aminah 0812 3456 7890", y=650, mode=3)]
    )
    findings = scan(data, "a.pdf")
    invisible = one(findings, "invisible_text")
    assert (invisible.severity, invisible.location) == ("blocking", "Halaman 1")
    assert invisible.count == len("Siti Aminah 0812 3456 7890")
    assert one(findings, "phone").severity == "blocking"


def test_ocr_layer_over_a_scanned_page_is_info() -> None:
    page = "q 612 0 0 792 0 0 cm /Im1 Do Q\n" + text_ops("hasil pindai OCR", mode=3)
    finding = one(scan(corpus.pdf([page], images={0: b"\x80"}), "a.pdf"), "invisible_text")
    assert finding.severity == "info"
    assert "OCR" in finding.detail


def test_text_under_a_black_box_drawn_after_it_blocks() -> None:
    page = text_ops("Nama: Siti Aminah", y=700) + "0 0 0 rg 110 695 120 20 re f\n"
    finding = one(scan(corpus.pdf([text_ops("sampul"), page]), "a.pdf"), "text_under_box")
    assert (finding.severity, finding.location) == ("blocking", "Halaman 2")


def test_dark_text_on_a_dark_box_blocks_but_white_text_does_not() -> None:
    black_on_black = "0 0 0 rg 60 690 300 30 re f\n" + text_ops("Teks hitam", y=700)
    assert "text_under_box" in kinds(scan(corpus.pdf([black_on_black]), "a.pdf"))
    white_on_black = "0 0 0 rg 60 690 300 30 re f\n1 1 1 rg " + text_ops("Judul Tabel", y=700)
    assert "text_under_box" not in kinds(scan(corpus.pdf([white_on_black]), "a.pdf"))


def test_boxes_that_do_not_cover_text_are_ignored() -> None:
    page = (
        text_ops("Judul", y=700)
        + "0 0 0 rg 72 690 200 0.8 re f\n"  # an underline
        + "0 0 0 rg 300 400 50 50 re f\n"  # a box elsewhere
        + "0.2 0.2 0.2 rg 60 680 300 40 re W n\n"  # a clip, not a fill
        + "0.9 0.9 0.9 rg 60 690 300 30 re f\n"  # a light highlight over the text
    )
    assert "text_under_box" not in kinds(scan(corpus.pdf([page]), "a.pdf"))


def test_incremental_update_is_info_when_the_rewrite_drops_it() -> None:
    base = corpus.pdf([text_ops(f"Nama: Siti Aminah, NIK {corpus.NIK}")])
    updated = corpus.incremental_update(
        base, {3: content_stream(text_ops("Nama: [disamarkan]"))}, size=6
    )
    finding = one(scan(updated, "a.pdf"), "incremental_updates")
    assert finding.severity == "info"
    assert "dibuang" in finding.detail


def test_changed_earlier_revision_of_a_signed_pdf_blocks_and_is_checked() -> None:
    base = PdfBuilder().build(
        [text_ops(f"Nama: Siti Aminah, NIK {corpus.NIK}")], catalog_extra=SIGNED
    )
    objects = base.count(b" 0 obj")
    updated = corpus.incremental_update(
        base, {3: content_stream(text_ops("Nama: [disamarkan]"))}, size=objects + 1
    )
    findings = scan(updated, "a.pdf")
    finding = one(findings, "incremental_updates")
    assert (finding.severity, finding.location) == ("blocking", "Halaman 1")
    assert one(findings, "nik").location == "Revisi 1, halaman 1"
    _detected, _findings, text = scan_bytes(updated, "a.pdf")
    assert "Siti" not in text


def test_signature_only_update_is_info() -> None:
    base = PdfBuilder().build([text_ops("Surat keputusan")], catalog_extra=SIGNED)
    objects = base.count(b" 0 obj")
    updated = corpus.incremental_update(base, {objects + 1: "<< /Type /Sig >>"}, size=objects + 2)
    finding = one(scan(updated, "a.pdf"), "incremental_updates")
    assert finding.severity == "info"
    assert "tanda tangan" in finding.detail


def test_encrypted_pdf_with_a_password_is_unreadable() -> None:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.encrypt("rahasia")
    out = io.BytesIO()
    writer.write(out)
    finding = one(scan(out.getvalue(), "a.pdf"), "unreadable")
    assert "kata sandi" in finding.detail


def test_owner_password_only_pdf_is_scanned() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(corpus.pdf([text_ops(corpus.PHONE)]))))
    writer.encrypt(user_password="", owner_password="pemilik")
    out = io.BytesIO()
    writer.write(out)
    found = kinds(scan(out.getvalue(), "a.pdf"))
    assert "unreadable" not in found
    assert found["phone"] == "blocking"


def test_broken_pdf_is_unreadable() -> None:
    assert one(scan(b"%PDF-1.7\n garbage", "a.pdf"), "unreadable").severity == "blocking"


def test_clean_pdf_has_nothing_blocking() -> None:
    page = text_ops(
        "Pagu Rp 1.250.000.000; realisasi 6281500000000; kode 5.1.02.01.01.0024; "
        "hubungi ppid@serangkota.go.id atau (0254) 200123"
    )
    assert blocking(scan(corpus.pdf([page]), "a.pdf")) == []
