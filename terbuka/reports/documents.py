"""The files of a service report: a PDF to read and an XLSX with the same figures to reuse.

UU 14/2008 Pasal 12: the report states the requests received, the time taken, how many were
granted and refused, and why. Perki 1/2021 gives its chapters (domain.md 2.9): I general policy,
II implementation (facilities, human resources, budget), III service details (the figures),
IV obstacles, V recommendations and follow-up; objections and disputes follow chapter III.

Both files are built only from `figures.ServiceFigures` (sums, never request rows) and the
PPID's narrative, so no requester's identity can reach them. They are written in Indonesian
whatever the officer's language: they are the body's record in its DIP.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbuka.core.pdf import render_pdf as render_html_pdf
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.models import GROUND_MEANINGS
from terbuka.objections.states import ObjectionStatus
from terbuka.registry.models import PASAL17_MEANINGS
from terbuka.reports.figures import Distribution, Interval, ServiceFigures
from terbuka.reports.models import LETTERS, Outcome, ReportNarrative

PDF_TEMPLATE = "reports/document/service_report.html"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The chapters the PPID writes, by number, with their narrative fields (Perki 1/2021).
CHAPTERS: tuple[tuple[str, Any, tuple[tuple[str, Any], ...]], ...] = (
    (
        "I",
        gettext_lazy("Gambaran umum kebijakan pelayanan informasi publik"),
        (("profile", gettext_lazy("Profil, struktur dan kebijakan PPID")),),
    ),
    (
        "II",
        gettext_lazy("Gambaran umum pelaksanaan pelayanan informasi publik"),
        (
            ("facilities", gettext_lazy("Sarana dan prasarana")),
            ("staff", gettext_lazy("Sumber daya manusia")),
            ("budget", gettext_lazy("Anggaran pelayanan informasi")),
        ),
    ),
    (
        "IV",
        gettext_lazy("Kendala internal dan eksternal"),
        (("obstacles", gettext_lazy("Kendala internal dan eksternal")),),
    ),
    (
        "V",
        gettext_lazy("Rekomendasi dan rencana tindak lanjut"),
        (("recommendations", gettext_lazy("Rekomendasi dan rencana tindak lanjut")),),
    ),
)
CHAPTER_FIELDS: tuple[str, ...] = tuple(
    name for _number, _title, sections in CHAPTERS for name, _label in sections
)

DISPUTE_LABELS: dict[str, Any] = {
    "filed": gettext_lazy("Sengketa yang diajukan ke Komisi Informasi"),
    "open": gettext_lazy("Masih berjalan"),
    "granted_full": gettext_lazy("Putusan: permohonan dikabulkan seluruhnya"),
    "granted_partial": gettext_lazy("Putusan: permohonan dikabulkan sebagian"),
    "refused": gettext_lazy("Putusan: permohonan ditolak"),
    "other": gettext_lazy("Selesai dengan cara lain (mediasi, dicabut, gugur)"),
    "court_appeal": gettext_lazy("Diajukan keberatan ke pengadilan"),
    "complied": gettext_lazy("Putusan telah dilaksanakan"),
}


# --- What both files print ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    field: str
    label: str
    text: str


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Rate:
    """A rate as percentages (one decimal), with its 95% interval; None when nothing to rate."""

    successes: int
    n: int
    percent: Decimal | None
    low: Decimal | None
    high: Decimal | None


@dataclass(frozen=True)
class Days:
    label: str
    count: int
    mean: Decimal | None
    median: Decimal | None
    p90: int | None
    bands: tuple[tuple[str, int], ...]


def percent(value: float | None) -> Decimal | None:
    """A 0..1 fraction as a percentage with one decimal."""
    if value is None:
        return None
    return (Decimal(str(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate(interval: Interval) -> Rate:
    return Rate(
        interval.successes,
        interval.n,
        percent(interval.rate),
        percent(interval.low),
        percent(interval.high),
    )


def _days(label: str, distribution: Distribution) -> Days:
    return Days(
        label,
        distribution.count,
        distribution.mean,
        distribution.median,
        distribution.p90,
        tuple(distribution.bands),
    )


def chapters(narrative: ReportNarrative | None) -> list[Chapter]:
    """The narrative chapters with their texts ("" where the PPID wrote nothing)."""
    return [
        Chapter(
            number,
            str(title),
            tuple(
                Section(name, str(label), (getattr(narrative, name, "") or "").strip())
                for name, label in sections
            ),
        )
        for number, title, sections in CHAPTERS
    ]


def subject(figures: ServiceFigures) -> str:
    """Whose report it is: the unit's name, else the body's."""
    return figures.unit_name or figures.body_name


def report_title(figures: ServiceFigures) -> str:
    """The report's title, as its DIP entry and its files are named."""
    return _("Laporan Layanan Informasi Publik %(subject)s %(period)s") % {
        "subject": subject(figures),
        "period": figures.period.label,
    }


