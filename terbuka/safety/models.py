"""Safe-release scans: one `Scan` per uploaded file, its `Finding`s, and the log of who resolved
what. A file is released (published in the DIP or attached to an answer) only while its scan has
no open blocking finding (peers.md section 4: Islington, Hackney, PSNI)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FindingKind(models.TextChoices):
    # Spreadsheets
    HIDDEN_SHEET = "hidden_sheet", _("Lembar tersembunyi")
    VERY_HIDDEN_SHEET = "very_hidden_sheet", _("Lembar sangat tersembunyi")
    HIDDEN_ROWS = "hidden_rows", _("Baris tersembunyi berisi data")
    HIDDEN_COLUMNS = "hidden_columns", _("Kolom tersembunyi berisi data")
    PIVOT_CACHE = "pivot_cache", _("Cache tabel pivot")
    DEFINED_NAMES = "defined_names", _("Rentang bernama")
    EXTERNAL_LINKS = "external_links", _("Tautan eksternal")
    DATA_MODEL = "data_model", _("Model data tersemat")
    COMMENTS = "comments", _("Komentar")
    MACROS = "macros", _("Makro")
    # Word processing
    TRACKED_CHANGES = "tracked_changes", _("Perubahan terlacak")
    HIDDEN_TEXT = "hidden_text", _("Teks tersembunyi")
    AUTHOR_METADATA = "author_metadata", _("Metadata penulis")
    # PDF
    PDF_METADATA = "pdf_metadata", _("Metadata PDF")
    PDF_ANNOTATIONS = "pdf_annotations", _("Anotasi PDF")
    EMBEDDED_FILES = "embedded_files", _("Berkas tersemat")
    INVISIBLE_TEXT = "invisible_text", _("Teks tak terlihat")
    TEXT_UNDER_BOX = "text_under_box", _("Teks di bawah kotak hitam")
    INCREMENTAL_UPDATES = "incremental_updates", _("Pembaruan bertahap PDF")
    # Images
    EXIF = "exif", _("Metadata EXIF")
    GPS = "gps", _("Lokasi GPS")
    # Personal data in any text
    NIK = "nik", _("NIK")
    PHONE = "phone", _("Nomor telepon")
    EMAIL = "email", _("Alamat e-mail")
    NPWP = "npwp", _("NPWP")
    # The file itself
    UNREADABLE = "unreadable", _("Berkas tidak dapat dibaca")


class Severity(models.TextChoices):
    BLOCKING = "blocking", _("Menghalangi rilis")
    INFO = "info", _("Informasi")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Terbuka")
    OVERRIDDEN = "overridden", _("Dikesampingkan dengan alasan")
    SUPERSEDED = "superseded", _("Diganti versi bersih")


class Scan(models.Model):
    """One scan of one file's bytes (never the bytes themselves: those live with the owner)."""

    filename = models.CharField(_("nama berkas"), max_length=255)
    file_type = models.CharField(_("jenis berkas"), max_length=20)
    content_type = models.CharField(_("tipe konten"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    scanner_version = models.CharField(_("versi pemeriksa"), max_length=20)
    duration_ms = models.PositiveIntegerField(_("lama pemeriksaan (ms)"), default=0)
    created_at = models.DateTimeField(_("diperiksa pada"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diperiksa oleh"),
    )
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diganti oleh"),
    )

    class Meta:
        verbose_name = _("pemeriksaan berkas")
        verbose_name_plural = _("pemeriksaan berkas")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.file_type})"


class Finding(models.Model):
    """Something in a file that may leak what should not be released."""

    scan = models.ForeignKey(
        Scan, on_delete=models.CASCADE, related_name="findings", verbose_name=_("pemeriksaan")
    )
    kind = models.CharField(_("jenis temuan"), max_length=30, choices=FindingKind.choices)
    severity = models.CharField(
        _("tingkat"), max_length=10, choices=Severity.choices, default=Severity.BLOCKING
    )
    status = models.CharField(
        _("status"), max_length=12, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    # What was found, in words an officer can act on, never the personal data itself.
    detail = models.CharField(_("rincian"), max_length=500)
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    count = models.PositiveIntegerField(_("jumlah"), default=1)
    # A masked example (e.g. 3604********0001) so the officer can find it in the file.
    masked_sample = models.CharField(_("contoh tersamar"), max_length=100, blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan pada"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diselesaikan oleh"),
    )
    resolution_reason = models.TextField(_("alasan"), blank=True)

    class Meta:
        verbose_name = _("temuan pemeriksaan")
        verbose_name_plural = _("temuan pemeriksaan")
        ordering = ["scan_id", "pk"]
        indexes = [models.Index(fields=["scan", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.detail}"

    @property
    def is_blocking_open(self) -> bool:
        return self.status == FindingStatus.OPEN and self.severity == Severity.BLOCKING


class FindingLog(models.Model):
    """Who resolved a finding, how and why (an override or a cleaned version)."""

    class Action(models.TextChoices):
        OVERRIDDEN = "overridden", _("Dikesampingkan dengan alasan")
        SUPERSEDED = "superseded", _("Diganti versi bersih")

    finding = models.ForeignKey(
        Finding, on_delete=models.CASCADE, related_name="log", verbose_name=_("temuan")
    )
    action = models.CharField(_("tindakan"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("oleh"),
    )
    reason = models.TextField(_("alasan"), blank=True)
    replacement = models.ForeignKey(
        Scan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemeriksaan pengganti"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("catatan temuan")
        verbose_name_plural = _("catatan temuan")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.finding_id} {self.action}"
