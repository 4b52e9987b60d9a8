"""Forms of the officers' report pages. Forms only shape input; the rules (periods, chapter
lengths, who may report on which unit) live in `services.py` and `permissions.py`."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.reports.models import Semester

CHAPTER_HELP: dict[str, Any] = {
    "profile": _(
        "Bab I: struktur PPID, tugas Atasan PPID, PPID dan PPID Pelaksana, maklumat "
        "pelayanan dan kebijakan layanan informasi."
    ),
    "facilities": _("Bab II: meja layanan, ruang baca, situs web, papan pengumuman."),
    "staff": _("Bab II: jumlah dan kualifikasi petugas layanan informasi."),
    "budget": _("Bab II: anggaran layanan informasi dalam periode ini."),
    "obstacles": _("Bab IV: kendala internal dan eksternal pelayanan informasi."),
    "recommendations": _("Bab V: rekomendasi dan rencana tindak lanjut."),
}


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit, named with its body when the officer keeps units of several bodies."""

    with_body = False

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} · {obj.name}" if self.with_body else str(obj.name)


class ReportPickForm(forms.Form):
    """Which report: a body (when the officer has several), a unit or the whole body, a period."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    body = forms.ModelChoiceField(label=_("Badan publik"), queryset=PublicBody.objects.none())
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Seluruh badan publik (laporan gabungan)"),
    )
    year = forms.CharField(
        label=_("Tahun"), widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6})
    )
    semester = forms.TypedChoiceField(
        label=_("Periode"), choices=Semester.choices, coerce=int, initial=Semester.YEAR
    )

    def __init__(
        self,
        *args: Any,
        bodies: list[PublicBody],
        units: Any,
        whole_allowed: bool = True,
        **kwargs: Any,
    ) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("form_token", uuid.uuid4())
        initial.setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        self.fields["year"].error_messages["required"] = _("Isi tahun laporan.")
        unit_field = self.fields["unit"]
        unit_field.queryset = units.select_related("body").order_by(  # type: ignore[attr-defined]
            "body__name", "path"
        )
        unit_field.with_body = len(bodies) > 1  # type: ignore[attr-defined]
        if not whole_allowed:
            unit_field.required = True
            unit_field.error_messages["required"] = _("Pilih unit Anda.")
            unit_field.empty_label = None  # type: ignore[attr-defined]
        if len(bodies) > 1:
            self.fields["body"].queryset = PublicBody.objects.filter(  # type: ignore[attr-defined]
                pk__in=[b.pk for b in bodies]
            ).order_by("name")
            self.fields["body"].error_messages["required"] = _("Pilih badan publik.")
        else:
            del self.fields["body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        unit = data.get("unit")
        body = data.get("body") if "body" in self.fields else next(iter(self.bodies), None)
        if body is None and unit is not None:
            body = unit.body
        if unit is not None and body is not None and unit.body_id != body.pk:
            self.add_error("unit", _("Unit ini bukan bagian dari badan publik yang dipilih."))
        data["body"] = body
        return data

    def values(self) -> dict[str, Any]:
        """The choices as the services take them."""
        data = self.cleaned_data
        return {
            "body": data["body"],
            "unit": data.get("unit"),
            "year": data["year"],
            "semester": data["semester"],
        }

    def query(self) -> dict[str, Any]:
        """The choices as the narrative page's query string."""
        data = self.cleaned_data
        unit = data.get("unit")
        return {
            "body": data["body"].pk,
            "unit": unit.pk if unit is not None else "",
            "year": data["year"],
            "semester": data["semester"],
        }


class NarrativeForm(forms.Form):
    """The chapters the PPID writes (Perki 1/2021: chapters I, II, IV and V)."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    profile = forms.CharField(label=_("Profil, struktur dan kebijakan PPID"), required=False)
    facilities = forms.CharField(label=_("Sarana dan prasarana"), required=False)
    staff = forms.CharField(label=_("Sumber daya manusia"), required=False)
    budget = forms.CharField(label=_("Anggaran pelayanan informasi"), required=False)
    obstacles = forms.CharField(label=_("Kendala internal dan eksternal"), required=False)
    recommendations = forms.CharField(
        label=_("Rekomendasi dan rencana tindak lanjut"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial["form_token"] = uuid.uuid4()
        super().__init__(*args, **kwargs)
        for name, help_text in CHAPTER_HELP.items():
            field = self.fields[name]
            field.help_text = help_text
            field.strip = False  # type: ignore[attr-defined]
            field.widget = forms.Textarea(attrs={"rows": 6})

    def chapters(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in CHAPTER_HELP}
