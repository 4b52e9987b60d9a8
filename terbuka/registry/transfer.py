"""Import and export of a body's DIP as XLSX or CSV.

The export has one row per entry with the Perki 1/2021 DIP columns; the import reads the same
columns back. An import is all or nothing: every row is checked by the same service that the
form uses (`services.entry_create`), inside one transaction, and any bad row rolls the whole
file back with a report naming each row, column and reason.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import DomainError, ValidationError
from terbuka.core.service_helpers import require
from terbuka.inforequests.exports import write_csv, write_xlsx
from terbuka.registry import permissions, services
from terbuka.registry.models import (
    AvailableForm,
    ConsequenceTest,
    InfoClass,
    InformationEntry,
    LegalCategory,
    RegistryEvent,
)
from terbuka.registry.states import ConsequenceStatus, EntryStatus
from terbuka.safety.detect import detect_type

# A DIP of a city has hundreds of rows; 5 MB and 5,000 rows leave ample room.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
LIST_SEPARATOR = ","

# (key, header) in file order. The headers are the DIP column names of Perki 1/2021 and stay in
# Indonesian in both languages: they are the register's statutory column names.
COLUMNS: list[tuple[str, str]] = [
    ("number", "nomor"),
    ("unit", "unit"),
    ("title", "judul"),
    ("summary", "ringkasan"),
    ("info_class", "jenis"),
    ("legal_category", "dasar_hukum"),
    ("holder_official", "pejabat_penguasa"),
    ("responsible_person", "penanggung_jawab"),
    ("produced_when", "waktu_pembuatan"),
    ("produced_where", "tempat_pembuatan"),
    ("available_forms", "bentuk"),
    ("retention_period", "jangka_penyimpanan"),
    ("year", "tahun"),
    ("tags", "label"),
    ("update_every_months", "diperbarui_setiap_bulan"),
    ("last_updated_on", "terakhir_diperbarui"),
    ("consequence_test", "uji_konsekuensi"),
    ("status", "status"),
]
HEADER_OF = dict(COLUMNS)
KEY_OF = {header: key for key, header in COLUMNS}
# Columns the export writes but the import ignores (set by the system).
EXPORT_ONLY = frozenset({"number", "status"})
REQUIRED_HEADERS = frozenset(
    HEADER_OF[k]
    for k in (
        "unit",
        "title",
        "summary",
        "info_class",
        "legal_category",
        "holder_official",
        "responsible_person",
        "produced_when",
        "produced_where",
        "available_forms",
        "retention_period",
    )
)


# --- Export ----------------------------------------------------------------------------------


def export_queryset(body: PublicBody, *, public: bool) -> QuerySet[InformationEntry]:
    qs = InformationEntry.objects.filter(body=body)
    if public:
        qs = qs.filter(status=EntryStatus.PUBLISHED)
    return qs.select_related("unit", "consequence_test").order_by("number")


def export_rows(entries: QuerySet[InformationEntry]) -> Iterator[dict[str, Any]]:
    for entry in entries.iterator(chunk_size=500):
        test = entry.consequence_test
        yield {
            "number": entry.number,
            "unit": entry.unit.slug,
            "title": entry.title,
            "summary": entry.summary,
            "info_class": entry.info_class,
            "legal_category": entry.legal_category,
            "holder_official": entry.holder_official,
            "responsible_person": entry.responsible_person,
            "produced_when": entry.produced_when,
            "produced_where": entry.produced_where,
            "available_forms": LIST_SEPARATOR.join(entry.available_forms),
            "retention_period": entry.retention_period,
            "year": entry.year,
            "tags": LIST_SEPARATOR.join(entry.tags),
            "update_every_months": entry.update_every_months,
            "last_updated_on": entry.last_updated_on,
            "consequence_test": (test.decision_number or f"#{test.pk}") if test else "",
            "status": entry.status,
        }


def export_dip(body: PublicBody, *, fmt: str, public: bool) -> bytes:
    """The body's DIP as XLSX or CSV (the public export holds published entries only)."""
    rows = export_rows(export_queryset(body, public=public))
    if fmt == "csv":
        return write_csv(rows, COLUMNS)
    return write_xlsx(rows, COLUMNS, title="DIP")


