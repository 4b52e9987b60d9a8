"""Reading a budget file into checked lines, and the downloadable template.

Pure functions: nothing here touches the database. `read_table` turns an XLSX or CSV file into
rows of text cells; `parse_table` finds the four columns, checks every row and the tree of
codes, and either returns the lines with their totals or raises `ImportFailed` with every
error found, each naming its row (as numbered in the spreadsheet) and column (as headed in the
file).

Rules of a valid file:
- every line has a code (`codes.normalise_code`), a description (free of personal data: it is
  published as it stands) and an allocation; rows with no code and no amount (titles, notes,
  signature blocks) are skipped, a row with amounts but no code (a "JUMLAH" line) is an error;
- amounts follow `amounts.parse_rupiah`; an allocation is never negative; a realisation may be
  (corrections and refunds) and may exceed the allocation (overspending happens: counted in
  `overspent`, not refused); an empty realisation is "not reported";
- a code appears once (codes differing only in leading zeros are the same account);
- every code deeper than 1 has its parent in the file, spelt the same way;
- no line's allocation exceeds its parent's, and the direct children of a line together do
  not exceed it.
The totals are the sums over the top-level (depth-1) lines; since every deeper line needs its
parent, these are exactly the lines whose parent is not in the file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from terbuka.budget import codes
from terbuka.budget.amounts import AmountError, format_number, parse_rupiah
from terbuka.core.exceptions import ValidationError
from terbuka.safety.detect import decode_text, detect_type
from terbuka.safety.pii import find_pii

MAX_IMPORT_BYTES = 10 * 1024 * 1024
MAX_IMPORT_ROWS = 200_000
MAX_COLUMNS = 100
MAX_HEADER_ROW = 100
MAX_DESCRIPTION = 2000
# The report keeps every error; the API answer shows the first ones and the total.
MAX_REPORTED_ERRORS = 1000

CODE, DESCRIPTION, ALLOCATION, REALISATION = "kode_rekening", "uraian", "anggaran", "realisasi"
COLUMNS: tuple[str, ...] = (CODE, DESCRIPTION, ALLOCATION, REALISATION)

_FOLD = re.compile(r"[\s_\-]+")


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file, as the spreadsheet shows it (the header included)
    column: str  # the column's header in the file ("" for the whole row)
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


class ImportFailed(ValidationError):
    """The file was not imported; `errors` lists every row, column and reason."""

    def __init__(self, message: str, errors: list[RowError]) -> None:
        super().__init__(
            message,
            code="import_failed",
            errors=[e.as_dict() for e in errors[:MAX_REPORTED_ERRORS]],
            errors_total=len(errors),
        )
        self.errors = errors


@dataclass(slots=True)
class ParsedLine:
    row: int
    code: str
    parent_code: str
    sort_key: str
    depth: int
    description: str
    allocation: Decimal
    realisation: Decimal | None
    child_count: int = 0
    # False when the allocation cell was refused: the line takes no part in amount checks.
    allocation_ok: bool = True


@dataclass
class ParsedTable:
    lines: list[ParsedLine] = field(default_factory=list)
    total_allocation: Decimal = Decimal("0.00")
    total_realisation: Decimal | None = None
    overspent: int = 0


# --- Reading the file ------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    """A cell as text; numbers are written exactly with a decimal comma (`1250000,5`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        # Decimal(str(float)) is the shortest exact reading of what the sheet stores; the comma
        # keeps `parse_rupiah` from taking `1.123` for a thousands group.
        exact = Decimal(str(value)) if isinstance(value, float) else value
        return format(exact, "f").replace(".", ",")
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _too_many_rows() -> ValidationError:
    message = _("Berkas memuat lebih dari %(n)s baris.") % {"n": f"{MAX_IMPORT_ROWS:,}"}
    return ValidationError(message.replace(",", "."), code="too_many_rows")


def _read_xlsx(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # type: ignore[import-untyped]

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(
            _("Berkas XLSX tidak dapat dibaca."), code="import_unreadable"
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) >= MAX_IMPORT_ROWS:
                raise _too_many_rows()
            cells = [_cell_text(v) for v in row[:MAX_COLUMNS]]
            while cells and not cells[-1]:
                cells.pop()
            rows.append(cells)
    except ValidationError:
        raise
    except Exception as exc:
        raise ValidationError(
            _("Berkas XLSX tidak dapat dibaca."), code="import_unreadable"
        ) from exc
    finally:
        workbook.close()
    return rows


def _delimiter(text: str) -> str:
    """`;` when most of the first lines split on it, else `,`."""
    sample = [line for line in text[:65536].splitlines()[:50] if line.strip()]
    if not sample:
        return ","
    split = sum(1 for row in csv.reader(sample, delimiter=";") if len(row) > 1)
    return ";" if split * 2 >= len(sample) else ","


def _read_csv(data: bytes) -> list[list[str]]:
    # UTF-8 (with or without BOM) first; Excel's "CSV" in Windows-1252 and UTF-16 also read.
    text = decode_text(data)
    if text is None:
        raise ValidationError(_("Berkas CSV harus berenkode UTF-8."), code="import_unreadable")
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=_delimiter(text)):
            if len(rows) >= MAX_IMPORT_ROWS:
                raise _too_many_rows()
            rows.append([cell.strip() for cell in row[:MAX_COLUMNS]])
    except csv.Error as exc:
        raise ValidationError(
            _("Berkas CSV tidak dapat dibaca."), code="import_unreadable"
        ) from exc
    return rows


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """Return the first sheet (XLSX) or the records (CSV) as rows of text cells.

    XLSX is read with openpyxl (read-only, cached formula values); spreadsheet numbers become
    exact text with a decimal comma. CSV is UTF-8 with or without BOM (Windows-1252 and UTF-16
    are read too), separated by `;` or `,` (sniffed from the first lines).

    Raises the safety detector's `ValidationError` for a refused or misnamed file, and
    `ValidationError` for a file over 10 MB or 200,000 rows, or one that cannot be read.
    """
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Berkas impor terlalu besar (paling besar 10 MB)."), code="file_too_large"
        )
    detected = detect_type(data, filename)
    if detected.kind == "xlsx":
        return _read_xlsx(data)
    if detected.kind in ("csv", "txt"):
        return _read_csv(data)
    raise ValidationError(
        _("Impor anggaran menerima berkas XLSX atau CSV."), code="file_type_not_allowed"
    )


