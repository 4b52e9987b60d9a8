"""`{% load accessible %}{% accessible_formats "kind" pk %}`: the accessible formats block.

Perki 1/2021 Pasal 24 and 47-48: announcements offered in audio, visual and braille formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from terbuka.accessible import selectors
from terbuka.accessible.models import AccessibleFile

register = template.Library()

Format = AccessibleFile.Format
Status = AccessibleFile.Status


@dataclass(frozen=True)
class Item:
    format: str
    status: str
    url: str
    size: int | None
    content_type: str
    duration_seconds: float | None


def _unavailable_message(file_format: str) -> str:
    if file_format == Format.AUDIO:
        return _("Versi audio belum tersedia: mesin suara espeak-ng tidak terpasang di server ini.")
    if file_format in (Format.BRAILLE_BRF, Format.BRAILLE_TEXT):
        return _(
            "Versi braille belum tersedia: penerjemah braille liblouis (lou_translate) tidak "
            "terpasang di server ini."
        )
    return _("Versi cetak besar belum tersedia: pembuat PDF tidak terpasang di server ini.")


def _failed_message(file_format: str) -> str:
    return {
        Format.AUDIO: _("Versi audio gagal dibuat. Petugas PPID dapat membuatnya ulang."),
        Format.BRAILLE_BRF: _("Versi braille gagal dibuat. Petugas PPID dapat membuatnya ulang."),
        Format.BRAILLE_TEXT: _("Versi braille gagal dibuat. Petugas PPID dapat membuatnya ulang."),
        Format.LARGE_PRINT: _(
            "Versi cetak besar gagal dibuat. Petugas PPID dapat membuatnya ulang."
        ),
    }[Format(file_format)]


@register.inclusion_tag("accessible/_formats.html")
def accessible_formats(kind: str, pk: Any) -> dict[str, Any]:
    """The audio player, braille and large-print links of a source, or why one is missing."""
    try:
        object_id = int(pk)
    except (TypeError, ValueError):
        return {"version": None}
    version = selectors.version_for_block(kind, object_id)
    if version is None:
        return {"version": None}
    items: dict[str, Item] = {}
    messages: dict[str, str] = {}
    for accessible_file in version.files.all():
        file_format = accessible_file.format
        url = ""
        if accessible_file.status == Status.READY:
            url = reverse("accessible:file", args=[kind, object_id, file_format])
        elif accessible_file.status == Status.UNAVAILABLE:
            messages[file_format] = _unavailable_message(file_format)
        elif accessible_file.status == Status.FAILED:
            messages[file_format] = _failed_message(file_format)
        items[file_format] = Item(
            file_format,
            accessible_file.status,
            url,
            accessible_file.size,
            accessible_file.content_type.split(";")[0],
            accessible_file.duration_seconds,
        )
    braille_formats = (Format.BRAILLE_BRF, Format.BRAILLE_TEXT)
    braille = [items[f] for f in braille_formats if f in items]
    braille_messages = list(dict.fromkeys(messages[f] for f in braille_formats if f in messages))
    return {
        "version": version,
        "audio": items.get(Format.AUDIO),
        "audio_message": messages.get(Format.AUDIO, ""),
        "braille_ready": [item for item in braille if item.status == Status.READY],
        "braille_pending": any(item.status == Status.PENDING for item in braille),
        "braille_messages": braille_messages,
        "large_print": items.get(Format.LARGE_PRINT),
        "large_print_message": messages.get(Format.LARGE_PRINT, ""),
        "transcript_url": reverse("accessible:transcript", args=[kind, object_id]),
    }
