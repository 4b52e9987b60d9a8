"""The search API: `GET /api/v1/search?q=...` over published entries, documents and answers.

Public and read-only. Filters arrive as strings so that an empty parameter (`type=`) means
"no filter"; each one is checked here and refused with the project's error shape.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from terbuka.accounts.schemas import ErrorOut
from terbuka.core.exceptions import ValidationError
from terbuka.search import selectors
from terbuka.search.models import SearchEntry

router = Router(tags=["search"])


class SearchFilters(Schema):
    q: str = Field(
        "", max_length=selectors.QUERY_MAX_LENGTH, description='Words, "phrases", prefix*.'
    )
    type: str = Field("", description="entry, document or answer.")
    body: str = Field("", description="Slug or id of the public body.")
    unit: str = Field("", description="Id of the unit (exact, not its sub-units).")
    info_class: str = Field("", alias="class", description="Information class, e.g. berkala.")
    year: str = ""
    doc_type: str = Field("", max_length=20, description="File type, e.g. pdf.")
    cursor: str = Field("", max_length=selectors.MAX_CURSOR_CHARS)
    limit: str = Field("", description=f"1-{selectors.MAX_LIMIT}, default 20.")


class SearchResultOut(Schema):
    type: str
    id: int
    title: str
    url: str
    snippet: str = Field(description="HTML: escaped text with the matches in <mark>.")
    published_at: datetime
    info_class: str
    year: int | None


class SearchPageOut(Schema):
    results: list[SearchResultOut]
    next_cursor: str | None


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError(message, fields={field: [message]})


def _number(field: str, value: str, *, low: int, high: int) -> int | None:
    if not value:
        return None
    if not value.isdigit() or not low <= int(value) <= high:
        raise _refuse(
            field,
            _("Masukkan bilangan bulat dari %(low)s sampai %(high)s.")
            % {
                "low": low,
                "high": high,
            },
        )
    return int(value)


@router.get(
    "",
    response={200: SearchPageOut, 422: ErrorOut},
    auth=None,
    summary="Search published information",
)
def search(request: HttpRequest, filters: Query[SearchFilters]) -> dict[str, Any]:
    """Published DIP entries, documents and request answers matching every term, best first.

    Only the newest 1,000 matches are ranked; page on with `next_cursor`.
    """
    if filters.type and filters.type not in SearchEntry.Kind.values:
        raise _refuse("type", _("Jenis hasil tidak dikenal."))
    body: int | str | None = filters.body or None
    unit_id = _number("unit", filters.unit, low=1, high=2**63 - 1)
    year = _number("year", filters.year, low=1, high=9999)
    limit = _number("limit", filters.limit, low=1, high=selectors.MAX_LIMIT)
    page = selectors.search(
        q=filters.q,
        body=body,
        unit_id=unit_id,
        kind=filters.type or None,
        info_class=filters.info_class or None,
        year=year,
        doc_type=filters.doc_type or None,
        cursor=filters.cursor or None,
        limit=limit or selectors.DEFAULT_LIMIT,
    )
    return {
        "results": [
            {
                "type": hit.type,
                "id": hit.id,
                "title": hit.title,
                "url": hit.url,
                "snippet": str(hit.snippet),
                "published_at": hit.published_at,
                "info_class": hit.info_class,
                "year": hit.year,
            }
            for hit in page.results
        ],
        "next_cursor": page.next_cursor,
    }
