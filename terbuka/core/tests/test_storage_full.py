"""A full disk answers 507 with a clear message and writes nothing (quality.md F3)."""

from __future__ import annotations

import errno
import sqlite3
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError
from django.test import RequestFactory

from terbuka.core.storage_full import StorageFullMiddleware, is_storage_full
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.test_api import URL, Api, payload


def _sqlite_full() -> OperationalError:
    try:
        raise sqlite3.OperationalError("database or disk is full")
    except sqlite3.OperationalError as cause:
        wrapped = OperationalError("database or disk is full")
        wrapped.__cause__ = cause
        return wrapped


@pytest.mark.parametrize(
    ("exc", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (_sqlite_full(), True),
        (OperationalError('could not extend file "base/1/2": No space left on device'), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (OperationalError("database is locked"), False),
        (ValueError("No space left, says the user"), False),
    ],
)
def test_what_counts_as_a_full_disk(exc: BaseException, full: bool) -> None:
    assert is_storage_full(exc) is full


def test_a_cause_deep_in_the_chain_is_found() -> None:
    outer = RuntimeError("saving the scan failed")
    outer.__cause__ = ValueError("wrapped")
    outer.__cause__.__context__ = OSError(errno.ENOSPC, "No space left on device")
    assert is_storage_full(outer)


def test_a_page_answers_507_in_indonesian(db: None) -> None:
    request = RequestFactory().post("/permohonan/baru/")
    request.user = AnonymousUser()
    middleware = StorageFullMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    response = middleware.process_exception(request, OSError(errno.ENOSPC, "full"))
    assert response is not None
    assert response.status_code == 507
    assert response["Retry-After"] == "300"
    assert "Penyimpanan server sedang penuh" in response.content.decode()
    assert middleware.process_exception(request, ValueError("other")) is None


def test_the_api_answers_507_and_writes_nothing(applicant: Any, body: Any) -> None:
    citizen = Api(applicant)
    with mock.patch(
        "terbuka.inforequests.services.request_submit",
        side_effect=OSError(errno.ENOSPC, "No space left on device"),
    ):
        response = citizen.post(URL, payload(), **{"Idempotency-Key": "full-disk-1"})
    assert response.status_code == 507
    assert response.json()["error"]["code"] == "storage_full"
    assert response["Retry-After"] == "300"
    assert not InformationRequest.objects.exists()
    # Space is back: the same key files the request (nothing was remembered of the failure).
    again = citizen.post(URL, payload(), **{"Idempotency-Key": "full-disk-1"})
    assert again.status_code == 201, again.content
    assert InformationRequest.objects.count() == 1
