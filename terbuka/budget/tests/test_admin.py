"""The budget admin shows imports, lines and documents read-only, with their history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.budget import documents
from terbuka.budget.tests.factories import SMALL, csv_bytes

pytestmark = pytest.mark.django_db


def test_admin_pages_are_read_only(
    admin_client: Client, body: Any, unit: Any, unit_officer: Any
) -> None:
    result = documents.upload(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2025,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra.csv",
    )
    assert result.budget_import is not None
    assert result.budget_document is not None
    for model, pk in (
        ("budgetimport", result.budget_import.pk),
        ("budgetdocument", result.budget_document.pk),
    ):
        listing = admin_client.get(reverse(f"admin:budget_{model}_changelist"))
        assert listing.status_code == 200
        change = admin_client.get(reverse(f"admin:budget_{model}_change", args=[pk]))
        assert change.status_code == 200
        html = change.content.decode()
        assert 'name="_save"' not in html
        assert "Dokumen anggaran diunggah" in html or "Anggaran diimpor" in html
        assert admin_client.get(reverse(f"admin:budget_{model}_add")).status_code == 403
    lines = admin_client.get(reverse("admin:budget_budgetline_changelist"))
    assert lines.status_code == 200
