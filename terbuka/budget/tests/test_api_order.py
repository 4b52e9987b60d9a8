"""Budget uploads refuse a caller without the right before validating the form.

These operations name their unit in the form. A caller who keeps no budget anywhere gets 403
before the form is read; a budget officer elsewhere gets 403 for a unit that is not theirs,
before the year, kind or file are checked; an unknown body or unit stays a 422 on that field
(bodies and units are public).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from terbuka.accounts.services import api_token_create
from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, UnitFactory
from terbuka.budget.models import BudgetDocument, BudgetImport

pytestmark = pytest.mark.django_db

PATHS = ("/api/v1/budget/imports", "/api/v1/budget/documents")


@pytest.fixture
def other_officer(body: Any, ppid_utama_unit: Any) -> Any:
    """The PPID Pelaksana of another unit of the same body."""
    other = UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")
    return MembershipFactory(
        unit=other, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user


def _send(user: Any, path: str, **fields: Any) -> Any:
    headers = {}
    if user is not None:
        _token, raw = api_token_create(user=user, actor=user)
        headers["Authorization"] = f"Bearer {raw}"
    data = {"body": "kota-uji", "unit": "dinkes", "year": "bukan tahun", "kind": "x", **fields}
    return Client().post(path, data, headers=headers)


def _nothing_written() -> None:
    assert not BudgetImport.objects.exists()
    assert not BudgetDocument.objects.exists()


@pytest.mark.parametrize("path", PATHS)
def test_no_budget_role_is_403_before_the_form(
    path: str, unit: Any, user: Any, applicant: Any
) -> None:
    assert _send(None, path).status_code == 401
    assert _send(user, path).status_code == 403
    # Not even an unreadable form or a missing unit tells such a caller the form's rules.
    assert _send(user, path, unit="tidak-ada").status_code == 403
    response = Client().post(
        path,
        "{}",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token_create(user=applicant, actor=applicant)[1]}"},
    )
    assert response.status_code == 403, response.content
    _nothing_written()


@pytest.mark.parametrize("path", PATHS)
def test_another_units_officer_is_403_before_the_form(
    path: str, unit: Any, other_officer: Any, unit_officer: Any
) -> None:
    file = SimpleUploadedFile("lra.csv", b"kode_rekening;uraian;anggaran\n")
    assert _send(other_officer, path, file=file).status_code == 403
    assert _send(other_officer, path).status_code == 403
    _nothing_written()
    # An unknown unit is an input error for a budget officer; the unit's own officer is told
    # what is wrong with the rest of the form.
    unknown = _send(other_officer, path, unit="tidak-ada", file=file)
    assert unknown.status_code == 422, unknown.content
    assert _send(unit_officer, path, file=file).status_code == 422
    _nothing_written()
