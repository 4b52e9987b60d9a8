"""Builders of the test corpus: small files with exactly the hidden parts a test asks for.

Everything is generated here (openpyxl, zipfile, Pillow, raw PDF syntax); no file is checked in.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.workbook.defined_name import DefinedName  # type: ignore[import-untyped]
from PIL import Image

# A NIK that passes every check: Banten (36), Kota Serang (04), born 12-03-1990, serial 0001.
NIK = "3604011203900001"
PHONE = "0812-3456-7890"
BUDGET_ROWS = [
    ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 1_250_000_000, "2025-03-31"],
    ["5.1.02.01.01.0026", "Belanja Bahan Cetak", 87_500_000, "2025-06-30"],
    ["5.1.02.02.01.0003", "Honorarium Narasumber", 12_000_000, "2025-09-30"],
]


# --- Zip helpers -----------------------------------------------------------------------------


def rezip(
    data: bytes, add: dict[str, bytes] | None = None, replace: dict[str, bytes] | None = None
) -> bytes:
    """Copy a zip, replacing and adding members."""
    add = add or {}
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def make_zip(members: Iterable[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for index, (name, content) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            target.writestr(zipfile.ZipInfo(name, (2025, 1, 1, 0, 0, 0)), content, method)
    return out.getvalue()


# --- XLSX ------------------------------------------------------------------------------------


def workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def budget_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Realisasi"
    sheet.append(["Kode Rekening", "Uraian", "Anggaran (Rp)", "Tanggal"])
    for row in BUDGET_ROWS:
        sheet.append(row)
    sheet.append(["", "Jumlah", "=SUM(C2:C4)", ""])
    sheet.append(["", "Anggaran tertulis", "1.250.000.000", "31/03/2025"])
    return book


def clean_xlsx() -> bytes:
    return workbook_bytes(budget_book())


def xlsx(
    *,
    hidden_sheet: bool = False,
    very_hidden_sheet: bool = False,
    empty_hidden_sheet: bool = False,
    hidden_rows: int = 0,
    hidden_columns: bool = False,
    comments: bool = False,
    names: dict[str, str] | None = None,
    pii_cells: Iterable[str] = (),
) -> bytes:
    book = budget_book()
    sheet = book.active
    for value in pii_cells:
        sheet.append(["", value])
    if hidden_sheet:
        secret = book.create_sheet("Data Pegawai")
        secret.append(["Nama", "NIK", "Telepon"])
        secret.append(["Siti Aminah", NIK, PHONE])
        secret.sheet_state = "hidden"
    if very_hidden_sheet:
        secret = book.create_sheet("Rahasia")
        secret.append(["Catatan", "Gaji pokok"])
        secret.sheet_state = "veryHidden"
    if empty_hidden_sheet:
        book.create_sheet("Kosong").sheet_state = "hidden"
    for offset in range(hidden_rows):
        row = 20 + offset
        sheet.cell(row=row, column=2, value=f"Baris tersembunyi {offset}")
        sheet.row_dimensions[row].hidden = True
    if hidden_columns:
        sheet["F1"] = "Catatan internal"
        sheet["F2"] = "Jangan dirilis"
        sheet.column_dimensions["F"].hidden = True
    if comments:
        sheet["B2"].comment = Comment("Dicek oleh Budi, hubungi 0813-9876-5432", "Budi")
    for name, ref in (names or {}).items():
        book.defined_names[name] = DefinedName(name, attr_text=ref)
    return workbook_bytes(book)


PIVOT_DEFINITION = b"""<?xml version="1.0" encoding="UTF-8"?>
<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"
 recordCount="2"><cacheSource type="worksheet"><worksheetSource ref="A1:C3" sheet="Data Warga"/>
