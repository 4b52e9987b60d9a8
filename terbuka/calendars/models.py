from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel


class Holiday(TimeStampedModel):
    """A non-working day: national holiday, cuti bersama, or a local holiday of a region.

    Seeded from the `holidays` package and edited by the PPID Utama (late SKB changes, local
    holidays). A cancelled row keeps the date a working day even if a reseed offers it again.
    """

    class Kind(models.TextChoices):
        NATIONAL = "national", _("Hari libur nasional")
        JOINT_LEAVE = "joint_leave", _("Cuti bersama")
        LOCAL = "local", _("Hari libur daerah")

    class Source(models.TextChoices):
        SEEDED = "seeded", _("Paket holidays")
        MANUAL = "manual", _("Diisi petugas")

    date = models.DateField(_("tanggal"))
    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    region_code = models.CharField(
        _("kode wilayah"),
        max_length=20,
        blank=True,
        help_text=_("Kosong untuk libur nasional; kode Kemendagri untuk libur daerah."),
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    is_cancelled = models.BooleanField(
        _("dibatalkan"), default=False, help_text=_("Tanggal ini tetap hari kerja.")
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diubah oleh"),
    )

    class Meta:
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")
        ordering = ("date", "name")
        constraints = [
            models.UniqueConstraint(
                fields=("date", "region_code", "name"), name="holiday_unique_date_region_name"
            ),
        ]
        indexes = [models.Index(fields=("region_code", "date"), name="holiday_region_date")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class HolidayEvent(models.Model):
    """An immutable audit row for every change to the holiday table."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Ditambahkan")
        UPDATED = "updated", _("Diubah")
        CANCELLED = "cancelled", _("Dibatalkan")
        RESTORED = "restored", _("Dipulihkan")
        DELETED = "deleted", _("Dihapus")
        SEEDED = "seeded", _("Diisi dari paket")

    holiday = models.ForeignKey(
        Holiday, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("tanggal"))
    data = models.JSONField(_("data"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    occurred_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        verbose_name = _("riwayat hari libur")
        verbose_name_plural = _("riwayat hari libur")
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"
