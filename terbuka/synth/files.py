"""Files of the synthetic world, written straight into the private storage.

Every synthetic file lives under `sintetis/<kind>/` of the storage its readers use (the model
field's storage for DIP versions, budget files and monev evidence; `accounts.services`'
private storage for KTP scans and powers of attorney: all the "private" storage), in folders of
at most 1,000 files, so removing the world removes four folders. On the local file
system a file is one `open`/`write` (no `Storage.save` name checks); other backends (S3) get
`Storage.save` under the same name.

The PDFs are hand-built one-page PDF 1.4 files in Helvetica with the given lines (about 2 KB
for a 1 KB document), readable by pypdf and any viewer; the scans are one small grey PNG.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models import FileField

ROOT = "sintetis"
PER_FOLDER = 1000
LINE_CHARS = 90
_PDF_ESCAPES = str.maketrans({"\\": "\\\\", "(": "\\(", ")": "\\)", "\r": " ", "\n": " "})


def storage_for(kind: str) -> Storage:
    """The storage the app reads a kind of file from: the model field's own (evaluated when
    the model was loaded), or the accounts' private storage for identity documents."""
    from terbuka.accounts.services import private_storage
    from terbuka.budget.models import BudgetImport
    from terbuka.monev.models import Evidence
    from terbuka.registry.models import DocumentVersion

    fields = {"registry": DocumentVersion, "budget": BudgetImport, "monev": Evidence}
    if kind in fields:
        field = fields[kind]._meta.get_field("file")
        if not isinstance(field, FileField):
            raise TypeError(f"{field} is not a file field")
        return field.storage
    if kind == "identity":
        return private_storage()
    raise ValueError(kind)


KINDS = ("registry", "budget", "monev", "identity")


def name_for(kind: str, pk: int, suffix: str) -> str:
    """The storage name of a synthetic file: `sintetis/<kind>/<folder>/<pk><suffix>`."""
    return f"{ROOT}/{kind}/{pk // PER_FOLDER:05d}/{pk}{suffix}"


def shared_name(kind: str, key: str, suffix: str) -> str:
    """The storage name of a file shared by many rows: `sintetis/<kind>/shared/<key><suffix>`."""
    return f"{ROOT}/{kind}/shared/{key}{suffix}"


class Writer:
    """Writes files, counting them and their bytes; `enabled=False` writes nothing."""

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled
        self.files = 0
        self.bytes = 0
        self._storages = {kind: storage_for(kind) for kind in KINDS}
        self._folders: set[str] = set()

    def write(self, name: str, data: bytes) -> None:
        """Store `data` under `name` (`sintetis/<kind>/...`) in the storage of its kind."""
        if not self.enabled:
            return
        store = self._storages[name.split("/", 2)[1]]
        if isinstance(store, FileSystemStorage):
            path = store.path(name)
            folder = os.path.dirname(path)
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            mode = store.file_permissions_mode or 0o640
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            store.delete(name)
            saved = store.save(name, ContentFile(data))
            if saved != name:
                raise RuntimeError(f"storage renamed {name} to {saved}")
        self.files += 1
        self.bytes += len(data)


def remove_all() -> None:
    """Remove every synthetic file (`sintetis/<kind>/` of each kind's storage)."""
    for kind in KINDS:
        _remove_folder(storage_for(kind), f"{ROOT}/{kind}")


def _remove_folder(store: Storage, root: str) -> None:
    if isinstance(store, FileSystemStorage):
        shutil.rmtree(store.path(root), ignore_errors=True)
        return
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            folders, names = store.listdir(folder)
        except FileNotFoundError:
            continue
        for name in names:
            store.delete(f"{folder}/{name}")
        pending += [f"{folder}/{sub}" for sub in folders]


def wrap(text: str, width: int = LINE_CHARS) -> list[str]:
    """Lines of at most `width` characters, broken at spaces where there is one."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        while len(paragraph) > width:
            cut = paragraph.rfind(" ", 0, width + 1)
            if cut <= 0:
                cut = width
            lines.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        lines.append(paragraph)
    return lines


def pdf(title: str, lines: Sequence[str]) -> bytes:
    """A one-page PDF with a bold title and the lines (WinAnsi text; others become '?')."""
    show = " ".join(f"({line.translate(_PDF_ESCAPES)}) '" for line in lines)
    content = (
        f"BT /F2 13 Tf 56 790 Td ({title.translate(_PDF_ESCAPES)}) Tj /F1 10 Tf 13 TL "
        f"0 -10 Td {show} ET"
    ).encode("cp1252", "replace")
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            b"<< /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold "
            b"/Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        ]
    )


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@cache
def ktp_png() -> bytes:
    """A 86 x 54 grey PNG (a KTP card's proportions): the clear content of every scan."""
    width, height = 86, 54
    rows = b"".join(b"\x00" + bytes([200, 205, 215]) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """UTF-8 CSV with `;` (what the budget importer reads back), CRLF line ends."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
