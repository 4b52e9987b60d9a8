"""Objections to the Atasan PPID (UU 14/2008 Pasal 35-36) and disputes at the Komisi Informasi
(Pasal 37-38), with one append-only timeline for both.

Identity stays on `accounts.RequesterIdentity` (encrypted); nothing here copies it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel
from terbuka.objections.states import DisputeStatus, ObjectionStatus

# UU 14/2008 Pasal 35(1): the grounds of an objection, by letter.
GROUND_LETTERS: tuple[str, ...] = tuple("abcdefg")
# UU 14/2008 Pasal 35(2): grounds b-g may be settled by deliberation.
DELIBERABLE_GROUNDS: frozenset[str] = frozenset("bcdefg")

GROUND_MEANINGS: dict[str, Any] = {
    "a": _("Penolakan permohonan berdasarkan alasan pengecualian Pasal 17"),
    "b": _("Tidak disediakannya informasi berkala (Pasal 9)"),
    "c": _("Tidak ditanggapinya permohonan informasi"),
    "d": _("Permohonan ditanggapi tidak sebagaimana yang diminta"),
    "e": _("Tidak dipenuhinya permohonan informasi"),
    "f": _("Pengenaan biaya yang tidak wajar"),
    "g": _("Penyampaian informasi melebihi waktu yang diatur"),
}


class Objection(TimeStampedModel):
    """A keberatan to the Atasan PPID (UU 14/2008 Pasal 35)."""

    Status = ObjectionStatus

    class Channel(models.TextChoices):
        WEB = "web", _("Portal web")
        WALK_IN = "walk_in", _("Datang langsung")
        LETTER = "letter", _("Surat")
        EMAIL = "email", _("E-mail")

    class RequesterResponse(models.TextChoices):
        # Perki 1/2021 register of objections: tanggapan pemohon informasi.
        NONE = "", _("Belum ada tanggapan")
        ACCEPTED = "accepted", _("Menerima tanggapan Atasan PPID")
        NOT_ACCEPTED = "not_accepted", _("Tidak menerima; akan mengajukan sengketa")

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("badan publik"),
    )
    request = models.ForeignKey(
        "inforequests.InformationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("permohonan informasi"),
    )
    information_description = models.TextField(
        _("informasi yang dimaksud"),
        blank=True,
        help_text=_("Untuk alasan b tanpa permohonan: informasi berkala yang tidak disediakan."),
    )
    requester_identity = models.ForeignKey(
        "accounts.RequesterIdentity",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("identitas pemohon"),
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("akun pemohon"),
    )
    grounds = models.JSONField(_("alasan keberatan"), default=list)
    summary = models.TextField(_("kasus posisi"))
    channel = models.CharField(_("saluran"), max_length=10, choices=Channel.choices)
    filed_at = models.DateTimeField(_("waktu diterima"), db_index=True)
    registration_number = models.CharField(_("nomor registrasi keberatan"), max_length=100)
    registration_year = models.PositiveSmallIntegerField(_("tahun registrasi"))
    registration_seq = models.PositiveIntegerField(_("nomor urut registrasi"))
    status = models.CharField(_("status"), max_length=30, choices=ObjectionStatus.choices)
    ground_arose_on = models.DateField(_("tanggal alasan timbul"), null=True, blank=True)
    window_due_on = models.DateField(_("batas pengajuan keberatan"), null=True, blank=True)
    # UU 14/2008 Pasal 36(2): the Atasan PPID answers within 30 working days.
    response_due_on = models.DateField(_("batas tanggapan Atasan PPID"), db_index=True)
    # UU 14/2008 Pasal 37(2): a dispute within 14 working days of the answer or its lapse.
    dispute_due_on = models.DateField(_("batas pengajuan sengketa"), null=True, blank=True)
    clock_inputs = models.JSONField(_("perhitungan tanggal"), default=dict, blank=True)
    is_overdue = models.BooleanField(_("lewat batas waktu"), default=False)
    requester_response = models.CharField(
        _("tanggapan pemohon"),
        max_length=20,
        choices=RequesterResponse.choices,
        blank=True,
        default="",
    )
    requester_response_note = models.TextField(_("catatan tanggapan pemohon"), blank=True)
    requester_responded_at = models.DateTimeField(
        _("waktu tanggapan pemohon"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    closed_at = models.DateTimeField(_("waktu selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("keberatan")
        verbose_name_plural = _("keberatan")
        ordering = ("-filed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("body", "registration_year", "registration_seq"),
                name="objection_unique_seq_per_body_year",
            ),
            models.UniqueConstraint(
                fields=("body", "registration_number"), name="objection_unique_number_per_body"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ObjectionStatus]),
                name="objection_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "status", "response_due_on"), name="objection_body_due"),
            models.Index(fields=("requester", "filed_at"), name="objection_requester"),
        ]

    def __str__(self) -> str:
        return self.registration_number

    @property
    def ground_labels(self) -> list[str]:
        return [f"{letter}. {GROUND_MEANINGS[letter]}" for letter in self.grounds]

    @property
    def can_deliberate(self) -> bool:
        return bool(self.grounds) and set(self.grounds) <= DELIBERABLE_GROUNDS


class ObjectionCounter(models.Model):
    """The last objection sequence issued by a body in a year (gap-free numbering)."""

    body = models.ForeignKey("bodies.PublicBody", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("tahun"))
    last_seq = models.PositiveIntegerField(_("nomor urut terakhir"), default=0)

    class Meta:
        verbose_name = _("penghitung nomor keberatan")
        verbose_name_plural = _("penghitung nomor keberatan")
        constraints = [
            models.UniqueConstraint(fields=("body", "year"), name="objcounter_unique_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last_seq}"


class Deliberation(models.Model):
    """A musyawarah meeting on an objection (UU 14/2008 Pasal 35(2))."""

    class Outcome(models.TextChoices):
        AGREED = "agreed", _("Tercapai kesepakatan")
        NOT_AGREED = "not_agreed", _("Tidak tercapai kesepakatan")
        ADJOURNED = "adjourned", _("Ditunda ke pertemuan berikutnya")

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="deliberations")
    held_at = models.DateTimeField(_("waktu pertemuan"))
    place = models.CharField(_("tempat"), max_length=200)
    participants = models.TextField(_("peserta"))
    outcome = models.CharField(_("hasil"), max_length=20, choices=Outcome.choices)
    result = models.TextField(_("uraian hasil"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("waktu dicatat"))

    class Meta:
        verbose_name = _("musyawarah")
        verbose_name_plural = _("musyawarah")
        ordering = ("held_at", "id")

    def __str__(self) -> str:
        return f"{self.objection_id} {self.held_at:%Y-%m-%d}"


class AtasanResponse(models.Model):
    """The Atasan PPID's written answer (tanggapan atas keberatan, UU 14/2008 Pasal 36(2))."""

    class Decision(models.TextChoices):
        UPHELD = "upheld", _("Menguatkan keputusan PPID")
        ORDERED_FULL = "ordered_full", _("Memerintahkan informasi diberikan seluruhnya")
        ORDERED_PARTIAL = "ordered_partial", _("Memerintahkan informasi diberikan sebagian")

    objection = models.OneToOneField(Objection, on_delete=models.CASCADE, related_name="response")
    decision = models.CharField(_("keputusan"), max_length=20, choices=Decision.choices)
    reasons = models.TextField(_("alasan dan pertimbangan"))
    order_details = models.TextField(_("informasi yang diperintahkan diberikan"), blank=True)
    letter_number = models.CharField(_("nomor surat tanggapan"), max_length=100, blank=True)
    responded_on = models.DateField(_("tanggal tanggapan"))
    is_late = models.BooleanField(_("melewati 30 hari kerja"), default=False)
    fulfilment_due_on = models.DateField(_("batas pemberian informasi"), null=True, blank=True)
    atasan_name = models.CharField(_("nama Atasan PPID"), max_length=200)
    atasan_position = models.CharField(_("jabatan Atasan PPID"), max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("waktu dicatat"))

    class Meta:
        verbose_name = _("tanggapan Atasan PPID")
        verbose_name_plural = _("tanggapan Atasan PPID")

    def __str__(self) -> str:
        return f"{self.objection_id}: {self.get_decision_display()}"

    @property
    def is_order(self) -> bool:
        return self.decision != self.Decision.UPHELD