# --- Import ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file (the header is row 1)
    column: str
    message: str


@dataclass
class ImportReport:
    created: list[InformationEntry] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFailed(ValidationError):
    """The file was not imported; `report.errors` says which rows and why."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(
            message,
            code="import_failed",
            errors=[
                {"row": e.row, "column": e.column, "message": e.message} for e in report.errors
            ],
        )
        self.report = report


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _read_rows(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows as text cells; raises ValidationError for a file that is not a table."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Berkas impor terlalu besar (paling besar 5 MB)."), code="file_too_large"
        )
    detected = detect_type(data, filename)
    if detected.kind == "xlsx":
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ValidationError(
                _("Berkas XLSX tidak dapat dibaca."), code="import_unreadable"
            ) from exc
        try:
            sheet = workbook.worksheets[0]
            rows = [
                [_cell_text(v) for v in row]
                for row in sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2)
            ]
        finally:
            workbook.close()
        return rows
    if detected.kind in ("csv", "txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                _("Berkas CSV harus berenkode UTF-8."), code="import_unreadable"
            ) from exc
        sample = text[:4096]
        delimiter = ";" if sample.count(";") >= sample.count(",") else ","
        return [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text), delimiter=delimiter)
        ]
    raise ValidationError(
        _("Impor DIP menerima berkas XLSX atau CSV."), code="file_type_not_allowed"
    )


def _choice(value: str, choices: type[Any]) -> str:
    """Accept a code ('berkala') or its Indonesian label ('Berkala'), case-insensitive."""
    folded = value.strip().casefold()
    for code, label in choices.choices:
        if folded in (str(code).casefold(), str(label).casefold()):
            return str(code)
    return value.strip()


def _parse_row(
    cells: dict[str, str], units: dict[str, Unit], tests: dict[str, ConsequenceTest]
) -> tuple[Unit | None, dict[str, Any], list[tuple[str, str]]]:
    """Turn a row's text cells into service values; parse errors are (column, message)."""
    errors: list[tuple[str, str]] = []
    unit_key = cells.get("unit", "").casefold()
    unit = units.get(unit_key)
    if unit is None:
        errors.append(
            ("unit", _("Unit tidak dikenal: %(unit)s.") % {"unit": cells.get("unit", "")})
        )
    values: dict[str, Any] = {
        key: cells.get(key, "")
        for key in (
            "title",
            "summary",
            "holder_official",
            "responsible_person",
            "produced_when",
            "produced_where",
            "retention_period",
        )
    }
    values["info_class"] = _choice(cells.get("info_class", ""), InfoClass)
    values["legal_category"] = _choice(cells.get("legal_category", ""), LegalCategory)
    values["available_forms"] = [
        _choice(part, AvailableForm)
        for part in cells.get("available_forms", "").split(LIST_SEPARATOR)
        if part.strip()
    ]
    values["tags"] = [t for t in cells.get("tags", "").split(LIST_SEPARATOR) if t.strip()]
    for key in ("year", "update_every_months"):
        text = cells.get(key, "")
        if not text:
            values[key] = None
        elif text.isdigit():
            values[key] = int(text)
        else:
            errors.append((key, _("Harus berupa bilangan bulat.")))
    text = cells.get("last_updated_on", "")
    values["last_updated_on"] = None
    if text:
        try:
            values["last_updated_on"] = date.fromisoformat(text[:10])
        except ValueError:
            try:
                day, month, year = (int(part) for part in text.split("/"))
                values["last_updated_on"] = date(year, month, day)
            except ValueError:
                errors.append(
                    ("last_updated_on", _("Tanggal harus berformat TTTT-BB-HH atau HH/BB/TTTT."))
                )
    reference = cells.get("consequence_test", "")
    values["consequence_test"] = None
    if reference:
        test = tests.get(reference.casefold())
        if test is None:
            errors.append(
                (
                    "consequence_test",
                    _(
                        "Uji konsekuensi dengan nomor keputusan %(ref)s tidak ditemukan "
                        "atau belum ditetapkan."
                    )
                    % {"ref": reference},
                )
            )
        values["consequence_test"] = test
    return unit, values, errors


