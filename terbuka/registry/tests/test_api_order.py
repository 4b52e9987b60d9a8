"""DIP writes on an entry answer a caller without the right before reading the body.

The order is 401, then 404 (an entry the caller cannot see in the office) or 403 (a step the
caller may not take: `can_edit_entry`, or `can_keep_body_dip` for an override), then 422.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from terbuka.registry.models import Document, InformationEntry
from terbuka.registry.tests.test_api import URL, Api, _payload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(unit: Any, unit_officer: Any) -> InformationEntry:
    response = Api(unit_officer).post(URL, _payload())
    assert response.status_code == 201, response.content
    return InformationEntry.objects.get(pk=response.json()["id"])


def _state(entry: InformationEntry) -> tuple[Any, ...]:
    entry.refresh_from_db()
    return entry.status, entry.updated_at, entry.title, Document.objects.count()


def _send(user: Any, method: str, path: str, data: Any) -> Any:
    if user is None:
        client, headers = Client(), {}
    else:
        api = Api(user)
        client, headers = api.client, api.headers
    if method == "UPLOAD":  # multipart without its required `file`
        return client.post(path, data, headers=headers)
    return client.generic(method, path, data=data, content_type="application/json", headers=headers)


# (method, path under the entry, an invalid body)
STEPS = (
    ("UPLOAD", "documents", {"title": "x"}),
    ("PATCH", "", '{"year": "bukan tahun"}'),
    ("POST", "withdraw", '{"reason": [1]}'),
)


@pytest.mark.parametrize(("method", "tail", "data"), STEPS)
def test_entry_writes_refuse_before_the_body(
    method: str,
    tail: str,
    data: Any,
    entry: InformationEntry,
    atasan: Any,
    other_officer: Any,
    user: Any,
    unit_officer: Any,
) -> None:
    path = f"{URL}{entry.pk}/{tail}".rstrip("/")
    before = _state(entry)
    assert _send(atasan, method, path, data).status_code == 403  # sees it, may not edit
    assert _send(other_officer, method, path, data).status_code == 404  # another unit's draft
    assert _send(user, method, path, data).status_code == 404
    assert _send(None, method, path, data).status_code == 401
    assert _state(entry) == before
    # The body is indeed invalid: the unit's officer, who may edit, is told so.
    assert _send(unit_officer, method, path, data).status_code == 422


def test_override_is_the_ppid_utamas_before_the_body(
    entry: InformationEntry, unit_officer: Any, user: Any, ppid_utama: Any
) -> None:
    path = f"{URL}{entry.pk}/documents/1/findings/1/override"
    before = _state(entry)
    # The unit that uploaded a file does not clear it (`can_keep_body_dip`).
    assert _send(unit_officer, "POST", path, '{"reason": [1]}').status_code == 403
    assert _send(user, "POST", path, '{"reason": [1]}').status_code == 404
    assert _state(entry) == before
    assert _send(ppid_utama, "POST", path, '{"reason": [1]}').status_code == 422
