"""Forms of the officers' workspace: inbox filters, the actions on a request, offline intake."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests.models import InformationRequest, RequestSettings, WrittenNotice
from terbuka.inforequests.models.notice import PASAL_17_LETTERS
from terbuka.inforequests.services import SETTINGS_FIELDS
from terbuka.inforequests.states import Status

MAX_DUE_WITHIN = 30
# UU 14/2008 Pasal 17: the exemptions a refusal names, in short.
PASAL_17_SUMMARY: dict[str, Any] = {
    "a": _("menghambat proses penegakan hukum"),
    "b": _("mengganggu perlindungan HKI dan persaingan usaha tidak sehat"),
    "c": _("membahayakan pertahanan dan keamanan negara"),
    "d": _("mengungkapkan kekayaan alam Indonesia"),
    "e": _("merugikan ketahanan ekonomi nasional"),
    "f": _("merugikan kepentingan hubungan luar negeri"),
    "g": _("mengungkapkan isi akta otentik yang bersifat pribadi atau wasiat"),
    "h": _("mengungkap rahasia pribadi"),
    "i": _("memorandum atau surat antar/intra badan publik yang dirahasiakan"),
    "j": _("informasi yang tidak boleh diungkapkan berdasarkan undang-undang"),
}
OFFLINE_CHANNELS = [
    (value, label)
    for value, label in InformationRequest.Channel.choices
    if value != InformationRequest.Channel.WEB
]


def _note_field(label: Any, *, required: bool = True, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class InboxFilterForm(forms.Form):
    """The GET filters of the inbox; every field is optional."""

    q = forms.CharField(label=_("Nomor pendaftaran"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("Semua")
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    channel = forms.ChoiceField(label=_("Saluran"), required=False)
    due_within = forms.IntegerField(
        label=_("Jatuh tempo dalam (hari kerja)"),
        required=False,
        min_value=0,
        max_value=MAX_DUE_WITHIN,
        widget=forms.NumberInput(attrs={"class": "narrow"}),
    )
    overdue = forms.BooleanField(label=_("Lewat batas waktu saja"), required=False)
    sesudah = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["status"].choices = [("", _("Semua")), *Status.choices]  # type: ignore[attr-defined]
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            ("", _("Semua")),
            *InformationRequest.Channel.choices,
        ]


class TokenForm(forms.Form):
    """A form whose hidden one-use token makes a repeated POST harmless."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)


class EmptyForm(forms.Form):
    """An action with nothing to fill in (start, lapse)."""


class AskCompletionForm(forms.Form):
    missing = _note_field(_("Kekurangan yang harus dilengkapi pemohon"))


class CompleteForm(forms.Form):
    note = _note_field(_("Catatan"), required=False, rows=2)
    details = _note_field(_("Rincian informasi (bila dilengkapi)"), required=False)
    purpose = _note_field(_("Tujuan penggunaan (bila dilengkapi)"), required=False, rows=2)


