"""Reads of the accessible formats."""

from __future__ import annotations

from terbuka.accessible.models import AccessibleFile, AccessibleVersion
from terbuka.accessible.registry import Source, get_source
from terbuka.accessible.services import text_sha256
from terbuka.core.exceptions import NotFound


def version_for_block(kind: str, pk: int) -> AccessibleVersion | None:
    """The version of a source with its files (two queries), for the formats block."""
    return (
        AccessibleVersion.objects.filter(kind=kind, object_id=pk).prefetch_related("files").first()
    )


def version_get_public(kind: str, pk: int) -> tuple[Source, AccessibleVersion]:
    """The public source and the version made from its current text; `NotFound` otherwise."""
    source = get_source(kind, pk)
    if source is None:
        raise NotFound("not found")
    version = AccessibleVersion.objects.filter(
        kind=kind, object_id=pk, text_sha256=text_sha256(source.title, source.text)
    ).first()
    if version is None:
        raise NotFound("not found")
    return source, version


def file_get_public(kind: str, pk: int, file_format: str) -> AccessibleFile:
    """A ready file of a public source's current text; `NotFound` for anything else."""
    if file_format not in AccessibleFile.Format.values:
        raise NotFound("not found")
    source = get_source(kind, pk)
    if source is None:
        raise NotFound("not found")
    accessible_file = (
        AccessibleFile.objects.select_related("version")
        .filter(
            version__kind=kind,
            version__object_id=pk,
            version__text_sha256=text_sha256(source.title, source.text),
            format=file_format,
            status=AccessibleFile.Status.READY,
        )
        .first()
    )
    if accessible_file is None:
        raise NotFound("not found")
    return accessible_file
