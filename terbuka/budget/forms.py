"""Forms of the officers' budget pages. Forms only shape input; every rule (years, kinds, the
BPK opinion, file types, who may upload for which unit) lives in `services.py`/`documents.py`."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget.imports import ALLOCATION, CODE, COLUMNS, DESCRIPTION, REALISATION
from terbuka.budget.models import BpkOpinion, BudgetKind

# Our columns as the officer reads them on the mapping step.
COLUMN_LABELS: dict[str, Any] = {
    CODE: _("Kode rekening"),
    DESCRIPTION: _("Uraian"),
    ALLOCATION: _("Anggaran (pagu)"),
    REALISATION: _("Realisasi"),
}
MAPPING_PREFIX = "kolom_"


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A unit, named with its body when the officer keeps units of several bodies."""

    with_body = False

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.body.name} · {obj.name}" if self.with_body else str(obj.name)


class OfficeFilterForm(forms.Form):
    """Filters of the office's budget list."""

    tahun = forms.IntegerField(
        label=_("Tahun anggaran"), required=False, min_value=1, max_value=9999
    )
    unit = UnitChoiceField(
        label=_("Unit"), required=False, queryset=Unit.objects.none(), empty_label=_("Semua unit")
    )

    def __init__(self, *args: Any, units: Any, several_bodies: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units  # type: ignore[attr-defined]
        field.with_body = several_bodies  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    """One budget file of a unit for a year and kind: its numbers, the document, or both."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    # The file staged by an earlier step of the same upload (see `staging.py`).
    staged = forms.UUIDField(widget=forms.HiddenInput, required=False)
    body = forms.ModelChoiceField(label=_("Badan publik"), queryset=PublicBody.objects.none())
    unit = UnitChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = forms.IntegerField(label=_("Tahun anggaran"), min_value=1, max_value=9999)
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=BudgetKind.choices)
    file = forms.FileField(
        label=_("Berkas"),
        required=False,
        help_text=_(
            "XLSX atau CSV untuk mengimpor angka; PDF, DOCX, XLSX, CSV dan berkas lain yang "
            "diizinkan untuk dokumen. Berkas diperiksa sebelum terbit."
        ),
    )
    import_lines = forms.BooleanField(
        label=_("Impor angka anggaran dari berkas"),
        required=False,
        initial=True,
        help_text=_(
            "Hanya untuk XLSX atau CSV dengan kolom kode_rekening, uraian, anggaran dan "
            "realisasi. Setiap baris diperiksa; bila satu salah, tidak ada yang disimpan."
        ),
    )
    publish_document = forms.BooleanField(
        label=_("Terbitkan berkas sebagai dokumen di DIP"),
        required=False,
        initial=True,
        help_text=_(
            "Berkas terbit di DIP setelah lolos pemeriksaan (lembar tersembunyi, metadata, "
            "data pribadi)."
        ),
    )
    bpk_opinion = forms.ChoiceField(
        label=_("Opini BPK"),
        required=False,
        choices=[("", _("Tidak ada")), *BpkOpinion.choices],
        help_text=_("Wajib untuk laporan keuangan yang sudah diaudit; kosongkan untuk lainnya."),
    )
    title = forms.CharField(
        label=_("Judul dokumen"),
        max_length=300,
        required=False,
        help_text=_("Kosongkan untuk memakai jenis, tahun dan unit sebagai judul."),
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    header_row = forms.IntegerField(
        label=_("Baris judul kolom"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("Nomor baris pada lembar kerja yang berisi nama kolom."),
    )

    def __init__(self, *args: Any, bodies: list[PublicBody], units: Any, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("form_token", uuid.uuid4())
        initial.setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.bodies = bodies
        unit_field = self.fields["unit"]
        unit_field.queryset = units  # type: ignore[attr-defined]
        unit_field.with_body = len(bodies) > 1  # type: ignore[attr-defined]
        if len(bodies) > 1:
            self.fields["body"].queryset = PublicBody.objects.filter(  # type: ignore[attr-defined]
                pk__in=[b.pk for b in bodies]
            ).order_by("name")
        else:
            del self.fields["body"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("staged") and "file" not in self.errors:
            self.add_error("file", _("Pilih berkas."))
        unit = data.get("unit")
        body = data.get("body") if "body" in self.fields else next(iter(self.bodies), None)
        if unit is not None and body is not None and unit.body_id != body.pk:
            self.add_error("unit", _("Unit ini bukan bagian dari badan publik yang dipilih."))
        data["body"] = body
        return data

    def upload_values(self) -> dict[str, Any]:
        """The cleaned choices as `documents.upload` takes them (the file aside)."""
        data = self.cleaned_data
        token = data.get("form_token")
        return {
            "body": data["body"],
            "unit": data["unit"],
            "year": data["year"],
            "kind": data["kind"],
            "import_lines": bool(data.get("import_lines")),
            "publish_document": bool(data.get("publish_document")),
            "bpk_opinion": data.get("bpk_opinion") or "",
            "title": data.get("title") or "",
            "note": data.get("note") or "",
            "header_row": data["header_row"],
            "idempotency_key": str(token) if token else None,
        }

    def carried(self, *, token: str, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
        """The choices as hidden (name, value) pairs for the next step, with the staged token."""
        data = self.cleaned_data
        pairs: list[tuple[str, str]] = [("staged", token)]
        for name in self.fields:
            if name in {"file", "staged", *skip}:
                continue
            value = data.get(name)
            if isinstance(value, bool):
                if value:
                    pairs.append((name, "on"))
            elif isinstance(value, PublicBody | Unit):
                pairs.append((name, str(value.pk)))
            elif value is not None and value != "":
                pairs.append((name, str(value)))
        return pairs


class MappingForm(forms.Form):
    """Which of the file's columns holds each of ours, and on which row the headers are."""

    header_row = forms.IntegerField(
        label=_("Baris judul kolom"),
        min_value=1,
        max_value=100,
        help_text=_("Ubah lalu pilih Baca ulang bila nama kolom ada di baris lain."),
    )

    def __init__(
        self, *args: Any, headers: list[str], needs_realisation: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(tidak ada)"))] + [(h, h) for h in dict.fromkeys(headers)]
        for name in COLUMNS:
            optional = name == REALISATION and not needs_realisation
            self.fields[MAPPING_PREFIX + name] = forms.ChoiceField(
                label=COLUMN_LABELS[name],
                required=False,
                choices=choices,
                help_text=_("Boleh kosong untuk dokumen rencana.")
                if optional
                else _("Wajib dipetakan."),
            )

    def mapping(self) -> dict[str, str]:
        """{our column: the file's header} for the columns the officer chose."""
        data = self.cleaned_data
        return {
            name: data[MAPPING_PREFIX + name] for name in COLUMNS if data.get(MAPPING_PREFIX + name)
        }

    def column_fields(self) -> list[forms.BoundField]:
        return [self[MAPPING_PREFIX + name] for name in COLUMNS]


def mapping_initial(mapping: dict[str, str], header_row: int) -> dict[str, Any]:
    """The mapping form's initial values from a mapping {our column: header}."""
    initial: dict[str, Any] = {MAPPING_PREFIX + k: v for k, v in mapping.items()}
    initial["header_row"] = header_row
    return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penarikan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
