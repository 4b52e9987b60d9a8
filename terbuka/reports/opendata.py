"""Open data: four public datasets as CSV, JSON and XLSX, streamed, with DCAT metadata.

UU 14/2008 Pasal 7(3)-(4) asks a body to develop an information system that gives easy access
to public information; Perpres 39/2019 (Satu Data Indonesia) asks for data with standard
metadata, in open formats, under a licence that lets anyone reuse it. Every dataset here holds
only what the portal's public pages already show:

- `permohonan`: the request register without identity (UU 14/2008 Pasal 17 huruf h and
  UU 27/2022: no requester's name, NIK, address, phone or e-mail, ever). The request text and
  the answer material only for requests published in the public archive.
- `dip`: the published DIP entries (UU 14/2008 Pasal 9-11).
- `anggaran`: the lines of active (published) budget imports (Pasal 9(2) huruf c).
- `monev`: the results of announced monev cycles.

Rows come from one `values_list(...).iterator(chunk_size=...)` query per download: the database
cursor is read chunk by chunk and each chunk is written out before the next is fetched, so
memory does not grow with the number of rows and the first bytes leave at once. XLSX cannot be
streamed (a ZIP whose directory comes last); it is written by openpyxl's write-only workbook into
a temporary file, then served as a file.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any, Literal

from django.conf import settings
from django.db.models import (
    Case,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget.models import BudgetImport, BudgetKind, BudgetLine
from terbuka.inforequests.exports import FORMULA_PREFIXES
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.selectors import PUBLIC_ARCHIVE
from terbuka.inforequests.states import Phase, phase_of
from terbuka.monev.models import EvaluationCycle, Result
from terbuka.monev.states import CycleStatus
from terbuka.objections.models import Objection
from terbuka.registry.models import InfoClass, InformationEntry, LegalCategory
from terbuka.registry.states import EntryStatus
from terbuka.reports.facts import outcome_of
from terbuka.reports.models import Outcome

# Rows fetched from the database cursor, and written out, at a time.
CHUNK_SIZE = 2000
# An XLSX sheet holds 1,048,576 rows; the header takes one.
XLSX_MAX_DATA_ROWS = 1_048_575
LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENSE_NAME = "CC BY 4.0"
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# DCAT-AP vocabularies (EU Publications Office) for themes, frequencies and file types.
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"
# Years a filter accepts: from before UU 14/2008 (old budgets, history) to far ahead.
MIN_YEAR = 1990
MAX_YEAR = 2100

ColumnType = Literal["string", "integer", "decimal", "date", "boolean"]
Row = tuple[Any, ...]

TYPE_LABELS: dict[str, Any] = {
    "string": _("teks"),
    "integer": _("bilangan bulat"),
    "decimal": _("bilangan desimal"),
    "date": _("tanggal (TTTT-BB-HH)"),
    "boolean": _("ya/tidak (true/false)"),
}


@dataclass(frozen=True)
class Column:
    key: str
    type: ColumnType
    description: Any  # a lazy translation
    # The values a coded column takes, with their meaning.
    codes: tuple[tuple[str, Any], ...] = ()

    @property
    def type_label(self) -> Any:
        return TYPE_LABELS[self.type]


@dataclass(frozen=True)
class Filters:
    body: PublicBody | None = None
    year: int | None = None

    def query(self) -> str:
        """The filters as a query string (`body=...&year=...`), empty without filters."""
        parts = []
        if self.body is not None:
            parts.append(f"body={self.body.slug}")
        if self.year is not None:
            parts.append(f"year={self.year}")
        return "&".join(parts)


@dataclass(frozen=True)
class Extent:
    """What a dataset covers: its first and last year, and when it last changed."""

    first_year: int | None
    last_year: int | None
    modified: datetime | None


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Any
    description: Any
    keywords: tuple[Any, ...]
    themes: tuple[str, ...]  # DCAT-AP data-theme codes
    frequency: str  # DCAT-AP frequency code
    frequency_label: Any
    # What the year filter reads, in words.
    year_means: Any
    columns: tuple[Column, ...]
    rows: Callable[[Filters, str], Iterator[Row]] = field(repr=False)
    extent: Callable[[Filters], Extent] = field(repr=False)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def filename(self, filters: Filters, fmt: str) -> str:
        parts = [self.key]
        if filters.body is not None:
            parts.append(filters.body.slug)
        if filters.year is not None:
            parts.append(str(filters.year))
        return "-".join(parts) + f".{fmt}"


def _choices(choices: Iterable[tuple[Any, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple((str(value), label) for value, label in choices)


# --- permohonan: the anonymised request register ----------------------------------------------

# Only what the public archive shows is published as text (`request_list_public`).
REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("nomor_pendaftaran", "string", _("Nomor pendaftaran permohonan.")),
    Column("badan_publik", "string", _("Badan publik yang menerima permohonan.")),
    Column(
        "unit",
        "string",
        _(
            "Unit yang menjawab: PPID Pelaksana tujuan disposisi terakhir, unit tujuan, "
            "atau PPID Utama."
        ),
    ),
    Column("tanggal_diterima", "date", _("Tanggal permohonan diterima (WIB).")),
    Column(
        "saluran",
        "string",
        _("Saluran permohonan."),
        _choices(InformationRequest.Channel.choices),
    ),
    Column(
        "tahap", "string", _("Tahap permohonan seperti tampil di portal."), _choices(Phase.choices)
    ),
    Column(
        "hasil",
        "string",
        _("Hasil permohonan seperti dihitung laporan layanan (UU 14/2008 Pasal 12)."),
        _choices(Outcome.choices),
    ),
    Column(
        "dasar_penolakan",
        "string",
        _(
            'Huruf UU 14/2008 Pasal 17 yang menjadi dasar penolakan (mis. "ah"); kosong bila '
            "tidak ditolak."
        ),
    ),
    Column("tanggal_pemberitahuan", "date", _("Tanggal pemberitahuan tertulis (Pasal 22 ayat 7).")),
    Column(
        "hari_kerja_sampai_pemberitahuan",
        "integer",
        _("Hari kerja dari permohonan diterima sampai pemberitahuan tertulis."),
    ),
    Column(
        "tepat_waktu",
        "boolean",
        _(
            "Pemberitahuan terbit dalam 10 hari kerja, atau 17 bila diperpanjang (Pasal 22 "
            "ayat 7-8); kosong bila belum ada."
        ),
    ),
    Column(
        "diperpanjang", "boolean", _("Jangka waktu diperpanjang 7 hari kerja (Pasal 22 ayat 8).")
    ),
    Column(
        "keberatan", "boolean", _("Pemohon mengajukan keberatan atas permohonan ini (Pasal 35).")
    ),
    Column(
        "rincian_informasi",
        "string",
        _(
            "Rincian informasi yang diminta; hanya untuk permohonan yang diterbitkan di arsip "
            "publik."
        ),
    ),
    Column(
        "bahan_informasi",
        "string",
        _(
            "Bahan informasi yang diberikan; hanya untuk permohonan yang diterbitkan di arsip "
            "publik."
        ),
    ),
)


def request_queryset(filters: Filters) -> QuerySet[InformationRequest, Any]:
    """The register's columns as one query, in registration order; never selects identity."""
    qs = InformationRequest.objects.all()
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    if filters.year is not None:
        qs = qs.filter(registration_year=filters.year)
    # Names by correlated lookups on primary keys, not joins: the requests stay the outer loop,
    # so the unique index gives the order and the first rows come without a sort of them all.
    answering_unit = Unit.objects.filter(pk=OuterRef("fact__unit_key")).values("name")[:1]
    request_unit = Unit.objects.filter(pk=OuterRef("unit_id")).values("name")[:1]
    return (
        qs.annotate(
            od_answering_unit=Subquery(answering_unit),
            od_request_unit=Subquery(request_unit),
            od_objected=Exists(Objection.objects.filter(request_id=OuterRef("pk"))),
            # The text never leaves the database unless the request is in the public archive.
            od_details=Case(
                When(PUBLIC_ARCHIVE, then=F("details")), default=Value(""), output_field=TextField()
            ),
            od_material=Case(
                When(PUBLIC_ARCHIVE, then=F("notice__material")),
                default=Value(""),
                output_field=TextField(),
            ),
        )
        # The unique index (body, registration_year, registration_seq) gives this order.
        .order_by("body_id", "registration_year", "registration_seq")
        .values_list(
            "registration_number",
            "body_id",
            "od_answering_unit",
            "od_request_unit",
            "received_at",
            "channel",
            "status",
            "fact__outcome",
            "fact__refusal_letters",
            "fact__notice_days",
            "fact__noticed_on_time",
            "fact__extended",
            "is_extended",
            "notice__possession",
            "notice__decision",
            "notice__refusal_letters",
            "notice__issued_at",
            "od_objected",
            "od_details",
            "od_material",
        )
    )


