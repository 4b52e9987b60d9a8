from __future__ import annotations

from typing import Any, cast

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from terbuka.accounts.models import IdentityAccessLog, RequesterIdentity, User
from terbuka.accounts.nik import normalise_nik, validate_nik
from terbuka.accounts.services import MIN_REASON_LENGTH, REVEALABLE_FIELDS, max_upload_bytes
from terbuka.accounts.validators import validate_phone

# Identity values the edit form never pre-fills: showing them would be an unlogged reveal.
SECRET_FIELDS = ("nik", "legal_entity_number", "address", "phone", "proxy_nik")


class IdentityForm(forms.Form):
    """Create or edit a requester identity. On edit, blank secret fields keep their value."""

    kind = forms.ChoiceField(
        label=_("Jenis pemohon"),
        choices=RequesterIdentity.Kind.choices,
        widget=forms.RadioSelect,
        help_text=_("Kelompok orang diwakili oleh seorang kuasa: isi NIK kuasa tersebut."),
    )
    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=200,
        help_text=_("Sesuai KTP, atau nama badan hukum / kelompok."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=32,
        validators=[validate_nik],
        help_text=_("16 angka sesuai KTP. Wajib untuk perorangan dan kelompok."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    legal_entity_number = forms.CharField(
        label=_("Nomor SK pengesahan badan hukum"),
        required=False,
        max_length=100,
        help_text=_("Wajib untuk badan hukum, mis. AHU-0012345.AH.01.04.Tahun 2020."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Alamat"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Nomor telepon"),
        required=False,
        max_length=32,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    clear_phone = forms.BooleanField(
        label=_("Hapus nomor telepon yang tersimpan"),
        required=False,
        help_text=_(
            "Nomor telepon tidak wajib; setelah dihapus, PPID menghubungi Anda lewat e-mail."
        ),
    )
    email = forms.EmailField(
        label=_("Alamat e-mail"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    occupation = forms.CharField(label=_("Pekerjaan"), required=False, max_length=100)
    ktp_scan = forms.FileField(
        label=_("Pindaian KTP (atau akta badan hukum)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    # Perki 1/2021 request form: a requester may act through a proxy with a power of attorney.
    proxy_name = forms.CharField(
        label=_("Nama kuasa"),
        required=False,
        max_length=200,
        help_text=_("Isi bila permohonan diajukan oleh kuasa atas nama pemohon."),
    )
    proxy_nik = forms.CharField(
        label=_("NIK kuasa"),
        required=False,
        max_length=32,
        validators=[validate_nik],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    power_of_attorney = forms.FileField(
        label=_("Surat kuasa"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args: Any, instance: RequesterIdentity | None = None, **kwargs: Any):
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": instance.kind,
                    "full_name": instance.full_name,
                    "email": instance.email,
                    "occupation": instance.occupation,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["ktp_scan"].help_text = _(
            "JPEG, PNG atau PDF, paling besar %(size)s. Disimpan terenkripsi."
        ) % {"size": filesizeformat(max_upload_bytes())}
        self.fields["power_of_attorney"].help_text = _(
            "Wajib bila ada kuasa. JPEG, PNG atau PDF, paling besar %(size)s. Disimpan terenkripsi."
        ) % {"size": filesizeformat(max_upload_bytes())}
        if instance is None or not instance.phone:
            del self.fields["clear_phone"]  # only a stored number can be removed
        if instance is not None:
            self.initial.setdefault("proxy_name", instance.proxy_name)
            stored = {
                "nik": instance.masked_nik,
                "legal_entity_number": instance.masked_legal_entity_number,
                "address": instance.masked_address,
                "phone": instance.masked_phone,
                "proxy_nik": instance.masked_proxy_nik,
            }
            for name, masked in stored.items():
                if masked:
                    self.fields[name].help_text = _(
                        "Tersimpan: %(masked)s. Kosongkan bila tidak diubah."
                    ) % {"masked": masked}

    def clean_nik(self) -> str:
        value = self.cleaned_data.get("nik") or ""
        return normalise_nik(value) if value else ""

    def clean_proxy_nik(self) -> str:
        value = self.cleaned_data.get("proxy_nik") or ""
        return normalise_nik(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        instance = self.instance

        def missing(name: str) -> bool:
            if name in self.errors:
                return False  # already explained by the field's own error
            return not data.get(name) and not (instance and getattr(instance, name))

        if data.get("clear_phone") and data.get("phone"):
            self.add_error(
                "clear_phone",
                _("Pilih salah satu: isi nomor telepon baru atau hapus yang tersimpan."),
            )
        if kind == RequesterIdentity.Kind.BADAN_HUKUM:
            if missing("legal_entity_number"):
                self.add_error(
                    "legal_entity_number",
                    _("Badan hukum wajib mengisi nomor SK pengesahan badan hukum."),
                )
        elif kind and missing("nik"):
            self.add_error("nik", _("Pemohon perorangan atau kelompok wajib mengisi NIK."))
        if data.get("proxy_name", "").strip() or data.get("proxy_nik"):
            if not data.get("proxy_name", "").strip() and "proxy_name" not in self.errors:
                self.add_error("proxy_name", _("Isi nama kuasa yang mewakili pemohon."))
            if missing("proxy_nik"):
                self.add_error("proxy_nik", _("Isi NIK kuasa yang mewakili pemohon."))
            if missing("power_of_attorney_name") and not data.get("power_of_attorney"):
                self.add_error(
                    "power_of_attorney", _("Lampirkan surat kuasa dari pemohon kepada kuasanya.")
                )
        if missing("address"):
            self.add_error("address", _("Alamat wajib diisi."))
        if missing("phone") and not data.get("email"):
            self.add_error(
                "phone", _("Isi nomor telepon atau alamat e-mail (setidaknya salah satu).")
            )
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Bahasa e-mail"),
        choices=User.Language.choices,
        help_text=_("Pemberitahuan tentang permohonan Anda dikirim dalam bahasa ini."),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Nama token"),
        max_length=100,
        required=False,
        help_text=_("Untuk mengenali token, mis. nama aplikasi yang memakainya."),
    )


def _revealable_choices() -> list[tuple[str, Any]]:
    return [
        (value, label)
        for value, label in IdentityAccessLog.Field.choices
        if value in REVEALABLE_FIELDS
    ]


class RevealForm(forms.Form):
    """An officer asks to see one clear identity value, and says why."""

    field = forms.ChoiceField(label=_("Data yang dibuka"), choices=_revealable_choices)
    reason = forms.CharField(
        label=_("Alasan / keperluan"),
        min_length=MIN_REASON_LENGTH,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat dalam log akses data pribadi, mis. nomor permohonan yang diproses."),
    )


class KtpAccessForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan / keperluan"),
        min_length=MIN_REASON_LENGTH,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat dalam log akses data pribadi, mis. nomor permohonan yang diproses."),
    )


class NotificationPreferenceForm(forms.Form):
    """Which e-mails about the user's own requests and objections are sent."""

    email_level = forms.ChoiceField(
        label=_("E-mail tentang permohonan dan keberatan saya"),
        widget=forms.RadioSelect,
        help_text=_(
            "Pemberitahuan yang diwajibkan undang-undang selalu dikirim, apa pun pilihan Anda."
        ),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["email_level"])
        field.choices = choices


class DocumentDeleteForm(forms.Form):
    """Which document of an identity to delete."""

    document = forms.ChoiceField(
        choices=[
            ("ktp_scan", _("Pindaian KTP / akta")),
            ("power_of_attorney", _("Surat kuasa")),
        ],
        widget=forms.HiddenInput,
    )


class AccountDeleteForm(forms.Form):
    """Confirm closing the account with the current password."""

    password = forms.CharField(
        label=_("Kata sandi saat ini"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Saya mengerti bahwa akun saya dinonaktifkan dan tidak dapat dipulihkan."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Kata sandi salah."), code="wrong_password")
        return password
