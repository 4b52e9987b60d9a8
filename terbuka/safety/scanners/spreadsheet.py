"""Spreadsheets (XLSX/XLSM and ODS): the parts that leaked at Islington, Hackney and PSNI.

Parts are read straight from the package with a streaming parser (faster than openpyxl and it
sees what openpyxl drops: pivot caches, external-link caches, the data model). Every cell of
every sheet, comment, pivot cache and external-link cache is checked for personal data; only
visible cells of visible sheets go to the search text.

Severity follows Alaveteli's ExcelAnalyzer (quality.md section 3): hidden sheets, hidden columns
with data, pivot caches and a data model always block. Named ranges, external links and up to
50 hidden rows with data block only alongside another of these structural findings; on their
own they are INFO. Named ranges that point at hidden sheets, rows or columns or at another
workbook, or that hold data themselves, and external links that cache values, always block.
Comments and macros always block.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote
from xml.etree.ElementTree import Element

from django.utils.translation import gettext as _

from terbuka.safety.models import FindingKind
from terbuka.safety.scanners import office
from terbuka.safety.scanners.archive import (
    Archive,
    Unreadable,
    element_text,
    local,
    namespace,
    relationships,
)
from terbuka.safety.scanners.base import BLOCKING, INFO, Report, clip, ranges_text

HIDDEN_ROWS_ALONE = 50  # Alaveteli: hidden rows alone flag a file only above this
CHUNK = 20_000  # cells checked for personal data per batch
_BUILTIN_NAME = re.compile(r"^_(?:xlnm|xlfn|xlpm)\.", re.IGNORECASE)
_SHEET_REF = re.compile(
    r"(\[\d+\])?('(?:[^']|'')+'|[^\s!'(),;=+\-*/&^<>\"{}\[\]]+)!"
    r"(\$?[A-Za-z]{0,3}\$?\d*(?::\$?[A-Za-z]{0,3}\$?\d*)?)"
)
_CELL = re.compile(r"\$?([A-Za-z]{0,3})\$?(\d*)")
MAX_COLUMN = 16_384
MAX_ROW = 1_048_576


def column_number(ref: str) -> int:
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_text(value: str) -> str:
    """1.2E+15 -> 1200000000000000 (a NIK typed into a number cell is stored like that)."""
    if "E" in value or "e" in value:
        try:
            number = float(value)
        except ValueError:
            return value
        if number.is_integer() and abs(number) < 1e17:
            return str(int(number))
    return value


@dataclass
class SheetStats:
    """One sheet's counts, for the findings."""

    name: str
    state: str = "visible"
    chart: bool = False
    filled: int = 0
    hidden_rows: list[int] = field(default_factory=list)
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)
    hidden_column_cells: dict[int, int] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)

    def in_hidden_column(self, column: int) -> bool:
        return any(low <= column <= high for low, high in self.hidden_columns)


@dataclass
class _Structural:
    kind: str
    detail: str
    location: str = ""
    count: int = 1
    strong: bool = True


class _Structure:
    """Structural findings, given their severity at the end by Alaveteli's rule."""

    def __init__(self) -> None:
        self.items: list[_Structural] = []

    def add(
        self, kind: str, detail: str, *, location: str = "", count: int = 1, strong: bool = True
    ) -> None:
        self.items.append(_Structural(kind, detail, location, count, strong))

    def emit(self, report: Report) -> None:
        weak_kinds = {item.kind for item in self.items if not item.strong}
        alone = not any(item.strong for item in self.items) and len(weak_kinds) == 1
        for item in self.items:
            report.add(
                item.kind,
                item.detail,
                severity=INFO if alone and not item.strong else BLOCKING,
                location=item.location,
                count=item.count,
            )


def _sheet_location(name: str) -> str:
    return _("Lembar %(name)s") % {"name": name}


