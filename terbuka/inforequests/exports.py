"""Spreadsheet writers of the buku register: XLSX (openpyxl) and CSV.

CSV uses `;` as separator and starts with a UTF-8 byte-order mark: Excel with Indonesian
regional settings (decimal comma) splits on `;` and reads the BOM as UTF-8.

Both writers guard against spreadsheet formula injection (OWASP "CSV injection"): a text cell
that starts with = + - @ tab or CR is prefixed with an apostrophe in CSV and stored as a plain
string (never a formula) in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"
DATE_FORMAT = "DD/MM/YYYY"
# Column widths (characters) by key; others get DEFAULT_WIDTH.
WIDTHS: dict[str, int] = {
    "no": 6,
    "registration_number": 26,
    "received_on": 14,
    "name": 24,
    "address": 30,
    "contact": 28,
    "nik": 20,
    "details": 50,
    "purpose": 36,
    "refusal_reason": 30,
    "notice_on": 14,
    "fulfilled_on": 14,
    "total_cost": 12,
}
DEFAULT_WIDTH = 18

Columns = Sequence[tuple[str, Any]]


def is_formula_like(value: str) -> bool:
    """Return whether a spreadsheet would read the text as a formula."""
    return value.startswith(FORMULA_PREFIXES)


def csv_cell(value: Any) -> str:
    """Return the CSV text of a value, defused when it looks like a formula."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def write_csv(rows: Iterable[dict[str, Any]], columns: Columns) -> bytes:
    """Return the rows as `;`-separated UTF-8 CSV with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_cell(label) for _key, label in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(key)) for key, _label in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(rows: Iterable[dict[str, Any]], columns: Columns, *, title: str) -> bytes:
    """Return the rows as an XLSX workbook: bold frozen header, widths, real dates."""
    # Imported here, as in every export: openpyxl costs web workers start-up time.
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = title[:31]
    bold = Font(bold=True)
    for col, (key, label) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=col, value=str(label))
        cell.font = bold
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(key, DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    for row_index, row in enumerate(rows, start=2):
        for col, (key, _label) in enumerate(columns, start=1):
            _write_cell(sheet.cell(row=row_index, column=col), row.get(key))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_cell(cell: Any, value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        cell.value = str(value)
    elif isinstance(value, (int, date)):
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
    else:
        cell.value = str(value)
        # openpyxl turns text starting with "=" into a formula: force a plain string.
        cell.data_type = "s"
