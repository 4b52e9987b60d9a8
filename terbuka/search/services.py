"""Writes to the search index. Callers run them inside their own transaction, so a row is
indexed or removed exactly when the change that caused it commits."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from terbuka.search.engines.query import facet_tokens_for_entry
from terbuka.search.models import MAX_TEXT_CHARS, MAX_TITLE_CHARS, SearchEntry
from terbuka.search.stemming import stem_text


@transaction.atomic
def index_upsert(
    *,
    kind: str,
    object_id: int,
    body_id: int,
    unit_id: int | None,
    title: str,
    text: str,
    url: str,
    published_at: datetime,
    info_class: str = "",
    doc_type: str = "",
    year: int | None = None,
) -> None:
    """Add an object to the search index, or replace its row."""
    if kind not in SearchEntry.Kind.values:
        raise ValueError(f"Unknown search entry kind: {kind!r}")
    title = title[:MAX_TITLE_CHARS]
    text = text[:MAX_TEXT_CHARS]
    facets = facet_tokens_for_entry(
        kind=kind,
        body_id=body_id,
        unit_id=unit_id,
        info_class=info_class,
        doc_type=doc_type,
        year=year,
    )
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "body_id": body_id,
            "unit_id": unit_id,
            "title": title,
            "text": text,
            "url": url,
            "published_at": published_at,
            "info_class": info_class,
            "doc_type": doc_type,
            "year": year,
            "title_stems": stem_text(title),
            "text_stems": stem_text(text),
            "facets": " ".join(facets),
        },
    )


@transaction.atomic
def index_remove(*, kind: str, object_id: int) -> None:
    """Take an object out of the search index (nothing happens when it is not there)."""
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()