# --- Columns ---------------------------------------------------------------------------------


def _fold(text: str) -> str:
    return _FOLD.sub("", text).casefold()


def check_mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    """Return the mapping {our column: the file's header}, or raise for unknown columns."""
    if not mapping:
        return {}
    unknown = sorted(set(mapping) - set(COLUMNS))
    if unknown:
        message = _("Kolom pemetaan tidak dikenal: %(names)s. Yang dikenal: %(known)s.") % {
            "names": ", ".join(unknown),
            "known": ", ".join(COLUMNS),
        }
        raise ValidationError(message, code="invalid_mapping", fields={"mapping": [message]})
    cleaned = {key: str(value).strip() for key, value in mapping.items()}
    if any(not value for value in cleaned.values()):
        message = _("Nama kolom pada pemetaan tidak boleh kosong.")
        raise ValidationError(message, code="invalid_mapping", fields={"mapping": [message]})
    return cleaned


def _locate_columns(
    header: list[str], *, mapping: dict[str, str], needs_realisation: bool, header_row: int
) -> tuple[dict[str, int], dict[str, str], list[RowError]]:
    """Return ({our column: index}, {our column: header as written}, errors)."""
    positions: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        if text:
            positions.setdefault(_fold(text), []).append(index)
    found: dict[str, int] = {}
    titles: dict[str, str] = {}
    errors: list[RowError] = []
    for name in COLUMNS:
        wanted = mapping.get(name, name)
        indexes = positions.get(_fold(wanted), [])
        if len(indexes) > 1:
            errors.append(RowError(header_row, wanted, _("Kolom ini muncul lebih dari sekali.")))
        elif indexes:
            found[name] = indexes[0]
            titles[name] = header[indexes[0]]
        elif name != REALISATION or needs_realisation:
            errors.append(
                RowError(header_row, wanted, _("Kolom wajib tidak ada pada baris judul."))
            )
    return found, titles, errors


