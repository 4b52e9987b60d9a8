"""Objection writes answer a caller without the right before reading the body.

The order is 401, then 404 (an objection the caller cannot see) or 403 (a step the caller may
not take, by the services' rules), then 422: a forbidden caller with an invalid body learns
nothing of the body's rules, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from terbuka.inforequests.tests.test_api import Api
from terbuka.objections import services
from terbuka.objections.models import Dispute, Objection, ObjectionEvent

pytestmark = pytest.mark.django_db

# Invalid for every schema: the text fields of the optional-only bodies are lists, and the
# others lack their required fields.
INVALID: dict[str, Any] = {"note": [1], "reason": [1]}

HANDLER_STEPS = (
    "deliberation",
    "deliberation-record",
    "note",
    "dispute/case-number",
    "dispute/mediation",
    "dispute/adjudication",
    "dispute/session",
    "dispute/decision",
    "dispute/appeal",
    "dispute/court-outcome",
    "dispute/compliance",
    "dispute/complied",
    "dispute/close",
)
REQUESTER_STEPS = ("withdraw", "respond", "dispute")


@pytest.fixture
def disputed(file_objection: Callable[..., Objection], atasan: Any, applicant: Any) -> Objection:
    """An answered objection with its dispute recorded: every step has its object."""
    objection = file_objection()
    services.objection_answer(
        objection=objection,
        actor=atasan,
        decision="upheld",
        reasons="Informasi termasuk rahasia negara (Pasal 17 huruf c).",
        atasan_name="Sekretaris Daerah",
        atasan_position="Atasan PPID",
    )
    services.dispute_file(
        objection=objection,
        actor=applicant,
        filed_on=timezone.localdate(),
        commission_name="KI Provinsi Banten",
    )
    return objection


def _state(objection: Objection) -> tuple[Any, ...]:
    objection.refresh_from_db()
    dispute = Dispute.objects.get(objection=objection)
    return (
        objection.status,
        objection.updated_at,
        dispute.status,
        dispute.updated_at,
        ObjectionEvent.objects.count(),
        Objection.objects.count(),
    )


def _refused(api: Api, path: str, status: int, objection: Objection) -> None:
    before = _state(objection)
    response = api.post(path, INVALID)
    assert response.status_code == status, (path, response.content)
    assert _state(objection) == before, path


@pytest.mark.parametrize("step", HANDLER_STEPS)
def test_handler_steps_refuse_before_the_body(
    step: str, disputed: Objection, applicant: Any, user: Any, ppid_utama: Any
) -> None:
    path = f"/api/v1/objections/{disputed.pk}/{step}"
    _refused(Api(applicant), path, 403, disputed)  # sees it, does not handle it
    _refused(Api(user), path, 404, disputed)  # does not see it
    assert Api(None).post(path, INVALID).status_code == 401
    # The body is indeed invalid: the desk, who may act, is told so.
    assert Api(ppid_utama).post(path, INVALID).status_code == 422


def test_answer_is_the_atasans_before_the_body(
    disputed: Objection, ppid_utama: Any, user: Any, atasan: Any
) -> None:
    path = f"/api/v1/objections/{disputed.pk}/answer"
    _refused(Api(ppid_utama), path, 403, disputed)  # the desk does not answer (Pasal 36(2))
    _refused(Api(user), path, 404, disputed)
    assert Api(atasan).post(path, INVALID).status_code == 422


@pytest.mark.parametrize("step", REQUESTER_STEPS)
def test_requester_steps_refuse_before_the_body(
    step: str, disputed: Objection, user: Any, applicant: Any
) -> None:
    path = f"/api/v1/objections/{disputed.pk}/{step}"
    _refused(Api(user), path, 404, disputed)
    assert Api(applicant).post(path, INVALID).status_code == 422


def test_dispute_steps_without_a_dispute_are_404_before_403(
    file_objection: Callable[..., Objection], applicant: Any
) -> None:
    objection = file_objection()
    response = Api(applicant).post(f"/api/v1/objections/{objection.pk}/dispute/close", INVALID)
    assert response.status_code == 404, response.content


def test_filing_on_a_request_refuses_before_the_body(
    disputed: Objection, user: Any, unit_officer: Any, applicant: Any
) -> None:
    assert disputed.request is not None
    path = f"/api/v1/requests/{disputed.request.pk}/objections"
    _refused(Api(user), path, 404, disputed)
    assert Api(applicant).post(path, INVALID).status_code == 422
