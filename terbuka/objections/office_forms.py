"""Forms of the objections workspace: list filters, paper filings, the actions, the register."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.models import (
    GROUND_LETTERS,
    GROUND_MEANINGS,
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
)
from terbuka.objections.states import ObjectionStatus

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
OFFLINE_CHANNELS = [
    (value, label) for value, label in Objection.Channel.choices if value != Objection.Channel.WEB
]
# UU 14/2008 Pasal 35(1): the grounds a-g with their meaning.
GROUND_CHOICES = [(letter, f"{letter}. {GROUND_MEANINGS[letter]}") for letter in GROUND_LETTERS]


def _text(label: Any, *, required: bool = True, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def _date(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE_WIDGET, **kwargs)


class ListFilterForm(forms.Form):
    """The GET filters of the objection list; every field is optional."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    open = forms.BooleanField(label=_("Masih berjalan saja"), required=False)
    overdue = forms.BooleanField(label=_("Lewat batas waktu saja"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Semua")), *ObjectionStatus.choices]  # type: ignore[attr-defined]


class TokenForm(forms.Form):
    """A form whose hidden one-use token makes a repeated POST harmless."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)


class RecordForm(TokenForm):
    """An objection received on paper (UU 14/2008 Pasal 35; Perki 1/2021 objection form)."""

    request_number = forms.CharField(
        label=_("Nomor pendaftaran permohonan"),
        required=False,
        max_length=100,
        help_text=_("Kosongkan hanya untuk alasan b tanpa permohonan (informasi berkala)."),
    )
    body = forms.ModelChoiceField(
        label=_("Badan publik"),
        queryset=PublicBody.objects.none(),
        required=False,
        help_text=_("Wajib bila keberatan tidak menyebut permohonan."),
    )
    grounds = forms.MultipleChoiceField(
        label=_("Alasan keberatan (UU 14/2008 Pasal 35 ayat 1)"),
        choices=GROUND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    summary = _text(_("Kasus posisi"), rows=5)
    information_description = _text(
        _("Informasi berkala yang tidak disediakan"),
        required=False,
        help_text=_("Untuk alasan b tanpa permohonan."),
    )
    channel = forms.ChoiceField(label=_("Saluran"), choices=OFFLINE_CHANNELS)
    filed_at = forms.DateTimeField(
        label=_("Waktu diterima (WIB)"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Tanggal dan jam keberatan benar-benar diterima, tidak boleh di masa depan."),
    )

    def __init__(
        self,
        *args: Any,
        bodies: QuerySet[PublicBody],
        requests: QuerySet[InformationRequest],
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("filed_at", timezone.localtime().replace(second=0, microsecond=0))
        super().__init__(*args, **kwargs)
        self.requests = requests
        self.fields["body"].queryset = bodies  # type: ignore[attr-defined]
        if len(bodies) == 1:
            self.fields["body"].initial = bodies[0]

    @property
    def names_request(self) -> bool:
        """Whether the submitted data names a request (then no identity is asked)."""
        return bool(self.data.get(self.add_prefix("request_number"), "").strip())

    def clean_filed_at(self) -> Any:
        value = self.cleaned_data["filed_at"]
        if value > timezone.now():
            raise forms.ValidationError(_("Waktu diterima tidak boleh di masa depan."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = (data.get("request_number") or "").strip()
        data["request"] = None
        if number:
            found = self.requests.filter(registration_number__iexact=number)
            if data.get("body") is not None:
                found = found.filter(body=data["body"])
            matches = list(found[:2])
            if not matches:
                self.add_error("request_number", _("Permohonan dengan nomor ini tidak ditemukan."))
            elif len(matches) > 1:
                self.add_error("body", _("Nomor ini ada di lebih dari satu badan; pilih badannya."))
            else:
                data["request"] = matches[0]
                data["body"] = matches[0].body
        elif data.get("body") is None and "body" not in self.errors:
            self.add_error("body", _("Pilih badan publik bila tidak ada nomor permohonan."))
        return data


class EmptyForm(forms.Form):
    """An action with nothing to fill in."""


class OptionalNoteForm(forms.Form):
    note = _text(_("Catatan"), required=False, rows=2)


class DeliberationForm(TokenForm):
    """A musyawarah meeting (UU 14/2008 Pasal 35(2))."""

    held_at = forms.DateTimeField(
        label=_("Waktu pertemuan (WIB)"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Tempat"), max_length=200)
    participants = _text(_("Peserta"), rows=2)
    outcome = forms.ChoiceField(
        label=_("Hasil"), choices=Deliberation.Outcome.choices, widget=forms.RadioSelect
    )
    result = _text(
        _("Uraian hasil"), required=False, help_text=_("Wajib bila tercapai kesepakatan.")
    )


class AnswerForm(forms.Form):
    """The Atasan PPID's written answer (UU 14/2008 Pasal 36(2)-(3))."""

    decision = forms.ChoiceField(
        label=_("Keputusan"), choices=AtasanResponse.Decision.choices, widget=forms.RadioSelect
    )
    reasons = _text(_("Alasan dan pertimbangan"), rows=5)
    order_details = _text(
        _("Informasi yang diperintahkan diberikan"),
        required=False,
        help_text=_("Wajib bila diperintahkan sebagian."),
    )
    provide_within_days = forms.IntegerField(
        label=_("Informasi diberikan dalam (hari kerja)"),
        required=False,
        min_value=1,
        max_value=30,
        help_text=_("Untuk perintah memberikan informasi; kosongkan untuk 10 hari kerja."),
    )
    letter_number = forms.CharField(
        label=_("Nomor surat tanggapan"), required=False, max_length=100
    )
    responded_on = _date(_("Tanggal tanggapan"))
    atasan_name = forms.CharField(label=_("Nama Atasan PPID"), max_length=200)
    atasan_position = forms.CharField(label=_("Jabatan Atasan PPID"), max_length=200)


class WithdrawForm(forms.Form):
    reason = _text(
        _("Surat pencabutan dari pemohon"),
        rows=2,
        help_text=_("Sebutkan tanggal dan isi surat pemohon yang mencabut keberatan."),
    )


class RequesterResponseForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Tanggapan pemohon"),
        choices=[(value, label) for value, label in Objection.RequesterResponse.choices if value],
        widget=forms.RadioSelect,
    )
    note = _text(_("Catatan"), required=False, rows=2)


class NoteForm(TokenForm):
    note = _text(_("Catatan internal"), help_text=_("Tidak tampil bagi pemohon."))


class DisputeFileForm(forms.Form):
    """The requester's filing at the Komisi Informasi (UU 14/2008 Pasal 37)."""

    filed_on = _date(_("Tanggal pengajuan ke Komisi Informasi"))
    commission_name = forms.CharField(label=_("Komisi Informasi"), max_length=200)
    case_number = forms.CharField(
        label=_("Nomor register sengketa"),
        required=False,
        max_length=100,
        help_text=_("Bila sudah diberikan Komisi Informasi."),
    )


class CaseNumberForm(forms.Form):
    case_number = forms.CharField(label=_("Nomor register sengketa"), max_length=100)


class SessionForm(TokenForm):
    held_on = _date(_("Tanggal sidang"))
    agenda = forms.CharField(label=_("Agenda"), max_length=300)
    note = _text(_("Catatan"), required=False, rows=2)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Putusan"), choices=Dispute.Decision.choices, widget=forms.RadioSelect
    )
    decided_on = _date(_("Tanggal putusan"))
    decision_number = forms.CharField(label=_("Nomor putusan"), required=False, max_length=100)
    decision_text = _text(_("Amar putusan"), rows=4)


