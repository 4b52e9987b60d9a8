from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.inforequests.models.request import InformationRequest


class ResponseDocument(models.Model):
    """A document given in answer; released only when `release_cleared`."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.FileField(_("berkas"), upload_to="inforequests/%Y/%m/")
    title = models.CharField(_("judul"), max_length=200)
    release_cleared = models.BooleanField(_("lolos pemeriksaan rilis"), default=False)
    release_report = models.JSONField(_("hasil pemeriksaan rilis"), default=dict, blank=True)
    # The safety scan of the stored bytes (issue 5); null only for files stored before it.
    scan = models.ForeignKey(
        "safety.Scan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemeriksaan berkas"),
    )
    # Extracted text, indexed for search once the request is in the public archive.
    text = models.TextField(_("teks hasil ekstraksi"), blank=True)
    withdrawn_at = models.DateTimeField(_("waktu ditarik"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("alasan penarikan"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("waktu unggah"))

    class Meta:
        verbose_name = _("dokumen jawaban")
        verbose_name_plural = _("dokumen jawaban")
        ordering = ("uploaded_at", "id")

    def __str__(self) -> str:
        return self.title


class Delivery(models.Model):
    """How and when the information reached the requester."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="deliveries"
    )
    method = models.CharField(
        _("cara"), max_length=20, choices=InformationRequest.DeliveryMethod.choices
    )
    reference = models.CharField(_("bukti / nomor resi"), max_length=200, blank=True)
    delivered_at = models.DateTimeField(_("waktu diberikan"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("penyerahan informasi")
        verbose_name_plural = _("penyerahan informasi")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.method}"


class Payment(models.Model):
    """A fee payment for copies and delivery (UU 14/2008 Pasal 21)."""

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="payments"
    )
    amount = models.PositiveIntegerField(_("jumlah (Rp)"))
    method = models.CharField(_("cara pembayaran"), max_length=100)
    reference = models.CharField(_("bukti / nomor kuitansi"), max_length=200, blank=True)
    paid_at = models.DateTimeField(_("waktu bayar"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("pembayaran")
        verbose_name_plural = _("pembayaran")

    def __str__(self) -> str:
        return f"{self.request_id}: Rp {self.amount}"
