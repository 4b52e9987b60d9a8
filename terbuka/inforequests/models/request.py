from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel
from terbuka.inforequests.states import Status


class InformationRequest(TimeStampedModel):
    """A permohonan informasi publik (UU 14/2008 Pasal 22)."""

    Status = Status

    class Channel(models.TextChoices):
        WEB = "web", _("Portal web")
        WALK_IN = "walk_in", _("Datang langsung")
        PHONE = "phone", _("Telepon")
        LETTER = "letter", _("Surat")
        EMAIL = "email", _("E-mail")

    class ObtainMethod(models.TextChoices):
        # Perki 1/2021 request form: cara memperoleh informasi.
        VIEW = "melihat", _("Melihat")
        READ = "membaca", _("Membaca")
        LISTEN = "mendengarkan", _("Mendengarkan")
        NOTE = "mencatat", _("Mencatat")
        SOFTCOPY = "salinan_softcopy", _("Mendapatkan salinan (softcopy)")
        HARDCOPY = "salinan_hardcopy", _("Mendapatkan salinan (hardcopy)")

    class DeliveryMethod(models.TextChoices):
        # Perki 1/2021 request form: cara mendapatkan salinan informasi.
        COLLECT = "ambil_langsung", _("Mengambil langsung")
        COURIER = "kurir", _("Kurir")
        POST = "pos", _("Pos")
        FAX = "faksimili", _("Faksimili")
        EMAIL = "email", _("E-mail")

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="information_requests",
        verbose_name=_("unit tujuan"),
        help_text=_("Kosong bila pemohon tidak tahu; permohonan ditangani PPID Utama."),
    )
    requester_identity = models.ForeignKey(
        "accounts.RequesterIdentity",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("identitas pemohon"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="information_requests",
        verbose_name=_("akun pemohon"),
    )
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField(_("waktu diterima"), db_index=True)
    registration_number = models.CharField(_("nomor pendaftaran"), max_length=100)
    registration_year = models.PositiveSmallIntegerField(_("tahun pendaftaran"))
    registration_seq = models.PositiveIntegerField(_("nomor urut pendaftaran"))
    details = models.TextField(_("rincian informasi yang dibutuhkan"))
    purpose = models.TextField(_("tujuan penggunaan informasi"))
    obtain_method = models.CharField(
        _("cara memperoleh informasi"), max_length=20, choices=ObtainMethod.choices
    )
    delivery_method = models.CharField(
        _("cara mendapatkan salinan"), max_length=20, choices=DeliveryMethod.choices
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # The legal clock. UU 14/2008 Pasal 22(7)-(8).
    clock_started_on = models.DateField(_("jam hukum mulai"), null=True, blank=True)
    notice_due_on = models.DateField(_("batas pemberitahuan tertulis"), null=True, blank=True)
    extended_due_on = models.DateField(_("batas setelah perpanjangan"), null=True, blank=True)
    due_on = models.DateField(
        _("batas waktu berlaku"), null=True, blank=True, db_index=True, editable=False
    )
    # UU 14/2008 Pasal 36(2): the fulfilment due date set by an Atasan PPID's order.
    order_due_on = models.DateField(_("batas pemenuhan perintah"), null=True, blank=True)
    is_extended = models.BooleanField(_("diperpanjang"), default=False)
    extension_reason = models.TextField(_("alasan perpanjangan"), blank=True)
    completion_due_on = models.DateField(_("batas kelengkapan"), null=True, blank=True)
    completion_request = models.TextField(_("kekurangan yang diminta"), blank=True)
    clock_inputs = models.JSONField(_("perhitungan tanggal"), default=dict, blank=True)
    is_overdue = models.BooleanField(_("lewat batas waktu"), default=False)
    is_public = models.BooleanField(
        _("terbitkan di arsip publik"),
        default=False,
        help_text=_("Teks permohonan dan jawaban tampil di arsip publik tanpa identitas."),
    )
    forwarded_to_name = models.CharField(_("diteruskan ke"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    fulfilled_at = models.DateTimeField(_("waktu informasi diberikan"), null=True, blank=True)
    closed_at = models.DateTimeField(_("waktu selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("permohonan informasi")
        verbose_name_plural = _("permohonan informasi")
        ordering = ("-received_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "registration_year", "registration_seq"),
                name="inforequest_unique_seq_per_body_year",
            ),
            models.UniqueConstraint(
                fields=("body", "registration_number"),
                name="inforequest_unique_number_per_body",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in Status]),
                name="inforequest_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "status", "due_on"), name="inforequest_body_status_due"),
            models.Index(fields=("unit", "status"), name="inforequest_unit_status"),
            models.Index(fields=("requester", "received_at"), name="inforequest_requester"),
        ]

    def __str__(self) -> str:
        return self.registration_number


class RequestEvent(models.Model):
    """An immutable row of a request's timeline. Never holds identity values."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Permohonan diajukan")
        RECORDED = "recorded", _("Permohonan dicatat petugas")
        COMPLETION_ASKED = "completion_asked", _("Kelengkapan diminta")
        COMPLETED = "completed", _("Permohonan dilengkapi")
        LAPSED = "lapsed", _("Permohonan gugur")
        ROUTED = "routed", _("Didisposisikan")
        RETURNED = "returned", _("Dikembalikan oleh unit")
        STARTED = "started", _("Mulai diproses")
        FORWARDED = "forwarded", _("Diteruskan ke badan publik lain")
        EXTENDED = "extended", _("Jangka waktu diperpanjang")
        NOTICE_ISSUED = "notice_issued", _("Pemberitahuan tertulis diterbitkan")
        PAYMENT_RECORDED = "payment_recorded", _("Pembayaran dicatat")
        DOCUMENT_ATTACHED = "document_attached", _("Dokumen jawaban dilampirkan")
        DOCUMENT_FINDING_OVERRIDDEN = (
            "document_override",
            _("Temuan pemeriksaan dokumen dikesampingkan"),
        )
        DOCUMENT_WITHDRAWN = "document_withdrawn", _("Dokumen jawaban ditarik")
        FULFILLED = "fulfilled", _("Informasi diberikan")
        CLOSED = "closed", _("Permohonan ditutup")
        WITHDRAWN = "withdrawn", _("Permohonan dicabut")
        NOTE = "note", _("Catatan")
        OVERDUE = "overdue", _("Lewat batas waktu")
        CLOCK_RECOMPUTED = "clock_recomputed", _("Tanggal batas dihitung ulang")
        REOPENED_BY_ORDER = "reopened_by_order", _("Dibuka kembali atas perintah Atasan PPID")
        PUBLISHED = "published", _("Diterbitkan di arsip publik")
        UNPUBLISHED = "unpublished", _("Ditarik dari arsip publik")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(
        _("ke status"),
        max_length=20,
        blank=True,
        help_text=_("Kosong bila peristiwa tidak mengubah status."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    is_internal = models.BooleanField(_("internal"), default=False)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("peristiwa permohonan")
        verbose_name_plural = _("peristiwa permohonan")
        ordering = ("occurred_at", "id")
        indexes = [models.Index(fields=("request", "occurred_at"), name="reqevent_request_time")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Request events are append-only.")
        super().save(*args, **kwargs)

    @property
    def is_transition(self) -> bool:
        return bool(self.to_status)


class RegistrationCounter(models.Model):
    """The last registration sequence issued by a body in a year (gap-free numbering)."""

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_seq = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor pendaftaran")
        verbose_name_plural = _("penghitung nomor pendaftaran")
        constraints = [
            models.UniqueConstraint(fields=("body", "year"), name="regcounter_unique_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last_seq}"


class RequestRouting(models.Model):
    """A disposisi: the PPID Utama hands a request to a PPID Pelaksana."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="routings"
    )
    unit = models.ForeignKey("bodies.Unit", on_delete=models.PROTECT, related_name="routings")
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("catatan disposisi"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    routed_at = models.DateTimeField(_("waktu disposisi"))
    returned_at = models.DateTimeField(_("waktu dikembalikan"), null=True, blank=True)
    return_note = models.TextField(_("catatan pengembalian"), blank=True)

    class Meta:
        verbose_name = _("disposisi")
        verbose_name_plural = _("disposisi")
        ordering = ("routed_at", "id")
        constraints = [
            models.UniqueConstraint(
                fields=("request", "unit"),
                condition=models.Q(is_active=True),
                name="routing_one_active_per_unit",
            )
        ]
        indexes = [models.Index(fields=("unit", "is_active"), name="routing_unit_active")]

    def __str__(self) -> str:
        return f"{self.request_id} -> {self.unit_id}"


class IdempotencyKey(models.Model):
    """A key that makes a submission safe to repeat (HTML form token or API Idempotency-Key)."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi")
        verbose_name_plural = _("kunci idempotensi")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="idempotency_unique_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
