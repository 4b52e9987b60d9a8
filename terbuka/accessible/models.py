"""Accessible formats (audio, braille, large print) of public announcements.

Perki 1/2021 Pasal 24 and 47-48: announcements and the service charter (maklumat pelayanan) must
be accessible to persons with disabilities, at least in audio, visual and/or braille formats.

One `AccessibleVersion` per source object (kind, object id) holds the text the formats were made
from; one `AccessibleFile` per format holds the generated file and its status. When the text
changes the version is reset in place and every format is made again.
"""

from __future__ import annotations

from typing import Any

from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel


class Format(models.TextChoices):
    AUDIO = "audio", _("Audio")
    BRAILLE_BRF = "braille_brf", _("Braille siap cetak (BRF)")
    BRAILLE_TEXT = "braille_text", _("Braille Unicode (teks)")
    LARGE_PRINT = "large_print", _("Cetak besar (PDF)")


class FileStatus(models.TextChoices):
    PENDING = "pending", _("Sedang disiapkan")
    READY = "ready", _("Tersedia")
    FAILED = "failed", _("Gagal dibuat")
    UNAVAILABLE = "unavailable", _("Alat pembuatnya tidak terpasang")


def _private_storage() -> Any:
    # Private storage (never under MEDIA_URL): the files are served by the public views only
    # while their source is public, so a withdrawn announcement's audio is gone with it.
    return storages["private"]


class AccessibleVersion(TimeStampedModel):
    """The text of one public source that its accessible formats are made from."""

    kind = models.CharField(_("jenis sumber"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("id sumber"))
    text_sha256 = models.CharField(_("SHA-256 teks"), max_length=64)
    language = models.CharField(_("bahasa"), max_length=5)
    title = models.CharField(_("judul"), max_length=500)
    text = models.TextField(_("teks"))

    class Meta:
        verbose_name = _("versi aksesibel")
        verbose_name_plural = _("versi aksesibel")
        constraints = [
            models.UniqueConstraint(fields=("kind", "object_id"), name="accessible_one_per_source")
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id} ({self.text_sha256[:12]})"


class AccessibleFile(TimeStampedModel):
    """One generated format of a version, with its status."""

    Format = Format
    Status = FileStatus

    version = models.ForeignKey(AccessibleVersion, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(
        _("berkas"), upload_to="accessible/%Y/%m/", storage=_private_storage, blank=True
    )
    content_type = models.CharField(_("tipe konten"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    duration_seconds = models.FloatField(_("durasi (detik)"), null=True, blank=True)
    tool = models.CharField(_("alat"), max_length=100, blank=True)
    error = models.TextField(_("pesan galat"), blank=True)
    generated_at = models.DateTimeField(_("waktu dibuat"), null=True, blank=True)

    class Meta:
        verbose_name = _("berkas aksesibel")
        verbose_name_plural = _("berkas aksesibel")
        ordering = ("version", "format")
        constraints = [
            models.UniqueConstraint(fields=("version", "format"), name="accessible_one_per_format"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in FileStatus]),
                name="accessible_file_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(format__in=[f.value for f in Format]),
                name="accessible_file_format_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="ready") | ~models.Q(file=""),
                name="accessible_ready_has_file",
            ),
        ]
        indexes = [
            models.Index(fields=("status", "updated_at"), name="accessible_file_status"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.format}: {self.status}"

    @property
    def extension(self) -> str:
        name = str(self.file.name or "")
        return name.rsplit(".", 1)[-1] if "." in name.rsplit("/", 1)[-1] else ""


class AccessibleEvent(models.Model):
    """An immutable row of the history of a source's accessible formats."""

    class Kind(models.TextChoices):
        SCHEDULED = "scheduled", _("Pembuatan format aksesibel dijadwalkan")
        REPLACED = "replaced", _("Teks berubah: format aksesibel dibuat ulang")
        GENERATED = "generated", _("Format aksesibel dibuat")
        FAILED = "failed", _("Pembuatan format aksesibel gagal")
        UNAVAILABLE = "unavailable", _("Alat pembuat format aksesibel tidak terpasang")
        RETRIED = "retried", _("Pembuatan format aksesibel diulang")
        FORGOTTEN = "forgotten", _("Sumber tidak lagi publik: teks dan format aksesibel dihapus")

    source_kind = models.CharField(_("jenis sumber"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("id sumber"))
    version = models.ForeignKey(
        AccessibleVersion, on_delete=models.SET_NULL, null=True, related_name="events"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    format = models.CharField(_("format"), max_length=20, blank=True)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat format aksesibel")
        verbose_name_plural = _("riwayat format aksesibel")
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(
                fields=("source_kind", "object_id", "occurred_at"), name="accessible_event_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Accessible events are append-only.")
        super().save(*args, **kwargs)