def _body_names(filters: Filters) -> dict[int, str]:
    """The names of the bodies a download may hold (one small query instead of a join)."""
    if filters.body is not None:
        return {filters.body.pk: filters.body.name}
    return dict(PublicBody.objects.values_list("pk", "name"))


def _fallback_outcome(status: str, possession: str | None, decision: str | None) -> str:
    """The outcome of a request whose fact is not computed yet (same rule as the facts)."""
    notice = None
    if possession is not None:
        notice = WrittenNotice(possession=possession, decision=decision or "")
    return str(outcome_of(InformationRequest(status=status), notice))


def request_rows(filters: Filters, base_url: str = "") -> Iterator[Row]:
    with translation.override("id"):
        ppid_utama = gettext("PPID Utama")
    bodies = _body_names(filters)
    phases: dict[str, str] = {}
    zone = timezone.get_current_timezone()
    for (
        number,
        body_id,
        answering_unit,
        request_unit,
        received_at,
        channel,
        status,
        outcome,
        letters,
        notice_days,
        on_time,
        fact_extended,
        is_extended,
        possession,
        decision,
        notice_letters,
        issued_at,
        objected,
        details,
        material,
    ) in request_queryset(filters).iterator(chunk_size=CHUNK_SIZE):
        if outcome is None:
            outcome = _fallback_outcome(status, possession, decision)
            letters = "".join(sorted(notice_letters or [])) if outcome == Outcome.REFUSED else ""
        phase = phases.get(status)
        if phase is None:
            phase = phases[status] = str(phase_of(status).value)
        yield (
            number,
            bodies.get(body_id, ""),
            answering_unit or request_unit or ppid_utama,
            received_at.astimezone(zone).date(),
            channel,
            phase,
            outcome,
            letters or "",
            issued_at.astimezone(zone).date() if issued_at is not None else None,
            notice_days,
            on_time,
            bool(fact_extended or is_extended),
            bool(objected),
            details or "",
            material or "",
        )


