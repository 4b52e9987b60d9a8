"""Budget imports: all or nothing, replacement with history, permissions, idempotency, scale."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from terbuka.bodies.tests.factories import UnitFactory
from terbuka.budget import services
from terbuka.budget.imports import ImportFailed
from terbuka.budget.models import BudgetEvent, BudgetImport, BudgetLine
from terbuka.budget.tests.factories import SMALL, csv_bytes, make_import, tree_rows, xlsx_bytes
from terbuka.core.exceptions import Conflict, PermissionDenied, ValidationError
from terbuka.safety.models import Scan

pytestmark = pytest.mark.django_db


def _nothing_stored() -> None:
    assert BudgetImport.objects.count() == 0
    assert BudgetLine.objects.count() == 0
    assert BudgetEvent.objects.count() == 0
    assert Scan.objects.count() == 0


def test_csv_import_stores_lines_totals_file_scan_and_event(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    imported = make_import(actor=unit_officer, body=body, unit=unit, note="LRA audited BPK")
    assert imported.status == BudgetImport.Status.ACTIVE
    assert imported.lines_count == 5
    assert imported.total_allocation == Decimal("1500000000.00")
    assert imported.total_realisation == Decimal("1210000000.00")
    assert imported.overspent_count == 1
    assert imported.scan is not None
    assert imported.scan.file_type == "csv"
    assert imported.file.name.startswith("budget/")
    with imported.file.open("rb") as handle:
        assert handle.read() == csv_bytes(SMALL)
    lines = {line.code: line for line in BudgetLine.objects.filter(budget_import=imported)}
    assert lines["5.1.02"].parent_code == "5.1"
    assert lines["5.1.02"].depth == 3
    assert lines["5.1.02"].row_number == 5
    assert lines["5.1"].child_count == 2
    assert lines["5"].parent_code == ""
    [event] = imported.events.all()
    assert event.kind == BudgetEvent.Kind.IMPORTED
    assert event.actor == unit_officer
    assert event.data["lines"] == 5
    assert event.note == "LRA audited BPK"


def test_xlsx_import(body: Any, unit: Any, unit_officer: Any) -> None:
    data = xlsx_bytes(
        [
            ["5", "Belanja Daerah", 1500000.5, 1200000],
            ["5.1", "Belanja Operasi", 1000000.25, None],
            ["5.2", "Belanja Modal", "500.000,25", "-"],
        ]
    )
    imported = services.budget_import(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2025,
        kind="lra_q2",
        data=data,
        filename="lra.xlsx",
    )
    assert imported.total_allocation == Decimal("1500000.50")
    assert imported.total_realisation == Decimal("1200000.00")
    lines = {line.code: line for line in imported.lines.all()}
    assert lines["5.1"].realisation is None
    assert lines["5.2"].realisation == Decimal("0.00")
    assert imported.scan is not None
    assert imported.scan.file_type == "xlsx"


def test_plan_needs_no_realisation(body: Any, unit: Any, unit_officer: Any) -> None:
    imported = services.budget_import(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2026,
        kind="dpa",
        data=csv_bytes([r[:3] for r in SMALL], header=["kode_rekening", "uraian", "anggaran"]),
        filename="dpa.csv",
    )
    assert imported.total_realisation is None


def test_failed_import_stores_nothing_and_reports_every_row(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    rows = [list(r) for r in SMALL]
    rows[2][2] = "enam ratus juta"
    rows.append(["5.1.02", "Lagi", "1", ""])
    rows.append(["5.9.01", "Yatim", "1", ""])
    with pytest.raises(ImportFailed) as excinfo:
        make_import(actor=unit_officer, body=body, unit=unit, rows=rows)
    assert excinfo.value.status_code == 422
    assert [(e["row"], e["column"]) for e in excinfo.value.details["errors"]] == [
        (4, "anggaran"),
        (7, "kode_rekening"),
        (8, "kode_rekening"),
    ]
    _nothing_stored()


def test_refused_file_stores_nothing(body: Any, unit: Any, unit_officer: Any) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.budget_import(
            actor=unit_officer,
            body=body,
            unit=unit,
            year=2025,
            kind="dpa",
            data=b"%PDF-1.7 not a table",
            filename="dpa.pdf",
        )
    assert excinfo.value.code == "file_type_not_allowed"
    _nothing_stored()


@pytest.mark.parametrize(("field", "value"), [("year", 1980), ("kind", "apbn"), ("year", 2999)])
def test_year_and_kind_are_checked(
    body: Any, unit: Any, unit_officer: Any, field: str, value: Any
) -> None:
    options = {"year": 2025, "kind": "dpa", field: value}
    with pytest.raises(ValidationError) as excinfo:
        make_import(actor=unit_officer, body=body, unit=unit, **options)
    assert field in excinfo.value.details["fields"]


def test_replace_needs_confirmation_and_keeps_history(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    first = make_import(actor=unit_officer, body=body, unit=unit)
    changed = [list(r) for r in SMALL]
    changed[4][3] = "450.000.000,00"
    changed[0][3] = "1.360.000.000,00"
    with pytest.raises(Conflict) as excinfo:
        make_import(actor=unit_officer, body=body, unit=unit, rows=changed)
    assert excinfo.value.code == "import_exists"
    existing = excinfo.value.details["existing"]
    assert existing["id"] == first.pk
    assert existing["total_allocation"] == "1500000000.00"
    assert existing["total_realisation"] == "1210000000.00"
    assert existing["created_at"] == first.created_at.isoformat()
    assert BudgetImport.objects.count() == 1
    assert Scan.objects.count() == 1

    second = make_import(actor=unit_officer, body=body, unit=unit, rows=changed, replace=True)
    first.refresh_from_db()
    assert first.status == BudgetImport.Status.SUPERSEDED
    assert first.replaced_by == second
    assert second.status == BudgetImport.Status.ACTIVE
    assert second.total_realisation == Decimal("1360000000.00")
    # The old import keeps its lines and gains a history row.
    assert first.lines.count() == 5
    assert [e.kind for e in first.events.order_by("id")] == ["imported", "superseded"]
    assert first.events.get(kind="superseded").data == {"replaced_by": second.pk}
    assert second.events.get().data["replaces"] == first.pk


def test_other_year_or_kind_is_no_conflict(body: Any, unit: Any, unit_officer: Any) -> None:
    make_import(actor=unit_officer, body=body, unit=unit, year=2024)
    make_import(actor=unit_officer, body=body, unit=unit, year=2025)
    make_import(actor=unit_officer, body=body, unit=unit, year=2025, kind="lra_q3")
    assert BudgetImport.objects.filter(status="active").count() == 3


def test_one_active_import_is_enforced_by_the_database(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    from django.db import IntegrityError, transaction

    first = make_import(actor=unit_officer, body=body, unit=unit)
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_permissions(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    other_unit: Any,
    other_officer: Any,
    applicant: Any,
) -> None:
    for actor in (other_officer, applicant):
        with pytest.raises(PermissionDenied):
            make_import(actor=actor, body=body, unit=unit)
    # The PPID Utama imports for any unit of the body.
    make_import(actor=ppid_utama, body=body, unit=unit)
    make_import(actor=ppid_utama, body=body, unit=other_unit)
    # ... but not for a unit of another body.
    from terbuka.bodies.tests.factories import PublicBodyFactory

    elsewhere = PublicBodyFactory(slug="kab-lain")
    foreign = UnitFactory(body=elsewhere, slug="dinkes-lain")
    with pytest.raises(PermissionDenied):
        make_import(actor=ppid_utama, body=elsewhere, unit=foreign)
    with pytest.raises(PermissionDenied):
        make_import(actor=ppid_utama, body=body, unit=foreign)
    # An inactive unit takes no imports.
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        make_import(actor=ppid_utama, body=body, unit=unit, year=2024)


def test_idempotency_key(body: Any, unit: Any, unit_officer: Any) -> None:
    first = make_import(actor=unit_officer, body=body, unit=unit, idempotency_key="k-1")
    again = make_import(actor=unit_officer, body=body, unit=unit, idempotency_key="k-1")
    assert again == first
    assert BudgetImport.objects.count() == 1
    with pytest.raises(ValidationError) as excinfo:
        make_import(actor=unit_officer, body=body, unit=unit, idempotency_key="k-1", year=2024)
    assert excinfo.value.code == "idempotency_key_reused"


def test_fifty_thousand_lines_import_in_batches(
    body: Any, unit: Any, unit_officer: Any, django_assert_max_num_queries: Any
) -> None:
    rows = tree_rows(50_000)
    data = csv_bytes(rows)
    # The rate is measured by `make bench` (bench/budget.py); here the import must stay in
    # batches, never a query per line: 25 inserts of 2,000 lines on PostgreSQL, about 450 on
    # SQLite, whose 999-parameter limit cuts a batch to 111 lines.
    with django_assert_max_num_queries(1000):
        imported = services.budget_import(
            actor=unit_officer,
            body=body,
            unit=unit,
            year=2025,
            kind="lra_yearly",
            data=data,
            filename="lra-besar.csv",
        )
    assert imported.lines_count == 50_000
    assert BudgetLine.objects.filter(budget_import=imported).count() == 50_000
    assert imported.total_allocation == sum(
        (line.allocation for line in imported.lines.filter(depth=2)), Decimal(0)
    )
    assert imported.overspent_count > 0
