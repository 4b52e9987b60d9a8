"""What a citizen needs to know before asking: the service charter, procedures, hours, fees.

Perki 1/2021 Pasal 23(2)(f) and Pasal 47-48: every body sets and announces a service charter
(maklumat pelayanan); its standard operating procedures (request, objection) are announced
too. The copy and delivery tariffs themselves live in `inforequests.RequestSettings`, where
the written notice computes costs from them; this app keeps only the extra fee rows.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody
from terbuka.core.models import TimeStampedModel

# Perki 1/2021 Pasal 48: the minimum contents of a service charter, in the order of the article.
CHARTER_PARTS: tuple[str, ...] = (
    "legal_basis",
    "procedure",
    "completion_time",
    "fees",
    "guarantee",
    "evaluation",
)


def _field_label(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


class Charter(TimeStampedModel):
    """One version of a body's service charter (maklumat pelayanan); a change is a new row."""

    body = models.ForeignKey(
        PublicBody,
        on_delete=models.CASCADE,
        related_name="charters",
        verbose_name=_("badan publik"),
    )
    version = models.PositiveIntegerField(_("versi"))
    legal_basis = models.TextField(_("dasar hukum"))
    procedure = models.TextField(_("sistem, mekanisme dan prosedur"))
    completion_time = models.TextField(_("jangka waktu penyelesaian"))
    fees = models.TextField(_("biaya/tarif"))
    guarantee = models.TextField(_("jaminan pelayanan"))
    evaluation = models.TextField(_("evaluasi kinerja pelaksana"))
    statement = models.TextField(
        _("pernyataan maklumat"),
        blank=True,
        help_text=_("Mis. “Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan ...”."),
    )
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200)
    established_place = models.CharField(_("tempat ditetapkan"), max_length=100, blank=True)
    established_on = models.DateField(_("tanggal ditetapkan"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("maklumat pelayanan")
        verbose_name_plural = _("maklumat pelayanan")
        ordering = ("body", "-version")
        constraints = [
            models.UniqueConstraint(fields=("body", "version"), name="charter_unique_version"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="charter_version_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} v{self.version}"

    @property
    def parts(self) -> list[tuple[str, str, str]]:
        """(field name, label, text) of the six statutory parts, in the order of Pasal 48."""
        return [
            (name, str(_field_label(self, name)), getattr(self, name)) for name in CHARTER_PARTS
        ]

    def get_absolute_url(self) -> str:
        return reverse("charter:detail", kwargs={"body_slug": self.body.slug})


class Procedure(TimeStampedModel):
    """A body's published procedure (SOP) for one kind of case; the deadlines come from the law."""

    class Kind(models.TextChoices):
        PERMOHONAN = "permohonan", _("Permohonan informasi")
        KEBERATAN = "keberatan", _("Keberatan")
        SENGKETA = "sengketa", _("Sengketa ke Komisi Informasi")

    body = models.ForeignKey(
        PublicBody,
        on_delete=models.CASCADE,
        related_name="procedures",
        verbose_name=_("badan publik"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    steps = models.TextField(_("langkah-langkah"), help_text=_("Satu langkah per baris."))
    requirements = models.TextField(
        _("persyaratan"), blank=True, help_text=_("Satu persyaratan per baris.")
    )
    notes = models.TextField(_("catatan"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("prosedur layanan")
        verbose_name_plural = _("prosedur layanan")
        ordering = ("body", "kind")
        constraints = [
            models.UniqueConstraint(fields=("body", "kind"), name="procedure_unique_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.body_id} {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("charter:procedure", kwargs={"body_slug": self.body.slug, "kind": self.kind})


class ServiceDay(models.Model):
    """The PPID Utama desk's hours on one weekday (Monday = 0)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Senin")
        TUESDAY = 1, _("Selasa")
        WEDNESDAY = 2, _("Rabu")
        THURSDAY = 3, _("Kamis")
        FRIDAY = 4, _("Jumat")
        SATURDAY = 5, _("Sabtu")
        SUNDAY = 6, _("Minggu")

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="service_days")
    weekday = models.PositiveSmallIntegerField(_("hari"), choices=Weekday.choices)
    opens_at = models.TimeField(_("buka"))
    closes_at = models.TimeField(_("tutup"))
    break_starts_at = models.TimeField(_("istirahat mulai"), null=True, blank=True)
    break_ends_at = models.TimeField(_("istirahat selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("jam layanan harian")
        verbose_name_plural = _("jam layanan harian")
        ordering = ("body", "weekday")
        constraints = [
            models.UniqueConstraint(fields=("body", "weekday"), name="service_day_unique_weekday"),
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="service_day_opens_before_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H.%M}-{self.closes_at:%H.%M}"


class ServiceDesk(TimeStampedModel):
    """Per-body notes that go with the hours and channels."""

    body = models.OneToOneField(PublicBody, on_delete=models.CASCADE, related_name="service_desk")
    hours_note = models.TextField(
        _("catatan jam layanan"),
        blank=True,
        help_text=_("Mis. layanan tutup pada hari libur nasional dan cuti bersama."),
    )

    class Meta:
        verbose_name = _("meja layanan")
        verbose_name_plural = _("meja layanan")

    def __str__(self) -> str:
        return str(self.body_id)


class ServiceChannel(models.Model):
    """A way to reach the PPID: the desk, e-mail, website, telephone, post..."""

    class Kind(models.TextChoices):
        DESK = "langsung", _("Datang langsung")
        EMAIL = "email", _("E-mail")
        WEBSITE = "situs", _("Situs web / formulir daring")
        PHONE = "telepon", _("Telepon")
        WHATSAPP = "whatsapp", _("WhatsApp")
        POST = "pos", _("Surat / pos")
        SOCIAL = "medsos", _("Media sosial")
        OTHER = "lainnya", _("Lainnya")

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="service_channels")
    position = models.PositiveSmallIntegerField(_("urutan"))
    kind = models.CharField(_("jenis saluran"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("alamat / nomor"), max_length=300)
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("saluran layanan")
        verbose_name_plural = _("saluran layanan")
        ordering = ("body", "position")
        constraints = [
            models.UniqueConstraint(fields=("body", "position"), name="channel_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"


class FeeItem(models.Model):
    """An extra published fee row beside the copy and delivery tariffs (e.g. a CD or flash disk).

    UU 14/2008 Pasal 21: access is fast and low-cost; reading and viewing are free and only the
    real cost of copies and delivery may be charged (domain.md 1.7).
    """

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="fee_items")
    position = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("layanan"), max_length=200)
    amount = models.PositiveIntegerField(_("biaya (Rp)"), help_text=_("0 berarti gratis."))
    unit = models.CharField(_("satuan"), max_length=60, blank=True, help_text=_("Mis. per keping."))
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("biaya layanan")
        verbose_name_plural = _("biaya layanan")
        ordering = ("body", "position")
        constraints = [
            models.UniqueConstraint(fields=("body", "position"), name="fee_item_unique_position"),
        ]

    def __str__(self) -> str:
        return self.name


class CharterEvent(models.Model):
    """An immutable audit row for every change to a body's service information."""

    class Kind(models.TextChoices):
        CHARTER_ESTABLISHED = "charter_established", _("Maklumat pelayanan ditetapkan")
        PROCEDURE_UPDATED = "procedure_updated", _("Prosedur layanan diubah")
        HOURS_UPDATED = "hours_updated", _("Jam dan saluran layanan diubah")
        FEES_UPDATED = "fees_updated", _("Biaya layanan diubah")

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="charter_events")
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("peristiwa informasi layanan")
        verbose_name_plural = _("peristiwa informasi layanan")
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"