def _hidden_sheet_findings(structure: _Structure, sheets: list[SheetStats]) -> None:
    for sheet in sheets:
        if sheet.state == "visible":
            continue
        values = {"name": sheet.name, "cells": sheet.filled}
        kind = FindingKind.HIDDEN_SHEET
        if sheet.state == "veryHidden":
            kind = FindingKind.VERY_HIDDEN_SHEET
            detail = _(
                'Lembar "%(name)s" disembunyikan sangat dalam (veryHidden: tidak dapat '
                "ditampilkan dari menu Excel biasa) dan berisi %(cells)d sel terisi. Hapus "
                "lembar itu atau salin data yang boleh dirilis ke buku kerja baru."
            )
        elif sheet.chart:
            detail = _(
                'Lembar grafik "%(name)s" disembunyikan; grafik menyimpan salinan data yang '
                "diplotnya. Tampilkan dan periksa, atau hapus lembar itu."
            )
        elif sheet.filled:
            detail = _(
                'Lembar "%(name)s" disembunyikan dan berisi %(cells)d sel terisi. Tampilkan '
                "dan periksa lembar itu, atau hapus bila tidak untuk dirilis."
            )
        else:
            detail = _(
                'Lembar "%(name)s" disembunyikan (tanpa sel terisi, tetapi dapat memuat '
                "grafik, gambar atau komentar). Hapus lembar itu bila tidak diperlukan."
            )
        structure.add(
            kind, detail % values, location=_sheet_location(sheet.name), count=max(1, sheet.filled)
        )


def _hidden_row_column_findings(
    structure: _Structure, report: Report, sheets: list[SheetStats]
) -> None:
    total_rows = sum(len(sheet.hidden_rows) for sheet in sheets if sheet.state == "visible")
    for sheet in sheets:
        if sheet.state != "visible":
            continue  # the hidden sheet finding covers everything in it
        if sheet.hidden_rows:
            structure.add(
                FindingKind.HIDDEN_ROWS,
                _('Lembar "%(name)s" memiliki %(rows)d baris tersembunyi yang berisi data.')
                % {"name": sheet.name, "rows": len(sheet.hidden_rows)},
                location=_("Lembar %(name)s, baris %(rows)s")
                % {"name": sheet.name, "rows": ranges_text(sheet.hidden_rows)},
                count=len(sheet.hidden_rows),
                strong=total_rows > HIDDEN_ROWS_ALONE,
            )
        if sheet.hidden_column_cells:
            columns = sorted(sheet.hidden_column_cells)
            cells = sum(sheet.hidden_column_cells.values())
            structure.add(
                FindingKind.HIDDEN_COLUMNS,
                _(
                    'Lembar "%(name)s" memiliki %(columns)d kolom tersembunyi berisi '
                    "%(cells)d sel terisi."
                )
                % {"name": sheet.name, "columns": len(columns), "cells": cells},
                location=_("Lembar %(name)s, kolom %(columns)s")
                % {"name": sheet.name, "columns": ranges_text(columns, label=column_letters)},
                count=cells,
            )
    for sheet in sheets:
        if sheet.comments:
            report.add(
                FindingKind.COMMENTS,
                _(
                    'Lembar "%(name)s" memuat %(count)d komentar/catatan sel yang ikut '
                    "terunduh. Hapus komentar sebelum dirilis."
                )
                % {"name": sheet.name, "count": len(sheet.comments)},
                location=_("Lembar %(name)s, sel %(cells)s")
                % {"name": sheet.name, "cells": ", ".join(sheet.comments[:5])},
                count=len(sheet.comments),
            )


# --- Defined names ---------------------------------------------------------------------------


def _unquote(sheet: str) -> str:
    return sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet


def _range_bounds(text: str) -> tuple[int, int, int, int]:
    """'$A$1:$C$10' -> (first column, last column, first row, last row); open ends widened."""
    parts = text.split(":")
    first = _CELL.fullmatch(parts[0])
    last = _CELL.fullmatch(parts[-1])
    if first is None or last is None:
        return 1, MAX_COLUMN, 1, MAX_ROW
    columns = [column_number(m.group(1)) for m in (first, last)]
    rows = [int(m.group(2)) if m.group(2) else 0 for m in (first, last)]
    if not columns[0] and not columns[1]:
        columns = [1, MAX_COLUMN]
    if not rows[0] and not rows[1]:
        rows = [1, MAX_ROW]
    return min(columns), max(columns), min(rows), max(rows)


def _points_at_hidden(name_formula: str, sheets: dict[str, SheetStats]) -> tuple[bool, bool]:
    """(refers to a hidden sheet/row/column, refers to another workbook)."""
    hidden = external = False
    for match in _SHEET_REF.finditer(name_formula):
        if match.group(1):
            external = True
            continue
        sheet = sheets.get(_unquote(match.group(2)))
        if sheet is None:
            continue
        if sheet.state != "visible":
            hidden = True
            continue
        low_col, high_col, low_row, high_row = _range_bounds(match.group(3))
        if any(low_row <= row <= high_row for row in sheet.hidden_rows) or any(
            low_col <= column <= high_col for column in sheet.hidden_column_cells
        ):
            hidden = True
    return hidden, external


def _defined_name_findings(
    structure: _Structure, report: Report, names: list[tuple[str, str]], sheets: list[SheetStats]
) -> None:
    by_name = {sheet.name: sheet for sheet in sheets}
    groups: dict[str, list[str]] = {"hidden": [], "external": [], "constant": [], "plain": []}
    for name, formula in names:
        if _BUILTIN_NAME.match(name):
            continue
        hidden, external = _points_at_hidden(formula, by_name)
        if '"' in formula or formula.lstrip("=").startswith("{"):
            groups["constant"].append(name)
            report.text(
                formula, _("Rentang bernama %(name)s") % {"name": name[:60]}, searchable=False
            )
        elif hidden:
            groups["hidden"].append(name)
        elif external:
            groups["external"].append(name)
        else:
            groups["plain"].append(name)
    details = {
        "hidden": _(
            "%(count)d rentang bernama (mis. %(names)s) menunjuk ke lembar, baris atau kolom "
            "tersembunyi. Hapus nama itu di Name Manager."
        ),
        "external": _(
            "%(count)d rentang bernama (mis. %(names)s) menunjuk ke buku kerja lain dan dapat "
            "menyimpan data dari sana. Hapus nama itu di Name Manager."
        ),
        "constant": _(
            "%(count)d rentang bernama (mis. %(names)s) menyimpan nilai tetap (data) di dalam "
            "namanya sendiri, tidak terlihat di lembar mana pun. Hapus nama itu di Name Manager."
        ),
        "plain": _(
            "Buku kerja memuat %(count)d rentang bernama (mis. %(names)s). Rentang bernama "
            "dapat menyimpan acuan ke data lain; periksa di Name Manager."
        ),
    }
    for group, members in groups.items():
        if members:
            structure.add(
                FindingKind.DEFINED_NAMES,
                details[group]
                % {"count": len(members), "names": clip(", ".join(members[:5]), 120)},
                location=_("Name Manager"),
                count=len(members),
                strong=group != "plain",
            )


# --- XLSX ------------------------------------------------------------------------------------