def tables(figures: ServiceFigures) -> dict[str, Any]:
    """Every table of chapter III and of the objections and disputes, with Indonesian labels."""
    channel_labels = dict(InformationRequest.Channel.choices)
    outcome_labels = dict(Outcome.choices)
    status_labels = dict(ObjectionStatus.choices)
    objections = figures.objections
    return {
        "channels": [
            (str(channel_labels.get(key, key)), n) for key, n in figures.by_channel.items()
        ],
        "outcomes": [(str(outcome_labels[key]), figures.outcomes.get(key, 0)) for key in Outcome],
        "refusals": [
            (letter, str(PASAL17_MEANINGS[letter]), figures.refused_by_ground.get(letter, 0))
            for letter in LETTERS
        ],
        "months": [(str(MONTHS[row.month]), row, rate(row.on_time)) for row in figures.by_month],
        "units": [(row, rate(row.on_time)) for row in figures.by_unit],
        "days": [
            _days(_("Sampai pemberitahuan tertulis"), figures.notice_days),
            _days(_("Sampai informasi diberikan"), figures.fulfil_days),
        ],
        "histogram": histogram(figures),
        "on_time": rate(figures.on_time),
        "objection_total": int(objections.get("total", 0)),
        "objection_grounds": [
            (letter, str(GROUND_MEANINGS[letter]), int(objections["by_ground"].get(letter, 0)))
            for letter in GROUND_MEANINGS
        ],
        "objection_statuses": [
            (str(status_labels.get(key, key)), int(n))
            for key, n in objections.get("by_status", {}).items()
        ],
        "disputes": [
            (str(DISPUTE_LABELS.get(key, key)), int(n)) for key, n in figures.disputes.items()
        ],
    }


def histogram(figures: ServiceFigures) -> list[tuple[int, int, int]]:
    """(working days, requests noticed after that many, requests fulfilled after that many)."""
    notice = dict(figures.notice_days.histogram)
    fulfil = dict(figures.fulfil_days.histogram)
    return [(day, notice.get(day, 0), fulfil.get(day, 0)) for day in sorted({*notice, *fulfil})]


# --- PDF ---------------------------------------------------------------------------------------


def render_pdf(
    figures: ServiceFigures,
    narrative: ReportNarrative | None,
    *,
    generated_at: Any = None,
) -> bytes:
    """Return the report as a PDF: cover, chapters I-V, objections and disputes."""
    with translation.override("id"):
        context = {
            "title": report_title(figures),
            "figures": figures,
            "subject": subject(figures),
            "chapters": chapters(narrative),
            "generated_at": generated_at or timezone.now(),
            **tables(figures),
        }
        return render_html_pdf(PDF_TEMPLATE, context)


# --- XLSX --------------------------------------------------------------------------------------


def _sheet(book: Any, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    sheet = book.create_sheet(title=title)
    bold = Font(bold=True)
    for column, text in enumerate(header, start=1):
        cell = _put(sheet, 1, column, text)
        cell.font = bold
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _put(sheet, row_number, column, value)
    sheet.freeze_panes = "A2"
    for column, text in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=column).column_letter
        sheet.column_dimensions[letter].width = max(12, min(60, len(str(text)) + 4))
    return sheet


def _put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write one cell: numbers as numbers, text always as text (never a formula)."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return cell
    if isinstance(value, Decimal):
        cell.value = float(value)
    elif isinstance(value, bool):
        cell.value = int(value)
    elif isinstance(value, int | float):
        cell.value = value
    else:
        cell.value = str(value)
        # openpyxl reads a leading "=" as a formula; a cell the PPID wrote is only ever text.
        cell.data_type = "s"
    return cell


