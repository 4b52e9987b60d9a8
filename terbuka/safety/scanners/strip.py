"""Remove metadata where that is safe; otherwise give the bytes back unchanged.

- JPEG, PNG, WebP: segment/chunk surgery, so pixels stay bit-identical (re-encoding a JPEG
  loses quality each time and is not idempotent). EXIF (with GPS and thumbnails), XMP, IPTC,
  comments, PNG text chunks and data after the image end are dropped; ICC profiles, JFIF and
  Adobe segments are kept. An EXIF orientation other than 1 is kept as a minimal EXIF block
  holding only that tag, so the picture is not shown rotated.
- PDF: /Info keeps only Title, Subject, Keywords, dates and Trapped; the XMP stream and
  /PieceInfo (application private data) go; pypdf writes a fresh file, which also drops earlier
  revisions. Encrypted or signed PDFs are left alone (rewriting breaks the signature).
- DOCX, XLSX, XLSM, ODT, ODS: the author fields of docProps/core.xml and docProps/app.xml
  (meta.xml for ODF) are blanked; every other member keeps its exact content, name, order,
  date and compression method. Signed packages are left alone.
- CSV, TXT: unchanged.

Every function returns its input when there is nothing to remove, so strip(strip(x)) ==
strip(x), and the output depends only on the input.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from defusedxml import ElementTree  # type: ignore[import-untyped]

from terbuka.safety.scanners.archive import check_archive

if TYPE_CHECKING:
    from pypdf import PdfReader

# Pillow and pypdf are imported where they are used: together they cost a web worker about a
# second of start-up, and only uploads and releases need them.

ORIENTATION_TAG = 0x0112
PDF_KEEP_INFO = frozenset(
    {"/Title", "/Subject", "/Keywords", "/CreationDate", "/ModDate", "/Trapped"}
)
OFFICE_AUTHOR_PARTS: dict[str, tuple[str, ...]] = {
    "docProps/core.xml": ("creator", "lastModifiedBy"),
    "docProps/app.xml": ("Company", "Manager"),
    "meta.xml": ("initial-creator", "creator", "printed-by"),
}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_DROP = frozenset({b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"})
_JPEG_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")


def strip_bytes(data: bytes, kind: str) -> bytes:
    """Cleaned bytes for `kind` (a Detected.kind), or `data` itself when unsafe or unneeded."""
    strippers: dict[str, Callable[[bytes], bytes]] = {
        "jpeg": strip_jpeg,
        "png": strip_png,
        "webp": strip_webp,
        "pdf": strip_pdf,
        "docx": strip_office,
        "xlsx": strip_office,
        "xlsm": strip_office,
        "odt": strip_office,
        "ods": strip_office,
    }
    stripper = strippers.get(kind)
    if stripper is None:
        return data
    try:
        cleaned = stripper(data)
    except Exception:  # a file we cannot rewrite safely is released as scanned
        return data
    return cleaned


# --- Images ----------------------------------------------------------------------------------


def image_orientation(data: bytes) -> int:
    """The EXIF orientation (1 when absent or unreadable)."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            value = image.getexif().get(ORIENTATION_TAG, 1)
    except Exception:
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _orientation_tiff(orientation: int) -> bytes:
    """A TIFF/EXIF block holding only the orientation tag (without the 'Exif' header)."""
    from PIL import Image

    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    payload = exif.tobytes()
    return payload[6:] if payload.startswith(b"Exif\x00\x00") else payload


def _keep_jpeg_segment(marker: int, segment: bytes) -> bool:
    body = segment[4:]
    if marker == 0xE0:
        return body.startswith((b"JFIF\x00", b"JFXX\x00"))
    if marker == 0xE2:
        return body.startswith(b"ICC_PROFILE\x00")
    if marker == 0xEE:
        return body.startswith(b"Adobe")
    return not (0xE1 <= marker <= 0xEF or marker == 0xFE)


