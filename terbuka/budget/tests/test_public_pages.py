"""The public budget pages: a body's budgets, drill-down by code, year-on-year, downloads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.budget import services
from terbuka.budget.models import BudgetImport
from terbuka.budget.tests.factories import SMALL, csv_bytes

pytestmark = pytest.mark.django_db


def _import(body: Any, unit: Any, actor: Any, year: int, rows: Any = SMALL) -> BudgetImport:
    return services.budget_import(
        actor=actor,
        body=body,
        unit=unit,
        year=year,
        kind="lra_yearly",
        data=csv_bytes(rows),
        filename=f"lra-{year}.csv",
    )


def test_body_page_lists_published_budgets(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    html = client.get(reverse("budget:body", args=[body.slug])).content.decode()
    assert reverse("budget:detail", args=[budget.pk]) in html
    assert "Rp 1.500.000.000" in html


def test_drill_down_and_year_on_year(
    client: Client,
    body: Any,
    unit: Any,
    ppid_utama: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _import(body, unit, ppid_utama, 2025)
    budget = _import(body, unit, ppid_utama, 2026)
    url = reverse("budget:detail", args=[budget.pk])
    with django_assert_max_num_queries(10):
        top = client.get(url)
    html = top.content.decode()
    assert "Belanja Daerah" in html
    assert "?kode=5" in html
    child = client.get(url, {"kode": "5.1"}).content.decode()
    assert "Belanja Pegawai" in child
    assert "Belanja Modal" not in child  # a sibling, not a child
    assert "102,5%" in child  # 410 of 400 million: overspent, shown, not hidden
    assert "Perbandingan antartahun" in child
    assert client.get(url, {"kode": "9.9"}).status_code == 404
    assert client.get(url, {"kode": "5..1"}).status_code == 404


def test_superseded_budgets_are_not_public(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    old = _import(body, unit, ppid_utama, 2026)
    services.budget_import(
        actor=ppid_utama,
        body=body,
        unit=unit,
        year=2026,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra-2026-revisi.csv",
        replace=True,
    )
    assert client.get(reverse("budget:detail", args=[old.pk])).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_has_the_template_columns(
    client: Client, body: Any, unit: Any, ppid_utama: Any, fmt: str
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    response = client.get(reverse("budget:export", args=[budget.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0] == "kode_rekening;uraian;anggaran;realisasi"
        assert "5.1.02;Belanja Barang dan Jasa" in text