def request_extent(filters: Filters) -> Extent:
    qs = InformationRequest.objects.all()
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    found = qs.aggregate(
        first=Min("registration_year"), last=Max("registration_year"), modified=Max("updated_at")
    )
    return Extent(found["first"], found["last"], found["modified"])


# --- dip: the published DIP --------------------------------------------------------------------

DIP_COLUMNS: tuple[Column, ...] = (
    Column("badan_publik", "string", _("Badan publik pemilik DIP.")),
    Column("nomor", "integer", _("Nomor entri dalam DIP badan publik.")),
    Column("judul", "string", _("Judul informasi.")),
    Column("ringkasan", "string", _("Ringkasan isi informasi.")),
    Column(
        "jenis",
        "string",
        _("Jenis informasi (UU 14/2008 Pasal 9, 10, 11, 17)."),
        _choices(InfoClass.choices),
    ),
    Column(
        "dasar_hukum",
        "string",
        _("Dasar hukum kategori informasi."),
        _choices(LegalCategory.choices),
    ),
    Column("unit", "string", _("Unit penguasa informasi.")),
    Column(
        "penanggung_jawab", "string", _("Penanggung jawab pembuatan atau penerbitan informasi.")
    ),
    Column("tahun", "integer", _("Tahun informasi.")),
    Column(
        "diperbarui_setiap_bulan",
        "integer",
        _("Jadwal pembaruan dalam bulan (informasi berkala: paling lama 6 bulan, Pasal 9 ayat 4)."),
    ),
    Column("terakhir_diperbarui", "date", _("Tanggal pembaruan terakhir.")),
    Column("tautan", "string", _("Alamat halaman entri di portal.")),
)


