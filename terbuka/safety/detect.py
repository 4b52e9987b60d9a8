"""What an uploaded file really is, decided by its content and checked against its name.

Magic bytes come from `filetype`; zip-based office files are told apart by their
`[Content_Types].xml` (OOXML) or `mimetype` member (ODF); text is accepted only when it decodes
cleanly and is not markup. Anything else is refused (`file_type_not_allowed`), and a name whose
extension disagrees with the content is refused too (`file_type_mismatch`). Legacy `.xls`/`.doc`
files are refused with a request for XLSX/DOCX: no reader for them is installed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException, ElementTree  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from terbuka.core.exceptions import ValidationError


@dataclass(frozen=True)
class Detected:
    """The type of a file, decided by its content."""

    kind: str
    content_type: str
    extension: str


# kind -> (content type, canonical extension, label shown to officers)
KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("application/pdf", ".pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
        "DOCX",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "XLSX"),
    "xlsm": ("application/vnd.ms-excel.sheet.macroEnabled.12", ".xlsm", "XLSM"),
    "odt": ("application/vnd.oasis.opendocument.text", ".odt", "ODT"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ".ods", "ODS"),
    "csv": ("text/csv", ".csv", "CSV"),
    "txt": ("text/plain", ".txt", "TXT"),
    "jpeg": ("image/jpeg", ".jpg", "JPEG"),
    "png": ("image/png", ".png", "PNG"),
    "webp": ("image/webp", ".webp", "WebP"),
}
EXTENSIONS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".odt": "odt",
    ".ods": "ods",
    ".csv": "csv",
    ".txt": "txt",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".webp": "webp",
}
ZIP_KINDS = frozenset({"docx", "xlsx", "xlsm", "odt", "ods"})
TEXT_KINDS = frozenset({"csv", "txt"})
IMAGE_KINDS = frozenset({"jpeg", "png", "webp"})

# The main part's content type in [Content_Types].xml -> kind (None: a known type we refuse).
_OOXML_MAIN: dict[str, tuple[str | None, str]] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx",
        "DOCX",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": ("xlsx", "XLSX"),
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": ("xlsm", "XLSM"),
    "application/vnd.ms-word.document.macroEnabled.main+xml": (None, "DOCM"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        None,
        "DOTX",
    ),
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml": (None, "DOTM"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": (
        None,
        "XLTX",
    ),
    "application/vnd.ms-excel.template.macroEnabled.main+xml": (None, "XLTM"),
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": (None, "XLSB"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        None,
        "PPTX",
    ),
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": (None, "PPTM"),
}
_ODF_MIMETYPES: dict[str, str] = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_CFB_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|style|"
    rb"xsl|math|a\s|img\s|form\b)",
    re.IGNORECASE,
)
_SMALL_MEMBER = 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def allowed_labels() -> str:
    """The allowed types as officers know them, e.g. "PDF, DOCX, XLSX, …"."""
    return ", ".join(label for _ct, _ext, label in KINDS.values())


def detected_for(kind: str) -> Detected:
    content_type, extension, _label = KINDS[kind]
    return Detected(kind=kind, content_type=content_type, extension=extension)


def decode_text(data: bytes) -> str | None:
    """Decode text (UTF-8, UTF-16 with BOM, then cp1252); None when it looks binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    elif b"\x00" in data:
        return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                text = data.decode("latin-1")
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    if sample and controls * 100 > len(sample):
        return None
    return text


def _extension(filename: str) -> str:
    name = PureWindowsPath(PurePosixPath(filename or "").name).name
    return PurePosixPath(name).suffix.lower() if "." in name.strip(".") else ""


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    info = archive.getinfo(name)
    if info.file_size > _SMALL_MEMBER or info.flag_bits & 0x1:
        return None
    with archive.open(info) as handle:
        return handle.read(_SMALL_MEMBER + 1)[:_SMALL_MEMBER]


def _sniff_zip(data: bytes) -> tuple[str | None, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "mimetype" in names:
            raw = _read_small(archive, "mimetype") or b""
            mimetype = raw.decode("ascii", "replace").strip()
            kind = _ODF_MIMETYPES.get(mimetype)
            return kind, KINDS[kind][2] if kind else f"ODF ({mimetype[:60] or '?'})"
        if "[Content_Types].xml" in names:
            types = _read_small(archive, "[Content_Types].xml")
            if types is None:
                return None, "OOXML"
            root = ElementTree.fromstring(types)
            for element in root:
                kind_label = _OOXML_MAIN.get(element.get("ContentType", ""))
                if kind_label is not None:
                    return kind_label
            return None, "OOXML"
    except (SyntaxError, DefusedXmlException):  # XML syntax errors, DTDs and entities
        return None, "OOXML"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, KeyError):
        return None, "ZIP"
    return None, "ZIP"


def _sniff(data: bytes) -> tuple[str | None, str]:
    """(kind, label) from the content; kind None means not allowed."""
    if not data:
        return None, _("berkas kosong")
    if data.startswith(b"%PDF-"):
        return "pdf", "PDF"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg", "JPEG"
    if data.startswith(_PNG_SIGNATURE):
        return "png", "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp", "WebP"
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(data)
    guess = filetype.guess(data)
    if data.startswith(_CFB_SIGNATURE):
        return None, str(guess.extension).upper() if guess is not None else "OLE"
    if decode_text(data) is not None:
        head = data[:8192]
        if _MARKUP.search(head) or head.lstrip().startswith(b"<"):
            return None, "HTML/XML/SVG"
        return "text", _("teks")
    if guess is not None:
        return None, str(guess.extension).upper()
    return None, _("tidak dikenal")


def _not_allowed(label: str) -> ValidationError:
    if label in {"XLS", "DOC", "PPT"}:
        message = _(
            "Berkas %(detected)s (format Office lama) tidak diterima. Simpan ulang sebagai "
            "XLSX, DOCX atau PDF lalu unggah kembali."
        ) % {"detected": label}
    else:
        message = _(
            "Jenis berkas %(detected)s tidak diizinkan. Jenis yang diizinkan: %(allowed)s."
        ) % {"detected": label, "allowed": allowed_labels()}
    return ValidationError(
        message, code="file_type_not_allowed", detected=label, allowed=list(KINDS)
    )


def detect_type(data: bytes, filename: str) -> Detected:
    """Detect the type by content; raise ValidationError when refused or misnamed."""
    kind, label = _sniff(data)
    if kind is None:
        raise _not_allowed(label)
    extension = _extension(filename)
    if kind == "text":
        if extension in ("", ".txt"):
            return detected_for("txt")
        if extension == ".csv":
            return detected_for("csv")
        if extension not in EXTENSIONS:
            raise _not_allowed(extension)
    elif not extension or EXTENSIONS.get(extension) == kind:
        return detected_for(kind)
    raise ValidationError(
        _(
            "Isi berkas adalah %(detected)s, tetapi namanya berakhiran %(extension)s. Unggah "
            "berkas yang benar atau beri nama dengan ekstensi yang sesuai isinya."
        )
        % {"detected": label, "extension": extension},
        code="file_type_mismatch",
        detected=label,
        extension=extension,
    )
