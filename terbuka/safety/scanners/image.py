"""Images: EXIF (with GPS), XMP, comments and PNG text chunks; decompression bombs refused."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from PIL import ExifTags, Image

from terbuka.core.exceptions import ValidationError
from terbuka.safety.models import FindingKind
from terbuka.safety.scanners.base import BLOCKING, INFO, Report
from terbuka.safety.scanners.strip import ORIENTATION_TAG, strip_bytes

# Pixels an image may have: above this the file is refused as a decompression bomb.
MAX_PIXELS = 120_000_000
GPS_IFD = 0x8825
EXIF_IFD = 0x8769
# Tags that say nothing about who, where or with what: not worth a finding on their own.
TECHNICAL_TAGS = frozenset({ORIENTATION_TAG, 0x011A, 0x011B, 0x0128, 0x0213, EXIF_IFD, GPS_IFD})


def _metadata(image: Image.Image) -> tuple[list[str], bool]:
    """(names of the metadata present, whether GPS coordinates are present)."""
    exif = image.getexif()
    names = [ExifTags.TAGS.get(tag, hex(tag)) for tag in exif if tag not in TECHNICAL_TAGS]
    try:
        if exif.get_ifd(EXIF_IFD):
            names.append("Exif")
        gps = bool(exif.get_ifd(GPS_IFD))
    except (KeyError, ValueError, TypeError, OSError):
        gps = False
    info: dict[Any, Any] = image.info
    if info.get("xmp") or info.get("XML:com.adobe.xmp"):
        names.append("XMP")
    if info.get("comment"):
        names.append(_("komentar"))
    if info.get("photoshop"):
        names.append("IPTC")
    text_chunks = getattr(image, "text", None)
    if isinstance(text_chunks, dict):
        names.extend(str(key) for key in text_chunks if key != "XML:com.adobe.xmp")
    return names, gps


def scan_image(data: bytes, kind: str, report: Report) -> None:
    """Report image metadata; INFO when strip_metadata removes it, BLOCKING otherwise."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels(width, height)
            names, gps = _metadata(image)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(0, 0) from exc
    except (OSError, SyntaxError, ValueError, EOFError):
        report.add(
            FindingKind.UNREADABLE,
            _("Gambar rusak atau tidak dapat dibaca, sehingga tidak dapat diperiksa."),
        )
        return
    if not names and not gps:
        return
    stripped = strip_bytes(data, kind)
    removed = stripped is not data
    if removed:
        with Image.open(io.BytesIO(stripped)) as image:
            left, left_gps = _metadata(image)
        removed = not left and not left_gps
    fields = ", ".join(dict.fromkeys(names))[:200]
    if names:
        report.add(
            FindingKind.EXIF,
            (
                _("Gambar memuat metadata (%(fields)s) yang akan dihapus otomatis saat publikasi.")
                if removed
                else _(
                    "Gambar memuat metadata (%(fields)s) yang tidak dapat dihapus otomatis. "
                    "Simpan ulang gambar tanpa metadata lalu unggah kembali."
                )
            )
            % {"fields": fields},
            severity=INFO if removed else BLOCKING,
        )
    if gps:
        report.add(
            FindingKind.GPS,
            _(
                "Gambar memuat koordinat GPS lokasi pemotretan; koordinat akan dihapus "
                "otomatis saat publikasi."
            )
            if removed
            else _(
                "Gambar memuat koordinat GPS lokasi pemotretan yang tidak dapat dihapus "
                "otomatis. Hapus lokasi dari foto lalu unggah kembali."
            ),
            severity=INFO if removed else BLOCKING,
        )


def _too_many_pixels(width: int, height: int) -> ValidationError:
    return ValidationError(
        _(
            "Gambar ditolak karena ukurannya terlalu besar (%(megapixels)d megapiksel; paling "
            "banyak %(limit)d megapiksel)."
        )
        % {"megapixels": width * height // 1_000_000, "limit": MAX_PIXELS // 1_000_000},
        code="archive_bomb",
    )
