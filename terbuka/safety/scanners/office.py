"""Checks shared by OOXML and ODF packages: author metadata, macros and embedded objects."""

from __future__ import annotations

import posixpath
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _

from terbuka.safety.models import FindingKind
from terbuka.safety.scanners.archive import Archive, Unreadable, local
from terbuka.safety.scanners.base import BLOCKING, INFO, Report
from terbuka.safety.scanners.strip import OFFICE_AUTHOR_PARTS, office_author_fields, office_signed


def author_metadata(archive: Archive, report: Report) -> None:
    """Author fields in docProps/core.xml, docProps/app.xml or meta.xml (INFO when stripped)."""
    fields: list[str] = []
    for part in OFFICE_AUTHOR_PARTS:
        if archive.has(part):
            try:
                fields.extend(office_author_fields(archive.read(part), part))
            except Unreadable:
                continue
    if not fields:
        return
    values = {"fields": ", ".join(dict.fromkeys(fields))}
    if office_signed(archive.names):
        report.add(
            FindingKind.AUTHOR_METADATA,
            _(
                "Metadata penulis (%(fields)s) tidak dapat dihapus otomatis karena berkas "
                "ditandatangani. Periksa apakah nama tersebut boleh dirilis."
            )
            % values,
            severity=BLOCKING,
        )
        return
    report.add(
        FindingKind.AUTHOR_METADATA,
        _("Metadata penulis (%(fields)s) akan dihapus otomatis saat publikasi.") % values,
        severity=INFO,
    )


def macros(archive: Archive, report: Report) -> None:
    found = [
        name
        for name in archive.names
        if name.lower().endswith("vbaproject.bin")
        or (name.startswith(("Basic/", "Scripts/")) and not name.endswith("/"))
    ]
    if found:
        report.add(
            FindingKind.MACROS,
            _(
                "Berkas memuat makro (%(name)s). Makro dapat berisi kode dan data tersembunyi; "
                "simpan ulang tanpa makro (mis. sebagai .xlsx atau .docx)."
            )
            % {"name": found[0]},
            location=found[0],
            count=len(found),
        )


def embedded_objects(archive: Archive, report: Report, folders: tuple[str, ...]) -> None:
    """OLE objects and embedded workbooks (e.g. the full data behind a chart in a DOCX)."""
    found = [name for name in archive.names if name.startswith(folders) and not name.endswith("/")]
    if found:
        report.add(
            FindingKind.EMBEDDED_FILES,
            _(
                'Berkas memuat %(count)d objek tersemat (mis. "%(name)s"). Objek tersemat, '
                "seperti lembar kerja sumber sebuah grafik, ikut terunduh tetapi tidak "
                "diperiksa; hapus atau ganti dengan gambar."
            )
            % {"count": len(found), "name": posixpath.basename(found[0])},
            location=found[0],
            count=len(found),
        )


def odf_embedded_objects(archive: Archive, report: Report) -> None:
    """ODF sub-documents other than charts ("Object 1/" with a non-chart media type)."""
    if not archive.has("META-INF/manifest.xml"):
        return
    try:
        manifest = archive.xml("META-INF/manifest.xml")
    except Unreadable:
        return
    found: list[str] = []
    for entry in manifest:
        attributes = {local(key): value for key, value in entry.attrib.items()}
        path = attributes.get("full-path", "")
        media = attributes.get("media-type", "")
        if path.startswith("Object") and path.endswith("/") and "chart" not in media:
            found.append(path.rstrip("/"))
        elif path.startswith("Object") and not path.endswith("/") and "/" not in path:
            found.append(path)  # an OLE object stored as a single member
    if found:
        report.add(
            FindingKind.EMBEDDED_FILES,
            _(
                'Berkas memuat %(count)d objek tersemat (mis. "%(name)s") yang ikut terunduh '
                "tetapi tidak diperiksa; hapus atau ganti dengan gambar."
            )
            % {"count": len(found), "name": found[0]},
            location=found[0],
            count=len(found),
        )


def duplicate_members(archive: Archive, report: Report) -> bool:
    """Two members with one name: programs disagree on which one counts, so we refuse to guess."""
    if archive.duplicates:
        report.add(
            FindingKind.UNREADABLE,
            _(
                "Arsip berkas memuat dua anggota dengan nama yang sama; isi yang dibaca "
                "aplikasi lain bisa berbeda dari yang diperiksa. Simpan ulang berkas."
            ),
        )
    return archive.duplicates


def unreadable(report: Report, part: str) -> None:
    report.add(
        FindingKind.UNREADABLE,
        _("Bagian berkas %(part)s rusak atau tidak dapat dibaca, sehingga tidak dapat diperiksa.")
        % {"part": part[:100]},
        location=part[:200],
    )


def attributes(element: Element) -> dict[str, str]:
    """Attributes by local name (ODF attributes are namespaced)."""
    return {local(key): value for key, value in element.attrib.items()}