def dip_queryset(filters: Filters) -> QuerySet[InformationEntry, Any]:
    """Published entries (what `/informasi/<body>/` lists), by body and number."""
    qs = InformationEntry.objects.filter(status=EntryStatus.PUBLISHED)
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return qs.order_by("body_id", "number").values_list(
        "body__name",
        "body__slug",
        "number",
        "title",
        "summary",
        "info_class",
        "legal_category",
        "unit__name",
        "responsible_person",
        "year",
        "update_every_months",
        "last_updated_on",
    )


def dip_rows(filters: Filters, base_url: str = "") -> Iterator[Row]:
    prefixes: dict[str, str] = {}
    for (
        body_name,
        slug,
        number,
        title,
        summary,
        info_class,
        legal_category,
        unit_name,
        responsible,
        year,
        every,
        last_updated,
    ) in dip_queryset(filters).iterator(chunk_size=CHUNK_SIZE):
        prefix = prefixes.get(slug)
        if prefix is None:
            # The entry page is `<body page><number>/` (registry.urls); one reverse per body.
            prefix = prefixes[slug] = base_url + reverse("registry:body", args=[slug])
        yield (
            body_name,
            number,
            title,
            summary,
            info_class,
            legal_category,
            unit_name,
            responsible,
            year,
            every,
            last_updated,
            f"{prefix}{number}/",
        )


def dip_extent(filters: Filters) -> Extent:
    qs = InformationEntry.objects.filter(status=EntryStatus.PUBLISHED)
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    found = qs.aggregate(first=Min("year"), last=Max("year"), modified=Max("updated_at"))
    return Extent(found["first"], found["last"], found["modified"])


# --- anggaran: lines of the published budgets --------------------------------------------------

BUDGET_COLUMNS: tuple[Column, ...] = (
    Column("badan_publik", "string", _("Badan publik.")),
    Column("unit", "string", _("Unit (perangkat daerah) pemilik anggaran.")),
    Column("tahun", "integer", _("Tahun anggaran.")),
    Column("jenis_dokumen", "string", _("Jenis dokumen anggaran."), _choices(BudgetKind.choices)),
    Column("kode_rekening", "string", _("Kode rekening.")),
    Column("kode_induk", "string", _("Kode rekening induk; kosong untuk tingkat teratas.")),
    Column("tingkat", "integer", _("Tingkat kode rekening (1 untuk tingkat teratas).")),
    Column("uraian", "string", _("Uraian.")),
    Column("anggaran", "decimal", _("Anggaran (Rp).")),
    Column("realisasi", "decimal", _("Realisasi (Rp); kosong bila tidak dilaporkan.")),
)


def budget_imports(filters: Filters) -> QuerySet[BudgetImport, Any]:
    """The active imports (what `/anggaran/` shows) the download holds."""
    qs = BudgetImport.objects.filter(status=BudgetImport.Status.ACTIVE)
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return qs


def budget_queryset(filters: Filters) -> QuerySet[BudgetLine, Any]:
    """Lines of the active imports, import by import in tree order.

    No join: the unique index (budget_import, sort_key) gives the order, so the first lines
    come without sorting them all; each import's names are read once (`budget_rows`).
    """
    ids = budget_imports(filters).values("pk")
    return (
        BudgetLine.objects.filter(budget_import_id__in=ids)
        .order_by("budget_import_id", "sort_key")
        .values_list(
            "budget_import_id",
            "code",
            "parent_code",
            "depth",
            "description",
            "allocation",
            "realisation",
        )
    )


def budget_rows(filters: Filters, base_url: str = "") -> Iterator[Row]:
    imports = {
        pk: rest
        for pk, *rest in budget_imports(filters).values_list(
            "pk", "body__name", "unit__name", "year", "kind"
        )
    }
    for import_id, *line in budget_queryset(filters).iterator(chunk_size=CHUNK_SIZE):
        yield (*imports[import_id], *line)


def budget_extent(filters: Filters) -> Extent:
    qs = BudgetImport.objects.filter(status=BudgetImport.Status.ACTIVE)
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    found = qs.aggregate(first=Min("year"), last=Max("year"), modified=Max("created_at"))
    return Extent(found["first"], found["last"], found["modified"])