class Dispute(TimeStampedModel):
    """A sengketa informasi at the Komisi Informasi (UU 14/2008 Pasal 37-38)."""

    Status = DisputeStatus

    class Decision(models.TextChoices):
        GRANTED_FULL = "granted_full", _("Dikabulkan seluruhnya")
        GRANTED_PARTIAL = "granted_partial", _("Dikabulkan sebagian")
        REFUSED = "refused", _("Ditolak")
        OTHER = "other", _("Lainnya (tidak diterima, gugur, dicabut)")

    class Court(models.TextChoices):
        # UU 14/2008 Pasal 47: PTUN for state bodies, PN for the others.
        PTUN = "ptun", _("Pengadilan Tata Usaha Negara")
        PN = "pn", _("Pengadilan Negeri")

    class Party(models.TextChoices):
        REQUESTER = "requester", _("Pemohon informasi")
        BODY = "body", _("Badan publik")

    objection = models.OneToOneField(Objection, on_delete=models.PROTECT, related_name="dispute")
    status = models.CharField(_("status"), max_length=20, choices=DisputeStatus.choices)
    commission_name = models.CharField(_("Komisi Informasi"), max_length=200)
    case_number = models.CharField(_("nomor register sengketa"), max_length=100, blank=True)
    filed_on = models.DateField(_("tanggal pengajuan"))
    filing_due_on = models.DateField(_("batas pengajuan"), null=True, blank=True)
    is_late = models.BooleanField(_("diajukan melewati batas"), default=False)
    # UU 14/2008 Pasal 38: shown for information; the commission keeps its own clock.
    commission_start_due_on = models.DateField(_("batas mulai penyelesaian"), null=True)
    commission_settle_due_on = models.DateField(_("batas penyelesaian"), null=True)
    clock_inputs = models.JSONField(_("perhitungan tanggal"), default=dict, blank=True)
    decision = models.CharField(
        _("putusan"), max_length=20, choices=Decision.choices, blank=True, default=""
    )
    decision_number = models.CharField(_("nomor putusan"), max_length=100, blank=True)
    decided_on = models.DateField(_("tanggal putusan"), null=True, blank=True)
    decision_text = models.TextField(_("amar putusan"), blank=True)
    compliance_due_on = models.DateField(_("batas pelaksanaan putusan"), null=True, blank=True)
    complied_on = models.DateField(_("tanggal putusan dilaksanakan"), null=True, blank=True)
    compliance_note = models.TextField(_("catatan pelaksanaan"), blank=True)
    court = models.CharField(_("pengadilan"), max_length=10, choices=Court.choices, blank=True)
    court_case_number = models.CharField(_("nomor perkara pengadilan"), max_length=100, blank=True)
    court_filed_on = models.DateField(_("tanggal pengajuan ke pengadilan"), null=True, blank=True)
    court_filed_by = models.CharField(
        _("pihak yang mengajukan"), max_length=20, choices=Party.choices, blank=True
    )
    court_outcome = models.TextField(_("putusan pengadilan"), blank=True)
    court_decided_on = models.DateField(_("tanggal putusan pengadilan"), null=True, blank=True)
    close_reason = models.TextField(_("alasan selesai"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("waktu selesai"), null=True, blank=True)

    class Meta:
        verbose_name = _("sengketa informasi")
        verbose_name_plural = _("sengketa informasi")
        ordering = ("-filed_on", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in DisputeStatus]),
                name="dispute_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("status", "compliance_due_on"), name="dispute_compliance_due")
        ]

    def __str__(self) -> str:
        return self.case_number or f"#{self.pk}"


