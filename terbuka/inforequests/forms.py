"""Forms of the citizen's request pages (Perki 1/2021 request form)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from terbuka.accounts.models import RequesterIdentity
from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests.models import InformationRequest

# The value of the identity choice that asks for a new identity.
NEW_IDENTITY = "baru"
# The unit choice of a requester who does not know which unit holds the information.
UNKNOWN_UNIT = ""


def _identity_label(identity: RequesterIdentity) -> str:
    # Masked values only: the page must never show a clear NIK, decree number or phone.
    number = identity.masked_nik or identity.masked_legal_entity_number
    kind = identity.get_kind_display()
    if number:
        return f"{identity.full_name} ({kind}, {number})"
    return f"{identity.full_name} ({kind})"


class RequestForm(forms.Form):
    """What the requester asks for, and from whom (UU 14/2008 Pasal 22(1)-(2))."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)
    identity = forms.ChoiceField(
        label=_("Identitas pemohon"),
        widget=forms.RadioSelect,
        help_text=_("Pilih identitas yang tersimpan di akun Anda, atau isi identitas baru."),
    )
    unit = forms.ChoiceField(
        label=_("Unit tujuan"),
        required=False,
        help_text=_(
            "Pilih unit (PPID Pelaksana) yang menguasai informasi. Bila tidak tahu, permohonan "
            "ditangani PPID Utama."
        ),
    )
    details = forms.CharField(
        label=_("Rincian informasi yang dibutuhkan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sebutkan informasi yang Anda minta sejelas mungkin, mis. judul dan tahun."),
        error_messages={"required": _("Rincian informasi wajib diisi.")},
    )
    purpose = forms.CharField(
        label=_("Tujuan penggunaan informasi"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tujuan penggunaan informasi wajib diisi.")},
    )
    obtain_method = forms.ChoiceField(
        label=_("Cara memperoleh informasi"),
        choices=InformationRequest.ObtainMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara memperoleh informasi.")},
    )
    delivery_method = forms.ChoiceField(
        label=_("Cara mendapatkan salinan informasi"),
        choices=InformationRequest.DeliveryMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih cara mendapatkan salinan informasi.")},
    )
    is_public = forms.BooleanField(
        label=_("Terbitkan permohonan dan jawabannya di arsip publik (tanpa identitas saya)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        body: PublicBody,
        units: list[Unit],
        identities: list[RequesterIdentity],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("form_token", uuid.uuid4())
        initial.setdefault("identity", str(identities[0].pk) if identities else NEW_IDENTITY)
        super().__init__(*args, **kwargs)
        self.body = body
        self._units = {str(u.pk): u for u in units}
        self._identities = {str(i.pk): i for i in identities}
        unit_field = cast(forms.ChoiceField, self.fields["unit"])
        identity_field = cast(forms.ChoiceField, self.fields["identity"])
        unit_field.choices = [
            (UNKNOWN_UNIT, _("Tidak tahu (diteruskan ke PPID Utama)")),
            *((key, unit.name) for key, unit in self._units.items()),
        ]
        identity_field.choices = [
            *((key, _identity_label(identity)) for key, identity in self._identities.items()),
            (NEW_IDENTITY, _("Isi identitas baru")),
        ]
        self.fields["identity"].error_messages["required"] = _("Pilih identitas pemohon.")
        self.fields["identity"].error_messages["invalid_choice"] = _(
            "Identitas tidak ditemukan di akun Anda."
        )
        self.fields["unit"].error_messages["invalid_choice"] = _(
            "Unit tidak ditemukan pada badan publik ini."
        )

    @property
    def wants_new_identity(self) -> bool:
        """Return whether the bound form asks for a new identity (before validation too)."""
        value = self.data.get(self.add_prefix("identity")) if self.is_bound else None
        if value is None:
            value = self.initial.get("identity")
        return value == NEW_IDENTITY

    def clean_unit(self) -> Unit | None:
        value = self.cleaned_data.get("unit") or UNKNOWN_UNIT
        return self._units.get(value)

    def clean_identity(self) -> RequesterIdentity | None:
        value = self.cleaned_data["identity"]
        return None if value == NEW_IDENTITY else self._identities.get(value)


class WithdrawForm(forms.Form):
    """The requester confirms that they withdraw the request."""

    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tidak wajib. Alasan tampil pada riwayat permohonan."),
    )
    confirm = forms.BooleanField(
        label=_("Saya yakin mencabut permohonan ini. Pencabutan tidak dapat dibatalkan."),
        error_messages={"required": _("Centang kotak ini untuk mengonfirmasi pencabutan.")},
    )


class CompletionForm(forms.Form):
    """The requester supplies what the officer found missing (Perki 1/2021)."""

    details = forms.CharField(
        label=_("Rincian informasi yang dibutuhkan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ubah bila kekurangan menyangkut rincian informasi; kosongkan bila tidak."),
    )
    purpose = forms.CharField(
        label=_("Tujuan penggunaan informasi"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ubah bila kekurangan menyangkut tujuan; kosongkan bila tidak."),
    )
    note = forms.CharField(
        label=_("Catatan untuk petugas"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. dokumen yang sudah Anda kirim atau bawa ke loket."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any((data.get(name) or "").strip() for name in ("details", "purpose", "note")):
            raise forms.ValidationError(_("Isi paling sedikit satu kolom untuk melengkapi."))
        return data


class PublishForm(forms.Form):
    """The requester publishes the request in the public archive, or withdraws it."""

    is_public = forms.BooleanField(required=False)


class ArchiveFilterForm(forms.Form):
    """Filters of the public archive."""

    q = forms.CharField(label=_("Cari rincian permohonan"), required=False, max_length=200)
    badan = forms.ChoiceField(label=_("Badan publik"), required=False)
    tahap = forms.ChoiceField(label=_("Tahap"), required=False)

    def __init__(self, *args: Any, bodies: list[PublicBody], phases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        badan = cast(forms.ChoiceField, self.fields["badan"])
        tahap = cast(forms.ChoiceField, self.fields["tahap"])
        badan.choices = [("", _("Semua badan publik")), *((b.slug, b.name) for b in bodies)]
        tahap.choices = [("", _("Semua tahap")), *phases]


class RegisterExportForm(forms.Form):
    """A full (unmasked) register export: who asks must say why (UU 27/2022 Pasal 16)."""

    format = forms.ChoiceField(
        label=_("Format berkas"), choices=(("xlsx", "XLSX (Excel)"), ("csv", "CSV"))
    )
    reason = forms.CharField(
        label=_("Alasan ekspor lengkap"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Minimal 10 karakter. Setiap identitas yang diekspor dicatat di log akses."),
        error_messages={"required": _("Tuliskan alasan ekspor lengkap.")},
    )