def render_xlsx(figures: ServiceFigures, narrative: ReportNarrative | None) -> bytes:
    """Return the report's figures as an XLSX workbook, one sheet per table."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    with translation.override("id"):
        data = tables(figures)
        book = Workbook()
        book.remove(book.active)
        summary: list[tuple[str, Any]] = [
            (_("Badan publik"), figures.body_name),
            (_("Unit"), figures.unit_name or _("Seluruh badan publik")),
            (_("Periode"), figures.period.label),
            (_("Permohonan diterima"), figures.received),
        ]
        summary += [
            (_("Diterima melalui: %(channel)s") % {"channel": k}, n) for k, n in data["channels"]
        ]
        summary += [(_("Hasil: %(outcome)s") % {"outcome": k}, n) for k, n in data["outcomes"]]
        on_time: Rate = data["on_time"]
        summary += [
            (_("Diperpanjang (Pasal 22 ayat 8)"), figures.extended),
            (_("Lewat batas waktu"), figures.overdue),
            (_("Pemberitahuan tertulis diterbitkan"), figures.noticed),
            (_("Informasi diberikan"), figures.fulfilled),
            (_("Tepat waktu (jumlah)"), on_time.successes),
            (_("Tepat waktu (dari permohonan yang sudah diputus)"), on_time.n),
            (_("Tepat waktu (%)"), on_time.percent),
            (_("Tepat waktu, batas bawah 95% (%)"), on_time.low),
            (_("Tepat waktu, batas atas 95% (%)"), on_time.high),
        ]
        for days in data["days"]:
            summary += [
                (_("Hari kerja %(what)s: jumlah") % {"what": days.label.lower()}, days.count),
                (_("Hari kerja %(what)s: rata-rata") % {"what": days.label.lower()}, days.mean),
                (_("Hari kerja %(what)s: median") % {"what": days.label.lower()}, days.median),
                (_("Hari kerja %(what)s: persentil 90") % {"what": days.label.lower()}, days.p90),
            ]
        summary += [
            (_("Keberatan diajukan"), data["objection_total"]),
            (_("Sengketa diajukan"), figures.disputes.get("filed", 0)),
            (
                _("Dihitung pada"),
                timezone.localtime(figures.computed_at).strftime("%Y-%m-%d %H:%M"),
            ),
        ]
        _sheet(book, _("Ringkasan"), [_("Uraian"), _("Nilai")], summary)
        _sheet(
            book,
            _("Per bulan"),
            [
                _("Tahun"),
                _("Bulan"),
                _("Nama bulan"),
                _("Diterima"),
                _("Diberikan"),
                _("Ditolak"),
                _("Lainnya"),
                _("Belum dijawab"),
                _("Tepat waktu (%)"),
                _("Median hari kerja sampai pemberitahuan"),
            ],
            [
                (
                    row.year,
                    row.month,
                    name,
                    row.received,
                    row.granted,
                    row.refused,
                    row.other,
                    row.pending,
                    row_rate.percent,
                    row.notice_days.median,
                )
                for name, row, row_rate in data["months"]
            ],
        )
        _sheet(
            book,
            _("Per unit"),
            [
                _("Unit"),
                _("Diterima"),
                *[str(label) for label in Outcome.labels],
                _("Tepat waktu"),
                _("Sudah diputus"),
                _("Tepat waktu (%)"),
                _("Batas bawah 95% (%)"),
                _("Batas atas 95% (%)"),
                _("Median hari kerja sampai pemberitahuan"),
            ],
            [
                (
                    row.name,
                    row.received,
                    *[row.outcomes.get(key, 0) for key in Outcome.values],
                    unit_rate.successes,
                    unit_rate.n,
                    unit_rate.percent,
                    unit_rate.low,
                    unit_rate.high,
                    row.notice_days.median,
                )
                for row, unit_rate in data["units"]
            ],
        )
        distribution = _sheet(
            book,
            _("Sebaran hari kerja"),
            [_("Hari kerja"), _("Sampai pemberitahuan"), _("Sampai informasi diberikan")],
            data["histogram"],
        )
        start = len(data["histogram"]) + 3
        _put(distribution, start, 1, _("Rentang hari kerja"))
        _put(distribution, start, 2, _("Sampai pemberitahuan"))
        _put(distribution, start, 3, _("Sampai informasi diberikan"))
        notice_days, fulfil_days = data["days"]
        for offset, ((label, n_notice), (_label, n_fulfil)) in enumerate(
            zip(notice_days.bands, fulfil_days.bands, strict=True), start=1
        ):
            _put(distribution, start + offset, 1, label)
            _put(distribution, start + offset, 2, n_notice)
            _put(distribution, start + offset, 3, n_fulfil)
        _sheet(
            book,
            _("Penolakan Pasal 17"),
            [_("Huruf"), _("Alasan pengecualian (UU 14/2008 Pasal 17)"), _("Jumlah")],
            data["refusals"],
        )
        _sheet(
            book,
            _("Keberatan"),
            [_("Kelompok"), _("Kode"), _("Uraian"), _("Jumlah")],
            [
                *[
                    (_("Alasan (Pasal 35 ayat 1)"), letter, meaning, n)
                    for letter, meaning, n in data["objection_grounds"]
                ],
                *[(_("Status"), "", label, n) for label, n in data["objection_statuses"]],
                (_("Jumlah"), "", _("Keberatan diajukan"), data["objection_total"]),
            ],
        )
        _sheet(book, _("Sengketa"), [_("Uraian"), _("Jumlah")], data["disputes"])
        _sheet(
            book,
            _("Narasi"),
            [_("Bab"), _("Bagian"), _("Isi")],
            [
                (chapter.number, section.label, section.text or _("Belum diisi."))
                for chapter in chapters(narrative)
                for section in chapter.sections
            ],
        )
        book.properties.creator = ""
        book.properties.lastModifiedBy = ""
        book.properties.title = report_title(figures)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
