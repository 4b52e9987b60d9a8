"""The serta-merta banner on every page (UU 14/2008 Pasal 10: announced at once)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

# The banner is cached; services drop the key when an announcement is published or withdrawn.
ANNOUNCEMENTS_TTL = 300


def _announcements() -> list[dict[str, Any]]:
    from terbuka.registry.selectors import serta_merta_announcements
    from terbuka.registry.services import ANNOUNCEMENTS_CACHE_KEY, entry_public_url

    cached = cache.get(ANNOUNCEMENTS_CACHE_KEY)
    if cached is None:
        cached = [
            {
                "title": e.title,
                "body": e.body.name,
                "body_id": e.body_id,
                "url": entry_public_url(e),
            }
            for e in serta_merta_announcements()
        ]
        cache.set(ANNOUNCEMENTS_CACHE_KEY, cached, ANNOUNCEMENTS_TTL)
    return list(cached)


def announcements(request: HttpRequest) -> dict[str, Any]:
    """Serta-merta entries for the banner, read lazily (no query on a page that skips it)."""
    return {"serta_merta": SimpleLazyObject(_announcements)}
