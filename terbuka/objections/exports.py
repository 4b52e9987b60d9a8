"""Spreadsheet writers of the objection register: XLSX (openpyxl write-only) and CSV.

The cell rules are the request register's (`inforequests.exports`): CSV separated by `;` with a
UTF-8 byte-order mark for Excel with Indonesian settings, and text that looks like a formula
(= + - @ tab CR) defused: an apostrophe in CSV, a plain string cell in XLSX.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from terbuka.inforequests.exports import CSV_DELIMITER, DATE_FORMAT, csv_cell

# Column widths (characters) by key; others get DEFAULT_WIDTH.
WIDTHS: dict[str, int] = {
    "no": 6,
    "registration_number": 24,
    "filed_on": 14,
    "name": 24,
    "nik": 20,
    "address": 30,
    "contact": 28,
    "proxy_name": 22,
    "proxy_nik": 20,
    "request_number": 24,
    "information": 50,
    "purpose": 36,
    "grounds": 50,
    "decision": 30,
    "responded_on": 14,
    "atasan": 30,
    "requester_response": 30,
}
DEFAULT_WIDTH = 18

Columns = Sequence[tuple[str, Any]]


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
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for col, (key, _label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(key, DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for _key, label in columns:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, row.get(key)) for key, _label in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, date)):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        return cell
    cell = WriteOnlyCell(sheet, value=str(value))
    # openpyxl turns text starting with "=" into a formula: force a plain string.
    cell.data_type = "s"
    return cell
