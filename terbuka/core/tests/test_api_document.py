"""The OpenAPI document is strict JSON: Swagger UI reads it with a YAML parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"duplicate keys in the OpenAPI document: {duplicates}"
    return dict(pairs)


@pytest.mark.django_db
def test_the_openapi_document_has_no_duplicate_keys(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content, object_pairs_hook=_no_duplicate_keys)
    # The error answers every operation can give are documented once, next to ninja's own.
    notice = document["paths"]["/api/v1/requests/{request_id}/notice"]["post"]["responses"]
    assert {"401", "404", "422"} <= set(notice)
