"""The shared service helpers: one error shape, one idempotency-key protocol."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError

from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError
from terbuka.core.service_helpers import (
    actor_or_none,
    claim_key,
    field_error,
    raise_validation,
    require,
)
from terbuka.inforequests.models import IdempotencyKey


def test_raise_validation_keeps_field_messages() -> None:
    with pytest.raises(ValidationError) as excinfo:
        raise_validation(DjangoValidationError({"nik": ["NIK salah."]}), "Data tidak valid.")
    assert excinfo.value.message == "Data tidak valid."
    assert excinfo.value.details["fields"] == {"nik": ["NIK salah."]}


def test_raise_validation_without_fields_uses_all() -> None:
    with pytest.raises(ValidationError) as excinfo:
        raise_validation(DjangoValidationError("Salah."), "Data tidak valid.")
    assert excinfo.value.details["fields"] == {"__all__": ["Salah."]}


def test_field_error_and_require() -> None:
    with pytest.raises(ValidationError) as excinfo:
        field_error("grounds", "Pilih alasan.", code="x")
    assert (excinfo.value.code, excinfo.value.details["fields"]) == (
        "x",
        {"grounds": ["Pilih alasan."]},
    )
    require(True)
    with pytest.raises(PermissionDenied):
        require(False)


def test_actor_or_none(user: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert actor_or_none(user) is user
    assert actor_or_none(AnonymousUser()) is None
    assert actor_or_none(None) is None


@pytest.mark.django_db
def test_claim_key_fresh_repeat_reused_and_pending() -> None:
    kwargs: dict[str, Any] = {"reused": "dipakai", "pending": "diproses"}
    assert claim_key(IdempotencyKey, "request", "s", None, "d", **kwargs) == (None, None)
    row, found = claim_key(IdempotencyKey, "request", "s", "k", "d", **kwargs)
    assert row is not None
    assert found is None
    # The first write has not finished: the key points at nothing yet.
    with pytest.raises(Conflict):
        claim_key(IdempotencyKey, "request", "s", "k", "d", **kwargs)
    with pytest.raises(ValidationError) as excinfo:
        claim_key(IdempotencyKey, "request", "s", "k", "other", **kwargs)
    assert excinfo.value.code == "idempotency_key_reused"
