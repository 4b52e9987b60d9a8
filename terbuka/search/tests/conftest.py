"""Index rows straight through the service, as the registry does."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from terbuka.search import services
from terbuka.search.models import SearchEntry

START = datetime(2025, 1, 1, 8, 0, tzinfo=timezone.get_fixed_timezone(7 * 60))


@pytest.fixture
def add(body: Any, unit: Any) -> Callable[..., SearchEntry]:
    """Index one object (the body's OPD unless told) and return its row; later is newer."""
    numbers = itertools.count(1)

    def add(title: str, text: str = "", **fields: Any) -> SearchEntry:
        n = next(numbers)
        values: dict[str, Any] = {
            "kind": "entry",
            "object_id": n,
            "body_id": body.pk,
            "unit_id": unit.pk,
            "url": f"/informasi/{body.slug}/{n}/",
            "published_at": START + timedelta(days=n),
            **fields,
        }
        services.index_upsert(title=title, text=text, **values)
        return SearchEntry.objects.get(kind=values["kind"], object_id=values["object_id"])

    return add
