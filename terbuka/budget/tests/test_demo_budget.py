from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from terbuka.budget import selectors
from terbuka.budget.models import BudgetImport

pytestmark = pytest.mark.django_db


def test_demo_budgets_import_and_show() -> None:
    call_command("loaddemo", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_budget", stdout=out)
    assert "Imported 3 demo budgets." in out.getvalue()
    imports = list(BudgetImport.objects.order_by("year"))
    assert len(imports) == 2
    assert imports[1].total_allocation > imports[0].total_allocation
    html = Client().get(reverse("budget:detail", args=[imports[1].pk]), {"kode": "5.2"}).content
    assert "Belanja Modal Gedung dan Bangunan" in html.decode()
    released = selectors.documents_public(imports[0].body)
    assert {(d.kind, d.year) for d in released} == {
        ("lra_yearly", imports[0].year),
        ("lra_yearly", imports[1].year),
        ("audited", imports[0].year),
    }
    assert all(d.entry.status == "published" for d in released)
    again = StringIO()
    call_command("loaddemo_budget", stdout=again)
    assert "nothing changed" in again.getvalue()
