from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel


class PublicBody(TimeStampedModel):
    """A badan publik (UU 14/2008 Pasal 1 angka 3): the legal subject of the duties."""

    class Kind(models.TextChoices):
        PEMERINTAH_KOTA = "pemerintah_kota", _("Pemerintah kota")
        PEMERINTAH_KABUPATEN = "pemerintah_kabupaten", _("Pemerintah kabupaten")
        PEMERINTAH_PROVINSI = "pemerintah_provinsi", _("Pemerintah provinsi")
        KEMENTERIAN = "kementerian", _("Kementerian")
        LEMBAGA = "lembaga", _("Lembaga negara / LPNK")
        BUMN = "bumn", _("BUMN")
        BUMD = "bumd", _("BUMD")
        PEMERINTAH_DESA = "pemerintah_desa", _("Pemerintah desa")
        PERGURUAN_TINGGI = "perguruan_tinggi", _("Perguruan tinggi negeri")
        LAINNYA = "lainnya", _("Lainnya")

    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    region_code = models.CharField(
        _("kode wilayah"), max_length=20, blank=True, help_text=_("Kode Kemendagri, mis. 36.73.")
    )
    keeps_national_calendar = models.BooleanField(
        _("pengelola kalender nasional"),
        default=False,
        db_default=False,
        help_text=_(
            "PPID Utama badan ini boleh mengubah hari libur nasional dan cuti bersama untuk "
            "semua badan di instalasi ini. Badan lain hanya mengelola libur daerahnya."
        ),
    )
    description = models.TextField(_("deskripsi"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True)

    class Meta:
        verbose_name = _("badan publik")
        verbose_name_plural = _("badan publik")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:body-detail", kwargs={"body_slug": self.slug})


class Unit(TimeStampedModel):
    """A PPID office of a body: the PPID Utama or a PPID Pelaksana (OPD, kecamatan, kelurahan...).

    The tree is stored twice on purpose: `parent` for integrity and `path` (materialised,
    e.g. ``000001.000007.``) so that a subtree is one indexed prefix query even with
    100,000 units.
    """

    class Kind(models.TextChoices):
        PPID_UTAMA = "ppid_utama", _("PPID Utama")
        OPD = "opd", _("Perangkat daerah (OPD)")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Desa")
        LAINNYA = "lainnya", _("Lainnya")

    body = models.ForeignKey(
        PublicBody, on_delete=models.PROTECT, related_name="units", verbose_name=_("badan publik")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("nama singkat"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=80)
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=20,
        blank=True,
        help_text=_("Bila ada, mis. 36.73.01.1001."),
    )
    path = models.CharField(_("jalur pohon"), max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("kedalaman"), default=0, editable=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    description = models.TextField(_("deskripsi"), blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    phone = models.CharField(_("telepon"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("situs web"), blank=True)
    service_hours = models.TextField(
        _("jam layanan"),
        blank=True,
        help_text=_("Mis. Senin-Kamis 08.00-15.30, Jumat 08.00-11.30."),
    )
    ppid_name = models.CharField(_("nama PPID"), max_length=200, blank=True)
    ppid_position = models.CharField(_("jabatan PPID"), max_length=200, blank=True)
    atasan_name = models.CharField(_("nama Atasan PPID"), max_length=200, blank=True)
    atasan_position = models.CharField(_("jabatan Atasan PPID"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("unit")
        ordering = ("path",)
        constraints = [
            models.UniqueConstraint(fields=("body", "slug"), name="unit_unique_slug_per_body"),
            models.UniqueConstraint(
                fields=("body", "code"),
                condition=~models.Q(code=""),
                name="unit_unique_code_per_body",
            ),
            models.UniqueConstraint(
                fields=("body",),
                condition=models.Q(kind="ppid_utama"),
                name="unit_one_ppid_utama_per_body",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "kind", "name"), name="unit_body_kind_name"),
            # Tree-ordered pages of one body (back office) and of its active units (portal, API).
            models.Index(fields=("body", "path"), name="unit_body_path"),
            models.Index(fields=("body", "is_active", "path"), name="unit_body_active_path"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "portal:unit-detail", kwargs={"body_slug": self.body.slug, "unit_slug": self.slug}
        )


class Membership(TimeStampedModel):
    """A user's role in a unit. Permission is role x unit scope (see `permissions.py`)."""

    class Role(models.TextChoices):
        PETUGAS_LAYANAN = "petugas_layanan", _("Petugas layanan")
        PPID_PELAKSANA = "ppid_pelaksana", _("PPID Pelaksana")
        PPID_UTAMA = "ppid_utama", _("PPID Utama")
        ATASAN_PPID = "atasan_ppid", _("Atasan PPID")
        EVALUATOR = "evaluator", _("Evaluator")
        ADMIN = "admin", _("Admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("pengguna"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("unit")
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        ordering = ("unit__path", "role")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "unit", "role"), name="membership_unique_user_unit_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()} - {self.unit}"


class BodyEvent(models.Model):
    """An immutable audit row for every change to a body, unit or membership."""

    class Kind(models.TextChoices):
        BODY_CREATED = "body_created", _("Badan publik dibuat")
        BODY_UPDATED = "body_updated", _("Badan publik diubah")
        CALENDAR_KEEPER_CHANGED = "calendar_keeper_changed", _("Pengelola kalender nasional diubah")
        UNIT_CREATED = "unit_created", _("Unit dibuat")
        UNIT_UPDATED = "unit_updated", _("Unit diubah")
        UNIT_MOVED = "unit_moved", _("Unit dipindah")
        UNIT_DEACTIVATED = "unit_deactivated", _("Unit dinonaktifkan")
        UNIT_REACTIVATED = "unit_reactivated", _("Unit diaktifkan kembali")
        MEMBERSHIP_GRANTED = "membership_granted", _("Peran diberikan")
        MEMBERSHIP_REVOKED = "membership_revoked", _("Peran dicabut")

    body = models.ForeignKey(PublicBody, on_delete=models.CASCADE, related_name="events")
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("jenis"), max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("peristiwa badan publik")
        verbose_name_plural = _("peristiwa badan publik")
        ordering = ("-occurred_at", "-id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"