class _SharedStrings:
    """xl/sharedStrings.xml: the text of each <si>, phonetic runs left out."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self.parts: list[str] = []
        self.ns = ""
        self.capture = False
        self.phonetic = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if not self.ns:
            self.ns = tag.rpartition("}")[0] + "}"
        if tag == self.ns + "t":
            self.capture = not self.phonetic
        elif tag == self.ns + "si":
            self.parts = []
        elif tag == self.ns + "rPh":
            self.phonetic += 1

    def end(self, tag: str) -> None:
        if tag == self.ns + "t":
            self.capture = False
        elif tag == self.ns + "si":
            self.strings.append("".join(self.parts))
        elif tag == self.ns + "rPh":
            self.phonetic -= 1

    def data(self, text: str) -> None:
        if self.capture:
            self.parts.append(text)


class _SheetReader:
    """One worksheet, streamed: cell values, hidden rows and columns, personal data."""

    def __init__(self, report: Report, sheet: SheetStats, shared: list[str]) -> None:
        self.report = report
        self.sheet = sheet
        self.shared = shared
        self.visible = sheet.state == "visible"
        self.prefix = _("Lembar %(name)s, sel ") % {"name": sheet.name}
        self.values: list[str] = []
        self.labels: list[str] = []
        self.tag_c = self.tag_v = self.tag_t = self.tag_row = self.tag_col = ""
        self.row = 0
        self.hidden_row = False
        self.row_filled = False
        self.search: list[str] = []
        self.column = 0
        self.ref: str | None = None
        self.kind: str | None = None
        self.buffer: list[str] = []
        self.capture = False

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == self.tag_c:
            self.ref = attributes.get("r")
            self.kind = attributes.get("t")
            self.buffer = []
        elif tag == self.tag_v:
            self.capture = True
        elif tag == self.tag_t:
            self.capture = self.kind == "inlineStr"
        elif tag == self.tag_row:
            number = attributes.get("r", "")
            self.row = int(number) if number.isdigit() else self.row + 1
            self.hidden_row = attributes.get("hidden") in ("1", "true")
            self.row_filled = False
            self.search = []
            self.column = 0
        elif tag == self.tag_col:
            if attributes.get("hidden") in ("1", "true"):
                try:
                    low, high = int(attributes.get("min", "0")), int(attributes.get("max", "0"))
                except ValueError:
                    return
                self.sheet.hidden_columns.append((low, min(high, MAX_COLUMN)))
        elif not self.tag_c:
            ns = tag.rpartition("}")[0] + "}"
            self.tag_c, self.tag_v, self.tag_t = ns + "c", ns + "v", ns + "t"
            self.tag_row, self.tag_col = ns + "row", ns + "col"

    def end(self, tag: str) -> None:
        if tag == self.tag_v or tag == self.tag_t:
            self.capture = False
        elif tag == self.tag_c:
            self._cell()
        elif tag == self.tag_row:
            if self.hidden_row and self.row_filled:
                self.sheet.hidden_rows.append(self.row)
            if self.search:
                self.report.search(" ".join(self.search))
            if len(self.values) >= CHUNK:
                self.flush()

    def data(self, text: str) -> None:
        if self.capture:
            self.buffer.append(text)

    def _cell(self) -> None:
        ref = self.ref
        sheet = self.sheet
        self.column = column_number(ref) if ref else self.column + 1
        raw = "".join(self.buffer)
        kind = self.kind
        if not raw or kind in ("b", "e"):
            return
        if kind == "s":
            try:
                value = self.shared[int(raw)]
            except (ValueError, IndexError):
                return
        elif kind:
            value = raw
        else:
            value = _number_text(raw)
        if not value.strip():
            return
        sheet.filled += 1
        self.row_filled = True
        self.values.append(value)
        self.labels.append(ref or f"{column_letters(self.column)}{self.row}")
        if sheet.hidden_columns and sheet.in_hidden_column(self.column):
            sheet.hidden_column_cells[self.column] = (
                sheet.hidden_column_cells.get(self.column, 0) + 1
            )
        elif self.visible and not self.hidden_row:
            self.search.append(value)

    def flush(self) -> None:
        self.report.cells(self.values, self.labels, self.prefix)
        self.values, self.labels = [], []


class _Xlsx:
    def __init__(self, archive: Archive, report: Report) -> None:
        self.archive = archive
        self.report = report
        self.structure = _Structure()

    def main_part(self) -> str:
        for rel_type, target, _mode in relationships(self.archive, "").values():
            if rel_type == "officeDocument":
                return target
        return "xl/workbook.xml"

    def shared_strings(self, part: str | None) -> list[str]:
        reader = _SharedStrings()
        if part is not None and self.archive.has(part):
            self.archive.expat(part, reader)
        return reader.strings

    def read_sheet(self, part: str, sheet: SheetStats, shared: list[str]) -> None:
        reader = _SheetReader(self.report, sheet, shared)
        self.archive.expat(part, reader)
        reader.flush()

    def read_comments(self, part: str, sheet: SheetStats) -> None:
        refs: set[str] = set(sheet.comments)
        for element in self.archive.xml(part).iter():
            name = local(element.tag)
            if name not in ("comment", "threadedComment"):
                continue
            ref = element.get("ref", "")
            body = "".join(element_text(child) for child in element if local(child.tag) == "text")
            if ref not in refs:
                refs.add(ref)
                sheet.comments.append(ref)
            self.report.text(
                body,
                _("Komentar lembar %(name)s, sel %(cell)s") % {"name": sheet.name, "cell": ref},
                searchable=False,
            )

    def pivot_caches(self, sheet_names: set[str]) -> None:
        definitions = sorted(
            name
            for name in self.archive.names
            if re.fullmatch(r"xl/pivotCache/pivotCacheDefinition\d*\.xml", name)
        )
        for number, part in enumerate(definitions, start=1):
            label = _("Cache pivot %(number)d") % {"number": number}
            root = self.archive.xml(part)
            records = int(root.get("recordCount", "0") or 0)
            source = _("sumber tidak diketahui")
            for element in root.iter():
                if local(element.tag) == "worksheetSource":
                    sheet = element.get("sheet")
                    if sheet and sheet not in sheet_names:
                        source = _('lembar "%(sheet)s" yang sudah tidak ada di berkas') % {
                            "sheet": sheet
                        }
                    elif sheet:
                        source = _('lembar "%(sheet)s" %(ref)s') % {
                            "sheet": sheet,
                            "ref": element.get("ref", ""),
                        }
                    elif element.get("name"):
                        source = _('tabel "%(table)s"') % {"table": element.get("name")}
            items = [
                element.get("v", "")
                for element in root.iter()
                if local(element.tag) == "s" and element.get("v")
            ]
            self.report.cells(items, [""] * len(items), label)
            for rel_type, target, _mode in relationships(self.archive, part).values():
                if rel_type == "pivotCacheRecords" and self.archive.has(target):
                    records = max(records, self._pivot_records(target, label))
            self.structure.add(
                FindingKind.PIVOT_CACHE,
                _(
                    "Cache tabel pivot menyimpan salinan %(records)d baris data sumber "
                    "(%(source)s), walaupun lembar sumbernya disembunyikan atau dihapus. Hapus "
                    "tabel pivot atau salin hasilnya sebagai nilai ke buku kerja baru."
                )
                % {"records": records, "source": source},
                location=label,
                count=max(1, records),
            )

    def _pivot_records(self, part: str, label: str) -> int:
        count = 0
        values: list[str] = []
        record = ""
        for _event, element in self.archive.iterparse(part):
            if not record:
                record = namespace(element.tag) + "r"
            if element.tag == record:
                count += 1
                values.extend(
                    child.get("v", "") for child in element if local(child.tag) in ("s", "n", "d")
                )
                element.clear()
                if len(values) >= CHUNK:
                    self.report.cells(values, [""] * len(values), label)
                    values = []
        self.report.cells(values, [""] * len(values), label)
        return count

    def external_links(self) -> None:
        parts = sorted(
            name
            for name in self.archive.names
            if re.fullmatch(r"xl/externalLinks/externalLink\d*\.xml", name)
        )
        if not parts:
            return
        cached = 0
        targets: list[str] = []
        for part in parts:
            values = [
                element.text
                for element in self.archive.xml(part).iter()
                if local(element.tag) == "v" and element.text
            ]
            cached += len(values)
            self.report.cells(values, [""] * len(values), _("Tautan eksternal"))
            for _rel_type, target, _mode in relationships(self.archive, part).values():
                targets.append(unquote(posixpath.basename(target.replace("\\", "/"))) or target)
        values_ = {
            "count": len(parts),
            "target": clip(targets[0], 80) if targets else "?",
            "cells": cached,
        }
        if cached:
            detail = _(
                'Buku kerja tertaut ke %(count)d berkas eksternal (mis. "%(target)s") dan '
                "menyimpan %(cells)d nilai salinan dari berkas itu. Putuskan tautan (Edit "
                "Links > Break Link) sebelum dirilis."
            )
        else:
            detail = _(
                'Buku kerja tertaut ke %(count)d berkas eksternal (mis. "%(target)s"); alamat '
                "berkas sumber ikut terunduh."
            )
        self.structure.add(
            FindingKind.EXTERNAL_LINKS,
            detail % values_,
            location=_("Tautan eksternal"),
            count=len(parts),
            strong=cached > 0,
        )

    def connections(self) -> None:
        if not self.archive.has("xl/connections.xml"):
            return
        names = [
            element.get("name", "?")
            for element in self.archive.xml("xl/connections.xml")
            if local(element.tag) == "connection"
        ]
        if names:
            self.structure.add(
                FindingKind.EXTERNAL_LINKS,
                _(
                    'Buku kerja memuat %(count)d koneksi data eksternal (mis. "%(name)s"); '
                    "alamat server dan kueri sumber ikut terunduh."
                )
                % {"count": len(names), "name": clip(names[0], 80)},
                location=_("Koneksi data"),
                count=len(names),
                strong=False,
            )

    def data_model(self) -> None:
        parts = [name for name in self.archive.names if name.startswith("xl/model/")]
        if parts:
            size = sum(self.archive.size(name) for name in parts)
            self.structure.add(
                FindingKind.DATA_MODEL,
                _(
                    "Buku kerja memuat model data tersemat (Power Pivot, %(size)d KB) yang "
                    "menyimpan salinan tabel sumber. Hapus model data atau salin hasilnya ke "
                    "buku kerja baru."
                )
                % {"size": max(1, size // 1024)},
                location=parts[0],
            )

    def run(self) -> None:
        workbook_part = self.main_part()
        rels = relationships(self.archive, workbook_part)
        workbook = self.archive.xml(workbook_part)
        sheets: list[SheetStats] = []
        parts: list[tuple[SheetStats, str, str]] = []
        names: list[tuple[str, str]] = []
        macro_sheets = 0
        for element in workbook.iter():
            name = local(element.tag)
            if name == "sheet":
                rid = next((v for k, v in element.attrib.items() if local(k) == "id"), "")
                rel_type, target, _mode = rels.get(rid, ("", "", ""))
                sheet = SheetStats(
                    name=element.get("name", "?"),
                    state=element.get("state", "visible") or "visible",
                    chart=rel_type == "chartsheet",
                )
                macro_sheets += rel_type in ("macrosheet", "xlMacrosheet", "intlMacrosheet")
                sheets.append(sheet)
                parts.append((sheet, target, rel_type))
            elif name == "definedName":
                names.append((element.get("name", "?"), element.text or ""))
        shared_part = next(
            (target for rel_type, target, _m in rels.values() if rel_type == "sharedStrings"), None
        )
        shared = self.shared_strings(shared_part)
        for sheet, part, rel_type in parts:
            if rel_type != "worksheet" or not self.archive.has(part):
                continue
            self.read_sheet(part, sheet, shared)
            for sub_type, target, _mode in relationships(self.archive, part).values():
                if sub_type in ("comments", "threadedComment") and self.archive.has(target):
                    self.read_comments(target, sheet)
        _hidden_sheet_findings(self.structure, sheets)
        _hidden_row_column_findings(self.structure, self.report, sheets)
        _defined_name_findings(self.structure, self.report, names, sheets)
        self.pivot_caches({sheet.name for sheet in sheets})
        self.external_links()
        self.connections()
        self.data_model()
        self.structure.emit(self.report)
        office.macros(self.archive, self.report)
        if macro_sheets:
            self.report.add(
                FindingKind.MACROS,
                _(
                    "Buku kerja memuat %(count)d lembar makro Excel 4.0. Simpan ulang sebagai "
                    ".xlsx tanpa makro."
                )
                % {"count": macro_sheets},
                count=macro_sheets,
            )
        office.embedded_objects(self.archive, self.report, ("xl/embeddings/",))
        office.author_metadata(self.archive, self.report)


def scan_xlsx(archive: Archive, report: Report) -> None:
    if office.duplicate_members(archive, report):
        return
    try:
        _Xlsx(archive, report).run()
    except Unreadable as exc:
        office.unreadable(report, str(exc))


# --- ODS -------------------------------------------------------------------------------------

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"
_HIDDEN_VISIBILITY = ("collapse", "filter")


def _repeat(element: Element, attribute: str) -> int:
    try:
        return max(1, min(int(element.get(attribute, "1")), MAX_ROW))
    except ValueError:
        return 1


def _paragraphs(element: Element) -> Iterable[str]:
    for child in element:
        if child.tag in (TEXT + "p", TEXT + "h"):
            yield element_text(child)


class _Ods:
    def __init__(self, archive: Archive, report: Report) -> None:
        self.archive = archive
        self.report = report
        self.structure = _Structure()
        self.hidden_styles: set[str] = set()
        self.sheets: list[SheetStats] = []
        self.names: list[tuple[str, str]] = []
        self.links: list[str] = []

    def _row(
        self, row: Element, sheet: SheetStats, first_row: int, values: list[str], labels: list[str]
    ) -> None:
        repeat = _repeat(row, TABLE + "number-rows-repeated")
        hidden_row = row.get(TABLE + "visibility") in _HIDDEN_VISIBILITY
        visible = sheet.state == "visible"
        column = 1
        filled = False
        search: list[str] = []
        for cell in row:
            if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                continue
            span = _repeat(cell, TABLE + "number-columns-repeated")
            texts = list(_paragraphs(cell))
            value_type = cell.get(OFFICE + "value-type")
            if value_type in ("float", "currency", "percentage") and cell.get(OFFICE + "value"):
                texts.append(_number_text(cell.get(OFFICE + "value", "")))
            value = "\n".join(text for text in texts if text.strip())
            ref = f"{column_letters(column)}{first_row}"
            for note in cell.iter(OFFICE + "annotation"):
                sheet.comments.append(ref)
                self.report.text(
                    "\n".join(_paragraphs(note)),
                    _("Komentar lembar %(name)s, sel %(cell)s") % {"name": sheet.name, "cell": ref},
                    searchable=False,
                )
            if value:
                filled = True
                sheet.filled += span * repeat
                values.append(value)
                labels.append(ref)
                hidden_span = (
                    [c for c in range(column, column + min(span, 64)) if sheet.in_hidden_column(c)]
                    if sheet.hidden_columns
                    else []
                )
                for c in hidden_span:
                    sheet.hidden_column_cells[c] = sheet.hidden_column_cells.get(c, 0) + repeat
                if visible and not hidden_row and len(hidden_span) < span:
                    search.append(value)
            column += span
        if hidden_row and filled:
            sheet.hidden_rows.extend(range(first_row, first_row + min(repeat, 10_000)))
        if search:
            self.report.search(" ".join(search))

    def run(self) -> None:
        if self.archive.has("styles.xml"):
            self._styles(self.archive.xml("styles.xml"))
        stack: list[Element] = []
        sheet: SheetStats | None = None
        row_number = 1
        column_number_ = 1
        prefix = ""
        values: list[str] = []
        labels: list[str] = []
        for event, element in self.archive.iterparse("content.xml", ("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == TABLE + "table":
                    style = element.get(TABLE + "style-name", "")
                    sheet = SheetStats(
                        name=element.get(TABLE + "name", "?"),
                        state="hidden" if style in self.hidden_styles else "visible",
                    )
                    self.sheets.append(sheet)
                    row_number = column_number_ = 1
                    prefix = _("Lembar %(name)s, sel ") % {"name": sheet.name}
                continue
            stack.pop()
            tag = element.tag
            if tag == STYLE + "style":
                self._style(element)
            elif tag == TABLE + "table-column" and sheet is not None:
                span = _repeat(element, TABLE + "number-columns-repeated")
                if element.get(TABLE + "visibility") in _HIDDEN_VISIBILITY:
                    sheet.hidden_columns.append(
                        (column_number_, min(column_number_ + span - 1, MAX_COLUMN))
                    )
                column_number_ += span
            elif tag == TABLE + "table-row" and sheet is not None:
                self._row(element, sheet, row_number, values, labels)
                row_number += _repeat(element, TABLE + "number-rows-repeated")
                if stack:
                    stack[-1].remove(element)
                if len(values) >= CHUNK:
                    self.report.cells(values, labels, prefix)
                    values, labels = [], []
            elif tag == TABLE + "table" and sheet is not None:
                self.report.cells(values, labels, prefix)
                values, labels = [], []
                if stack:
                    stack[-1].remove(element)
            elif tag in (TABLE + "named-range", TABLE + "named-expression"):
                self.names.append(
                    (
                        element.get(TABLE + "name", "?"),
                        _ods_range(
                            element.get(TABLE + "cell-range-address")
                            or element.get(TABLE + "expression")
                            or ""
                        ),
                    )
                )
            elif tag == TABLE + "table-source":
                self.links.append(element.get(XLINK + "href", "?"))
        _hidden_sheet_findings(self.structure, self.sheets)
        _hidden_row_column_findings(self.structure, self.report, self.sheets)
        _defined_name_findings(self.structure, self.report, self.names, self.sheets)
        if self.links:
            self.structure.add(
                FindingKind.EXTERNAL_LINKS,
                _(
                    "Buku kerja memuat %(count)d lembar yang tertaut ke berkas eksternal (mis. "
                    '"%(target)s") beserta salinan datanya. Putuskan tautan sebelum dirilis.'
                )
                % {"count": len(self.links), "target": clip(posixpath.basename(self.links[0]), 80)},
                location=_("Tautan eksternal"),
                count=len(self.links),
            )
        self.structure.emit(self.report)
        office.macros(self.archive, self.report)
        office.odf_embedded_objects(self.archive, self.report)
        office.author_metadata(self.archive, self.report)

    def _styles(self, root: Element) -> None:
        for element in root.iter(STYLE + "style"):
            self._style(element)

    def _style(self, element: Element) -> None:
        if element.get(STYLE + "family") != "table":
            return
        properties = element.find(STYLE + "table-properties")
        if properties is not None and properties.get(TABLE + "display") == "false":
            self.hidden_styles.add(element.get(STYLE + "name", ""))


def _ods_range(address: str) -> str:
    """'$Data.$A$1:.$C$5' -> "'Data'!$A$1:$C$5" so the XLSX name checks apply."""
    match = re.match(
        r"\$?'?([^'.]+?)'?\.(\$?[A-Z]+\$?\d+)(?::\$?'?[^'.]*'?\.(\$?[A-Z]+\$?\d+))?", address
    )
    if match is None:
        return address
    ref = match.group(2) + (":" + match.group(3) if match.group(3) else "")
    return "'" + match.group(1).replace("'", "''") + "'!" + ref


def scan_ods(archive: Archive, report: Report) -> None:
    if office.duplicate_members(archive, report):
        return
    try:
        _Ods(archive, report).run()
    except Unreadable as exc:
        office.unreadable(report, str(exc))
