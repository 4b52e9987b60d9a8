"""Forms of the DIP pages: the public filters and the back office's entry, document and test
forms. Forms only shape input; every rule lives in `services.py`."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.widgets import date_picker
from terbuka.registry.models import (
    PASAL17_MEANINGS,
    AvailableForm,
    ConsequenceTest,
    InfoClass,
    LegalCategory,
)
from terbuka.registry.states import EntryStatus


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class PublicFilterForm(forms.Form):
    """Filters of a body's public DIP page."""

    kelas = forms.ChoiceField(
        label=_("Jenis informasi"),
        required=False,
        choices=_blank(_("Semua jenis")) + list(InfoClass.choices),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Semua unit")
    )

    def __init__(self, *args: Any, body: PublicBody, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(body=body, is_active=True).order_by(  # type: ignore[attr-defined]
            "path"
        )


class OfficeFilterForm(forms.Form):
    """Filters of the back-office DIP list."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(_("Semua status")) + list(EntryStatus.choices),
    )
    kelas = forms.ChoiceField(
        label=_("Jenis informasi"),
        required=False,
        choices=_blank(_("Semua jenis")) + list(InfoClass.choices),
    )
    perlu_pembaruan = forms.BooleanField(label=_("Hanya yang perlu diperbarui"), required=False)


class TagsField(forms.CharField):
    """Comma-separated tags."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [t.strip() for t in text.split(",") if t.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value


class EntryForm(forms.Form):
    """The DIP columns of one entry (Perki 1/2021)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    unit = forms.ModelChoiceField(label=_("Unit penguasa informasi"), queryset=Unit.objects.none())
    title = forms.CharField(label=_("Judul informasi"), max_length=300)
    summary = forms.CharField(
        label=_("Ringkasan isi informasi"), widget=forms.Textarea(attrs={"rows": 4})
    )
    info_class = forms.ChoiceField(label=_("Jenis informasi"), choices=InfoClass.choices)
    legal_category = forms.ChoiceField(label=_("Dasar hukum"), choices=LegalCategory.choices)
    holder_official = forms.CharField(
        label=_("Pejabat atau unit yang menguasai informasi"), max_length=200
    )
    responsible_person = forms.CharField(
        label=_("Penanggung jawab pembuatan atau penerbitan"), max_length=200
    )
    produced_when = forms.CharField(label=_("Waktu pembuatan"), max_length=200)
    produced_where = forms.CharField(label=_("Tempat pembuatan"), max_length=200)
    available_forms = forms.MultipleChoiceField(
        label=_("Bentuk informasi yang tersedia"),
        choices=AvailableForm.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    retention_period = forms.CharField(label=_("Jangka waktu penyimpanan"), max_length=200)
    year = forms.IntegerField(label=_("Tahun informasi"), required=False, min_value=1945)
    tags = TagsField(
        label=_("Label"), required=False, help_text=_("Pisahkan dengan koma, mis. anggaran, APBD.")
    )
    update_every_months = forms.IntegerField(
        label=_("Diperbarui setiap (bulan)"),
        required=False,
        min_value=1,
        max_value=6,
        help_text=_(
            "Wajib untuk informasi berkala: paling lama setiap 6 bulan (UU 14/2008 Pasal 9)."
        ),
    )
    last_updated_on = forms.DateField(
        label=_("Terakhir diperbarui"),
        required=False,
        widget=date_picker(),
    )
    consequence_test = forms.ModelChoiceField(
        label=_("Uji konsekuensi"),
        required=False,
        queryset=ConsequenceTest.objects.none(),
        help_text=_("Wajib untuk informasi yang dikecualikan."),
    )

    def __init__(
        self, *args: Any, units: Any, tests: Any, editing: bool = False, **kwargs: Any
    ) -> None:
        if not editing:
            kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["consequence_test"].queryset = tests  # type: ignore[attr-defined]
        if editing:
            del self.fields["unit"]
            del self.fields["form_token"]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Judul dokumen"), max_length=300, required=False)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("PDF, DOCX, XLSX, CSV, ODT, ODS atau gambar. Berkas diperiksa sebelum terbit."),
    )


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Berkas versi baru (yang sudah dibersihkan)"))
    note = forms.CharField(label=_("Catatan versi"), max_length=300, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 3}))


class OverrideForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Alasan mengesampingkan temuan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tuliskan mengapa berkas aman dirilis walau ada temuan ini. Dicatat."),
    )


class RecordUpdateForm(forms.Form):
    updated_on = forms.DateField(label=_("Tanggal pembaruan"), widget=date_picker())
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class ConsequenceTestForm(forms.Form):
    """The uji konsekuensi sheet (UU 14/2008 Pasal 19; Perki 1/2021)."""

    unit = forms.ModelChoiceField(label=_("Unit pengusul"), queryset=Unit.objects.none())
    information = forms.CharField(
        label=_("Informasi yang diuji"), widget=forms.Textarea(attrs={"rows": 3})
    )
    document_description = forms.CharField(
        label=_("Dokumen yang memuat informasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    pasal17_letters = forms.MultipleChoiceField(
        label=_("Huruf Pasal 17 UU 14/2008"),
        required=False,
        choices=[(k, f"{k}. {v}") for k, v in PASAL17_MEANINGS.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    legal_basis = forms.CharField(
        label=_("Dasar hukum pengecualian"), widget=forms.Textarea(attrs={"rows": 2})
    )
    consequence = forms.CharField(
        label=_("Konsekuensi bila dibuka"), widget=forms.Textarea(attrs={"rows": 3})
    )
    public_interest = forms.CharField(
        label=_("Pertimbangan kepentingan publik"), widget=forms.Textarea(attrs={"rows": 3})
    )
    result = forms.ChoiceField(label=_("Hasil uji"), choices=ConsequenceTest.Result.choices)
    exempt_until = forms.DateField(
        label=_("Dikecualikan sampai"),
        required=False,
        widget=date_picker(),
        help_text=_("Wajib untuk Pasal 17 huruf a-f (UU 14/2008 Pasal 20)."),
    )
    participants = forms.CharField(label=_("Peserta uji"), widget=forms.Textarea(attrs={"rows": 2}))
    trigger = forms.ChoiceField(label=_("Pemicu"), choices=ConsequenceTest.Trigger.choices)
    request_number = forms.CharField(
        label=_("Nomor registrasi permohonan"),
        required=False,
        max_length=100,
        help_text=_("Bila uji dipicu permohonan."),
    )
    komisi_case_number = forms.CharField(
        label=_("Nomor perkara Komisi Informasi"), required=False, max_length=100
    )

    def __init__(self, *args: Any, units: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if editing:
            del self.fields["unit"]


class DecideForm(forms.Form):
    decision_number = forms.CharField(label=_("Nomor keputusan PPID"), max_length=100)
    decision_date = forms.DateField(label=_("Tanggal keputusan"), widget=date_picker())


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil peninjauan"),
        choices=[
            (ConsequenceTest.ReviewOutcome.OPENED, ConsequenceTest.ReviewOutcome.OPENED.label),
            (ConsequenceTest.ReviewOutcome.RENEWED, ConsequenceTest.ReviewOutcome.RENEWED.label),
        ],
        widget=forms.RadioSelect,
    )
    renewed_by = forms.ModelChoiceField(
        label=_("Uji pengganti"), required=False, queryset=ConsequenceTest.objects.none()
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, tests: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["renewed_by"].queryset = tests  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas DIP (XLSX atau CSV)"),
        help_text=_(
            "Gunakan kolom seperti pada berkas ekspor. Semua baris diimpor atau tidak sama sekali."
        ),
    )