# --- monev: announced results ------------------------------------------------------------------

MONEV_COLUMNS: tuple[Column, ...] = (
    Column("siklus", "string", _("Nama siklus monev.")),
    Column("tahun", "integer", _("Tahun siklus.")),
    Column("penyelenggara", "string", _("Penyelenggara monev.")),
    Column("tanggal_pengumuman", "date", _("Tanggal hasil diumumkan.")),
    Column("badan_publik", "string", _("Badan publik penyelenggara siklus.")),
    Column("unit", "string", _("Unit peserta.")),
    Column("kelompok", "string", _("Kelompok peserta.")),
    Column("nilai", "decimal", _("Nilai akhir (0-100).")),
    Column("kategori", "string", _("Kategori hasil.")),
    Column("peringkat", "integer", _("Peringkat dalam kelompok.")),
    Column("peringkat_keseluruhan", "integer", _("Peringkat di antara semua peserta.")),
)


def monev_queryset(filters: Filters) -> QuerySet[Result, Any]:
    """Results of announced cycles (what `/monev/` shows), cycle by cycle in rank order."""
    qs = Result.objects.filter(participant__cycle__status=CycleStatus.ANNOUNCED)
    if filters.body is not None:
        qs = qs.filter(participant__cycle__body=filters.body)
    if filters.year is not None:
        qs = qs.filter(participant__cycle__year=filters.year)
    return qs.order_by(
        "participant__cycle__year",
        "participant__cycle_id",
        "participant__group",
        "rank",
        "participant__unit__name",
        "pk",
    ).values_list(
        "participant__cycle__name",
        "participant__cycle__year",
        "participant__cycle__organiser",
        "participant__cycle__announced_on",
        "participant__cycle__body__name",
        "participant__unit__name",
        "participant__group",
        "score",
        "category",
        "rank",
        "overall_rank",
    )


def monev_rows(filters: Filters, base_url: str = "") -> Iterator[Row]:
    yield from monev_queryset(filters).iterator(chunk_size=CHUNK_SIZE)


def monev_extent(filters: Filters) -> Extent:
    qs = EvaluationCycle.objects.filter(status=CycleStatus.ANNOUNCED)
    if filters.body is not None:
        qs = qs.filter(body=filters.body)
    found = qs.aggregate(first=Min("year"), last=Max("year"), modified=Max("updated_at"))
    return Extent(found["first"], found["last"], found["modified"])


# --- The catalogue -----------------------------------------------------------------------------

DATASETS: dict[str, Dataset] = {
    dataset.key: dataset
    for dataset in (
        Dataset(
            key="permohonan",
            title=_("Register permohonan informasi publik"),
            description=_(
                "Satu baris untuk setiap permohonan informasi: nomor pendaftaran, unit yang "
                "menjawab, tanggal, saluran, tahap, hasil, dasar penolakan, waktu pemberitahuan "
                "tertulis, perpanjangan dan keberatan. Tanpa identitas pemohon; teks permohonan "
                "dan jawaban hanya untuk permohonan yang diterbitkan di arsip publik."
            ),
            keywords=(_("permohonan informasi"), _("keterbukaan informasi"), _("PPID")),
            themes=("GOVE",),
            frequency="DAILY",
            frequency_label=_("Harian (diperbarui setiap ada perubahan)"),
            year_means=_("tahun pendaftaran"),
            columns=REQUEST_COLUMNS,
            rows=request_rows,
            extent=request_extent,
        ),
        Dataset(
            key="dip",
            title=_("Daftar informasi publik (DIP)"),
            description=_(
                "Entri daftar informasi publik yang diterbitkan: informasi berkala, serta-merta, "
                "tersedia setiap saat, dan judul informasi yang dikecualikan (UU 14/2008 Pasal "
                "9-11 dan 17)."
            ),
            keywords=(_("daftar informasi publik"), _("DIP"), _("informasi berkala")),
            themes=("GOVE",),
            frequency="IRREG",
            frequency_label=_("Tidak tetap (setiap entri diterbitkan atau diperbarui)"),
            year_means=_("tahun informasi"),
            columns=DIP_COLUMNS,
            rows=dip_rows,
            extent=dip_extent,
        ),
        Dataset(
            key="anggaran",
            title=_("Anggaran dan realisasi"),
            description=_(
                "Baris anggaran yang diterbitkan (APBD, DPA, LRA dan lainnya) per unit dan tahun, "
                "dengan kode rekening, uraian, anggaran dan realisasi (UU 14/2008 Pasal 9 ayat 2 "
                "huruf c)."
            ),
            keywords=(_("anggaran"), _("APBD"), _("realisasi anggaran")),
            themes=("ECON", "GOVE"),
            frequency="IRREG",
            frequency_label=_("Tidak tetap (setiap dokumen anggaran diterbitkan)"),
            year_means=_("tahun anggaran"),
            columns=BUDGET_COLUMNS,
            rows=budget_rows,
            extent=budget_extent,
        ),
        Dataset(
            key="monev",
            title=_("Hasil monitoring dan evaluasi keterbukaan informasi"),
            description=_(
                "Nilai, kategori dan peringkat setiap peserta pada siklus monev yang sudah "
                "diumumkan."
            ),
            keywords=(_("monev"), _("keterbukaan informasi"), _("pemeringkatan")),
            themes=("GOVE",),
            frequency="ANNUAL",
            frequency_label=_("Tahunan (setiap hasil diumumkan)"),
            year_means=_("tahun siklus"),
            columns=MONEV_COLUMNS,
            rows=monev_rows,
            extent=monev_extent,
        ),
    )
}