class RouteForm(TokenForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Unit tujuan disposisi"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya PPID Pelaksana pada badan publik ini."),
    )
    note = _note_field(_("Catatan disposisi"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]


class ReturnForm(TokenForm):
    unit = forms.ModelChoiceField(label=_("Unit yang mengembalikan"), queryset=Unit.objects.none())
    note = _note_field(_("Alasan pengembalian"))

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ForwardForm(forms.Form):
    to_body = forms.ModelChoiceField(
        label=_("Badan publik tujuan"),
        queryset=PublicBody.objects.none(),
        required=False,
        empty_label=_("Tidak ada di daftar"),
    )
    to_body_name = forms.CharField(
        label=_("Nama badan publik lain"),
        required=False,
        max_length=200,
        help_text=_("Isi bila badan publik tujuan tidak ada di daftar."),
    )
    note = _note_field(_("Catatan"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[PublicBody], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = bodies  # type: ignore[attr-defined]


class ExtendForm(forms.Form):
    reason = _note_field(_("Alasan perpanjangan"))


class NoticeForm(forms.Form):
    """Every item of the written notice, UU 14/2008 Pasal 22(7)."""

    possession = forms.ChoiceField(
        label=_("Penguasaan informasi"),
        choices=WrittenNotice.Possession.choices,
        widget=forms.RadioSelect,
    )
    other_body_name = forms.CharField(
        label=_("Badan publik yang menguasai informasi"), required=False, max_length=200
    )
    documented_by = forms.CharField(
        label=_("Waktu informasi akan didokumentasikan"), required=False, max_length=200
    )
    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=WrittenNotice.Decision.choices, widget=forms.RadioSelect
    )
    material = _note_field(_("Bahan informasi yang diberikan"), required=False)
    redaction_explanation = _note_field(
        _("Penjelasan bagian yang dihitamkan dan alasannya"), required=False, rows=2
    )
    form = forms.ChoiceField(
        label=_("Bentuk informasi"), choices=WrittenNotice.Form.choices, widget=forms.RadioSelect
    )
    copy_sheets = forms.IntegerField(
        label=_("Jumlah lembar salinan cetak"), min_value=0, initial=0, required=False
    )
    delivery_cost = forms.IntegerField(
        label=_("Biaya pengiriman (Rp)"),
        min_value=0,
        required=False,
        help_text=_("Kosongkan untuk memakai tarif badan publik sesuai cara pengiriman."),
    )
    other_cost = forms.IntegerField(
        label=_("Biaya lain (Rp)"), min_value=0, initial=0, required=False
    )
    payment_method = _note_field(_("Cara pembayaran"), required=False, rows=2)
    provide_within_days = forms.IntegerField(
        label=_("Informasi disediakan dalam (hari kerja)"), min_value=0, required=False
    )
    refusal_letters = forms.MultipleChoiceField(
        label=_("Dasar penolakan: UU 14/2008 Pasal 17 huruf"),
        choices=[
            (letter, f"{letter}. {PASAL_17_SUMMARY.get(letter, '')}") for letter in PASAL_17_LETTERS
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    refusal_other_law = _note_field(
        _("Dasar penolakan menurut undang-undang lain"), required=False, rows=2
    )
    consequence_test_ref = forms.CharField(
        label=_("Rujukan uji konsekuensi"), required=False, max_length=300
    )

    def clean_copy_sheets(self) -> int:
        return self.cleaned_data.get("copy_sheets") or 0

    def clean_other_cost(self) -> int:
        return self.cleaned_data.get("other_cost") or 0


class PaymentForm(forms.Form):
    amount = forms.IntegerField(label=_("Jumlah dibayar (Rp)"), min_value=0)
    method = forms.CharField(label=_("Cara pembayaran"), max_length=100)
    reference = forms.CharField(label=_("Bukti / nomor kuitansi"), required=False, max_length=200)


class DocumentForm(TokenForm):
    title = forms.CharField(label=_("Judul dokumen"), max_length=200)
    upload = forms.FileField(label=_("Berkas"))


class FulfilForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Cara informasi diberikan"),
        choices=InformationRequest.DeliveryMethod.choices,
    )
    reference = forms.CharField(label=_("Bukti / nomor resi"), required=False, max_length=200)


class CloseForm(forms.Form):
    note = _note_field(_("Catatan penutupan"), required=False, rows=2)


class NoteForm(TokenForm):
    note = _note_field(_("Catatan"))
    is_internal = forms.BooleanField(
        label=_("Internal (tidak tampil bagi pemohon)"), required=False, initial=True
    )


class RecordForm(TokenForm):
    """An offline request as the officer receives it (UU 14/2008 Pasal 22(1)-(3))."""

    body = forms.ModelChoiceField(label=_("Badan publik"), queryset=PublicBody.objects.none())
    unit = forms.ModelChoiceField(
        label=_("Unit tujuan"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Tidak tahu (ditangani PPID Utama)"),
    )
    channel = forms.ChoiceField(label=_("Saluran"), choices=OFFLINE_CHANNELS)
    received_at = forms.DateTimeField(
        label=_("Waktu diterima (WIB)"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Tanggal dan jam permohonan benar-benar diterima, tidak boleh di masa depan."),
    )
    requester_email = forms.EmailField(
        label=_("Akun pemohon (e-mail)"),
        required=False,
        help_text=_("Tidak wajib. Bila pemohon sudah punya akun, permohonan tampil di akunnya."),
    )
    details = _note_field(_("Rincian informasi yang dibutuhkan"), rows=5)
    purpose = _note_field(_("Tujuan penggunaan informasi"))
    obtain_method = forms.ChoiceField(
        label=_("Cara memperoleh informasi"),
        choices=InformationRequest.ObtainMethod.choices,
        widget=forms.RadioSelect,
    )
    delivery_method = forms.ChoiceField(
        label=_("Cara mendapatkan salinan informasi"),
        choices=InformationRequest.DeliveryMethod.choices,
        widget=forms.RadioSelect,
    )
    is_public = forms.BooleanField(
        label=_(
            "Pemohon setuju permohonan dan jawabannya terbit di arsip publik (tanpa identitas)"
        ),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[PublicBody],
        units: QuerySet[Unit],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if bodies.count() == 1:
            self.fields["body"].initial = bodies.first()

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("Waktu diterima tidak boleh di masa depan."))
        return value

    def clean_requester_email(self) -> User | None:
        email = self.cleaned_data.get("requester_email")
        if not email:
            return None
        account = User.objects.filter(email__iexact=email, is_active=True).first()
        if account is None:
            raise forms.ValidationError(_("Tidak ada akun aktif dengan alamat e-mail ini."))
        return account

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        body, unit = data.get("body"), data.get("unit")
        if body is not None and unit is not None and unit.body_id != body.pk:
            self.add_error("unit", _("Unit tidak ditemukan pada badan publik ini."))
        return data


class RequestSettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    """The body's request settings; the service validates and saves them."""

    class Meta:
        model = RequestSettings
        fields = SETTINGS_FIELDS
        widgets = {
            "payment_instructions": forms.Textarea(attrs={"rows": 3}),
        }
