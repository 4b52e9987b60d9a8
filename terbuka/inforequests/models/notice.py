from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.inforequests.models.request import InformationRequest

# UU 14/2008 Pasal 17: the exemptions a refusal may cite, by letter.
PASAL_17_LETTERS: tuple[str, ...] = tuple("abcdefghij")


class WrittenNotice(models.Model):
    """The pemberitahuan tertulis with every item of UU 14/2008 Pasal 22(7)."""

    class Possession(models.TextChoices):
        # Pasal 22(7)a-b.
        HELD = "held", _("Informasi dikuasai")
        HELD_BY_OTHER = "held_by_other_body", _("Informasi dikuasai badan publik lain")
        NOT_HELD = "not_held", _("Informasi tidak dikuasai")
        NOT_YET_DOCUMENTED = "not_yet_documented", _("Informasi belum didokumentasikan")

    class Decision(models.TextChoices):
        # Pasal 22(7)c.
        GRANTED_FULL = "granted_full", _("Diberikan seluruhnya")
        GRANTED_PARTIAL = "granted_partial", _("Diberikan sebagian")
        REFUSED = "refused", _("Ditolak")

    class Form(models.TextChoices):
        # Pasal 22(7)f.
        SOFTCOPY = "softcopy", _("Softcopy")
        HARDCOPY = "hardcopy", _("Hardcopy")
        NONE = "none", _("Tidak ada salinan (melihat/membaca)")

    request = models.OneToOneField(
        InformationRequest, on_delete=models.CASCADE, related_name="notice"
    )
    possession = models.CharField(_("penguasaan informasi"), max_length=20, choices=Possession)
    other_body_name = models.CharField(_("badan publik yang menguasai"), max_length=200, blank=True)
    documented_by = models.CharField(_("waktu didokumentasikan"), max_length=200, blank=True)
    decision = models.CharField(_("keputusan"), max_length=20, choices=Decision)
    material = models.TextField(_("bahan informasi yang diberikan"), blank=True)
    redaction_explanation = models.TextField(_("penjelasan penghitaman"), blank=True)
    form = models.CharField(_("bentuk informasi"), max_length=10, choices=Form)
    copy_sheets = models.PositiveIntegerField(_("jumlah lembar"), default=0)
    copy_fee_per_sheet = models.PositiveIntegerField(_("biaya per lembar (Rp)"), default=0)
    copy_cost = models.PositiveIntegerField(_("biaya penyalinan (Rp)"), default=0)
    delivery_cost = models.PositiveIntegerField(_("biaya pengiriman (Rp)"), default=0)
    other_cost = models.PositiveIntegerField(_("biaya lain (Rp)"), default=0)
    total_cost = models.PositiveIntegerField(_("jumlah biaya (Rp)"), default=0)
    payment_method = models.TextField(_("cara pembayaran"), blank=True)
    provide_within_days = models.PositiveSmallIntegerField(
        _("waktu penyediaan (hari kerja)"), null=True, blank=True
    )
    refusal_letters = models.JSONField(_("dasar penolakan Pasal 17"), default=list, blank=True)
    refusal_other_law = models.TextField(_("dasar undang-undang lain"), blank=True)
    consequence_test_ref = models.CharField(_("uji konsekuensi"), max_length=300, blank=True)
    objection_statement = models.TextField(_("hak mengajukan keberatan"), blank=True)
    objection_due_on = models.DateField(_("batas keberatan"), null=True, blank=True)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)
    issued_at = models.DateTimeField(_("waktu terbit"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pemberitahuan tertulis")
        verbose_name_plural = _("pemberitahuan tertulis")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    total_cost=models.F("copy_cost")
                    + models.F("delivery_cost")
                    + models.F("other_cost")
                ),
                name="notice_total_is_sum",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.get_decision_display()}"

    @property
    def is_refusal(self) -> bool:
        return self.decision == self.Decision.REFUSED
