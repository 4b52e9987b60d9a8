"""Builders for budget tests: small valid files, large generated trees, imports."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from terbuka.budget import services
from terbuka.budget.amounts import format_number
from terbuka.budget.models import BudgetImport

HEADER = ["kode_rekening", "uraian", "anggaran", "realisasi"]
# A small valid tree: 5 > 5.1 > 5.1.01, 5.1.02 and 5 > 5.2 (realisation of 5.1.02 is over).
SMALL: list[list[str]] = [
    ["5", "Belanja Daerah", "1.500.000.000,00", "1.210.000.000,00"],
    ["5.1", "Belanja Operasi", "1.000.000.000,00", "910.000.000,00"],
    ["5.1.01", "Belanja Pegawai", "600.000.000,00", "500.000.000,00"],
    ["5.1.02", "Belanja Barang dan Jasa", "400.000.000,00", "410.000.000,00"],
    ["5.2", "Belanja Modal", "500.000.000,00", "300.000.000,00"],
]


def csv_bytes(
    rows: Sequence[Sequence[str]], *, header: Sequence[str] = HEADER, delimiter: str = ";"
) -> bytes:
    def quote(cell: str) -> str:
        return f'"{cell}"' if delimiter in cell or '"' in cell else cell

    lines = [delimiter.join(quote(c) for c in row) for row in [header, *rows]]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, header: Sequence[str] = HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tree_rows(n: int, *, realisation: bool = True) -> list[list[str]]:
    """Exactly `n` (>= 56) valid lines: 5, five kelompok, fifty jenis, the rest as leaves.

    Every parent's allocation is the sum of its children; one leaf in seven is overspent.
    """
    leaves: dict[str, list[tuple[str, Decimal, Decimal]]] = {}
    parents = [f"5.{k}.{j:02d}" for k in range(1, 6) for j in range(1, 11)]
    for i in range(n - 56):
        parent = parents[i % len(parents)]
        number = i // len(parents) + 1
        allocation = Decimal(1_000_000 + (i % 97) * 1_000) + Decimal("0.50")
        spent = allocation + 10 if i % 7 == 0 else allocation * Decimal("0.9")
        leaves.setdefault(parent, []).append(
            (f"{parent}.{number:04d}", allocation, spent.quantize(Decimal("0.01")))
        )
    rows: list[list[str]] = []

    def row(code: str, description: str, a: Decimal, r: Decimal) -> list[str]:
        return [code, description, format_number(a), format_number(r) if realisation else ""]

    kelompok: list[list[str]] = []
    total_a = total_r = Decimal(0)
    for k in range(1, 6):
        block: list[list[str]] = []
        k_a = k_r = Decimal(0)
        for j in range(1, 11):
            parent = f"5.{k}.{j:02d}"
            kids = leaves.get(parent, [])
            j_a = sum((a for _c, a, _r in kids), Decimal(0))
            j_r = sum((r for _c, _a, r in kids), Decimal(0))
            block.append(row(parent, f"Jenis belanja {k}.{j}", j_a, j_r))
            block.extend(row(c, f"Rincian belanja {c}", a, r) for c, a, r in kids)
            k_a += j_a
            k_r += j_r
        kelompok.append(row(f"5.{k}", f"Kelompok belanja {k}", k_a, k_r))
        kelompok.extend(block)
        total_a += k_a
        total_r += k_r
    rows.append(row("5", "Belanja Daerah", total_a, total_r))
    rows.extend(kelompok)
    assert len(rows) == n
    return rows


def make_import(
    *,
    actor: Any,
    body: Any,
    unit: Any,
    rows: Sequence[Sequence[str]] = SMALL,
    year: int = 2025,
    kind: str = "lra_yearly",
    **options: Any,
) -> BudgetImport:
    return services.budget_import(
        actor=actor,
        body=body,
        unit=unit,
        year=year,
        kind=kind,
        data=csv_bytes(rows),
        filename="anggaran.csv",
        **options,
    )