class FilterError(ValueError):
    """A filter the datasets cannot apply: `field` names it, `message` is for the reader."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def parse_filters(body_slug: str | None, year: str | None) -> Filters:
    """Read `?body=` (a body's slug) and `?year=`; raise `FilterError` for a bad value."""
    body = None
    slug = (body_slug or "").strip()
    if slug:
        body = PublicBody.objects.filter(slug=slug).first()
        if body is None:
            raise FilterError(
                "body",
                gettext(
                    "Badan publik '%(slug)s' tidak ditemukan. Gunakan slug badan "
                    "publik, misalnya kota-serang."
                )
                % {"slug": slug[:80]},
            )
    raw = (year or "").strip()
    number = None
    if raw:
        if not (raw.isascii() and raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR):
            raise FilterError(
                "year",
                gettext("Tahun tidak valid. Tulis tahun empat angka antara %(min)d dan %(max)d.")
                % {"min": MIN_YEAR, "max": MAX_YEAR},
            )
        number = int(raw)
    return Filters(body=body, year=number)


# --- Writers -----------------------------------------------------------------------------------


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Text only: numbers and dates are never formulas, and a negative amount stays a number.
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _csv_boolean(value: Any) -> str:
    return "" if value is None else ("true" if value else "false")


def _csv_decimal(value: Any) -> str:
    return "" if value is None else format(value, "f")


def _csv_date(value: Any) -> str:
    return "" if value is None else str(value.isoformat())


def _csv_integer(value: Any) -> str:
    return "" if value is None else str(value)


_CSV_WRITERS: dict[str, Callable[[Any], str]] = {
    "boolean": _csv_boolean,
    "decimal": _csv_decimal,
    "date": _csv_date,
    "integer": _csv_integer,
}


def _csv_value(value: Any, kind: str) -> str:
    return _CSV_WRITERS.get(kind, _csv_text)(value)


def csv_chunks(
    columns: tuple[Column, ...], rows: Iterable[Row], *, chunk_rows: int | None = None
) -> Iterator[bytes]:
    """RFC 4180 CSV (comma, CRLF, UTF-8 with a byte-order mark), one chunk per `chunk_rows`.

    The header leaves first, before any row is read. Text cells that a spreadsheet would take
    for a formula are defused (as `exports.csv_cell` does; OWASP "CSV injection").
    """
    size = chunk_rows or CHUNK_SIZE
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.key for column in columns])
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    # One converter per column, chosen once (the loop runs a million times in a national file).
    converters = [_CSV_WRITERS.get(column.type, _csv_text) for column in columns]
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([convert(value) for convert, value in zip(converters, row, strict=True)])
        pending += 1
        if pending >= size:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def _json_value(value: Any, kind: str) -> str:
    if value is None:
        return "null"
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "decimal":
        # A JSON number, exactly as stored (no float rounding).
        return format(value, "f")
    if kind == "integer":
        return str(int(value))
    if kind == "date":
        return f'"{value.isoformat()}"'
    return json.dumps(str(value), ensure_ascii=False)


