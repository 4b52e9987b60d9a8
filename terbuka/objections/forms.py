"""Forms of the citizen's objection pages (UU 14/2008 Pasal 35-37; Perki 1/2021 objection form)."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.accounts.models import RequesterIdentity
from terbuka.bodies.models import PublicBody
from terbuka.objections.models import GROUND_LETTERS, GROUND_MEANINGS, Objection

# The value of the identity choice that asks for a new identity.
NEW_IDENTITY = "baru"
# UU 14/2008 Pasal 35(1): the grounds a-g with their meaning.
GROUND_CHOICES = [(letter, f"{letter}. {GROUND_MEANINGS[letter]}") for letter in GROUND_LETTERS]


def _identity_label(identity: RequesterIdentity) -> str:
    # Masked values only: the page must never show a clear NIK, decree number or phone.
    number = identity.masked_nik or identity.masked_legal_entity_number
    kind = identity.get_kind_display()
    if number:
        return f"{identity.full_name} ({kind}, {number})"
    return f"{identity.full_name} ({kind})"


class _TokenForm(forms.Form):
    """A form whose hidden one-use token makes a repeated POST harmless."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)


def _summary_field(rows: int) -> forms.CharField:
    return forms.CharField(
        label=_("Kasus posisi"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=_(
            "Uraikan singkat apa yang terjadi dan mengapa Anda keberatan, mis. tanggal jawaban "
            "dan bagian informasi yang tidak diberikan."
        ),
        error_messages={"required": _("Kasus posisi wajib diisi.")},
    )


class ObjectionForm(_TokenForm):
    """An objection to one of the requester's requests (UU 14/2008 Pasal 35(1))."""

    grounds = forms.MultipleChoiceField(
        label=_("Alasan keberatan (UU 14/2008 Pasal 35 ayat 1)"),
        choices=GROUND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pilih satu atau lebih alasan yang sesuai dengan keadaan Anda."),
        error_messages={
            "required": _("Pilih sekurang-kurangnya satu alasan keberatan."),
            "invalid_choice": _("Alasan keberatan harus huruf a sampai g Pasal 35 ayat (1)."),
        },
    )
    summary = _summary_field(6)


class PeriodicObjectionForm(_TokenForm):
    """An objection on ground b alone: periodic information not published (Pasal 35(1) b)."""

    body = forms.ChoiceField(
        label=_("Badan publik"),
        error_messages={
            "required": _("Pilih badan publik."),
            "invalid_choice": _("Badan publik tidak ditemukan."),
        },
    )
    information_description = forms.CharField(
        label=_("Informasi berkala yang tidak disediakan"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Sebutkan informasi yang wajib diumumkan secara berkala (UU 14/2008 Pasal 9) tetapi "
            "tidak Anda temukan, mis. laporan keuangan tahun 2025."
        ),
        error_messages={"required": _("Sebutkan informasi berkala yang tidak disediakan.")},
    )
    summary = _summary_field(5)
    identity = forms.ChoiceField(
        label=_("Identitas pemohon"),
        widget=forms.RadioSelect,
        help_text=_("Pilih identitas yang tersimpan di akun Anda, atau isi identitas baru."),
    )

    def __init__(
        self,
        *args: Any,
        bodies: list[PublicBody],
        identities: list[RequesterIdentity],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("identity", str(identities[0].pk) if identities else NEW_IDENTITY)
        super().__init__(*args, **kwargs)
        self._bodies = {str(b.pk): b for b in bodies}
        self._identities = {str(i.pk): i for i in identities}
        body_field = cast(forms.ChoiceField, self.fields["body"])
        body_field.choices = [
            ("", _("Pilih badan publik")),
            *((k, b.name) for k, b in self._bodies.items()),
        ]
        identity_field = cast(forms.ChoiceField, self.fields["identity"])
        identity_field.choices = [
            *((key, _identity_label(identity)) for key, identity in self._identities.items()),
            (NEW_IDENTITY, _("Isi identitas baru")),
        ]
        identity_field.error_messages["required"] = _("Pilih identitas pemohon.")
        identity_field.error_messages["invalid_choice"] = _(
            "Identitas tidak ditemukan di akun Anda."
        )

    @property
    def wants_new_identity(self) -> bool:
        """Return whether the bound form asks for a new identity (before validation too)."""
        value = self.data.get(self.add_prefix("identity")) if self.is_bound else None
        if value is None:
            value = self.initial.get("identity")
        return value == NEW_IDENTITY

    def clean_body(self) -> PublicBody | None:
        return self._bodies.get(self.cleaned_data["body"])

    def clean_identity(self) -> RequesterIdentity | None:
        value = self.cleaned_data["identity"]
        return None if value == NEW_IDENTITY else self._identities.get(value)


class WithdrawForm(forms.Form):
    """The requester confirms that they withdraw the objection."""

    reason = forms.CharField(
        label=_("Alasan pencabutan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tidak wajib. Alasan tampil pada riwayat keberatan."),
    )
    confirm = forms.BooleanField(
        label=_("Saya yakin mencabut keberatan ini. Pencabutan tidak dapat dibatalkan."),
        error_messages={"required": _("Centang kotak ini untuk mengonfirmasi pencabutan.")},
    )


class RespondForm(forms.Form):
    """Whether the requester accepts the Atasan PPID's answer (Perki 1/2021 register)."""

    response = forms.ChoiceField(
        label=_("Tanggapan Anda atas jawaban Atasan PPID"),
        choices=[
            (Objection.RequesterResponse.ACCEPTED, _("Saya menerima tanggapan Atasan PPID")),
            (
                Objection.RequesterResponse.NOT_ACCEPTED,
                _("Saya tidak menerima dan akan mengajukan sengketa ke Komisi Informasi"),
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih tanggapan Anda.")},
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tidak wajib. Catatan tampil pada riwayat keberatan."),
    )


class DisputeFileForm(forms.Form):
    """The requester's filing at the Komisi Informasi (UU 14/2008 Pasal 37)."""

    filed_on = forms.DateField(
        label=_("Tanggal pengajuan ke Komisi Informasi"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Isi tanggal pengajuan."),
            "invalid": _("Tanggal tidak valid; gunakan format tahun-bulan-tanggal."),
        },
    )
    commission_name = forms.CharField(
        label=_("Komisi Informasi"),
        max_length=200,
        help_text=_("Mis. Komisi Informasi Provinsi Banten."),
        error_messages={"required": _("Sebutkan Komisi Informasi tujuan.")},
    )
    case_number = forms.CharField(
        label=_("Nomor register sengketa"),
        required=False,
        max_length=100,
        help_text=_("Tidak wajib. Isi bila sudah diberikan Komisi Informasi."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("filed_on", timezone.localdate())
        super().__init__(*args, **kwargs)