def import_dip(*, body: PublicBody, actor: Any, data: bytes, filename: str) -> ImportReport:
    """Create draft entries from a DIP file, all or nothing.

    Raises `ImportFailed` (422, code `import_failed`) with every bad row, column and reason;
    nothing is written then. A successful import creates draft entries to review and publish.
    """
    require(permissions.can_keep_body_dip(actor, body))
    rows = _read_rows(data, filename)
    report = ImportReport()
    if not rows or not any(rows[0]):
        raise ImportFailed(
            _("Berkas kosong."), ImportReport(errors=[RowError(1, "", _("Tidak ada baris judul."))])
        )
    headers = [h.strip().casefold() for h in rows[0]]
    missing = sorted(REQUIRED_HEADERS - set(headers))
    if missing:
        report.errors.append(
            RowError(1, ", ".join(missing), _("Kolom wajib tidak ada pada baris judul."))
        )
        raise ImportFailed(_("Berkas tidak dapat diimpor."), report)
    body_rows = [(i, row) for i, row in enumerate(rows[1:], start=2) if any(c for c in row)]
    if not body_rows:
        report.errors.append(RowError(2, "", _("Tidak ada baris data.")))
        raise ImportFailed(_("Berkas tidak dapat diimpor."), report)
    if len(body_rows) > MAX_IMPORT_ROWS:
        report.errors.append(
            RowError(MAX_IMPORT_ROWS + 2, "", _("Paling banyak 5.000 baris per berkas."))
        )
        raise ImportFailed(_("Berkas tidak dapat diimpor."), report)
    units: dict[str, Unit] = {}
    for unit in Unit.objects.filter(body=body, is_active=True):
        units[unit.slug.casefold()] = unit
        units.setdefault(unit.name.casefold(), unit)
    tests: dict[str, ConsequenceTest] = {}
    for test in ConsequenceTest.objects.filter(
        body=body, status__in=[ConsequenceStatus.DECIDED, ConsequenceStatus.REVIEW_DUE]
    ):
        if test.decision_number:
            tests[test.decision_number.casefold()] = test
        tests[f"#{test.pk}"] = test
    try:
        with transaction.atomic():
            for number, row in body_rows:
                cells = {
                    KEY_OF[h]: (row[i] if i < len(row) else "")
                    for i, h in enumerate(headers)
                    if h in KEY_OF and KEY_OF[h] not in EXPORT_ONLY
                }
                row_unit, values, errors = _parse_row(cells, units, tests)
                for key, message in errors:
                    report.errors.append(RowError(number, HEADER_OF[key], message))
                if errors or row_unit is None:
                    continue
                try:
                    with transaction.atomic():
                        entry = services.entry_create(
                            actor=actor, body=body, unit=row_unit, **values
                        )
                        RegistryEvent.objects.create(
                            entry=entry,
                            kind=RegistryEvent.Kind.IMPORTED,
                            actor=entry.created_by,
                            data={"file": filename[:200], "row": number},
                            occurred_at=entry.created_at,
                        )
                except DomainError as exc:
                    fields = exc.details.get("fields") or {}
                    if not fields:
                        report.errors.append(RowError(number, "", exc.message))
                    for key, messages in fields.items():
                        for message in messages:
                            report.errors.append(
                                RowError(number, HEADER_OF.get(key, key), str(message))
                            )
                    continue
                report.created.append(entry)
            if report.errors:
                raise ImportFailed(_("Berkas tidak diimpor: ada baris yang salah."), report)
    except ImportFailed:
        report.created = []
        raise
    return report