def json_chunks(
    columns: tuple[Column, ...], rows: Iterable[Row], *, chunk_rows: int | None = None
) -> Iterator[bytes]:
    """A JSON array of objects (keys: the column keys), built and sent chunk by chunk."""
    size = chunk_rows or CHUNK_SIZE
    keys = [json.dumps(column.key) + ":" for column in columns]
    kinds = [column.type for column in columns]
    yield b"["
    parts: list[str] = []
    separator = "\n"
    for row in rows:
        fields = ",".join(
            key + _json_value(value, kind)
            for key, value, kind in zip(keys, row, kinds, strict=True)
        )
        parts.append(separator + "{" + fields + "}")
        separator = ",\n"
        if len(parts) >= size:
            yield "".join(parts).encode("utf-8")
            parts = []
    parts.append("\n]\n")
    yield "".join(parts).encode("utf-8")


def _xlsx_value(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            # openpyxl turns text starting with "=" into a formula: keep it a plain string.
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            return cell
    return value


def _xlsx_sheet(workbook: Any, title: str, columns: tuple[Column, ...]) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.key)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    return sheet


def xlsx_file(
    dataset: Dataset, rows: Iterable[Row], *, max_rows: int = XLSX_MAX_DATA_ROWS
) -> IO[bytes]:
    """The rows as an XLSX workbook in a temporary file (rewound; deleted when closed).

    openpyxl's write-only mode keeps no cell in memory; a sheet that fills up continues on the
    next one (`data`, `data-2`, ...). A last sheet, `keterangan`, describes the columns.
    """
    # Imported here, as in every export: openpyxl costs web workers start-up time.
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook(write_only=True)
    sheet = _xlsx_sheet(workbook, "data", dataset.columns)
    count, sheets = 0, 1
    for row in rows:
        if count >= max_rows:
            sheets += 1
            sheet = _xlsx_sheet(workbook, f"data-{sheets}", dataset.columns)
            count = 0
        sheet.append([_xlsx_value(sheet, value) for value in row])
        count += 1
    notes = workbook.create_sheet("keterangan")
    with translation.override("id"):
        notes.append([str(dataset.title)])
        notes.append([gettext("Lisensi"), LICENSE_NAME, LICENSE_URL])
        notes.append([])
        notes.append([gettext("Kolom"), gettext("Tipe"), gettext("Keterangan")])
        for column in dataset.columns:
            notes.append([column.key, str(column.type_label), str(column.description)])
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    try:
        workbook.save(handle)
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    return handle


# --- DCAT metadata (JSON-LD) -------------------------------------------------------------------

CONTEXT: dict[str, Any] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dct:title": {"@container": "@language"},
    "dct:description": {"@container": "@language"},
    "dcat:keyword": {"@container": "@language"},
    "foaf:name": {"@container": "@language"},
}


def _both(text: Any) -> dict[str, str]:
    """A language map of a lazy text: Indonesian (the source) and English."""
    found: dict[str, str] = {}
    for language in ("id", "en"):
        with translation.override(language):
            found[language] = str(text)
    return found


def _agent(name: Any, homepage: str, kind: str) -> dict[str, Any]:
    return {
        "@type": "foaf:Agent",
        "foaf:name": _both(name),
        "foaf:homepage": {"@id": homepage},
        "dct:type": kind,
    }


@dataclass(frozen=True)
class Links:
    """The absolute addresses the metadata points at."""

    base: str  # scheme and host, no trailing slash
    query: str = ""

    def url(self, path: str) -> str:
        return self.base + path

    def download(self, key: str, fmt: str) -> str:
        path = reverse("opendata:download", kwargs={"key": key, "fmt": fmt})
        return self.base + path + (f"?{self.query}" if self.query else "")