</cacheSource><cacheFields count="2"><cacheField name="Nama"><sharedItems>
<s v="Siti Aminah"/><s v="Budi Santoso"/></sharedItems></cacheField>
<cacheField name="NIK"><sharedItems><s v="3604011203900001"/><s v="3604015507850002"/>
</sharedItems></cacheField></cacheFields></pivotCacheDefinition>"""
PIVOT_RECORDS = b"""<?xml version="1.0" encoding="UTF-8"?>
<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2">
<r><x v="0"/><x v="0"/></r><r><x v="1"/><x v="1"/></r></pivotCacheRecords>"""
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def rels(*relations: tuple[str, str, str], external: bool = False) -> bytes:
    """A .rels part: (id, type suffix, target) triples."""
    mode = ' TargetMode="External"' if external else ""
    items = "".join(
        f'<Relationship Id="{rid}" Type="{REL_TYPE}{kind}" Target="{target}"{mode}/>'
        for rid, kind, target in relations
    )
    return f'<Relationships xmlns="{RELS_NS}">{items}</Relationships>'.encode()


PIVOT_RELS = rels(("rId1", "pivotCacheRecords", "pivotCacheRecords1.xml"))
EXTERNAL_LINK = b"""<?xml version="1.0" encoding="UTF-8"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<externalBook r:id="rId1"><sheetNames><sheetName val="Pegawai"/></sheetNames><sheetDataSet>
<sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>Siti Aminah</v></cell>
<cell r="B1" t="str"><v>siti.aminah@gmail.com</v></cell></row></sheetData></sheetDataSet>
</externalBook></externalLink>"""
EXTERNAL_LINK_EMPTY = b"""<?xml version="1.0" encoding="UTF-8"?>
<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<externalBook r:id="rId1"><sheetNames><sheetName val="Pegawai"/></sheetNames></externalBook>
</externalLink>"""
EXTERNAL_RELS = rels(
    ("rId1", "externalLinkPath", "file:///C:/Users/budi/Documents/Data%20Pegawai.xlsx"),
    external=True,
)


def with_pivot_cache(data: bytes) -> bytes:
    return rezip(
        data,
        add={
            "xl/pivotCache/pivotCacheDefinition1.xml": PIVOT_DEFINITION,
            "xl/pivotCache/pivotCacheRecords1.xml": PIVOT_RECORDS,
            "xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels": PIVOT_RELS,
        },
    )


def with_external_link(data: bytes, *, cached: bool = True) -> bytes:
    return rezip(
        data,
        add={
            "xl/externalLinks/externalLink1.xml": EXTERNAL_LINK if cached else EXTERNAL_LINK_EMPTY,
            "xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_RELS,
        },
    )


def with_data_model(data: bytes) -> bytes:
    return rezip(data, add={"xl/model/item.data": b"\x00PowerPivot" * 100})


def with_macros(data: bytes, *, as_xlsm: bool = False) -> bytes:
    replace = {}
    if as_xlsm:
        types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
        replace["[Content_Types].xml"] = types.replace(
            b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        )
    return rezip(data, add={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0VBA"}, replace=replace)


def with_embedded(data: bytes, folder: str = "xl/embeddings/") -> bytes:
    return rezip(data, add={folder + "Microsoft_Excel_Worksheet.xlsx": clean_xlsx()})


# --- DOCX ------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{DOCX_MAIN}"/></Types>'
).encode()
ROOT_RELS = rels(("rId1", "officeDocument", "word/document.xml"))
CORE = """<?xml version="1.0" encoding="UTF-8"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Laporan</dc:title>
<dc:creator>{creator}</dc:creator><cp:lastModifiedBy>{modified}</cp:lastModifiedBy>
<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>
</cp:coreProperties>"""


def paragraph(text: str, *, hidden: bool = False) -> str:
    props = "<w:rPr><w:vanish/></w:rPr>" if hidden else ""
    return f'<w:p><w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def docx(
    body: str = "",
    *,
    comments: Iterable[str] = (),
    creator: str = "",
    modified: str = "",
    extra: dict[str, bytes] | None = None,
    styles: str = "",
) -> bytes:
    body = body or paragraph("Laporan pelaksanaan kegiatan tahun 2025.")
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}'
        "</w:body></w:document>"
    )
    relations: list[tuple[str, str, str]] = []
    members: list[tuple[str, bytes]] = [
        ("[Content_Types].xml", DOCX_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document.encode()),
        ("docProps/core.xml", CORE.format(creator=creator, modified=modified).encode()),
    ]
    comment_list = list(comments)
    if comment_list:
        items = "".join(
            f'<w:comment w:id="{i}" w:author="Budi"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
            "</w:comment>"
            for i, text in enumerate(comment_list)
        )
        members.append(
            ("word/comments.xml", f'<w:comments xmlns:w="{W}">{items}</w:comments>'.encode())
        )
        relations.append(("rId9", "comments", "comments.xml"))
    if styles:
        members.append(("word/styles.xml", f'<w:styles xmlns:w="{W}">{styles}</w:styles>'.encode()))
        relations.append(("rId8", "styles", "styles.xml"))
    members.append(("word/_rels/document.xml.rels", rels(*relations)))
    members.extend((extra or {}).items())
    return make_zip(members)


# --- ODF -------------------------------------------------------------------------------------

ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def odf(kind: str, body: str, *, styles: str = "", creator: str = "") -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
        f"<office:automatic-styles>{styles}</office:automatic-styles>"
        f"<office:body><office:{kind}>{body}</office:{kind}></office:body>"
        "</office:document-content>"
    )
    meta = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODF_NS}><office:meta>'
        f"<meta:initial-creator>{creator}</meta:initial-creator><dc:creator>{creator}</dc:creator>"
        "<dc:title>Laporan</dc:title></office:meta></office:document-meta>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        f'manifest:media-type="{mimetype}"/></manifest:manifest>'
    )
    return make_zip(
        [
            ("mimetype", mimetype.encode()),
            ("META-INF/manifest.xml", manifest.encode()),
            ("content.xml", content.encode()),
            ("meta.xml", meta.encode()),
        ],
        stored_first=True,
    )


def ods_cell(value: str) -> str:
    return (
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
    )


def ods_row(*values: str, hidden: bool = False) -> str:
    visibility = ' table:visibility="collapse"' if hidden else ""
    return f"<table:table-row{visibility}>{''.join(ods_cell(v) for v in values)}</table:table-row>"


# --- PDF -------------------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def text_ops(text: str, x: int = 72, y: int = 700, size: int = 12, mode: int = 0) -> str:
    return f"BT /F1 {size} Tf {mode} Tr {x} {y} Td {_pdf_string(text)} Tj ET\n"


class PdfBuilder:
    """A tiny PDF writer: objects are strings, one page per content stream."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []

    def add(self, body: str | bytes) -> int:
        self.objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(self.objects)

    def stream(self, content: str | bytes, extra: str = "") -> int:
        raw = content.encode("latin-1") if isinstance(content, str) else content
        return self.add(
            f"<< /Length {len(raw)} {extra}>>\nstream\n".encode() + raw + b"\nendstream"
        )

    def build(
        self,
        pages: list[str],
        *,
        info: dict[str, str] | None = None,
        annotations: dict[int, list[str]] | None = None,
        catalog_extra: str = "",
        images: dict[int, bytes] | None = None,
    ) -> bytes:
        font = self.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
        pages_id = len(self.objects) + 1 + 0
        self.add("PAGES")  # placeholder, filled below
        kids = []
        for index, content in enumerate(pages):
            xobjects = ""
            if images and index in images:
                image = self.stream(
                    images[index],
                    "/Type /XObject /Subtype /Image /Width 1 "
                    "/Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
                )
                xobjects = f"/XObject << /Im1 {image} 0 R >>"
            contents = self.stream(content)
            annots = ""
            if annotations and index in annotations:
                refs = [self.add(a) for a in annotations[index]]
                annots = "/Annots [" + " ".join(f"{r} 0 R" for r in refs) + "]"
            kids.append(
                self.add(
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 612 792] "
                    f"/Resources << /Font << /F1 {font} 0 R >> {xobjects} >> "
                    f"/Contents {contents} 0 R {annots} >>"
                )
            )
        self.objects[pages_id - 1] = (
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>"
        ).encode()
        catalog = self.add(f"<< /Type /Catalog /Pages {pages_id} 0 R {catalog_extra} >>")
        info_id = None
        if info:
            info_id = self.add(
                "<< " + " ".join(f"/{k} {_pdf_string(v)}" for k, v in info.items()) + " >>"
            )
        return self.serialize(catalog, info_id)

    def serialize(self, catalog: int, info_id: int | None) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        for offset in offsets:
            out += f"{offset:010d} 00000 n \n".encode()
        info = f"/Info {info_id} 0 R " if info_id else ""
        out += (
            f"trailer\n<< /Size {len(self.objects) + 1} /Root {catalog} 0 R {info}>>\n"
            f"startxref\n{xref}\n%%EOF\n"
        ).encode()
        return bytes(out)


