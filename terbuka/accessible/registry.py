"""Where the texts that get accessible formats come from.

An app that publishes an announcement registers a loader for its kind from its
`AppConfig.ready()`; the loader turns an object id into a `Source`, or None when the object is
missing or not public (then nothing is generated and the public files answer 404).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One public text to offer in audio, braille and large print."""

    kind: str
    pk: int
    title: str
    text: str
    language: str  # "id" or "en": picks the voice and the braille table
    public_url: str  # the page the text is published on


Loader = Callable[[int], Source | None]
IdLister = Callable[[], Iterable[int]]

_loaders: dict[str, Loader] = {}
_listers: dict[str, IdLister] = {}


def register(kind: str, loader: Loader, *, ids: IdLister | None = None) -> None:
    """Register the loader of `kind` (registering the same kind again replaces it).

    `ids`, optional, lists the ids of every object of the kind that may be public; with it,
    `terbuka accessible_rebuild` also reaches objects that never had formats made.
    """
    if not kind or len(kind) > 40 or not kind.replace("_", "").isalnum():
        raise ValueError(f"Invalid accessible source kind: {kind!r}")
    _loaders[kind] = loader
    if ids is not None:
        _listers[kind] = ids


def kinds() -> list[str]:
    """Every registered kind, in registration order."""
    return list(_loaders)


def is_registered(kind: str) -> bool:
    """Return whether a loader is registered for `kind`."""
    return kind in _loaders


def candidate_ids(kind: str) -> list[int]:
    """Ids the kind's `ids` lister gives (empty when it registered none)."""
    lister = _listers.get(kind)
    return list(lister()) if lister is not None else []


def get_source(kind: str, pk: int) -> Source | None:
    """The public source `kind` #`pk`, or None when it is missing, not public or of an
    unregistered kind."""
    loader = _loaders.get(kind)
    return loader(pk) if loader is not None else None
