"""A participant's answers and evidence refuse a caller without the right before the body.

The order is 401, then 404 (a cycle or participant the caller cannot see) or 403 (the caller
may not answer for this participant, `can_answer`), then 422.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from terbuka.monev.models import Answer, Evidence
from terbuka.monev.tests.test_api import CYCLES, Api, _create

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle_id(ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]) -> int:
    created = _create(Api(ppid_utama), rubric_data, ["kec-serang", "kec-cipocok-jaya"])
    assert created.status_code == 201, created.content
    return int(created.json()["id"])


def _send(user: Any, kind: str, path: str) -> Any:
    client, headers = Client(), {}
    if user is not None:
        api = Api(user)
        client, headers = api.client, api.headers
    if kind == "answers":
        return client.put(
            path, '{"answers": [1]}', content_type="application/json", headers=headers
        )
    return client.post(path, {"url": "https://serangkota.go.id"}, headers=headers)  # no question


@pytest.mark.parametrize("kind", ["answers", "evidence"])
def test_participant_writes_refuse_before_the_body(
    kind: str,
    cycle_id: int,
    evaluator: Any,
    camat_officer: Any,
    user: Any,
    ppid_utama: Any,
) -> None:
    path = f"{CYCLES}/{cycle_id}/participants/kec-cipocok-jaya/{kind}"
    assert _send(evaluator, kind, path).status_code == 403  # verifies, does not answer
    assert _send(camat_officer, kind, path).status_code == 403  # another kecamatan's officer
    assert _send(user, kind, path).status_code == 404
    assert _send(None, kind, path).status_code == 401
    assert (
        _send(user, kind, f"{CYCLES}/{cycle_id}/participants/tidak-ada/{kind}").status_code == 404
    )
    assert not Answer.objects.exists()
    assert not Evidence.objects.exists()
    # The body is indeed invalid: the organiser, who may answer, is told so.
    assert _send(ppid_utama, kind, path).status_code == 422
