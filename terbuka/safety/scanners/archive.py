"""Zip containers (OOXML, ODF): the archive-bomb guard, bounded reads and safe XML parsing.

The guard reads only the central directory (declared sizes) before anything is decompressed;
every read afterwards goes through a reader that stops at the member's declared size and at
the archive's total budget, so a lying header cannot make us inflate more than was declared.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Protocol
from xml.etree.ElementTree import Element
from xml.parsers import expat

from defusedxml import DefusedXmlException, ElementTree  # type: ignore[import-untyped]
from django.utils.translation import gettext as _

from terbuka.core.exceptions import ValidationError

# ASVS 5.2.3: the uncompressed size, the compression ratio and the number of members.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
MAX_MEMBERS = 10_000
# Ratios are judged only on members (and archives) at least this large once inflated: a small
# part of repetitive XML compresses beyond 100:1 and harms no one.
RATIO_MIN_BYTES = 1024 * 1024
_CHUNK = 64 * 1024

XmlError = (SyntaxError, DefusedXmlException)


class Unreadable(Exception):
    """A member is missing, encrypted or malformed: the scan reports the file as unreadable."""


def _bomb(reason: str, **details: Any) -> ValidationError:
    return ValidationError(
        _(
            "Berkas ditolak karena berpotensi sebagai bom arsip (%(reason)s). Simpan ulang "
            "berkas secara normal lalu unggah kembali."
        )
        % {"reason": reason},
        code="archive_bomb",
        **details,
    )


def check_archive(data: bytes) -> zipfile.ZipFile:
    """Open a zip after checking its declared sizes; raise ValidationError `archive_bomb`."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise Unreadable(str(exc)) from exc
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _bomb(
            _("%(count)d anggota arsip, batas %(limit)d")
            % {"count": len(infos), "limit": MAX_MEMBERS},
            members=len(infos),
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise _bomb(
            _("ukuran setelah diekstrak %(size)d MB, batas %(limit)d MB")
            % {"size": total // (1024 * 1024), "limit": MAX_TOTAL_UNCOMPRESSED // (1024 * 1024)},
            uncompressed=total,
        )
    compressed = max(1, sum(info.compress_size for info in infos))
    worst = max(
        (info for info in infos if info.file_size >= RATIO_MIN_BYTES),
        key=lambda info: info.file_size / max(1, info.compress_size),
        default=None,
    )
    ratio = total / compressed
    if worst is not None:
        ratio = max(ratio, worst.file_size / max(1, worst.compress_size))
    if total >= RATIO_MIN_BYTES and ratio > MAX_RATIO:
        raise _bomb(
            _("rasio kompresi %(ratio)d:1, batas %(limit)d:1")
            % {"ratio": int(ratio), "limit": MAX_RATIO},
            ratio=int(ratio),
        )
    return archive


class XmlHandler(Protocol):
    """Callbacks of a streaming parse; tags are 'namespace}local'."""

    def start(self, tag: str, attributes: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, text: str) -> None: ...


def _refuse(*_args: Any) -> int:
    raise Unreadable(_("DTD atau entitas XML tidak diizinkan"))


class _BoundedReader(io.RawIOBase):
    """A member's stream that refuses to give more than it declared or the budget allows."""

    def __init__(self, raw: IO[bytes], limit: int, budget: Archive) -> None:
        self._raw = raw
        self._left = limit
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        wanted = min(len(view), self._left + 1)
        data = self._raw.read(wanted)
        if len(data) > self._left:
            raise _bomb(_("anggota arsip lebih besar dari ukuran yang dinyatakan"))
        self._left -= len(data)
        self._budget.spend(len(data))
        view[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


class Archive:
    """A checked zip with bounded, budgeted reads of its members."""

    def __init__(self, data: bytes) -> None:
        self.zip = check_archive(data)
        self.infos = {info.filename: info for info in self.zip.infolist()}
        self.duplicates = len(self.infos) != len(self.zip.infolist())
        self._spent = 0

    def spend(self, size: int) -> None:
        self._spent += size
        if self._spent > MAX_TOTAL_UNCOMPRESSED:
            raise _bomb(_("isi arsip melebihi batas ukuran"))

    @property
    def names(self) -> list[str]:
        return list(self.infos)

    def has(self, name: str) -> bool:
        return name in self.infos

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def open(self, name: str) -> IO[bytes]:
        info = self.infos.get(name)
        if info is None:
            raise Unreadable(name)
        if info.flag_bits & 0x1:
            raise Unreadable(_("anggota arsip %(name)s terenkripsi") % {"name": name})
        try:
            raw = self.zip.open(info)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError) as exc:
            raise Unreadable(name) from exc
        return io.BufferedReader(_BoundedReader(raw, info.file_size, self), _CHUNK)

    def read(self, name: str) -> bytes:
        try:
            with self.open(name) as handle:
                return handle.read()
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise Unreadable(name) from exc

    def xml(self, name: str) -> Element:
        """Parse a (small) XML member; DTDs with entities and external references are refused."""
        data = self.read(name)
        try:
            root: Element = ElementTree.fromstring(data)
        except XmlError as exc:
            raise Unreadable(name) from exc
        return root

    def expat(self, name: str, handler: XmlHandler) -> None:
        """Stream a large XML member through `handler` with expat, the fastest parser at hand.

        The protections are defusedxml's and stricter: no DTD at all, so no entity expansion
        and no external references.
        """
        parser = expat.ParserCreate(namespace_separator="}")
        parser.buffer_text = True
        parser.buffer_size = _CHUNK
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse
        parser.StartElementHandler = handler.start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.data
        try:
            with self.open(name) as handle:
                parser.ParseFile(handle)
        except expat.ExpatError as exc:
            raise Unreadable(name) from exc
        except (zipfile.BadZipFile, EOFError) as exc:
            raise Unreadable(name) from exc

    def iterparse(
        self, name: str, events: tuple[str, ...] = ("end",)
    ) -> Iterator[tuple[str, Element]]:
        """Stream a (large) XML member as iterparse events."""
        handle = self.open(name)
        try:
            yield from ElementTree.iterparse(handle, events=events)
        except XmlError as exc:
            raise Unreadable(name) from exc
        except (zipfile.BadZipFile, EOFError) as exc:
            raise Unreadable(name) from exc
        finally:
            handle.close()


def local(tag: str) -> str:
    """'{namespace}name' -> 'name'."""
    return tag.rpartition("}")[2]


def namespace(tag: str) -> str:
    """'{namespace}name' -> '{namespace}'."""
    return tag[: tag.index("}") + 1] if tag.startswith("{") else ""


def resolve(base_part: str, target: str) -> str:
    """A relationship target relative to the part that holds the relationship."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_part), target))


def relationships(archive: Archive, part: str) -> dict[str, tuple[str, str, str]]:
    """rId -> (type suffix, resolved target, target mode) for a part's .rels, if any."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if not archive.has(rels_name):
        return {}
    result: dict[str, tuple[str, str, str]] = {}
    for element in archive.xml(rels_name):
        rel_type = element.get("Type", "").rpartition("/")[2]
        target = element.get("Target", "")
        mode = element.get("TargetMode", "Internal")
        resolved = target if mode == "External" else resolve(part, target)
        result[element.get("Id", "")] = (rel_type, resolved, mode)
    return result


def element_text(element: Element) -> str:
    return "".join(element.itertext())
