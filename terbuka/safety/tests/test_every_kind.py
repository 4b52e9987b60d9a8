"""Every finding kind the model knows is found by at least one crafted file."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from terbuka.safety.models import FindingKind
from terbuka.safety.tests import corpus
from terbuka.safety.tests.corpus import text_ops
from terbuka.safety.tests.helpers import kinds, scan


def _embedded_pdf() -> bytes:
    builder = corpus.PdfBuilder()
    stream = builder.stream("rahasia", "/Type /EmbeddedFile ")
    spec = builder.add(f"<< /Type /Filespec /F (a.csv) /EF << /F {stream} 0 R >> >>")
    return builder.build(
        [text_ops("Halo")],
        catalog_extra=f"/Names << /EmbeddedFiles << /Names [(a.csv) {spec} 0 R] >> >>",
    )


def _incremental_pdf() -> bytes:
    base = corpus.pdf([text_ops("Versi pertama")])
    return corpus.incremental_update(
        base, {3: corpus.content_stream(text_ops("Versi kedua"))}, size=6
    )


def _connections_xlsx() -> bytes:
    connections = (
        b'<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<connection id="1" name="SIMPEG" type="1"><dbPr connection="DSN=simpeg;UID=sa"/>'
        b"</connection></connections>"
    )
    return corpus.rezip(corpus.clean_xlsx(), add={"xl/connections.xml": connections})


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    FindingKind.HIDDEN_SHEET: (lambda: corpus.xlsx(hidden_sheet=True), "a.xlsx"),
    FindingKind.VERY_HIDDEN_SHEET: (lambda: corpus.xlsx(very_hidden_sheet=True), "a.xlsx"),
    FindingKind.HIDDEN_ROWS: (lambda: corpus.xlsx(hidden_rows=2), "a.xlsx"),
    FindingKind.HIDDEN_COLUMNS: (lambda: corpus.xlsx(hidden_columns=True), "a.xlsx"),
    FindingKind.PIVOT_CACHE: (lambda: corpus.with_pivot_cache(corpus.clean_xlsx()), "a.xlsx"),
    FindingKind.DEFINED_NAMES: (lambda: corpus.xlsx(names={"N": "Realisasi!$A$1"}), "a.xlsx"),
    FindingKind.EXTERNAL_LINKS: (_connections_xlsx, "a.xlsx"),
    FindingKind.DATA_MODEL: (lambda: corpus.with_data_model(corpus.clean_xlsx()), "a.xlsx"),
    FindingKind.COMMENTS: (lambda: corpus.docx(comments=["cek"]), "a.docx"),
    FindingKind.MACROS: (lambda: corpus.with_macros(corpus.clean_xlsx(), as_xlsm=True), "a.xlsm"),
    FindingKind.TRACKED_CHANGES: (
        lambda: corpus.docx(
            '<w:p><w:del w:id="1" w:author="B"><w:r><w:delText>x</w:delText></w:r></w:del></w:p>'
        ),
        "a.docx",
    ),
    FindingKind.HIDDEN_TEXT: (lambda: corpus.docx(corpus.paragraph("x", hidden=True)), "a.docx"),
    FindingKind.AUTHOR_METADATA: (lambda: corpus.docx(creator="Budi"), "a.docx"),
    FindingKind.PDF_METADATA: (lambda: corpus.pdf(info={"Author": "Budi"}), "a.pdf"),
    FindingKind.PDF_ANNOTATIONS: (
        lambda: corpus.pdf(
            annotations={0: ["<< /Type /Annot /Subtype /Text /Rect [1 1 9 9] /Contents (x) >>"]}
        ),
        "a.pdf",
    ),
    FindingKind.EMBEDDED_FILES: (_embedded_pdf, "a.pdf"),
    FindingKind.INVISIBLE_TEXT: (lambda: corpus.pdf([text_ops("rahasia", mode=3)]), "a.pdf"),
    FindingKind.TEXT_UNDER_BOX: (
        lambda: corpus.pdf([text_ops("Nama Siti") + "0 g 70 695 80 20 re f\n"]),
        "a.pdf",
    ),
    FindingKind.INCREMENTAL_UPDATES: (_incremental_pdf, "a.pdf"),
    FindingKind.EXIF: (lambda: corpus.jpeg(gps=False), "a.jpg"),
    FindingKind.GPS: (corpus.jpeg, "a.jpg"),
    FindingKind.NIK: (lambda: f"NIK,{corpus.NIK}\n".encode(), "a.csv"),
    FindingKind.PHONE: (lambda: b"hp: 0812-3456-7890\n", "a.txt"),
    FindingKind.EMAIL: (lambda: b"surel: budi.santoso@gmail.com\n", "a.txt"),
    FindingKind.NPWP: (lambda: b"NPWP 01.234.567.8-901.000\n", "a.txt"),
    FindingKind.UNREADABLE: (lambda: b"%PDF-1.7\nrusak", "a.pdf"),
}


def test_every_kind_has_a_case() -> None:
    assert set(CASES) == set(FindingKind.values)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_kind_is_found(kind: str) -> None:
    build, filename = CASES[kind]
    assert kind in kinds(scan(build(), filename))
