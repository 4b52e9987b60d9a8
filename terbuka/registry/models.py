"""The Daftar Informasi Publik (DIP): entries, their documents, and consequence tests.

UU 14/2008 Pasal 9-11 (classes of information a body publishes before anyone asks), Pasal 17-20
(exemptions and the consequence test), Perki 1/2021 (DIP columns, the test sheet).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel
from terbuka.registry.states import ConsequenceStatus, EntryStatus


class InfoClass(models.TextChoices):
    # UU 14/2008 Pasal 9 (berkala), 10 (serta-merta), 11 (tersedia setiap saat), 17 (dikecualikan).
    BERKALA = "berkala", _("Berkala")
    SERTA_MERTA = "serta_merta", _("Serta-merta")
    SETIAP_SAAT = "setiap_saat", _("Tersedia setiap saat")
    DIKECUALIKAN = "dikecualikan", _("Dikecualikan")


class LegalCategory(models.TextChoices):
    # UU 14/2008 Pasal 9(2) a-d: periodic information.
    P9_PROFILE = "p9_a", _("Pasal 9(2)a: informasi tentang badan publik")
    P9_ACTIVITY = "p9_b", _("Pasal 9(2)b: kegiatan dan kinerja badan publik")
    P9_FINANCE = "p9_c", _("Pasal 9(2)c: laporan keuangan")
    P9_OTHER = "p9_d", _("Pasal 9(2)d: informasi lain yang diatur peraturan")
    # Pasal 12: the yearly report of the information service is published periodically too.
    P12_REPORT = "p12", _("Pasal 12: laporan layanan informasi publik tahunan")
    # Pasal 10: information that threatens the lives of many people and public order.
    P10 = "p10", _("Pasal 10: informasi serta-merta")
    # Pasal 11(1) a-h: information available at any time.
    P11_A = "p11_a", _("Pasal 11(1)a: daftar informasi publik")
    P11_B = "p11_b", _("Pasal 11(1)b: keputusan badan publik dan pertimbangannya")
    P11_C = "p11_c", _("Pasal 11(1)c: kebijakan dan dokumen pendukungnya")
    P11_D = "p11_d", _("Pasal 11(1)d: rencana kerja proyek dan perkiraan pengeluaran")
    P11_E = "p11_e", _("Pasal 11(1)e: perjanjian dengan pihak ketiga")
    P11_F = "p11_f", _("Pasal 11(1)f: informasi dan kebijakan dalam pertemuan terbuka")
    P11_G = "p11_g", _("Pasal 11(1)g: prosedur kerja pegawai terkait pelayanan publik")
    P11_H = "p11_h", _("Pasal 11(1)h: laporan pelayanan akses informasi publik")
    # Pasal 17 a-j: exempt; the letters are on the consequence test.
    P17 = "p17", _("Pasal 17: informasi yang dikecualikan")


# Which legal categories belong to which class.
CATEGORIES_BY_CLASS: dict[str, frozenset[str]] = {
    InfoClass.BERKALA: frozenset(
        {
            LegalCategory.P9_PROFILE,
            LegalCategory.P9_ACTIVITY,
            LegalCategory.P9_FINANCE,
            LegalCategory.P9_OTHER,
            LegalCategory.P12_REPORT,
        }
    ),
    InfoClass.SERTA_MERTA: frozenset({LegalCategory.P10}),
    InfoClass.SETIAP_SAAT: frozenset(
        {
            LegalCategory.P11_A,
            LegalCategory.P11_B,
            LegalCategory.P11_C,
            LegalCategory.P11_D,
            LegalCategory.P11_E,
            LegalCategory.P11_F,
            LegalCategory.P11_G,
            LegalCategory.P11_H,
        }
    ),
    InfoClass.DIKECUALIKAN: frozenset({LegalCategory.P17}),
}


class AvailableForm(models.TextChoices):
    # Perki 1/2021 DIP column "bentuk informasi yang tersedia".
    SOFTCOPY = "softcopy", _("Salinan elektronik (softcopy)")
    HARDCOPY = "hardcopy", _("Salinan cetak (hardcopy)")
    WEBSITE = "website", _("Situs web")
    NOTICE_BOARD = "notice_board", _("Papan pengumuman")
    VIEW_IN_PERSON = "view", _("Dilihat langsung di kantor")


# UU 14/2008 Pasal 17 letters a-j (domain.md 1.3).
PASAL17_MEANINGS: dict[str, Any] = {
    "a": _("menghambat proses penegakan hukum"),
    "b": _("mengganggu perlindungan hak kekayaan intelektual dan persaingan usaha sehat"),
    "c": _("membahayakan pertahanan dan keamanan negara"),
    "d": _("mengungkapkan kekayaan alam Indonesia"),
    "e": _("merugikan ketahanan ekonomi nasional"),
    "f": _("merugikan kepentingan hubungan luar negeri"),
    "g": _("mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir"),
    "h": _("mengungkap rahasia pribadi"),
    "i": _("memorandum atau surat antar/intra badan publik yang menurut sifatnya dirahasiakan"),
    "j": _("informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}
# UU 14/2008 Pasal 20(1): exemptions under letters a-f are not permanent.
TEMPORARY_LETTERS = frozenset("abcdef")


def _documents_storage() -> Any:
    # Private storage (never under MEDIA_URL): files are served only by the download view, as
    # attachments with nosniff, so nothing uploaded is ever executed or rendered by the site.
    return storages["private"]


class InformationEntry(TimeStampedModel):
    """One row of a body's DIP (Perki 1/2021 DIP columns)."""

    Status = EntryStatus

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="dip_entries",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        related_name="dip_entries",
        verbose_name=_("unit penguasa informasi"),
    )
    number = models.PositiveIntegerField(_("nomor"))
    title = models.CharField(_("judul informasi"), max_length=300)
    summary = models.TextField(_("ringkasan isi informasi"))
    info_class = models.CharField(_("jenis informasi"), max_length=20, choices=InfoClass.choices)
    legal_category = models.CharField(
        _("dasar hukum"), max_length=10, choices=LegalCategory.choices
    )
    tags = models.JSONField(_("label"), default=list, blank=True)
    holder_official = models.CharField(
        _("pejabat atau unit yang menguasai informasi"), max_length=200
    )
    responsible_person = models.CharField(
        _("penanggung jawab pembuatan atau penerbitan"), max_length=200
    )
    produced_when = models.CharField(_("waktu pembuatan"), max_length=200)
    produced_where = models.CharField(_("tempat pembuatan"), max_length=200)
    available_forms = models.JSONField(_("bentuk informasi yang tersedia"), default=list)
    retention_period = models.CharField(_("jangka waktu penyimpanan"), max_length=200)
    year = models.PositiveSmallIntegerField(_("tahun informasi"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    # UU 14/2008 Pasal 9(4): periodic information is published at least every 6 months.
    update_every_months = models.PositiveSmallIntegerField(
        _("diperbarui setiap (bulan)"), null=True, blank=True
    )
    last_updated_on = models.DateField(_("terakhir diperbarui"), null=True, blank=True)
    next_update_due_on = models.DateField(
        _("pembaruan berikutnya"), null=True, blank=True, db_index=True
    )
    consequence_test = models.ForeignKey(
        "registry.ConsequenceTest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("uji konsekuensi"),
    )
    published_at = models.DateTimeField(_("waktu terbit"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("waktu ditarik"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("alasan penarikan"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("entri DIP")
        verbose_name_plural = _("entri DIP")
        ordering = ("body", "number")
        constraints = [
            models.UniqueConstraint(fields=("body", "number"), name="dip_entry_unique_number"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in EntryStatus]),
                name="dip_entry_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(info_class__in=[c.value for c in InfoClass]),
                name="dip_entry_class_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "status", "info_class"), name="dip_entry_body_class"),
            # A unit's public list (registry.views.body_dip, the API) is read in number order
            # after a keyset cursor: the index gives page 1 and page 500 the same seek.
            models.Index(fields=("unit", "status", "number"), name="dip_entry_unit_number"),
            models.Index(fields=("status", "info_class", "published_at"), name="dip_entry_public"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status == EntryStatus.PUBLISHED and self.info_class != InfoClass.DIKECUALIKAN

    @property
    def available_form_labels(self) -> list[str]:
        labels = dict(AvailableForm.choices)
        return [str(labels.get(code, code)) for code in self.available_forms]


class EntryCounter(models.Model):
    """The last DIP number issued per body (gap-free, issued inside the creating transaction)."""

    body = models.OneToOneField(
        "bodies.PublicBody", on_delete=models.CASCADE, related_name="dip_counter"
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("penomoran DIP")
        verbose_name_plural = _("penomoran DIP")

    def __str__(self) -> str:
        return f"{self.body_id}: {self.last}"


class Document(models.Model):
    """A document attached to an entry; its content lives in versions."""

    entry = models.ForeignKey(InformationEntry, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("judul dokumen"), max_length=300)
    current = models.ForeignKey(
        "registry.DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("versi berlaku"),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("waktu dibuat"))

    class Meta:
        verbose_name = _("dokumen")
        verbose_name_plural = _("dokumen")
        ordering = ("entry", "id")

    def __str__(self) -> str:
        return self.title


class DocumentVersion(models.Model):
    """One uploaded file of a document, with its safety scan and extracted text."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("versi"))
    file = models.FileField(_("berkas"), upload_to="registry/%Y/%m/", storage=_documents_storage)
    original_name = models.CharField(_("nama berkas asli"), max_length=255)
    file_type = models.CharField(_("jenis berkas"), max_length=20)
    content_type = models.CharField(_("tipe konten"), max_length=100)
    size = models.PositiveBigIntegerField(_("ukuran (bita)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text = models.TextField(_("teks hasil ekstraksi"), blank=True)
    scan = models.ForeignKey(
        "safety.Scan", on_delete=models.PROTECT, related_name="+", verbose_name=_("pemeriksaan")
    )
    metadata_stripped = models.BooleanField(_("metadata dibersihkan"), default=False)
    note = models.CharField(_("catatan versi"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("waktu unggah"))

    class Meta:
        verbose_name = _("versi dokumen")
        verbose_name_plural = _("versi dokumen")
        ordering = ("document", "-version")
        constraints = [
            models.UniqueConstraint(
                fields=("document", "version"), name="dip_document_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"


class ConsequenceTest(TimeStampedModel):
    """An uji konsekuensi (UU 14/2008 Pasal 19; Perki 1/2021 Pasal 49 ff.)."""

    Status = ConsequenceStatus

    class Result(models.TextChoices):
        OPEN = "open", _("Terbuka")
        CLOSED = "closed", _("Tertutup (dikecualikan)")
        PARTLY_CLOSED = "partly_closed", _("Sebagian tertutup")

    class Trigger(models.TextChoices):
        # Perki 1/2021: before any request, when a request arrives, or on order of the Majelis
        # Komisioner during a dispute.
        BEFORE_REQUEST = "before_request", _("Sebelum ada permohonan")
        ON_REQUEST = "on_request", _("Atas permohonan informasi")
        KOMISI_ORDER = "komisi_order", _("Atas perintah Komisi Informasi")

    class ReviewOutcome(models.TextChoices):
        NONE = "", _("Belum ditinjau")
        OPENED = "opened", _("Informasi dibuka")
        RENEWED = "renewed", _("Dikecualikan kembali dengan uji baru")

    body = models.ForeignKey(
        "bodies.PublicBody",
        on_delete=models.PROTECT,
        related_name="consequence_tests",
        verbose_name=_("badan publik"),
    )
    unit = models.ForeignKey(
        "bodies.Unit",
        on_delete=models.PROTECT,
        related_name="consequence_tests",
        verbose_name=_("unit pengusul"),
    )
    information = models.TextField(_("informasi yang diuji"))
    document_description = models.TextField(_("dokumen yang memuat informasi"), blank=True)
    pasal17_letters = models.JSONField(_("huruf Pasal 17"), default=list)
    legal_basis = models.TextField(_("dasar hukum pengecualian"))
    consequence = models.TextField(_("konsekuensi bila dibuka"))
    public_interest = models.TextField(_("pertimbangan kepentingan publik"))
    result = models.CharField(_("hasil"), max_length=20, choices=Result.choices)
    exempt_until = models.DateField(_("jangka waktu pengecualian sampai"), null=True, blank=True)
    participants = models.TextField(_("peserta uji"))
    trigger = models.CharField(_("pemicu"), max_length=20, choices=Trigger.choices)
    request = models.ForeignKey(
        "inforequests.InformationRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consequence_tests",
        verbose_name=_("permohonan terkait"),
    )
    komisi_case_number = models.CharField(
        _("nomor perkara Komisi Informasi"), max_length=100, blank=True
    )
    decision_number = models.CharField(_("nomor keputusan PPID"), max_length=100, blank=True)
    decision_date = models.DateField(_("tanggal keputusan PPID"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsequenceStatus.choices,
        default=ConsequenceStatus.DRAFT,
    )
    review_outcome = models.CharField(
        _("hasil peninjauan"),
        max_length=20,
        choices=ReviewOutcome.choices,
        blank=True,
        default="",
    )
    review_note = models.TextField(_("catatan peninjauan"), blank=True)
    reviewed_at = models.DateTimeField(_("waktu ditinjau"), null=True, blank=True)
    renewed_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renews",
        verbose_name=_("diperbarui dengan uji"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uji konsekuensi")
        verbose_name_plural = _("uji konsekuensi")
        ordering = ("-decision_date", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ConsequenceStatus]),
                name="consequence_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=("body", "status", "exempt_until"), name="consequence_due"),
        ]

    def __str__(self) -> str:
        return self.decision_number or f"#{self.pk}"

    @property
    def letter_labels(self) -> list[str]:
        return [f"{letter}. {PASAL17_MEANINGS[letter]}" for letter in self.pasal17_letters]


class RegistryEvent(models.Model):
    """An immutable row of the history of an entry or a consequence test."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Entri dibuat")
        UPDATED = "updated", _("Entri diubah")
        PUBLISHED = "published", _("Entri diterbitkan")
        WITHDRAWN = "withdrawn", _("Entri ditarik")
        UPDATE_RECORDED = "update_recorded", _("Pembaruan berkala dicatat")
        DOCUMENT_ADDED = "document_added", _("Dokumen ditambahkan")
        VERSION_ADDED = "version_added", _("Versi dokumen baru diunggah")
        DOCUMENT_REMOVED = "document_removed", _("Dokumen dinonaktifkan")
        FINDING_OVERRIDDEN = "finding_overridden", _("Temuan pemeriksaan dikesampingkan")
        IMPORTED = "imported", _("Entri diimpor")
        TEST_CREATED = "test_created", _("Uji konsekuensi dibuat")
        TEST_UPDATED = "test_updated", _("Uji konsekuensi diubah")
        TEST_DECIDED = "test_decided", _("Uji konsekuensi ditetapkan")
        TEST_CANCELLED = "test_cancelled", _("Uji konsekuensi dibatalkan")
        TEST_REVIEW_DUE = "test_review_due", _("Masa pengecualian berakhir: perlu ditinjau")
        TEST_REVIEWED = "test_reviewed", _("Uji konsekuensi ditinjau")

    entry = models.ForeignKey(
        InformationEntry, on_delete=models.CASCADE, null=True, related_name="events"
    )
    test = models.ForeignKey(
        ConsequenceTest, on_delete=models.CASCADE, null=True, related_name="events"
    )
    kind = models.CharField(_("jenis"), max_length=30, choices=Kind.choices)
    from_status = models.CharField(_("dari status"), max_length=20, blank=True)
    to_status = models.CharField(_("ke status"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("catatan"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    occurred_at = models.DateTimeField(_("waktu"), db_index=True)

    class Meta:
        verbose_name = _("riwayat DIP")
        verbose_name_plural = _("riwayat DIP")
        ordering = ("occurred_at", "id")
        indexes = [
            models.Index(fields=("entry", "occurred_at"), name="regevent_entry_time"),
            models.Index(fields=("test", "occurred_at"), name="regevent_test_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entry__isnull=False) | models.Q(test__isnull=False),
                name="regevent_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Registry events are append-only.")
        super().save(*args, **kwargs)


class EntryIdempotencyKey(models.Model):
    """A key that makes an entry creation safe to repeat (form token or Idempotency-Key)."""

    scope = models.CharField(_("lingkup"), max_length=100)
    key = models.CharField(_("kunci"), max_length=200)
    payload_hash = models.CharField(_("hash isi"), max_length=64)
    entry = models.ForeignKey(
        InformationEntry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("kunci idempotensi DIP")
        verbose_name_plural = _("kunci idempotensi DIP")
        constraints = [
            models.UniqueConstraint(fields=("scope", "key"), name="dip_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
