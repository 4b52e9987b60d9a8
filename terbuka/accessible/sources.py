"""The sources this app registers itself: serta-merta announcements of the DIP.

UU 14/2008 Pasal 10: information that threatens the life of many people or public order is
announced at once (serta-merta); Perki 1/2021 Pasal 24 asks that such announcements reach
persons with disabilities too.
"""

from __future__ import annotations

from collections.abc import Iterable

from terbuka.accessible.registry import Source, register

SERTA_MERTA = "serta_merta"


def serta_merta_source(pk: int) -> Source | None:
    """A published serta-merta DIP entry as a source, or None when it is not public."""
    from terbuka.registry.models import InfoClass, InformationEntry
    from terbuka.registry.states import EntryStatus

    entry = (
        InformationEntry.objects.select_related("body")
        .filter(pk=pk, status=EntryStatus.PUBLISHED, info_class=InfoClass.SERTA_MERTA)
        .first()
    )
    if entry is None:
        return None
    from terbuka.registry.services import entry_public_url

    return Source(
        kind=SERTA_MERTA,
        pk=entry.pk,
        title=entry.title,
        text=entry.summary,
        language="id",
        public_url=entry_public_url(entry),
    )


def serta_merta_ids() -> Iterable[int]:
    """Ids of every published serta-merta entry."""
    from terbuka.registry.models import InfoClass, InformationEntry
    from terbuka.registry.states import EntryStatus

    return InformationEntry.objects.filter(
        status=EntryStatus.PUBLISHED, info_class=InfoClass.SERTA_MERTA
    ).values_list("pk", flat=True)


def register_builtin() -> None:
    """Register the serta-merta loader (from `AccessibleConfig.ready`)."""
    register(SERTA_MERTA, serta_merta_source, ids=serta_merta_ids)