@dataclass
class Preview:
    """What an officer sees before mapping a file's columns by hand."""

    headers: list[str]  # the non-empty cells of the header row, in file order
    rows: list[list[str]]  # the first data rows, one cell per header above
    mapping: dict[str, str]  # our column -> the file's header found automatically
    missing: list[str]  # our required columns not found automatically


def preview(
    data: bytes, filename: str, *, header_row: int = 1, needs_realisation: bool, limit: int = 5
) -> Preview:
    """Read the header row and the first `limit` non-empty rows after it.

    A row is cut to the header's width and keeps only the cells under a non-empty header, so
    `rows[i][j]` sits under `headers[j]`. Columns are found by the folding `parse_table` uses
    (case, spaces, `_` and `-` ignored); a header found twice maps to nothing and is not
    `missing` either (the import reports it). Raises what `read_table` raises, and
    `ValidationError` for a header row out of range.
    """
    if not 1 <= header_row <= MAX_HEADER_ROW:
        message = _("Baris judul harus antara 1 dan %(n)d.") % {"n": MAX_HEADER_ROW}
        raise ValidationError(message, fields={"header_row": [message]})
    table = read_table(data, filename)
    header = table[header_row - 1] if len(table) >= header_row else []
    kept = [index for index, text in enumerate(header) if text]
    headers = [header[index] for index in kept]
    rows: list[list[str]] = []
    for row in table[header_row:]:
        if len(rows) >= max(0, limit):
            break
        if any(row):
            rows.append([row[index] if index < len(row) else "" for index in kept])
    by_fold: dict[str, list[str]] = {}
    for text in headers:
        by_fold.setdefault(_fold(text), []).append(text)
    mapping: dict[str, str] = {}
    missing: list[str] = []
    for name in COLUMNS:
        found = by_fold.get(_fold(name), [])
        if len(found) == 1:
            mapping[name] = found[0]
        elif not found and (name != REALISATION or needs_realisation):
            missing.append(name)
    return Preview(headers=headers, rows=rows, mapping=mapping, missing=missing)


# --- Checking rows ---------------------------------------------------------------------------


