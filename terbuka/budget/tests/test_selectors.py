"""Budget reads: drill-down, totals, largest lines, year on year, pages across units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from terbuka.budget import selectors
from terbuka.budget.tests.factories import SMALL, make_import

pytestmark = pytest.mark.django_db

D = Decimal


def test_drill_down(body: Any, unit: Any, unit_officer: Any) -> None:
    imported = make_import(actor=unit_officer, body=body, unit=unit)
    assert [line.code for line in selectors.lines_for(imported)] == ["5"]
    assert [line.code for line in selectors.lines_for(imported, "5")] == ["5.1", "5.2"]
    assert [line.code for line in selectors.lines_for(imported, "5.1")] == ["5.1.01", "5.1.02"]
    assert list(selectors.lines_for(imported, "5.2")) == []
    line = selectors.line_get(imported, "5.1")
    assert line is not None
    assert line.child_count == 2


def test_totals_and_overspent(body: Any, unit: Any, unit_officer: Any) -> None:
    rows = [*SMALL, ["4", "Pendapatan Daerah", "2.000.000.000,00", "2.100.000.000,00"]]
    imported = make_import(actor=unit_officer, body=body, unit=unit, rows=rows)
    overall, roots = selectors.totals(imported)
    assert overall.allocation == D("3500000000.00")
    assert [(r.code, r.totals.allocation) for r in roots] == [
        ("4", D("2000000000.00")),
        ("5", D("1500000000.00")),
    ]
    assert roots[1].totals.percentage == D("80.67")
    assert [line.code for line in selectors.lines_overspent(imported)] == ["4", "5.1.02"]


def test_largest_lines(body: Any, unit: Any, unit_officer: Any) -> None:
    imported = make_import(actor=unit_officer, body=body, unit=unit)
    assert [line.code for line in selectors.largest_lines(imported, 2)] == ["5.1.01", "5.2"]
    assert [line.code for line in selectors.largest_lines(imported, 5, depth=2)] == ["5.1", "5.2"]


def test_year_on_year(
    body: Any, unit: Any, unit_officer: Any, other_unit: Any, ppid_utama: Any
) -> None:
    make_import(actor=unit_officer, body=body, unit=unit, year=2024)
    grown = [list(r) for r in SMALL]
    grown[0][2], grown[4][2] = "1.600.000.000,00", "600.000.000,00"
    make_import(actor=unit_officer, body=body, unit=unit, year=2025, rows=grown)
    make_import(actor=ppid_utama, body=body, unit=other_unit, year=2025)
    # A superseded import is not counted.
    make_import(actor=unit_officer, body=body, unit=unit, year=2023)
    make_import(actor=unit_officer, body=body, unit=unit, year=2023, rows=grown, replace=True)

    whole = selectors.year_on_year(body, unit, "lra_yearly")
    assert [(y.year, y.totals.allocation) for y in whole] == [
        (2023, D("1600000000.00")),
        (2024, D("1500000000.00")),
        (2025, D("1600000000.00")),
    ]
    modal = selectors.year_on_year(body, None, "lra_yearly", "5.2")
    assert [(y.year, y.totals.allocation, y.imports) for y in modal] == [
        (2023, D("600000000.00"), 1),
        (2024, D("500000000.00"), 1),
        (2025, D("1100000000.00"), 2),
    ]


def test_kind_for_scope_prefers_the_furthest_stage(body: Any, unit: Any, unit_officer: Any) -> None:
    assert selectors.kind_for_scope(body, 2025) is None
    make_import(actor=unit_officer, body=body, unit=unit, kind="dpa")
    assert selectors.kind_for_scope(body, 2025) == "dpa"
    make_import(actor=unit_officer, body=body, unit=unit, kind="lra_q2")
    make_import(actor=unit_officer, body=body, unit=unit, kind="rup")
    assert selectors.kind_for_scope(body, 2025, unit) == "lra_q2"
    assert selectors.import_get_active(body, unit, 2025, "dpa") is not None


def test_lines_page_keyset_prefix_and_totals(body: Any, unit: Any, unit_officer: Any) -> None:
    make_import(actor=unit_officer, body=body, unit=unit)
    first = selectors.lines_page(body, unit, 2025, limit=2)
    assert [r.code for r in first.rows] == ["5", "5.1"]
    assert first.kind == "lra_yearly"
    assert first.totals.allocation == D("1500000000.00")
    second = selectors.lines_page(body, unit, 2025, cursor=first.next_cursor, limit=2)
    assert [r.code for r in second.rows] == ["5.1.01", "5.1.02"]
    third = selectors.lines_page(body, unit, 2025, cursor=second.next_cursor, limit=2)
    assert [r.code for r in third.rows] == ["5.2"]
    assert third.next_cursor is None

    prefixed = selectors.lines_page(body, unit, 2025, "5.1")
    assert [r.code for r in prefixed.rows] == ["5.1", "5.1.01", "5.1.02"]
    assert prefixed.totals.allocation == D("1000000000.00")
    assert prefixed.totals.realisation == D("910000000.00")
    # A junk cursor starts from the beginning rather than failing.
    assert selectors.lines_page(body, unit, 2025, cursor="abc").rows[0].code == "5"


def test_lines_page_sums_units_by_code(
    body: Any, unit: Any, unit_officer: Any, other_unit: Any, ppid_utama: Any
) -> None:
    make_import(actor=unit_officer, body=body, unit=unit)
    other = [*SMALL[:2], ["5.1.2", "Belanja Barang", "100.000.000,00", ""]]
    other[0] = ["5", "Belanja", "1.000.000.000,00", "900.000.000,00"]
    other[1] = ["5.1", "Belanja Operasi", "1.000.000.000,00", ""]
    make_import(actor=ppid_utama, body=body, unit=other_unit, rows=other)
    page = selectors.lines_page(body, None, 2025)
    rows = {r.code: r for r in page.rows}
    assert list(rows) == ["5", "5.1", "5.1.01", "5.1.02", "5.2"]
    assert rows["5"].allocation == D("2500000000.00")
    assert rows["5"].realisation == D("2110000000.00")
    # 5.1.2 in one unit and 5.1.02 in the other are the same account.
    assert rows["5.1.02"].allocation == D("500000000.00")
    assert rows["5.1.02"].realisation == D("410000000.00")
    assert page.totals.allocation == D("2500000000.00")
    assert len(page.import_ids) == 2


def test_lines_page_without_imports(body: Any) -> None:
    page = selectors.lines_page(body, None, 2025)
    assert page.rows == []
    assert page.kind is None
    assert page.totals.percentage is None
