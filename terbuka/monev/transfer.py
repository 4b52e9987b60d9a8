"""Monev data in and out: the rubric templates Terbuka ships, rubrics as XLSX workbooks, and past
results imported from CSV.

A rubric workbook has three sheets: `rubrik` (name, year), `kategori` (one row per category)
and `pertanyaan` (one row per answer option, repeating its question, indicator and stage; an
indicator scored by a panel has one row with the question and option cells empty). Reading a
workbook builds the rubric's JSON and names every cell it cannot read (`pertanyaan!R12.
option_score`); `rubric.parse_rubric` then checks the rubric itself.

The history import is all or nothing, like the DIP and budget imports: every row is checked
first and the report names each bad row, column and reason; only a clean file is written, in
one transaction. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import ValidationError
from terbuka.core.service_helpers import require
from terbuka.monev import permissions
from terbuka.monev.models import HistoricalResult
from terbuka.monev.rubric import Rubric, RubricError
from terbuka.safety.detect import detect_type

RUBRICS_DIR = Path(__file__).resolve().parent / "rubrics"


def rubric_templates() -> list[tuple[str, dict[str, Any]]]:
    """The rubric templates shipped with Terbuka as (file stem, JSON), sorted by stem."""
    return [
        (path.stem, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(RUBRICS_DIR.glob("*.json"))
    ]


# --- Rubrics as XLSX -------------------------------------------------------------------------

SHEET_RUBRIC = "rubrik"
SHEET_CATEGORIES = "kategori"
SHEET_QUESTIONS = "pertanyaan"
# The column headers are the exchange format's field names; they stay the same in every language.
RUBRIC_COLUMNS = ("name", "year")
CATEGORY_COLUMNS = ("name", "min")
QUESTION_COLUMNS = (
    "stage_key",
    "stage_name",
    "stage_weight",
    "indicator_key",
    "indicator_name",
    "indicator_weight",
    "question_key",
    "question_text",
    "question_weight",
    "evidence",
    "option_key",
    "option_label",
    "option_score",
)
QUESTION_PART = ("question_key", "question_text", "question_weight", "evidence")
OPTION_PART = ("option_key", "option_label", "option_score")
WIDTHS = {
    "name": 60,
    "stage_name": 30,
    "indicator_name": 30,
    "question_text": 70,
    "option_label": 30,
}
MAX_RUBRIC_XLSX_BYTES = 5 * 1024 * 1024
# A rubric holds at most 1,000 items per list (`rubric.MAX_ITEMS`); rows beyond this are a
# wrong file, not a rubric.
MAX_SHEET_ROWS = 50_000
_ILLEGAL_XML = re.compile(r"[\000-\010\013\014\016-\037]")


def _sheet_number(value: Decimal) -> int | float | str:
    """A number as the sheet stores it exactly: an integer, a float that reads back as the same
    decimal, or else text."""
    if value == value.to_integral_value() and abs(value) < 2**53:
        return int(value)
    as_float = float(value)
    if Decimal(repr(as_float)) == value:
        return as_float
    return format(value.normalize(), "f")


def _write_sheet(workbook: Any, title: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
    from openpyxl.styles import Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    for col, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=col, value=name).font = bold
        sheet.column_dimensions[get_column_letter(col)].width = WIDTHS.get(name, 14)
    sheet.freeze_panes = "A2"
    for row_index, row in enumerate(rows, start=2):
        for col, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=col)
            if isinstance(value, str):
                # XML cannot hold these control characters; a rubric's text never needs them.
                cell.value = _ILLEGAL_XML.sub("", value)
                # openpyxl turns text starting with "=" into a formula: force a plain string.
                cell.data_type = "s"
            else:
                cell.value = value


def rubric_to_xlsx(rubric: Rubric) -> bytes:
    """The rubric as an XLSX workbook (sheets `rubrik`, `kategori`, `pertanyaan`)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    default = workbook.active
    if default is not None:
        workbook.remove(default)
    _write_sheet(workbook, SHEET_RUBRIC, RUBRIC_COLUMNS, [[rubric.name, rubric.year]])
    _write_sheet(
        workbook,
        SHEET_CATEGORIES,
        CATEGORY_COLUMNS,
        [[c.name, _sheet_number(c.min)] for c in rubric.categories],
    )
    rows: list[list[Any]] = []
    for stage in rubric.stages:
        for indicator in stage.indicators:
            head = [
                stage.key,
                stage.name,
                _sheet_number(stage.weight),
                indicator.key,
                indicator.name,
                _sheet_number(indicator.weight),
            ]
            if not indicator.questions:
                rows.append([*head, *([""] * (len(QUESTION_PART) + len(OPTION_PART)))])
            for question in indicator.questions:
                for option in question.options:
                    rows.append(
                        [
                            *head,
                            question.key,
                            question.text,
                            _sheet_number(question.weight),
                            question.evidence,
                            option.key,
                            option.label,
                            _sheet_number(option.score),
                        ]
                    )
    _write_sheet(workbook, SHEET_QUESTIONS, QUESTION_COLUMNS, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


class _SheetReader:
    """Reads cells of a rubric workbook; collects every problem with its cell path."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def number(self, value: Any, path: str, *, required: bool) -> Decimal | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, _("Wajib diisi (angka)."))
            return None
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            number = Decimal(repr(value))
        elif isinstance(value, Decimal):
            number = value
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip().replace(",", "."))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.fail(path, _("Harus berupa angka, misalnya 70 atau 0,4."))
            return None
        return number

    def key(self, value: Any, path: str) -> str:
        text = _cell_text(value)
        if not text:
            self.fail(path, _("Wajib diisi (kunci)."))
        return text

    def table(
        self, workbook: Any, title: str, columns: Sequence[str]
    ) -> list[tuple[int, dict[str, Any]]] | None:
        """The sheet's data rows as (row number, {column: raw value}), empty rows skipped; None
        when the sheet or one of its columns is missing."""
        if title not in workbook.sheetnames:
            self.fail(title, _("Lembar '%(sheet)s' tidak ada.") % {"sheet": title})
            return None
        rows = workbook[title].iter_rows(values_only=True)
        header = next(rows, None) or ()
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            name = _cell_text(cell).casefold()
            if name in columns and name not in positions:
                positions[name] = index
        missing = [c for c in columns if c not in positions]
        if missing:
            self.fail(
                f"{title}!R1",
                _("Kolom wajib tidak ada pada baris judul: %(columns)s.")
                % {"columns": ", ".join(missing)},
            )
            return None
        table: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(rows, start=2):
            if number > MAX_SHEET_ROWS:
                self.fail(
                    title,
                    _("Paling banyak %(n)s baris per lembar.")
                    % {"n": f"{MAX_SHEET_ROWS:,}".replace(",", ".")},
                )
                break
            values = {c: row[i] if i < len(row) else None for c, i in positions.items()}
            if all(_cell_text(v) == "" for v in values.values()):
                continue
            table.append((number, values))
        return table


def _comparable(column: str, text: str) -> Any:
    if column.endswith(("_weight", "_score")):
        try:
            return Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text
    return text


def _json_number(value: Decimal | None) -> int | str | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def _open_workbook(data: bytes) -> Any:
    if len(data) > MAX_RUBRIC_XLSX_BYTES:
        raise RubricError([("", _("Berkas rubrik paling besar 5 MB."))])
    try:
        detected = detect_type(data, "rubrik.xlsx")
    except ValidationError as exc:
        raise RubricError([("", exc.message)]) from exc
    if detected.kind != "xlsx":
        raise RubricError([("", _("Rubrik diimpor dari berkas XLSX."))])
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise RubricError([("", _("Berkas XLSX tidak dapat dibaca."))]) from exc


def rubric_from_xlsx(data: bytes) -> dict[str, Any]:
    """Build a rubric's JSON from a workbook written like `rubric_to_xlsx`.

    Raises `RubricError` naming every cell that cannot be read (`pertanyaan!R12.option_score`)
    or that contradicts an earlier row of the same stage, indicator or question. The result
    still has to pass `parse_rubric`, which checks weights, ranges and keys.
    """
    workbook = _open_workbook(data)
    reader = _SheetReader()
    try:
        head = reader.table(workbook, SHEET_RUBRIC, RUBRIC_COLUMNS)
        category_rows = reader.table(workbook, SHEET_CATEGORIES, CATEGORY_COLUMNS)
        question_rows = reader.table(workbook, SHEET_QUESTIONS, QUESTION_COLUMNS)
    except Exception as exc:  # a damaged sheet fails while it is read, not when opened
        raise RubricError([("", _("Berkas XLSX tidak dapat dibaca."))]) from exc
    finally:
        workbook.close()
    result: dict[str, Any] = {"name": "", "year": None, "categories": [], "stages": []}
    if head:
        number, values = head[0]
        result["name"] = _cell_text(values["name"])
        year = reader.number(values["year"], f"{SHEET_RUBRIC}!R{number}.year", required=True)
        if year is not None and year != year.to_integral_value():
            reader.fail(f"{SHEET_RUBRIC}!R{number}.year", _("Tahun harus bilangan bulat."))
        elif year is not None:
            result["year"] = int(year)
        for extra, _values in head[1:]:
            reader.fail(
                f"{SHEET_RUBRIC}!R{extra}", _("Lembar rubrik hanya berisi satu baris data.")
            )
    elif head is not None:
        reader.fail(f"{SHEET_RUBRIC}!R2", _("Isi nama dan tahun rubrik."))
    for number, values in category_rows or []:
        where = f"{SHEET_CATEGORIES}!R{number}"
        result["categories"].append(
            {
                "name": _cell_text(values["name"]),
                "min": _json_number(reader.number(values["min"], f"{where}.min", required=True)),
            }
        )
    result["stages"] = _stages(reader, question_rows or [])
    if reader.problems:
        raise RubricError(reader.problems)
    return result


@dataclass
class _Seen:
    """The first row of a stage, indicator or question and the values it gave."""

    row: int
    values: dict[str, Any]
    data: dict[str, Any]


def _stages(reader: _SheetReader, rows: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    stages: dict[str, _Seen] = {}
    indicators: dict[str, tuple[str, _Seen]] = {}  # key -> (stage key, first row)
    questions: dict[str, tuple[str, _Seen]] = {}  # key -> (indicator key, first row)
    options: dict[tuple[str, str], int] = {}
    direct: dict[str, int] = {}  # indicator key -> row without a question
    asked: dict[str, int] = {}  # indicator key -> first row with a question

    def same(seen: _Seen, compared: dict[str, Any], columns: Sequence[str], where: str) -> None:
        """Report each cell that differs from the first row of the same thing."""
        for column in columns:
            if compared[column] != seen.values[column]:
                reader.fail(
                    f"{where}.{column}",
                    _("Berbeda dari baris %(row)d untuk kunci yang sama.") % {"row": seen.row},
                )

    def number(values: dict[str, Any], column: str, where: str, required: bool = True) -> Any:
        return _json_number(reader.number(values[column], f"{where}.{column}", required=required))

    for row, raw in rows:
        where = f"{SHEET_QUESTIONS}!R{row}"
        stage_key = reader.key(raw["stage_key"], f"{where}.stage_key")
        indicator_key = reader.key(raw["indicator_key"], f"{where}.indicator_key")
        if not stage_key or not indicator_key:
            continue
        values = {c: _cell_text(raw[c]) for c in QUESTION_COLUMNS}
        # Rows of the same thing are compared by these, so 0.4, "0.4" and "0,4" are the same.
        compared = {c: _comparable(c, values[c]) for c in QUESTION_COLUMNS}
        stage = stages.get(stage_key)
        if stage is None:
            stage = stages[stage_key] = _Seen(
                row,
                compared,
                {
                    "key": stage_key,
                    "name": values["stage_name"],
                    "weight": number(raw, "stage_weight", where),
                    "indicators": [],
                },
            )
        else:
            same(stage, compared, ("stage_name", "stage_weight"), where)
        found = indicators.get(indicator_key)
        if found is None:
            indicator = _Seen(
                row,
                compared,
                {
                    "key": indicator_key,
                    "name": values["indicator_name"],
                    "weight": number(raw, "indicator_weight", where),
                    "questions": [],
                },
            )
            indicators[indicator_key] = (stage_key, indicator)
            stage.data["indicators"].append(indicator.data)
        else:
            owner, indicator = found
            if owner != stage_key:
                reader.fail(
                    f"{where}.indicator_key",
                    _("Kunci indikator sudah dipakai di baris %(row)d untuk tahap lain.")
                    % {"row": indicator.row},
                )
                continue
            same(indicator, compared, ("indicator_name", "indicator_weight"), where)
        question_key = values["question_key"]
        if not question_key:
            # An indicator scored by a panel: no question, no option.
            for column in (*QUESTION_PART, *OPTION_PART):
                if values[column]:
                    reader.fail(
                        f"{where}.question_key",
                        _(
                            "Isi kunci pertanyaan, atau kosongkan kolom pertanyaan dan pilihan "
                            "untuk indikator yang dinilai panel."
                        ),
                    )
                    break
            direct.setdefault(indicator_key, row)
            continue
        asked.setdefault(indicator_key, row)
        seen_question = questions.get(question_key)
        if seen_question is None:
            data: dict[str, Any] = {
                "key": question_key,
                "text": values["question_text"],
                "evidence": values["evidence"],
                "options": [],
            }
            weight = number(raw, "question_weight", where, required=False)
            if weight is not None:
                data["weight"] = weight
            question = _Seen(row, compared, data)
            questions[question_key] = (indicator_key, question)
            indicator.data["questions"].append(question.data)
        else:
            owner, question = seen_question
            if owner != indicator_key:
                reader.fail(
                    f"{where}.question_key",
                    _("Kunci pertanyaan sudah dipakai di baris %(row)d untuk indikator lain.")
                    % {"row": question.row},
                )
                continue
            same(question, compared, ("question_text", "question_weight", "evidence"), where)
        option_key = reader.key(raw["option_key"], f"{where}.option_key")
        score = number(raw, "option_score", where)
        if not option_key:
            continue
        earlier = options.setdefault((question_key, option_key), row)
        if earlier != row:
            reader.fail(
                f"{where}.option_key",
                _("Pilihan ini sudah ada di baris %(row)d untuk pertanyaan yang sama.")
                % {"row": earlier},
            )
            continue
        question.data["options"].append(
            {"key": option_key, "label": values["option_label"], "score": score}
        )
    for indicator_key, row in direct.items():
        if indicator_key in asked:
            reader.fail(
                f"{SHEET_QUESTIONS}!R{row}.question_key",
                _(
                    "Indikator ini punya pertanyaan di baris %(row)d; baris tanpa pertanyaan "
                    "hanya untuk indikator yang dinilai panel."
                )
                % {"row": asked[indicator_key]},
            )
    return [stage.data for stage in stages.values()]


# --- History import --------------------------------------------------------------------------

HISTORY_COLUMNS = (
    "peserta",
    "tahun",
    "penyelenggara",
    "kelompok",
    "nilai",
    "kategori",
    "peringkat",
    "sumber",
)
HISTORY_REQUIRED = ("peserta", "tahun", "penyelenggara")
MAX_HISTORY_BYTES = 2 * 1024 * 1024
MAX_HISTORY_ROWS = 5000
MAX_REPORTED_ERRORS = 1000
# UU 14/2008 took effect in 2010 (Pasal 64); monev results before the law are not expected, but
# 2008 leaves room for the commissions' first rankings.
MIN_HISTORY_YEAR = 2008
_SCORE_RE = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# Text columns and their limits (the model's max_length).
_TEXT_LIMITS = {
    "peserta": 200,
    "penyelenggara": 200,
    "kelompok": 100,
    "kategori": 300,
    "sumber": 500,
}
# Column -> model field written by the import.
_FIELDS = {
    "peserta": "participant_name",
    "kelompok": "group",
    "nilai": "score",
    "kategori": "category",
    "peringkat": "rank",
    "sumber": "source",
}


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file, the header being row 1
    column: str  # the column's header ("" for the whole row)
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


@dataclass
class _HistoryRow:
    row: int
    year: int
    organiser: str
    unit: Unit | None
    values: dict[str, Any]  # model field -> value, for the columns the file has


def _read_history_csv(data: bytes, filename: str) -> list[list[str]]:
    if len(data) > MAX_HISTORY_BYTES:
        raise ValidationError(_("Berkas riwayat paling besar 2 MB."), code="file_too_large")
    detected = detect_type(data, filename)
    if detected.kind not in ("csv", "txt"):
        raise ValidationError(
            _("Riwayat hasil monev diimpor dari berkas CSV."), code="file_type_not_allowed"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _("Berkas CSV harus berenkode UTF-8."), code="import_unreadable"
        ) from exc
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if len(rows) > MAX_HISTORY_ROWS:
                raise ValidationError(
                    _("Paling banyak %(n)s baris per berkas.") % {"n": "5.000"},
                    code="too_many_rows",
                )
            rows.append([cell.strip() for cell in row])
    except csv.Error as exc:
        raise ValidationError(
            _("Berkas CSV tidak dapat dibaca."), code="import_unreadable"
        ) from exc
    return rows


def _score(text: str) -> tuple[Decimal | None, str]:
    """A score like `92,5` or `92.50` (or empty); the second item is the problem, if any."""
    if not text:
        return None, ""
    if not _SCORE_RE.match(text):
        return None, _("Nilai harus berupa angka, misalnya 92,5.")
    value = Decimal(text.replace(",", "."))
    if not 0 <= value <= 100:
        return None, _("Nilai harus antara 0 dan 100.")
    if value != value.quantize(Decimal("0.01")):
        return None, _("Nilai paling banyak dua angka desimal.")
    return value.quantize(Decimal("0.01")), ""


def _unit_finder(body: PublicBody) -> Callable[[str], Unit | None]:
    """Find a unit of the body by its name or slug, case-insensitively; None when no unit, or
    more than one, bears that name (two kelurahan Sukawana: the slug tells them apart)."""
    by_slug: dict[str, Unit] = {}
    by_name: dict[str, list[Unit]] = {}
    for unit in Unit.objects.filter(body=body).only("id", "name", "slug", "body_id"):
        by_slug[unit.slug.casefold()] = unit
        by_name.setdefault(" ".join(unit.name.split()).casefold(), []).append(unit)

    def find(text: str) -> Unit | None:
        folded = text.casefold()
        named = by_name.get(folded, [])
        if len(named) == 1:
            return named[0]
        return by_slug.get(folded)

    return find


def _parse_history(
    rows: list[list[str]], find_unit: Callable[[str], Unit | None]
) -> tuple[list[_HistoryRow], list[RowError]]:
    errors: list[RowError] = []
    if not rows or not any(rows[0]):
        return [], [RowError(1, "", _("Tidak ada baris judul."))]
    headers = [h.strip().casefold() for h in rows[0]]
    for index, header in enumerate(headers):
        if header and header not in HISTORY_COLUMNS:
            errors.append(
                RowError(
                    1,
                    rows[0][index],
                    _("Kolom tidak dikenal. Kolom yang dikenal: %(columns)s.")
                    % {"columns": ", ".join(HISTORY_COLUMNS)},
                )
            )
        elif header and headers.index(header) != index:
            errors.append(RowError(1, header, _("Kolom ini muncul lebih dari sekali.")))
    missing = [c for c in HISTORY_REQUIRED if c not in headers]
    if missing:
        errors.append(RowError(1, ", ".join(missing), _("Kolom wajib tidak ada pada baris judul.")))
    if errors:
        return [], errors
    this_year = timezone.localdate().year
    parsed: list[_HistoryRow] = []
    first_of: dict[tuple[str, int, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        if len(row) > len(headers) and any(row[len(headers) :]):
            errors.append(
                RowError(
                    number,
                    "",
                    _(
                        "Baris ini punya %(cells)d sel, lebih banyak dari %(columns)d kolom "
                        "judul. Apit nilai yang memuat koma dengan tanda kutip, atau pakai "
                        "pemisah titik koma (;)."
                    )
                    % {"cells": len(row), "columns": len(headers)},
                )
            )
            continue
        cells = {h: " ".join(row[i].split()) if i < len(row) else "" for i, h in enumerate(headers)}
        row_errors: list[RowError] = []

        def fail(
            column: str, message: str, number: int = number, into: list[RowError] = row_errors
        ) -> None:
            into.append(RowError(number, column, message))

        for column, limit in _TEXT_LIMITS.items():
            if len(cells.get(column, "")) > limit:
                fail(column, _("Paling banyak %(n)d karakter.") % {"n": limit})
        for column in HISTORY_REQUIRED:
            if not cells[column]:
                fail(column, _("Wajib diisi."))
        year = 0
        if cells["tahun"]:
            if not cells["tahun"].isdigit():
                fail("tahun", _("Tahun harus bilangan bulat, misalnya 2025."))
            elif not MIN_HISTORY_YEAR <= int(cells["tahun"]) <= this_year:
                fail(
                    "tahun",
                    _("Tahun harus antara %(low)d dan %(high)d.")
                    % {"low": MIN_HISTORY_YEAR, "high": this_year},
                )
            else:
                year = int(cells["tahun"])
        values: dict[str, Any] = {}
        if "nilai" in cells:
            score, problem = _score(cells["nilai"])
            if problem:
                fail("nilai", problem)
            values["score"] = score
        if "peringkat" in cells:
            rank = cells["peringkat"]
            if rank and (not rank.isdigit() or int(rank) < 1):
                fail("peringkat", _("Peringkat harus bilangan bulat mulai dari 1."))
            values["rank"] = int(rank) if rank.isdigit() and int(rank) >= 1 else None
        for column in ("kelompok", "kategori", "sumber"):
            if column in cells:
                values[_FIELDS[column]] = cells[column]
        unit = find_unit(cells["peserta"]) if cells["peserta"] else None
        # A unit named by its slug is recorded under its name, as announced cycles record it.
        values["participant_name"] = unit.name if unit is not None else cells["peserta"]
        if row_errors:
            errors.extend(row_errors)
            continue
        key = (values["participant_name"].casefold(), year, cells["penyelenggara"].casefold())
        earlier = first_of.setdefault(key, number)
        if earlier != number:
            errors.append(
                RowError(
                    number,
                    "peserta",
                    _(
                        "Baris ini mengulang baris %(row)d: peserta, tahun dan penyelenggara "
                        "yang sama."
                    )
                    % {"row": earlier},
                )
            )
            continue
        parsed.append(_HistoryRow(number, year, cells["penyelenggara"], unit, values))
    return parsed, errors


def history_import(*, actor: Any, body: PublicBody, data: bytes, filename: str) -> int:
    """Add or update past results of the body from a CSV, all or nothing; return how many
    results were created or changed (0 when the file matches what is stored).

    Columns: peserta, tahun, penyelenggara (required), kelompok, nilai (`92,5`; may be empty),
    kategori, peringkat, sumber. A column the file leaves out keeps its stored values. A
    result is the same one when the body, participant, year and organiser match (letter case
    aside). Raises `ImportFailed` naming every bad row, column and reason; nothing is written
    then. Results copied from an announced cycle are changed through the cycle, not here.
    """
    require(permissions.can_organise_body(actor, body))
    rows = _read_history_csv(data, filename)
    parsed, errors = _parse_history(rows, _unit_finder(body))
    if errors:
        raise ImportFailed(_("Berkas tidak diimpor: ada baris yang salah."), errors)
    if not parsed:
        raise ImportFailed(
            _("Berkas tidak diimpor: tidak ada baris data."),
            [RowError(2, "", _("Tidak ada baris data."))],
        )
    changed = 0
    with transaction.atomic():
        # Imports of one body wait for each other, so two never insert the same result.
        PublicBody.objects.select_for_update().only("pk").get(pk=body.pk)
        stored = {
            (r.participant_name.casefold(), r.year, r.organiser.casefold()): r
            for r in HistoricalResult.objects.filter(body=body)
        }
        for item in parsed:
            key = (item.values["participant_name"].casefold(), item.year, item.organiser.casefold())
            result = stored.get(key)
            if result is None:
                result = HistoricalResult(
                    body=body, year=item.year, organiser=item.organiser, unit=item.unit
                )
                for name, value in item.values.items():
                    setattr(result, name, value)
                try:
                    result.full_clean(
                        exclude=["body", "unit", "cycle"],
                        validate_unique=False,
                        validate_constraints=False,
                    )
                except DjangoValidationError as exc:
                    for name, messages in exc.message_dict.items():
                        column = next((c for c, f in _FIELDS.items() if f == name), name)
                        errors.extend(RowError(item.row, column, str(m)) for m in messages)
                    continue
                result.save()
                stored[key] = result
                changed += 1
                continue
            updates = {
                name: value for name, value in item.values.items() if getattr(result, name) != value
            }
            if item.unit is not None and result.unit_id != item.unit.pk:
                updates["unit"] = item.unit
            if result.organiser != item.organiser:
                updates["organiser"] = item.organiser
            if not updates:
                continue
            if result.cycle_id is not None:
                errors.append(
                    RowError(
                        item.row,
                        "",
                        _(
                            "Hasil ini tercatat dari siklus '%(cycle)s' yang sudah diumumkan; "
                            "ubah lewat siklusnya, bukan lewat impor."
                        )
                        % {"cycle": getattr(result.cycle, "name", "")},
                    )
                )
                continue
            for name, value in updates.items():
                setattr(result, name, value)
            result.save(update_fields=list(updates))
            changed += 1
        if errors:
            # Raised inside the block: every row written so far is rolled back.
            raise ImportFailed(_("Berkas tidak diimpor: ada baris yang salah."), errors)
    return changed


def history_template_csv() -> bytes:
    """An empty history file with its header, for officers to fill in."""
    return (";".join(HISTORY_COLUMNS) + "\n").encode()
