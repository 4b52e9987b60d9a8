"""Budget transparency: imported budget documents (APBD, DPA, LRA ...) and their lines.

UU 14/2008 Pasal 9(2) huruf c: the financial report is periodic information every body
publishes; Pasal 11(1) huruf d: work plans with their estimated yearly spending are available
at any time. An import turns an officer's spreadsheet into lines the portal re-publishes as
numbers; exactly one import per body, unit, year and kind is active, older ones stay as
history.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetKind(models.TextChoices):
    # Plans (no realisation): RKA -> APBD murni -> DPA -> APBD perubahan; RUP lists procurement.
    RKA = "rka", _("RKA (Rencana Kerja dan Anggaran)")
    APBD_MURNI = "apbd_murni", _("APBD murni")
    DPA = "dpa", _("DPA (Dokumen Pelaksanaan Anggaran)")
    APBD_PERUBAHAN = "apbd_perubahan", _("APBD perubahan")
    RUP = "rup", _("RUP (Rencana Umum Pengadaan)")
    # Realisation reports (Laporan Realisasi Anggaran) and the audited financial statements.
    LRA_Q1 = "lra_q1", _("LRA triwulan I")
    LRA_Q2 = "lra_q2", _("LRA semester I (triwulan II)")
    LRA_Q3 = "lra_q3", _("LRA triwulan III")
    LRA_YEARLY = "lra_yearly", _("LRA tahunan")
    AUDITED = "audited", _("Laporan keuangan (audited)")
    CONTRACT = "contract", _("Kontrak")


# Kinds that are plans: the realisation column is optional.
PLAN_KINDS: frozenset[str] = frozenset(
    {
        BudgetKind.RKA,
        BudgetKind.APBD_MURNI,
        BudgetKind.DPA,
        BudgetKind.APBD_PERUBAHAN,
        BudgetKind.RUP,
    }
)
# When a reader asks for "the budget" without a kind: the furthest stage available wins.
# Procurement lists (RUP, contracts) are never a default; they are asked for by name.
KIND_PRECEDENCE: tuple[str, ...] = (
    BudgetKind.AUDITED,
    BudgetKind.LRA_YEARLY,
    BudgetKind.LRA_Q3,
    BudgetKind.LRA_Q2,
    BudgetKind.LRA_Q1,
    BudgetKind.APBD_PERUBAHAN,
    BudgetKind.DPA,
    BudgetKind.APBD_MURNI,
    BudgetKind.RKA,
)


def _private_storage() -> Any:
    # The original file is kept for the record, never under MEDIA_URL (see registry.models).
    return storages["private"]


class BudgetImport(models.Model):
    """One imported budget file of a unit for a year and kind, with its totals."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Berlaku")
        SUPERSEDED = "superseded", _("Diganti")

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="budget_imports",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        related_name="budget_imports",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=BudgetKind.choices)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    file = models.FileField(_("berkas"), upload_to="budget/%Y/%m/", storage=_private_storage)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scan = models.ForeignKey(
        "safety.Scan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemeriksaan"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("diganti oleh"),
    )
    lines_count = models.PositiveIntegerField(_("jumlah baris"))
    total_allocation = models.DecimalField(_("total anggaran"), max_digits=20, decimal_places=2)
    # Null when no line reports a realisation (a plan).
    total_realisation = models.DecimalField(
        _("total realisasi"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    # Lines whose realisation exceeds their allocation: allowed (overspending happens), counted.
    overspent_count = models.PositiveIntegerField(_("baris realisasi melebihi anggaran"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu impor"))
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("impor anggaran")
        verbose_name_plural = _("impor anggaran")
        ordering = ("-year", "-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "unit", "year", "kind"),
                condition=models.Q(status="active"),
                name="budget_import_one_active",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "superseded"]),
                name="budget_import_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in BudgetKind]),
                name="budget_import_kind_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "year", "kind", "status"), name="budget_import_public"),
            models.Index(fields=("unit", "kind", "status", "year"), name="budget_import_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} - {self.original_name}"


class BudgetLine(models.Model):
    """One line of an import: a code, its description and amounts (never edited)."""

    # The composite indexes below all start with the import: no index of its own.
    budget_import = models.ForeignKey(
        BudgetImport,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("impor"),
        db_index=False,
    )
    code = models.CharField(_("kode rekening"), max_length=100, db_index=True)
    parent_code = models.CharField(_("kode induk"), max_length=100, blank=True)
    # Every segment padded to 6 digits: tree order on any database (see codes.py).
    sort_key = models.CharField(_("kunci urut"), max_length=90)
    depth = models.PositiveSmallIntegerField(_("tingkat"))
    child_count = models.PositiveIntegerField(_("jumlah rincian"), default=0)
    description = models.TextField(_("uraian"))
    allocation = models.DecimalField(_("anggaran"), max_digits=20, decimal_places=2)
    # Null: not reported (a plan, or a line left empty in a realisation report).
    realisation = models.DecimalField(
        _("realisasi"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    row_number = models.PositiveIntegerField(_("baris sumber"))

    class Meta:
        verbose_name = _("baris anggaran")
        verbose_name_plural = _("baris anggaran")
        constraints = [
            models.UniqueConstraint(fields=("budget_import", "code"), name="budget_line_code"),
            models.UniqueConstraint(
                fields=("budget_import", "sort_key"), name="budget_line_sort_key"
            ),
        ]
        indexes = [
            models.Index(fields=("budget_import", "depth"), name="budget_line_depth"),
            # Drill-down: the children of a code, already in tree order.
            models.Index(
                fields=("budget_import", "parent_code", "sort_key"), name="budget_line_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description[:60]}"


class DocumentState(StrEnum):
    PUBLISHED = "published"  # released in the DIP: the public downloads it
    HELD = "held"  # the current file has an open blocking safety finding
    UNPUBLISHED = "unpublished"  # clear, but its DIP entry is not published
    WITHDRAWN = "withdrawn"  # taken off by an officer


DOCUMENT_STATE_LABELS: dict[str, Any] = {
    DocumentState.PUBLISHED: _("Terbit"),
    DocumentState.HELD: _("Tertahan pemeriksaan berkas"),
    DocumentState.UNPUBLISHED: _("Belum terbit"),
    DocumentState.WITHDRAWN: _("Ditarik"),
}


class BpkOpinion(models.TextChoices):
    # UU 15/2004 Pasal 16(1): the four opinions the BPK gives on a financial statement.
    WTP = "wtp", _("Wajar Tanpa Pengecualian (WTP)")
    WDP = "wdp", _("Wajar Dengan Pengecualian (WDP)")
    TW = "tw", _("Tidak Wajar (TW)")
    TMP = "tmp", _("Tidak Menyatakan Pendapat (TMP)")


class BudgetDocument(models.Model):
    """A budget document of a unit for a year and kind, released as a file through the DIP.

    The file itself lives in the DIP (`registry.Document` with its versions and safety scans) on
    a periodic entry of the unit for the document's family (UU 14/2008 Pasal 9(2) huruf c); a
    new file for the same body, unit, year and kind becomes a new version of the same document,
    so the history is the document's versions. `budget_import` names the numbers read from the
    same file, when the officer imported them.
    """

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="budget_documents",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        related_name="budget_documents",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("tahun anggaran"))
    kind = models.CharField(_("jenis dokumen"), max_length=20, choices=BudgetKind.choices)
    title = models.CharField(_("judul dokumen"), max_length=300)
    bpk_opinion = models.CharField(
        _("opini BPK"), max_length=10, choices=BpkOpinion.choices, blank=True
    )
    entry = models.ForeignKey(
        "registry.InformationEntry",
        on_delete=models.PROTECT,
        related_name="budget_documents",
        verbose_name=_("entri DIP"),
    )
    document = models.ForeignKey(
        "registry.Document",
        on_delete=models.PROTECT,
        related_name="budget_documents",
        verbose_name=_("dokumen DIP"),
    )
    budget_import = models.ForeignKey(
        BudgetImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("impor angka dari berkas ini"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("waktu unggah pertama"))
    updated_at = models.DateTimeField(_("waktu unggah terakhir"))

    class Meta:
        verbose_name = _("dokumen anggaran")
        verbose_name_plural = _("dokumen anggaran")
        ordering = ("-year", "kind", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "unit", "year", "kind"), name="budget_document_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in BudgetKind]),
                name="budget_document_kind_valid",
            ),
            # Only an audited statement carries the BPK's opinion, and it always does.
            models.CheckConstraint(
                condition=(
                    models.Q(kind="audited", bpk_opinion__in=[o.value for o in BpkOpinion])
                    | (~models.Q(kind="audited") & models.Q(bpk_opinion=""))
                ),
                name="budget_document_opinion_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "year", "kind"), name="budget_document_public"),
        ]

    def __str__(self) -> str:
        return self.title


class BudgetEvent(models.Model):
    """An immutable row of the history of an import or a budget document."""

    class Kind(models.TextChoices):
        IMPORTED = "imported", _("Anggaran diimpor")
        SUPERSEDED = "superseded", _("Diganti impor baru")
        DOCUMENT_ADDED = "document_added", _("Dokumen anggaran diunggah")
        DOCUMENT_REPLACED = "document_replaced", _("Dokumen anggaran diganti berkas baru")
        DOCUMENT_RELEASED = "document_released", _("Dokumen anggaran terbit di DIP")
        DOCUMENT_WITHDRAWN = "document_withdrawn", _("Dokumen anggaran ditarik")

    budget_import = models.ForeignKey(
        BudgetImport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("impor"),
    )
    budget_document = models.ForeignKey(
        BudgetDocument,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("dokumen anggaran"),
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat anggaran")
        verbose_name_plural = _("riwayat anggaran")
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(fields=("budget_import", "occurred_at"), name="budget_event_time"),
            models.Index(
                fields=("budget_document", "occurred_at"), name="budget_event_document_time"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_import__isnull=False)
                | models.Q(budget_document__isnull=False),
                name="budget_event_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Budget events are append-only.")
        super().save(*args, **kwargs)


class BudgetIdempotencyKey(models.Model):
    """A key that makes an API import safe to repeat (`Idempotency-Key`)."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    budget_import = models.ForeignKey(
        BudgetImport, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    budget_document = models.ForeignKey(
        BudgetDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi anggaran")
        verbose_name_plural = _("kunci idempotensi anggaran")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="budget_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