def strip_jpeg(data: bytes) -> bytes:
    if not data.startswith(b"\xff\xd8"):
        return data
    orientation = image_orientation(data)
    out: list[bytes] = [b"\xff\xd8"]
    insert_at = 1
    pos = 2
    size = len(data)
    while pos < size:
        if data[pos] != 0xFF:
            raise ValueError("JPEG marker expected")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:  # end of image: anything after it is dropped
            break
        if marker == 0x01 or 0xD0 <= marker <= 0xD7:
            out.append(data[pos : pos + 2])
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            raise ValueError("bad JPEG segment")
        segment = data[pos : pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next real marker
            found = _JPEG_MARKER.search(data, pos)
            end = found.start() if found else size
            out.append(segment + data[pos:end])
            pos = end
            continue
        if _keep_jpeg_segment(marker, segment):
            out.append(segment)
            if marker == 0xE0 and insert_at == 1:
                insert_at = len(out)
    if orientation != 1:
        payload = b"Exif\x00\x00" + _orientation_tiff(orientation)
        out.insert(insert_at, b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload)
    out.append(b"\xff\xd9")
    cleaned = b"".join(out)
    return data if cleaned == data else cleaned


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return len(body).to_bytes(4, "big") + kind + body + crc.to_bytes(4, "big")


def strip_png(data: bytes) -> bytes:
    if not data.startswith(_PNG_SIGNATURE):
        return data
    orientation = image_orientation(data)
    out: list[bytes] = [_PNG_SIGNATURE]
    pos = len(_PNG_SIGNATURE)
    inserted = orientation == 1
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        chunk = data[pos : pos + 12 + length]
        if len(chunk) != 12 + length:
            raise ValueError("truncated PNG chunk")
        pos += 12 + length
        if kind == b"IDAT" and not inserted:
            out.append(_png_chunk(b"eXIf", _orientation_tiff(orientation)))
            inserted = True
        if kind not in _PNG_DROP:
            out.append(chunk)
        if kind == b"IEND":
            break
    cleaned = b"".join(out)
    return data if cleaned == data else cleaned


def strip_webp(data: bytes) -> bytes:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return data
    orientation = image_orientation(data)
    chunks: list[tuple[bytes, bytes]] = []
    pos = 12
    end = min(len(data), 8 + int.from_bytes(data[4:8], "little"))
    while pos + 8 <= end:
        fourcc = data[pos : pos + 4]
        length = int.from_bytes(data[pos + 4 : pos + 8], "little")
        body = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
        if fourcc not in (b"EXIF", b"XMP "):
            chunks.append((fourcc, body))
    has_vp8x = any(fourcc == b"VP8X" for fourcc, _body in chunks)
    if orientation != 1 and has_vp8x:
        chunks.append((b"EXIF", _orientation_tiff(orientation)))
    out: list[bytes] = []
    for fourcc, body in chunks:
        if fourcc == b"VP8X" and body:
            flags = body[0] & ~0x0C
            if orientation != 1:
                flags |= 0x08
            body = bytes([flags]) + body[1:]
        out.append(fourcc + len(body).to_bytes(4, "little") + body + b"\x00" * (len(body) & 1))
    payload = b"WEBP" + b"".join(out)
    cleaned = b"RIFF" + len(payload).to_bytes(4, "little") + payload
    return data if cleaned == data else cleaned


# --- PDF -------------------------------------------------------------------------------------


def pdf_is_signed(reader: PdfReader) -> bool:
    """True when the document carries a signature field (rewriting would break it)."""
    from pypdf.generic import DictionaryObject

    root = reader.root_object
    acroform = root.get("/AcroForm")
    if acroform is None:
        return False
    acroform = acroform.get_object()
    if int(acroform.get("/SigFlags", 0) or 0) & 1:
        return True
    stack = list(acroform.get("/Fields", []) or [])
    seen = 0
    while stack and seen < 10_000:
        seen += 1
        field = stack.pop().get_object()
        if not isinstance(field, DictionaryObject):
            continue
        if field.get("/FT") == "/Sig":
            return True
        stack.extend(field.get("/Kids", []) or [])
    return False


def pdf_strippable(reader: PdfReader) -> bool:
    """Whether strip_pdf rewrites this document (not encrypted, not signed)."""
    return not reader.is_encrypted and not pdf_is_signed(reader)


def _pdf_has_strippable(reader: PdfReader, data: bytes) -> bool:
    info: dict[str, Any] = dict(reader.metadata or {})
    if any(key not in PDF_KEEP_INFO for key in info):
        return True
    root = reader.root_object
    if "/Metadata" in root or "/PieceInfo" in root:
        return True
    if any("/PieceInfo" in page or "/Metadata" in page for page in reader.pages):
        return True
    return revision_count(data) > 1


_REVISION_END = re.compile(rb"startxref\s+(\d+)\s+%%EOF")


def revision_ends(data: bytes) -> list[int]:
    """Offsets just after each revision's %%EOF (a linearized file's first section excluded)."""
    ends = [m.end() for m in _REVISION_END.finditer(data) if int(m.group(1)) > 0]
    if len(ends) > 1 and b"/Linearized" in data[:1024]:
        first = next(_REVISION_END.finditer(data))
        if first.end() == ends[0] and first.end() < len(data) // 2:
            ends = ends[1:]
    return ends


def revision_count(data: bytes) -> int:
    return max(1, len(revision_ends(data)))


def strip_pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(io.BytesIO(data))
    if not pdf_strippable(reader) or not _pdf_has_strippable(reader, data):
        return data
    kept = {key: value for key, value in (reader.metadata or {}).items() if key in PDF_KEEP_INFO}
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    if kept:
        writer.add_metadata(kept)
    root = writer._root_object
    for key in ("/Metadata", "/PieceInfo"):
        if key in root:
            del root[key]
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if key in page:
                del page[key]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- Office packages -------------------------------------------------------------------------


def office_signed(names: list[str] | set[str]) -> bool:
    return any(
        name.startswith("_xmlsignatures/")
        or name in ("META-INF/documentsignatures.xml", "META-INF/macrosignatures.xml")
        for name in names
    )


def _blank_elements(xml: bytes, names: tuple[str, ...]) -> bytes:
    alternatives = "|".join(re.escape(name) for name in names)
    pattern = re.compile(
        rb"(<((?:[\w.-]+:)?(?:" + alternatives.encode() + rb"))(?:\s[^>]*)?>)([^<]*)(</\2\s*>)"
    )
    return pattern.sub(
        lambda m: m.group(0) if not m.group(3).strip() else m.group(1) + m.group(4), xml
    )


def strip_office(data: bytes) -> bytes:
    archive = check_archive(data)
    infos = archive.infolist()
    names = [info.filename for info in infos]
    if office_signed(names) or len(set(names)) != len(names):
        return data
    replacements: dict[str, bytes] = {}
    for part, fields in OFFICE_AUTHOR_PARTS.items():
        if part not in names:
            continue
        original = archive.read(part)
        cleaned = _blank_elements(original, fields)
        if cleaned != original:
            ElementTree.fromstring(cleaned)  # still well-formed, or nothing is changed
            replacements[part] = cleaned
    if not replacements:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in infos:
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type = info.compress_type
            member.external_attr = info.external_attr
            member.create_system = info.create_system
            member.comment = info.comment
            content = replacements.get(info.filename)
            target.writestr(member, content if content is not None else archive.read(info))
        target.comment = archive.comment
    return out.getvalue()


def office_author_fields(xml: bytes, part: str) -> list[str]:
    """The author fields with a value in one metadata part (names, never the values)."""
    fields = OFFICE_AUTHOR_PARTS.get(part, ())
    found = []
    for name in fields:
        pattern = re.compile(
            rb"<(?:[\w.-]+:)?" + re.escape(name).encode() + rb"(?:\s[^>]*)?>([^<]*)<"
        )
        match = pattern.search(xml)
        if match and match.group(1).strip():
            found.append(name)
    return found
