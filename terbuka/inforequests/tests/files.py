"""Small real files for answer-document tests (the safety scan reads what it is given)."""

from __future__ import annotations

import io

from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    """A one-page PDF without personal data."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


NIK_CSV = b"nama;nik;kecamatan\nPenerima Uji;3673015507850001;Serang\n"
