from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from terbuka.calendars.models import Holiday, region_code_validator
from terbuka.calendars.workdays import EARLIEST_START, LATEST_START, MAX_WORKING_DAYS


@dataclass(frozen=True)
class Preset:
    """A statutory clock offered as a one-click choice on the calculator."""

    key: str
    days: int
    label: Promise
    basis: Promise
    hint: Promise


PRESETS: tuple[Preset, ...] = (
    # UU 14/2008 Pasal 22(7): written notice within 10 working days of receiving the request.
    Preset(
        "pasal-22-7",
        10,
        _("Pemberitahuan tertulis: 10 hari kerja"),
        _("UU 14/2008 Pasal 22 ayat (7)"),
        _("Tanggal mulai: tanggal permohonan diterima."),
    ),
    # UU 14/2008 Pasal 22(8): one extension of at most 7 more working days, with reasons.
    Preset(
        "pasal-22-8",
        7,
        _("Perpanjangan: 7 hari kerja"),
        _("UU 14/2008 Pasal 22 ayat (8)"),
        _("Tanggal mulai: tenggat 10 hari kerja yang semula."),
    ),
    # UU 14/2008 Pasal 36: objection within 30 working days; the Atasan PPID answers within 30.
    Preset(
        "pasal-36",
        30,
        _("Keberatan: 30 hari kerja"),
        _("UU 14/2008 Pasal 36"),
        _("Tanggal mulai: tanggal alasan keberatan ditemukan, atau tanggal keberatan diterima."),
    ),
    # UU 14/2008 Pasal 37(2): dispute at the Komisi Informasi within 14 working days.
    Preset(
        "pasal-37",
        14,
        _("Sengketa ke Komisi Informasi: 14 hari kerja"),
        _("UU 14/2008 Pasal 37 ayat (2)"),
        _("Tanggal mulai: tanggal tanggapan tertulis Atasan PPID diterima."),
    ),
)


def preset_for(key: str | None) -> Preset | None:
    """Return the preset with this key, or None."""
    return next((preset for preset in PRESETS if preset.key == key), None)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


START_ERRORS = {
    "required": _("Isi tanggal mulai."),
    "invalid": _("Tanggal mulai tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12."),
}
DAYS_ERRORS = {
    "required": _("Isi jumlah hari kerja."),
    "invalid": _("Jumlah hari kerja harus berupa bilangan bulat."),
    "min_value": _("Jumlah hari kerja tidak boleh negatif."),
    "max_value": _("Jumlah hari kerja paling banyak %(limit_value)s."),
}


class CalculatorForm(forms.Form):
    """Start date and number of working days for the deadline calculator and the API."""

    start = forms.DateField(
        label=_("Tanggal mulai"),
        widget=DateInput(),
        help_text=_("Hari ke-1 adalah hari kerja pertama setelah tanggal ini."),
        error_messages=START_ERRORS,
    )
    days = forms.IntegerField(
        label=_("Jumlah hari kerja"),
        min_value=0,
        max_value=MAX_WORKING_DAYS,
        error_messages=DAYS_ERRORS,
    )
    region = forms.CharField(
        label=_("Kode wilayah (opsional)"),
        required=False,
        max_length=20,
        validators=[region_code_validator],
        help_text=_(
            "Kode Kemendagri, mis. 36.73 untuk Kota Serang, agar libur daerah ikut dihitung."
        ),
    )

    def clean_start(self) -> Any:
        start = self.cleaned_data["start"]
        if not EARLIEST_START <= start <= LATEST_START:
            raise forms.ValidationError(
                _("Tanggal mulai harus antara %(first)s dan %(last)s."),
                params={
                    "first": EARLIEST_START.isoformat(),
                    "last": LATEST_START.isoformat(),
                },
                code="out_of_range",
            )
        return start

    def clean_region(self) -> str:
        return str(self.cleaned_data["region"]).strip()


class HolidayForm(forms.ModelForm[Holiday]):
    """Add or edit a holiday in the back office."""

    class Meta:
        model = Holiday
        fields = ("date", "name", "kind", "region_code", "note")
        widgets = {"date": DateInput()}
        error_messages = {
            "date": {
                "required": _("Isi tanggal."),
                "invalid": _("Tanggal tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12."),
            },
            "name": {"required": _("Isi nama hari libur.")},
            "kind": {"required": _("Pilih jenis hari libur.")},
        }


class HolidayCancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan pembatalan"),
        max_length=300,
        required=False,
        help_text=_("Mis. nomor dan tanggal SKB yang mencabut cuti bersama ini."),
    )


class SeedForm(forms.Form):
    year = forms.IntegerField(
        label=_("Tahun"),
        min_value=EARLIEST_START.year,
        max_value=LATEST_START.year,
        error_messages={
            "required": _("Isi tahun."),
            "invalid": _("Tahun harus berupa bilangan bulat."),
            "min_value": _("Tahun paling awal %(limit_value)s."),
            "max_value": _("Tahun paling akhir %(limit_value)s."),
        },
    )
