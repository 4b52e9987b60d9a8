from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel

# Kemendagri region codes: province "36", regency/city "36.73", district "36.73.01",
# village "36.73.01.1001".
REGION_CODE_RE = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"

region_code_validator = RegexValidator(
    REGION_CODE_RE,
    _("Kode wilayah tidak valid. Gunakan kode Kemendagri, mis. 36 atau 36.73 atau 36.73.01."),
)


class Holiday(TimeStampedModel):
    """A non-working day: national holiday, cuti bersama, or a local holiday of a region.

    Seeded from the `holidays` package and edited by the PPID Utama (late SKB changes, local
    holidays). A cancelled row keeps the date a working day even if a reseed offers it again.
    Seeded rows remember what the package offered in `seed_key` (original date and kind), so a
    reseed recognises them even after an officer moved or renamed them (`is_edited`).
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
        validators=[region_code_validator],
        help_text=_("Kosong untuk libur nasional; kode Kemendagri untuk libur daerah."),
    )
    source = models.CharField(_("sumber"), max_length=10, choices=Source.choices)
    is_cancelled = models.BooleanField(
        _("dibatalkan"), default=False, help_text=_("Tanggal ini tetap hari kerja.")
    )
    note = models.CharField(_("catatan"), max_length=300, blank=True)
    seed_key = models.CharField(
        _("kunci paket"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("Tanggal dan jenis asli dari paket holidays, untuk pengisian ulang."),
    )
    is_edited = models.BooleanField(
        _("diubah petugas"),
        default=False,
        editable=False,
        help_text=_("Pengisian ulang dari paket tidak menimpa baris yang diubah petugas."),
    )
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
        permissions = [("manage_holidays", _("Dapat mengelola tabel hari libur"))]
        constraints = [
            models.UniqueConstraint(
                fields=("date", "region_code", "name"),
                name="holiday_unique_date_region_name",
                violation_error_message=_(
                    "Hari libur dengan tanggal, wilayah dan nama ini sudah ada."
                ),
            ),
            models.UniqueConstraint(
                fields=("seed_key",),
                condition=~models.Q(seed_key=""),
                name="holiday_unique_seed_key",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="local") | ~models.Q(region_code=""),
                name="holiday_local_has_region",
                violation_error_message=_("Hari libur daerah harus memiliki kode wilayah."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="national") | models.Q(region_code=""),
                name="holiday_national_has_no_region",
                violation_error_message=_("Hari libur nasional tidak memiliki kode wilayah."),
            ),
        ]
        indexes = [
            models.Index(fields=("region_code", "date"), name="holiday_region_date"),
            models.Index(fields=("date",), name="holiday_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.kind == self.Kind.LOCAL and not self.region_code:
            raise ValidationError(
                {"region_code": _("Hari libur daerah harus memiliki kode wilayah.")}
            )
        if self.kind == self.Kind.NATIONAL and self.region_code:
            raise ValidationError(
                {
                    "region_code": _(
                        "Hari libur nasional berlaku di seluruh Indonesia; kosongkan kode wilayah."
                    )
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("calendars:holiday-list", kwargs={"year": self.date.year})

    @property
    def is_seeded(self) -> bool:
        return self.source == self.Source.SEEDED


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