class AppealForm(forms.Form):
    """An objection to the decision at the court (UU 14/2008 Pasal 47-48)."""

    court = forms.ChoiceField(
        label=_("Pengadilan"), choices=Dispute.Court.choices, widget=forms.RadioSelect
    )
    filed_by = forms.ChoiceField(
        label=_("Pihak yang mengajukan"), choices=Dispute.Party.choices, widget=forms.RadioSelect
    )
    filed_on = _date(_("Tanggal pengajuan ke pengadilan"))
    court_case_number = forms.CharField(
        label=_("Nomor perkara pengadilan"), required=False, max_length=100
    )


class CourtOutcomeForm(forms.Form):
    outcome = _text(_("Putusan pengadilan"), rows=4)
    decided_on = _date(_("Tanggal putusan pengadilan"))
    compliance_due_on = _date(
        _("Batas pelaksanaan putusan"),
        required=False,
        help_text=_("Isi bila badan publik wajib melaksanakan putusan; kosongkan untuk menutup."),
    )


class ComplianceStartForm(forms.Form):
    compliance_due_on = _date(_("Batas pelaksanaan putusan"))
    note = _text(_("Catatan"), required=False, rows=2)


class CompliedForm(forms.Form):
    complied_on = _date(_("Tanggal putusan dilaksanakan"))
    note = _text(_("Cara putusan dilaksanakan"), rows=3)


class DisputeCloseForm(forms.Form):
    reason = _text(_("Alasan sengketa selesai"), rows=2)


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