def pdf(pages: list[str] | None = None, **options: Any) -> bytes:
    return PdfBuilder().build(pages or [text_ops("Laporan realisasi anggaran 2025.")], **options)


def incremental_update(data: bytes, replacements: dict[int, str], *, size: int) -> bytes:
    """Append a revision that redefines objects (e.g. a page's content stream)."""
    start = data.rfind(b"startxref")
    previous = int(data[start:].split()[1])
    root = data[data.rfind(b"/Root") :].split()[1].decode()
    out = bytearray(data)
    offsets = {}
    for number, body in replacements.items():
        offsets[number] = len(out)
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += b"xref\n"
    for number, offset in sorted(offsets.items()):
        out += f"{number} 1\n{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {size} /Root {root} 0 R /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def content_stream(content: str) -> str:
    return f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream"


# --- Images ----------------------------------------------------------------------------------


def jpeg(*, exif: bool = True, gps: bool = True, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    image.paste((20, 20, 200), (0, 0, 20, 15))
    tags = Image.Exif()
    if exif:
        tags[0x010F] = "Canon"
        tags[0x0110] = "EOS 2000D"
        tags[0x0131] = "Adobe Photoshop"
    if orientation is not None:
        tags[0x0112] = orientation
    if gps:
        tags.get_ifd(0x8825).update({1: "S", 2: (6.0, 7.0, 8.5), 3: "E", 4: (106.0, 9.0, 1.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=tags.tobytes(), quality=90, comment=b"dibuat oleh Budi")
    return out.getvalue()


def png(*, text: bool = False) -> bytes:
    from PIL import PngImagePlugin

    image = Image.new("RGB", (32, 16), (10, 120, 10))
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Author", "Budi Santoso")
        info.add_text("Comment", "lokasi rumah")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()