def parse_table(
    rows: list[list[str]],
    *,
    needs_realisation: bool,
    mapping: Mapping[str, str] | None = None,
    header_row: int = 1,
) -> ParsedTable:
    """Check every row and the code tree; return the lines or raise `ImportFailed`."""
    columns = check_mapping(mapping)
    if not 1 <= header_row <= MAX_HEADER_ROW:
        message = _("Baris judul harus antara 1 dan %(n)d.") % {"n": MAX_HEADER_ROW}
        raise ValidationError(message, fields={"header_row": [message]})
    failed = _("Berkas tidak diimpor: ada baris atau kolom yang salah.")
    if len(rows) < header_row or not any(rows[header_row - 1]):
        raise ImportFailed(failed, [RowError(header_row, "", _("Baris judul kosong."))])
    header = rows[header_row - 1]
    found, titles, errors = _locate_columns(
        header, mapping=columns, needs_realisation=needs_realisation, header_row=header_row
    )
    if errors:
        raise ImportFailed(failed, errors)
    width = max(i for i, text in enumerate(header) if text) + 1

    def cell(row: list[str], name: str) -> str:
        index = found.get(name)
        return row[index] if index is not None and index < len(row) else ""

    lines: list[ParsedLine] = []
    seen: dict[str, ParsedLine] = {}
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        if not any(row):
            continue
        code_text = cell(row, CODE)
        allocation_text = cell(row, ALLOCATION)
        realisation_text = cell(row, REALISATION)
        if not (code_text or allocation_text or realisation_text):
            continue  # a title, a note or a signature block: nothing to publish
        if any(row[width:]):
            errors.append(
                RowError(
                    number,
                    "",
                    _(
                        "Baris ini berisi %(cells)d kolom, baris judul hanya %(width)d. Bila "
                        "angka memakai koma desimal, pisahkan kolom dengan titik koma (;) atau "
                        "beri tanda kutip."
                    )
                    % {"cells": len(row), "width": width},
                )
            )
            continue
        line_errors = len(errors)
        code = ""
        if not code_text:
            errors.append(
                RowError(
                    number,
                    titles[CODE],
                    _(
                        "Baris berisi angka tetapi tanpa kode rekening (mis. baris jumlah): "
                        "hapus baris itu atau beri kode."
                    ),
                )
            )
        else:
            try:
                code = codes.normalise_code(code_text)
            except codes.CodeError as exc:
                errors.append(RowError(number, titles[CODE], exc.message))
        description = " ".join(cell(row, DESCRIPTION).split())
        if not description:
            errors.append(RowError(number, titles[DESCRIPTION], _("Uraian wajib diisi.")))
        elif len(description) > MAX_DESCRIPTION:
            errors.append(
                RowError(
                    number,
                    titles[DESCRIPTION],
                    _("Uraian paling banyak %(n)d karakter.") % {"n": MAX_DESCRIPTION},
                )
            )
        else:
            personal = [m for m in find_pii(description) if not m.institutional]
            if personal:
                # Descriptions are published as they stand: a NIK, phone, e-mail or NPWP
                # (UU 14/2008 Pasal 17 huruf h; UU 27/2022) never reaches the budget pages.
                errors.append(
                    RowError(
                        number,
                        titles[DESCRIPTION],
                        _(
                            "Uraian memuat data pribadi (%(found)s) dan akan terbit di portal; "
                            "hapus dari berkas."
                        )
                        % {"found": ", ".join(m.masked for m in personal)},
                    )
                )
        allocation = Decimal("0.00")
        allocation_ok = False
        if not allocation_text:
            errors.append(RowError(number, titles[ALLOCATION], _("Anggaran wajib diisi.")))
        else:
            try:
                allocation = parse_rupiah(allocation_text)
            except AmountError as exc:
                errors.append(RowError(number, titles[ALLOCATION], exc.message))
            else:
                allocation_ok = True
                if allocation < 0:
                    errors.append(
                        RowError(number, titles[ALLOCATION], _("Anggaran tidak boleh negatif."))
                    )
        realisation: Decimal | None = None
        if realisation_text:
            try:
                realisation = parse_rupiah(realisation_text)
            except AmountError as exc:
                errors.append(RowError(number, titles[REALISATION], exc.message))
        if not code:
            continue
        key = codes.sort_key(code)
        earlier = seen.get(key)
        if earlier is not None:
            errors.append(
                RowError(
                    number,
                    titles[CODE],
                    _("Kode %(code)s sudah ada pada baris %(row)d.")
                    % {"code": earlier.code, "row": earlier.row},
                )
            )
            continue
        line = ParsedLine(
            row=number,
            code=code,
            parent_code=codes.parent_of(code),
            sort_key=key,
            depth=codes.depth_of(code),
            description=description,
            allocation=allocation,
            realisation=realisation,
            allocation_ok=allocation_ok,
        )
        seen[key] = line
        if len(errors) == line_errors:
            lines.append(line)
    errors.extend(_check_tree(seen.values(), titles))
    if errors:
        errors.sort(key=lambda e: e.row)
        raise ImportFailed(failed, errors)
    if not lines:
        raise ImportFailed(failed, [RowError(header_row + 1, "", _("Tidak ada baris data."))])
    return _totals(lines)


