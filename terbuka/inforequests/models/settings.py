from __future__ import annotations

import string
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from terbuka.core.models import TimeStampedModel

DEFAULT_NUMBER_FORMAT = "{seq:04d}/PPID-{body_code}/{year}"
# The placeholders a registration number format may use.
NUMBER_PLACEHOLDERS = frozenset({"seq", "year", "month", "body_code", "unit_code"})
_SAMPLE: dict[str, Any] = {"seq": 1, "year": 2026, "month": 1, "body_code": "X", "unit_code": "U"}


def validate_number_format(value: str) -> None:
    """Accept a format with {seq} and only the documented placeholders."""
    try:
        names = {name for _text, name, _spec, _conv in string.Formatter().parse(value) if name}
        value.format(**_SAMPLE)
    except (ValueError, KeyError, IndexError):
        names = None
    # {year} keeps numbers unique across years: the sequence restarts every year.
    if names is None or not names <= NUMBER_PLACEHOLDERS or not {"seq", "year"} <= names:
        raise ValidationError(
            _(
                "Format nomor tidak valid. Wajib memuat {seq} dan {year}; boleh juga {month}, "
                "{body_code} dan {unit_code}."
            ),
            code="invalid_format",
        )


class RequestSettings(TimeStampedModel):
    """How a body numbers, times and charges its requests, and who signs its notices."""

    body = models.OneToOneField(
        "bodies.PublicBody", on_delete=models.CASCADE, related_name="request_settings"
    )
    number_format = models.CharField(
        _("format nomor pendaftaran"),
        max_length=100,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "Tanda: {seq} nomor urut (mis. {seq:04d}), {year} tahun, {month} bulan, "
            "{body_code} kode badan publik, {unit_code} kode unit."
        ),
    )
    body_code = models.CharField(_("kode badan publik"), max_length=30, blank=True)
    # Perki 1/2021: completion of an incomplete request within 3 working days.
    completion_days = models.PositiveSmallIntegerField(_("hari kerja untuk melengkapi"), default=3)
    # UU 14/2008 Pasal 21 and the body's decision on copy costs (domain.md 1.7).
    copy_fee_per_sheet = models.PositiveIntegerField(_("biaya salinan per lembar (Rp)"), default=0)
    courier_fee = models.PositiveIntegerField(_("biaya kurir (Rp)"), default=0)
    post_fee = models.PositiveIntegerField(_("biaya pos (Rp)"), default=0)
    fax_fee = models.PositiveIntegerField(_("biaya faksimili (Rp)"), default=0)
    payment_instructions = models.TextField(_("cara pembayaran"), blank=True)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penanda tangan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("pengaturan permohonan")
        verbose_name_plural = _("pengaturan permohonan")

    def __str__(self) -> str:
        return str(self.body_id)

    def delivery_fee(self, delivery_method: str) -> int:
        """Return the default delivery fee for a delivery method (e-mail and collection free)."""
        return {"kurir": self.courier_fee, "pos": self.post_fee, "faksimili": self.fax_fee}.get(
            delivery_method, 0
        )