def _date_literal(value: date | datetime) -> dict[str, str]:
    if isinstance(value, datetime):
        return {"@value": timezone.localtime(value).isoformat(), "@type": "xsd:dateTime"}
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def dataset_jsonld(
    dataset: Dataset, extent: Extent, links: Links, bodies: list[PublicBody]
) -> dict[str, Any]:
    """One `dcat:Dataset` with a `dcat:Distribution` per format.

    Satu Data Indonesia (Perpres 39/2019): the produsen data (the bodies whose PPIDs keep the
    records) is `dct:creator`; the walidata that publishes them here is `dct:publisher`.
    """
    keywords: dict[str, list[str]] = {"id": [], "en": []}
    for word in dataset.keywords:
        for language, text in _both(word).items():
            keywords[language].append(text)
    landing = links.url(reverse("opendata:catalogue")) + f"#{dataset.key}"
    node: dict[str, Any] = {
        "@id": links.url(reverse("opendata:dataset-jsonld", kwargs={"key": dataset.key})),
        "@type": "dcat:Dataset",
        "dct:identifier": dataset.key,
        "dct:title": _both(dataset.title),
        "dct:description": _both(dataset.description),
        "dcat:keyword": keywords,
        "dcat:theme": [{"@id": THEME + code} for code in dataset.themes],
        "dct:accrualPeriodicity": {"@id": FREQUENCY + dataset.frequency},
        "dct:license": {"@id": LICENSE_URL},
        "dct:accessRights": {
            "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
        },
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/IND"}],
        "dcat:landingPage": {"@id": landing},
        "dct:publisher": walidata(links),
        "dct:creator": [
            _agent(
                body.name,
                links.url(reverse("portal:body-detail", args=[body.slug])),
                "produsen data",
            )
            for body in bodies
        ],
        "dcat:distribution": [
            {
                "@id": links.download(dataset.key, fmt),
                "@type": "dcat:Distribution",
                "dct:title": {
                    language: f"{text} ({fmt.upper()})"
                    for language, text in _both(dataset.title).items()
                },
                "dcat:downloadURL": {"@id": links.download(dataset.key, fmt)},
                "dcat:accessURL": {"@id": landing},
                "dcat:mediaType": {"@id": MEDIA_TYPE + FORMATS[fmt].split(";")[0]},
                "dct:format": {"@id": FILE_TYPE + fmt.upper()},
                "dct:license": {"@id": LICENSE_URL},
            }
            for fmt in FORMATS
        ],
    }
    if extent.first_year is not None and extent.last_year is not None:
        node["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date_literal(date(extent.first_year, 1, 1)),
            "dcat:endDate": _date_literal(date(extent.last_year, 12, 31)),
        }
    if extent.modified is not None:
        node["dct:modified"] = _date_literal(extent.modified)
    return node


def walidata(links: Links) -> dict[str, Any]:
    """The walidata (Perpres 39/2019 Pasal 1 angka 15): the site that publishes the data."""
    return _agent(walidata_name(), links.url("/"), "walidata")


def walidata_name() -> Any:
    """The walidata's name (lazy): the site's name, then its role."""
    return format_lazy("{site} ({role})", site=settings.TERBUKA_SITE_NAME, role=_("walidata"))


def catalogue_jsonld(
    datasets: Mapping[str, tuple[Dataset, Extent]], links: Links, bodies: list[PublicBody]
) -> dict[str, Any]:
    """The `dcat:Catalog` with every dataset."""
    modified = [extent.modified for _dataset, extent in datasets.values() if extent.modified]
    node: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": links.url(reverse("opendata:catalog-jsonld")),
        "@type": "dcat:Catalog",
        "dct:title": _both(_("Katalog data terbuka")),
        "dct:description": _both(
            _(
                "Data terbuka layanan informasi publik: register permohonan tanpa identitas, "
                "daftar informasi publik, anggaran dan hasil monev, dengan lisensi CC BY 4.0."
            )
        ),
        "dct:publisher": walidata(links),
        "dct:license": {"@id": LICENSE_URL},
        "dct:language": [{"@id": "http://publications.europa.eu/resource/authority/language/IND"}],
        "foaf:homepage": {"@id": links.url(reverse("opendata:catalogue"))},
        "dcat:dataset": [
            dataset_jsonld(dataset, extent, links, bodies) for dataset, extent in datasets.values()
        ],
    }
    if modified:
        node["dct:modified"] = _date_literal(max(modified))
    return node