def _check_tree(lines: Iterable[ParsedLine], titles: dict[str, str]) -> list[RowError]:
    """Missing parents, children larger than their parent, children summing beyond it."""
    errors: list[RowError] = []
    by_code = {line.code: line for line in lines}
    by_key = {line.sort_key: line for line in by_code.values()}
    children: dict[str, list[ParsedLine]] = {}
    for line in by_code.values():
        if line.depth == 1:
            continue
        parent = by_code.get(line.parent_code)
        if parent is None:
            other = by_key.get(codes.sort_key(line.parent_code))
            if other is not None:
                message = _(
                    "Kode induk %(parent)s ditulis %(other)s pada baris %(row)d; samakan "
                    "penulisannya."
                ) % {"parent": line.parent_code, "other": other.code, "row": other.row}
            else:
                message = _("Kode induk %(parent)s tidak ada dalam berkas.") % {
                    "parent": line.parent_code
                }
            errors.append(RowError(line.row, titles[CODE], message))
            continue
        children.setdefault(parent.code, []).append(line)
        if not (line.allocation_ok and parent.allocation_ok):
            continue
        if line.allocation > parent.allocation:
            errors.append(
                RowError(
                    line.row,
                    titles[ALLOCATION],
                    _(
                        "Anggaran %(amount)s lebih besar dari anggaran induknya %(parent)s "
                        "(%(parent_amount)s, baris %(row)d)."
                    )
                    % {
                        "amount": format_number(line.allocation),
                        "parent": parent.code,
                        "parent_amount": format_number(parent.allocation),
                        "row": parent.row,
                    },
                )
            )
    for parent_code, kids in children.items():
        parent = by_code[parent_code]
        parent.child_count = len(kids)
        if not all(line.allocation_ok for line in (parent, *kids)):
            continue
        total = sum((kid.allocation for kid in kids), Decimal("0.00"))
        if total > parent.allocation:
            errors.append(
                RowError(
                    parent.row,
                    titles[ALLOCATION],
                    _(
                        "Jumlah anggaran %(n)d rinciannya %(total)s melebihi anggaran baris ini "
                        "%(amount)s."
                    )
                    % {
                        "n": len(kids),
                        "total": format_number(total),
                        "amount": format_number(parent.allocation),
                    },
                )
            )
    return errors


def _totals(lines: list[ParsedLine]) -> ParsedTable:
    table = ParsedTable(lines=lines)
    realisation: Decimal | None = None
    for line in lines:
        if line.realisation is not None and line.realisation > line.allocation:
            table.overspent += 1
        if line.depth != 1:
            continue
        table.total_allocation += line.allocation
        if line.realisation is not None:
            realisation = (realisation or Decimal("0.00")) + line.realisation
    table.total_realisation = realisation
    return table


# --- Template --------------------------------------------------------------------------------

# Two lines that import cleanly as they stand (a parent and its child).
TEMPLATE_LINES: tuple[tuple[str, str, Decimal, Decimal], ...] = (
    ("5", "Belanja Daerah", Decimal("1250000000.00"), Decimal("1100000000.00")),
    ("5.1", "Belanja Operasi", Decimal("1000000000.00"), Decimal("912500000.50")),
)


def template_csv() -> bytes:
    """The CSV template: `;`-separated, Indonesian amounts, UTF-8 with BOM (Excel opens it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for code, description, allocation, realisation in TEMPLATE_LINES:
        writer.writerow([code, description, format_number(allocation), format_number(realisation)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    """The XLSX template: codes as text cells, amounts as numbers with two decimals."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Anggaran"
    sheet.append(list(COLUMNS))
    for code, description, allocation, realisation in TEMPLATE_LINES:
        sheet.append([code, description, allocation, realisation])
    for row in sheet.iter_rows(min_row=2):
        row[0].number_format = "@"
        row[2].number_format = row[3].number_format = "#,##0.00"
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 40
    sheet.column_dimensions["C"].width = 20
    sheet.column_dimensions["D"].width = 20
    book.properties.creator = "Terbuka"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
