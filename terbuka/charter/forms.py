"""Back-office forms of the service information. They only parse input; services check rules."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from terbuka.charter.models import Charter, Procedure, ServiceChannel, ServiceDay
from terbuka.charter.services import TARIFF_FIELDS, DayHours

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = ServiceDay.Weekday.choices


def _model_field(model: type[Any], name: str, **kwargs: Any) -> forms.Field:
    field: forms.Field | None = model._meta.get_field(name).formfield(**kwargs)
    assert field is not None  # noqa: S101 - only editable model fields are asked for
    return field


class CharterForm(forms.Form):
    """A new version of the service charter; `based_on` is the version the form was opened on."""

    based_on = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "legal_basis",
            "procedure",
            "completion_time",
            "fees",
            "guarantee",
            "evaluation",
            "statement",
        ):
            self.fields[name] = _model_field(
                Charter, name, widget=forms.Textarea(attrs={"rows": 4})
            )
        for name in ("signatory_name", "signatory_position", "established_place"):
            self.fields[name] = _model_field(Charter, name)
        self.fields["established_on"] = _model_field(Charter, "established_on", widget=DATE_WIDGET)
        for field in self.fields.values():
            if field.required:
                field.error_messages["required"] = _("Bagian ini wajib diisi.")
        self.fields["established_on"].error_messages["invalid"] = _(
            "Tulis tanggal dengan format HHHH-BB-TT."
        )


class ProcedureForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["steps"] = _model_field(
            Procedure, "steps", widget=forms.Textarea(attrs={"rows": 8})
        )
        self.fields["steps"].error_messages["required"] = _("Tuliskan paling sedikit satu langkah.")
        for name in ("requirements", "notes"):
            self.fields[name] = _model_field(
                Procedure, name, widget=forms.Textarea(attrs={"rows": 4})
            )


class HoursForm(forms.Form):
    """The week: for each day the opening, closing and break times; empty opening = closed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for weekday, _name in WEEKDAYS:
            labels = (
                ("opens", _("Buka")),
                ("closes", _("Tutup")),
                ("break_start", _("Istirahat mulai")),
                ("break_end", _("Istirahat selesai")),
            )
            for key, label in labels:
                self.fields[f"{key}_{weekday}"] = forms.TimeField(
                    label=label,
                    required=False,
                    widget=TIME_WIDGET,
                    error_messages={"invalid": _("Tulis jam dengan format JJ:MM.")},
                )
        self.fields["note"] = forms.CharField(
            label=_("Catatan jam layanan"),
            required=False,
            max_length=1000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Mis. layanan tutup pada hari libur nasional dan cuti bersama."),
        )

    @staticmethod
    def initial_for(days: list[ServiceDay]) -> dict[str, time | None]:
        initial: dict[str, time | None] = {}
        for day in days:
            initial[f"opens_{day.weekday}"] = day.opens_at
            initial[f"closes_{day.weekday}"] = day.closes_at
            initial[f"break_start_{day.weekday}"] = day.break_starts_at
            initial[f"break_end_{day.weekday}"] = day.break_ends_at
        return initial

    def days(self) -> list[dict[str, Any]]:
        """The bound fields grouped per weekday, for the template."""
        return [
            {
                "weekday": weekday,
                "name": name,
                "fields": [
                    self[f"{key}_{weekday}"]
                    for key in ("opens", "closes", "break_start", "break_end")
                ],
            }
            for weekday, name in WEEKDAYS
        ]

    def day_hours(self) -> list[DayHours]:
        data = self.cleaned_data
        return [
            DayHours(
                weekday=weekday,
                opens_at=data.get(f"opens_{weekday}"),
                closes_at=data.get(f"closes_{weekday}"),
                break_starts_at=data.get(f"break_start_{weekday}"),
                break_ends_at=data.get(f"break_end_{weekday}"),
            )
            for weekday, _name in WEEKDAYS
        ]


def _require(form: forms.Form, name: str, message: Any) -> None:
    """Mark an empty field of a filled formset row (unless it already has its own error)."""
    if form.cleaned_data.get(name) in (None, "") and name not in form.errors:
        form.add_error(name, message)


class ChannelRowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis saluran"),
        required=False,
        choices=[("", _("(pilih atau kosongkan untuk menghapus)")), *ServiceChannel.Kind.choices],
    )
    address = forms.CharField(label=_("Alamat / nomor"), required=False, max_length=300)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        """A filled row needs both its kind and its address; the error lands on this row."""
        data = super().clean() or self.cleaned_data
        if data.get("kind") or data.get("address"):  # the rows `channel_rows` keeps
            _require(self, "kind", _("Pilih jenis saluran."))
            _require(self, "address", _("Isi alamat atau nomornya."))
        return data


class FeeRowForm(forms.Form):
    name = forms.CharField(label=_("Layanan"), required=False, max_length=200)
    amount = forms.IntegerField(
        label=_("Biaya (Rp)"),
        required=False,
        min_value=0,
        error_messages={"min_value": _("Biaya tidak boleh negatif.")},
    )
    unit = forms.CharField(label=_("Satuan"), required=False, max_length=60)
    note = forms.CharField(label=_("Keterangan"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        """A filled row needs its name and its amount; the error lands on this row."""
        data = super().clean() or self.cleaned_data
        if data.get("name") or data.get("amount") is not None:  # the rows `fee_rows` keeps
            _require(self, "name", _("Isi nama layanannya."))
            _require(self, "amount", _("Isi biayanya; tulis 0 bila gratis."))
        return data


class TariffForm(forms.Form):
    """The copy and delivery tariffs (kept in the request settings; see services.fees_set)."""

    copy_fee_per_sheet = forms.IntegerField(label=_("Salinan cetak per lembar (Rp)"), min_value=0)
    courier_fee = forms.IntegerField(label=_("Pengiriman lewat kurir (Rp)"), min_value=0)
    post_fee = forms.IntegerField(label=_("Pengiriman lewat pos (Rp)"), min_value=0)
    fax_fee = forms.IntegerField(label=_("Pengiriman lewat faksimili (Rp)"), min_value=0)
    payment_instructions = forms.CharField(
        label=_("Cara pembayaran"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mis. tunai dengan kuitansi di meja layanan atau transfer ke rekening resmi."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in TARIFF_FIELDS[:-1]:
            self.fields[name].help_text = _("0 berarti gratis.")
            self.fields[name].error_messages.update(
                {
                    "required": _("Isi biayanya; tulis 0 bila gratis."),
                    "min_value": _("Biaya tidak boleh negatif."),
                    "invalid": _("Tulis biaya sebagai bilangan bulat rupiah, tanpa titik."),
                }
            )


ChannelFormSet = forms.formset_factory(ChannelRowForm, extra=3, max_num=20, absolute_max=40)
FeeFormSet = forms.formset_factory(FeeRowForm, extra=3, max_num=20, absolute_max=40)


def channel_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a channel formset (a row with no kind and no address is dropped)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get("kind") or form.cleaned_data.get("address")
    ]


def fee_rows(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a fee formset (a row with no name and no amount is dropped)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data.get("name") or form.cleaned_data.get("amount") is not None
    ]