class DisputeSession(models.Model):
    """A mediation session or an adjudication hearing at the Komisi Informasi."""

    class Kind(models.TextChoices):
        MEDIATION = "mediation", _("Sidang mediasi")
        ADJUDICATION = "adjudication", _("Sidang ajudikasi")

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("jenis sidang"), max_length=20, choices=Kind.choices)
    held_on = models.DateField(_("tanggal sidang"))
    agenda = models.CharField(_("agenda"), max_length=300)
    note = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sidang sengketa")
        verbose_name_plural = _("sidang sengketa")
        ordering = ("held_on", "id")

    def __str__(self) -> str:
        return f"{self.dispute_id} {self.held_on}"


class ObjectionEvent(models.Model):
    """An immutable row of the objection's (and its dispute's) timeline. No identity values."""

    class Kind(models.TextChoices):
        FILED = "filed", _("Keberatan diajukan")
        RECORDED = "recorded", _("Keberatan dicatat petugas")
        DELIBERATION_STARTED = "deliberation_started", _("Musyawarah dimulai")
        DELIBERATION_HELD = "deliberation_held", _("Musyawarah dilaksanakan")
        SETTLED = "settled", _("Selesai melalui musyawarah")
        ANSWERED = "answered", _("Dijawab Atasan PPID")
        REQUEST_REOPENED = "request_reopened", _("Permohonan dibuka kembali atas perintah")
        LAPSED = "lapsed", _("Tidak ditanggapi dalam 30 hari kerja")
        WITHDRAWN = "withdrawn", _("Keberatan dicabut")
        REQUESTER_RESPONDED = "requester_responded", _("Tanggapan pemohon dicatat")
        NOTE = "note", _("Catatan")
        DISPUTE_FILED = "dispute_filed", _("Sengketa diajukan ke Komisi Informasi")
        DISPUTE_MEDIATION = "dispute_mediation", _("Mediasi dimulai")
        DISPUTE_ADJUDICATION = "dispute_adjudication", _("Ajudikasi dimulai")
        DISPUTE_SESSION = "dispute_session", _("Sidang dicatat")
        DISPUTE_DECIDED = "dispute_decided", _("Putusan Komisi Informasi")
        DISPUTE_APPEALED = "dispute_appealed", _("Keberatan ke pengadilan")
        DISPUTE_COURT_DECIDED = "dispute_court_decided", _("Putusan pengadilan dicatat")
        DISPUTE_COMPLIANCE = "dispute_compliance", _("Pelaksanaan putusan dimulai")
        DISPUTE_COMPLIED = "dispute_complied", _("Putusan dilaksanakan")
        DISPUTE_CLOSED = "dispute_closed", _("Sengketa selesai")

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    subject = models.CharField(
        _("objek"),
        max_length=10,
        default="objection",
        help_text=_("objection atau dispute: status siapa yang berubah."),
    )
    from_status = models.CharField(_("dari status"), max_length=30, blank=True)
    to_status = models.CharField(_("ke status"), max_length=30, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    is_internal = models.BooleanField(_("internal"), default=False)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("peristiwa keberatan")
        verbose_name_plural = _("peristiwa keberatan")
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(fields=("objection", "occurred_at"), name="objevent_objection_time")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Objection events are append-only.")
        super().save(*args, **kwargs)


class ObjectionIdempotencyKey(models.Model):
    """A key that makes an objection filing safe to repeat (form token or Idempotency-Key)."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    objection = models.ForeignKey(
        Objection, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi keberatan")
        verbose_name_plural = _("kunci idempotensi keberatan")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="objidem_unique_scope_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
