"""Precomputed statistics of the information service, and the statutory service reports.

UU 14/2008 Pasal 12 asks every body for a yearly report of its service (requests received, time
taken, granted and refused, reasons for refusal); Perki 1/2021 adds the service report's chapters.
The figures come from the request log, never from a scan of it at page time:

- `RequestFact` is one row per request: what its events add up to (outcome, refusal letters,
  working days to the written notice and to fulfilment, on time or not). It is recomputed from the
  request whenever an event is appended (`facts.drain`), found through `StatsQueue`, a row written
  in the event's own transaction (a transactional outbox: no event is ever missed).
- `MonthlyStat` and `DaysStat` are the sums of the facts per body, unit and month of receipt, kept
  up to date by applying the difference between a request's old and new fact. Pages, the API and
  the reports read only these; `facts.rebuild` recomputes them with one GROUP BY over the facts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel

# UU 14/2008 Pasal 17 a-j: the exemptions a refusal cites, by letter.
LETTERS: tuple[str, ...] = tuple("abcdefghij")


class Outcome(models.TextChoices):
    """How a request ended, as the service report counts it (UU 14/2008 Pasal 12, 22(7))."""

    PENDING = "pending", _("Belum dijawab")
    GRANTED_FULL = "granted_full", _("Diberikan seluruhnya")
    GRANTED_PARTIAL = "granted_partial", _("Diberikan sebagian")
    REFUSED = "refused", _("Ditolak (dikecualikan)")
    NOT_HELD = "not_held", _("Informasi tidak dikuasai")
    FORWARDED = "forwarded", _("Diteruskan ke badan publik lain")
    WITHDRAWN = "withdrawn", _("Dicabut pemohon")
    LAPSED = "lapsed", _("Gugur (tidak dilengkapi)")


class Measure(models.TextChoices):
    NOTICE = "notice", _("Hari kerja sampai pemberitahuan tertulis")
    FULFIL = "fulfil", _("Hari kerja sampai informasi diberikan")


class RequestFact(models.Model):
    """What one request's history adds up to, in the terms of the service report."""

    request = models.OneToOneField(
        "inforequests.InformationRequest",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="fact",
    )
    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    # The unit that answers (0: the PPID Utama, when the request has no unit).
    unit_key = models.PositiveIntegerField(_("unit"), default=0)
    year = models.PositiveSmallIntegerField(_("tahun diterima"))
    month = models.PositiveSmallIntegerField(_("bulan diterima"))
    channel = models.CharField(_("saluran"), max_length=10)
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices)
    refusal_letters = models.CharField(_("dasar penolakan Pasal 17"), max_length=10, blank=True)
    extended = models.BooleanField(_("diperpanjang"), default=False)
    overdue = models.BooleanField(_("lewat batas waktu"), default=False)
    noticed_on_time = models.BooleanField(_("pemberitahuan tepat waktu"), null=True)
    notice_days = models.PositiveSmallIntegerField(_("hari kerja sampai pemberitahuan"), null=True)
    fulfil_days = models.PositiveSmallIntegerField(_("hari kerja sampai diberikan"), null=True)
    computed_at = models.DateTimeField(_("dihitung"))

    class Meta:
        verbose_name = _("fakta permohonan")
        verbose_name_plural = _("fakta permohonan")
        indexes = [
            models.Index(fields=("body", "year", "month"), name="reqfact_body_period"),
            models.Index(fields=("unit_key", "year"), name="reqfact_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.outcome}"


class StatsQueue(models.Model):
    """A request whose fact is out of date: written with every request event (outbox)."""

    request_id = models.PositiveBigIntegerField(_("permohonan"))
    queued_at = models.DateTimeField(_("waktu antre"), auto_now_add=True)

    class Meta:
        verbose_name = _("antrean statistik")
        verbose_name_plural = _("antrean statistik")

    def __str__(self) -> str:
        return str(self.request_id)


# The counters of a MonthlyStat cell, in the order the reports print them.
CHANNEL_FIELDS: dict[str, str] = {
    "web": "ch_web",
    "walk_in": "ch_walk_in",
    "phone": "ch_phone",
    "letter": "ch_letter",
    "email": "ch_email",
}
OUTCOME_FIELDS: tuple[str, ...] = tuple(o.value for o in Outcome)
LETTER_FIELDS: dict[str, str] = {letter: f"refused_{letter}" for letter in LETTERS}
COUNTER_FIELDS: tuple[str, ...] = (
    "received",
    *CHANNEL_FIELDS.values(),
    *OUTCOME_FIELDS,
    *LETTER_FIELDS.values(),
    "extended",
    "overdue",
    "noticed",
    "noticed_on_time",
    "fulfilled",
    "notice_days_sum",
    "fulfil_days_sum",
)


def _counter(label: Any) -> models.IntegerField:  # type: ignore[type-arg]
    return models.IntegerField(label, default=0)


class MonthlyStat(models.Model):
    """The sums of the facts of one body, unit and month of receipt."""

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    unit_key = models.PositiveIntegerField(_("unit"), default=0)
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    received = _counter(_("diterima"))
    ch_web = _counter(_("portal web"))
    ch_walk_in = _counter(_("datang langsung"))
    ch_phone = _counter(_("telepon"))
    ch_letter = _counter(_("surat"))
    ch_email = _counter(_("e-mail"))
    pending = _counter(_("belum dijawab"))
    granted_full = _counter(_("diberikan seluruhnya"))
    granted_partial = _counter(_("diberikan sebagian"))
    refused = _counter(_("ditolak"))
    not_held = _counter(_("tidak dikuasai"))
    forwarded = _counter(_("diteruskan"))
    withdrawn = _counter(_("dicabut"))
    lapsed = _counter(_("gugur"))
    refused_a = _counter("a")
    refused_b = _counter("b")
    refused_c = _counter("c")
    refused_d = _counter("d")
    refused_e = _counter("e")
    refused_f = _counter("f")
    refused_g = _counter("g")
    refused_h = _counter("h")
    refused_i = _counter("i")
    refused_j = _counter("j")
    extended = _counter(_("diperpanjang"))
    overdue = _counter(_("lewat batas waktu"))
    noticed = _counter(_("pemberitahuan diterbitkan"))
    noticed_on_time = _counter(_("pemberitahuan tepat waktu"))
    fulfilled = _counter(_("informasi diberikan"))
    notice_days_sum = _counter(_("jumlah hari kerja sampai pemberitahuan"))
    fulfil_days_sum = _counter(_("jumlah hari kerja sampai diberikan"))

    class Meta:
        verbose_name = _("statistik bulanan")
        verbose_name_plural = _("statistik bulanan")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "unit_key", "year", "month"), name="monthlystat_unique_cell"
            )
        ]
        indexes = [
            models.Index(fields=("year", "month"), name="monthlystat_period"),
            # A body's page reads one period of all its units; the unique index leads with
            # the unit and would scan every year of the body.
            models.Index(fields=("body", "year", "month"), name="monthlystat_body_period"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.unit_key} {self.year}-{self.month:02d}"


class DaysStat(models.Model):
    """How many requests of a cell took exactly `days` working days (exact medians)."""

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    unit_key = models.PositiveIntegerField(_("unit"), default=0)
    year = models.PositiveSmallIntegerField(_("tahun"))
    month = models.PositiveSmallIntegerField(_("bulan"))
    measure = models.CharField(_("ukuran"), max_length=10, choices=Measure.choices)
    days = models.PositiveSmallIntegerField(_("hari kerja"))
    count = models.IntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("sebaran hari kerja")
        verbose_name_plural = _("sebaran hari kerja")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "unit_key", "year", "month", "measure", "days"),
                name="daysstat_unique_cell",
            )
        ]
        indexes = [
            models.Index(fields=("year", "month"), name="daysstat_period"),
            models.Index(fields=("body", "year", "month"), name="daysstat_body_period"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.unit_key} {self.year}-{self.month:02d} {self.measure}"


class Semester(models.IntegerChoices):
    YEAR = 0, _("Satu tahun")
    FIRST = 1, _("Semester I (Januari-Juni)")
    SECOND = 2, _("Semester II (Juli-Desember)")


class ReportNarrative(TimeStampedModel):
    """The chapters of a service report that the PPID writes (Perki 1/2021; domain.md 2.9)."""

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "bodies.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(
        _("periode"), choices=Semester.choices, default=Semester.YEAR
    )
    # I: general policy; II: implementation (facilities, staff, budget); IV: obstacles;
    # V: recommendations and follow-up.
    profile = models.TextField(_("profil dan kebijakan PPID"), blank=True)
    facilities = models.TextField(_("sarana dan prasarana"), blank=True)
    staff = models.TextField(_("sumber daya manusia"), blank=True)
    budget = models.TextField(_("anggaran layanan informasi"), blank=True)
    obstacles = models.TextField(_("kendala internal dan eksternal"), blank=True)
    recommendations = models.TextField(_("rekomendasi dan rencana tindak lanjut"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("narasi laporan layanan")
        verbose_name_plural = _("narasi laporan layanan")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "unit", "year", "semester"),
                name="narrative_unique_unit_period",
                condition=models.Q(unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=("body", "year", "semester"),
                name="narrative_unique_body_period",
                condition=models.Q(unit__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.unit_id or '-'} {self.year}/{self.semester}"


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Dalam antrean")
    RUNNING = "running", _("Sedang dibuat")
    DONE = "done", _("Selesai")
    FAILED = "failed", _("Gagal")


class ServiceReport(models.Model):
    """One generation of a service report (PDF and XLSX) by the task worker.

    The files are DIP documents of the report's entry (UU 14/2008 Pasal 11(1)h: information
    available at any time), so they pass the release scan like every other file.
    """

    Status = ReportStatus

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        "bodies.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    semester = models.PositiveSmallIntegerField(
        _("periode"), choices=Semester.choices, default=Semester.YEAR
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    stage = models.CharField(_("tahap"), max_length=200, blank=True)
    error = models.TextField(_("galat"), blank=True)
    # The figures as they were when generated (JSON of `figures.ServiceFigures`).
    figures = models.JSONField(_("angka"), default=dict, blank=True)
    entry = models.ForeignKey(
        "registry.InformationEntry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entri DIP"),
    )
    pdf_document = models.ForeignKey(
        "registry.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    xlsx_document = models.ForeignKey(
        "registry.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("diminta"))
    started_at = models.DateTimeField(_("mulai"), null=True, blank=True)
    finished_at = models.DateTimeField(_("selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("laporan layanan informasi")
        verbose_name_plural = _("laporan layanan informasi")
        ordering = ("-requested_at", "-id")
        indexes = [
            models.Index(fields=("body", "year", "semester"), name="servicereport_period"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="servicereport_progress_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.unit_id or '-'} {self.year}/{self.semester}"


class ReportEvent(models.Model):
    """An immutable row of the reports' audit trail (narratives saved, reports generated)."""

    class Kind(models.TextChoices):
        NARRATIVE_SAVED = "narrative_saved", _("Narasi laporan disimpan")
        REPORT_REQUESTED = "report_requested", _("Laporan diminta")
        REPORT_DONE = "report_done", _("Laporan selesai dibuat")
        REPORT_FAILED = "report_failed", _("Pembuatan laporan gagal")
        REPORT_PUBLISHED = "report_published", _("Laporan diterbitkan di DIP")
        STATS_REBUILT = "stats_rebuilt", _("Statistik dihitung ulang")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    body = models.ForeignKey(
        "bodies.PublicBody", on_delete=models.CASCADE, null=True, related_name="+"
    )
    report = models.ForeignKey(
        ServiceReport, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    narrative = models.ForeignKey(
        ReportNarrative, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("peristiwa laporan")
        verbose_name_plural = _("peristiwa laporan")
        ordering = ("occurred_at", "id")

    def __str__(self) -> str:
        return f"{self.kind} ({self.occurred_at:%Y-%m-%d %H:%M})"


class ReportIdempotencyKey(models.Model):
    """A key that makes a report request or a narrative save safe to repeat."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    report = models.ForeignKey(
        ServiceReport, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi laporan")
        verbose_name_plural = _("kunci idempotensi laporan")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="reportkey_unique_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
