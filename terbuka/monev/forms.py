"""Forms of the monev cycle pages: a new cycle, and a participant's questionnaire with its
evidence. Forms only shape input; every rule (rubrics, schedules, participants, evidence) lives
in `services.py` and `rubric.py`."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.widgets import date_picker
from terbuka.monev.models import Answer, Rubric
from terbuka.monev.rubric import Evidence as EvidenceRule
from terbuka.monev.rubric import Question
from terbuka.monev.rubric import Rubric as RubricData

# A rubric's JSON is a few hundred questions at most; anything larger is not a rubric.
MAX_RUBRIC_BYTES = 1024 * 1024
# The fields of `services.Schedule`, labelled as on `EvaluationCycle`.
SCHEDULE_LABELS: dict[str, Any] = {
    "questionnaire_opens_on": _("Kuesioner dibuka"),
    "questionnaire_closes_on": _("Kuesioner ditutup"),
    "verification_closes_on": _("Verifikasi selesai"),
    "objection_closes_on": _("Masa sanggah berakhir"),
    "presentation_on": _("Presentasi / visitasi"),
    "announced_on": _("Pengumuman"),
}
SCHEDULE_FIELDS = tuple(SCHEDULE_LABELS)
EVIDENCE_LABELS: dict[str, Any] = {
    EvidenceRule.NONE: _("Tidak perlu bukti"),
    EvidenceRule.LINK: _("Tautan"),
    EvidenceRule.PDF: _("Berkas PDF"),
    EvidenceRule.LINK_OR_PDF: _("Tautan atau berkas PDF"),
    EvidenceRule.LINK_AND_PDF: _("Tautan dan berkas PDF"),
}


class RubricChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        label = f"{obj.name} ({obj.year})"
        return label if obj.body_id else f"{label} · {_('rubrik bersama')}"


class ScheduleForm(forms.Form):
    """A cycle's schedule, e.g. a later closing day for the questionnaire."""

    note = forms.CharField(label=_("Catatan perubahan jadwal"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SCHEDULE_FIELDS:
            self.fields[name] = forms.DateField(
                label=SCHEDULE_LABELS[name], required=False, widget=date_picker()
            )
        # The note last, after the dates.
        self.fields["note"] = self.fields.pop("note")


class CycleForm(forms.Form):
    """A new evaluation cycle of one body: its rubric, participants by unit kind, schedule."""

    form_token = forms.UUIDField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(
        label=_("Nama siklus"),
        max_length=300,
        help_text=_("Mis. Monev keterbukaan informasi PPID Pelaksana 2026."),
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    organiser = forms.CharField(
        label=_("Penyelenggara"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk memakai PPID Utama badan publik ini."),
    )
    rubric = RubricChoiceField(
        label=_("Rubrik tersimpan"),
        queryset=Rubric.objects.none(),
        required=False,
        empty_label=_("(tidak memakai rubrik tersimpan)"),
        help_text=_("Rubrik badan publik ini atau rubrik bersama."),
    )
    rubric_file = forms.FileField(
        label=_("Atau unggah rubrik (JSON)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
        help_text=_(
            "Format pertukaran rubrik: tahap, indikator, pertanyaan dengan bobot, pilihan "
            "jawaban bernilai 0-100, bukti yang diminta, dan batas kategori."
        ),
    )

    def __init__(self, *args: Any, body: PublicBody, units: Iterable[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("form_token", uuid.uuid4())
        kwargs["initial"].setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["rubric"].queryset = Rubric.objects.filter(  # type: ignore[attr-defined]
            Q(body=body) | Q(body=None)
        ).order_by("-year", "name", "id")
        by_kind: dict[str, list[Unit]] = {}
        for unit in units:
            by_kind.setdefault(unit.kind, []).append(unit)
        self.units_by_kind = by_kind
        self.kinds: list[str] = [k for k in Unit.Kind.values if k in by_kind]
        for kind in self.kinds:
            label = Unit.Kind(kind).label
            # Kota Serang has 67 kelurahan: one box takes them all.
            self.fields[f"all_{kind}"] = forms.BooleanField(
                label=_("Semua unit %(kind)s (%(n)d)") % {"kind": label, "n": len(by_kind[kind])},
                required=False,
            )
            self.fields[f"units_{kind}"] = forms.ModelMultipleChoiceField(
                label=label,
                queryset=Unit.objects.filter(pk__in=[u.pk for u in by_kind[kind]]).order_by("name"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            # The choices are built once from the units in hand (no query per render).
            self.fields[f"units_{kind}"].choices = [  # type: ignore[attr-defined]
                (u.pk, u.name) for u in sorted(by_kind[kind], key=lambda u: u.name)
            ]
            self.fields[f"group_{kind}"] = forms.CharField(
                label=_("Nama kelompok untuk %(kind)s") % {"kind": label},
                max_length=100,
                required=False,
                initial=label,
                help_text=_("Peserta dirangking dalam kelompoknya."),
            )
        for name in SCHEDULE_FIELDS:
            self.fields[name] = forms.DateField(
                label=SCHEDULE_LABELS[name],
                required=False,
                widget=date_picker(),
            )
        self.fields["open_questionnaire"] = forms.BooleanField(
            label=_("Buka kuesioner sekarang"),
            required=False,
            help_text=_("Peserta dapat langsung mengisi kuesioner setelah siklus disimpan."),
        )

    def clean_rubric_file(self) -> Any:
        upload = self.cleaned_data.get("rubric_file")
        if upload is None:
            return None
        if upload.size is not None and upload.size > MAX_RUBRIC_BYTES:
            raise forms.ValidationError(_("Berkas rubrik paling besar 1 MB."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise forms.ValidationError(
                _("Berkas rubrik bukan JSON yang sah: %(error)s") % {"error": exc}
            ) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_stored = data.get("rubric") is not None
        has_file = data.get("rubric_file") is not None
        if has_stored and has_file:
            self.add_error(
                "rubric_file",
                _("Pilih rubrik tersimpan atau unggah berkas rubrik, bukan keduanya."),
            )
        elif not has_stored and not has_file and "rubric_file" not in self.errors:
            self.add_error("rubric", _("Pilih rubrik tersimpan atau unggah berkas rubrik JSON."))
        return data

    def kind_fields(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Each unit kind's "all" box, checkbox list and group name, in `Unit.Kind` order."""
        return [
            (self[f"all_{kind}"], self[f"units_{kind}"], self[f"group_{kind}"])
            for kind in self.kinds
        ]

    def schedule_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in SCHEDULE_FIELDS]

    def rubric_value(self) -> Rubric | dict[str, Any]:
        """The stored rubric chosen, or the uploaded JSON (checked by the service)."""
        stored: Rubric | None = self.cleaned_data.get("rubric")
        if stored is not None:
            return stored
        uploaded: dict[str, Any] = self.cleaned_data["rubric_file"]
        return uploaded

    def participants(self) -> list[tuple[Unit, str]]:
        pairs: list[tuple[Unit, str]] = []
        for kind in self.kinds:
            group = self.cleaned_data.get(f"group_{kind}") or ""
            if self.cleaned_data.get(f"all_{kind}"):
                units = sorted(self.units_by_kind[kind], key=lambda u: u.name)
            else:
                units = list(self.cleaned_data.get(f"units_{kind}") or [])
            pairs.extend((unit, group) for unit in units)
        return pairs

    def schedule_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in SCHEDULE_FIELDS}

    def cycle_values(self) -> dict[str, Any]:
        """The arguments of `services.cycle_create` this form holds (all but the schedule)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "year": data["year"],
            "organiser": data.get("organiser") or "",
            "rubric": self.rubric_value(),
            "participants": self.participants(),
            "open_questionnaire": bool(data.get("open_questionnaire")),
            "idempotency_key": str(data["form_token"]) if data.get("form_token") else None,
        }


def option_label(question: Question, key: str) -> str:
    option = question.option(key)
    if option is None:
        return key
    return str(_("%(label)s (nilai %(score)s)") % {"label": option.label, "score": option.score})


class QuestionnaireForm(forms.Form):
    """A participant's answers, notes and new evidence for every question of a rubric, and the
    question each of Terbuka's proposals ((key, title) pairs) is attached to. Field names carry
    the key: `answer-<q>`, `note-<q>`, `url-<q>`, `file-<q>`, `proposal-<proposal key>`."""

    def __init__(
        self,
        *args: Any,
        rubric: RubricData,
        answers: Mapping[str, Answer],
        proposals: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {}
        for key, answer in answers.items():
            initial[f"answer-{key}"] = answer.option_key
            initial[f"note-{key}"] = answer.note
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.questions = [question for _s, _i, question in rubric.questions()]
        for question in self.questions:
            key = question.key
            self.fields[f"answer-{key}"] = forms.ChoiceField(
                label=question.text,
                required=False,
                choices=[(o.key, option_label(question, o.key)) for o in question.options],
                widget=forms.RadioSelect,
            )
            self.fields[f"note-{key}"] = forms.CharField(
                label=_("Keterangan"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"url-{key}"] = forms.CharField(
                label=_("Tautan bukti"),
                required=False,
                max_length=1000,
                widget=forms.URLInput(attrs={"placeholder": "https://"}),
            )
            self.fields[f"file-{key}"] = forms.FileField(
                label=_("Berkas PDF bukti (paling besar 2 MB)"),
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            )
        choices = [("", _("Pilih pertanyaan"))] + [
            (q.key, f"{q.key}. {q.text[:120]}") for q in self.questions
        ]
        for key, title in proposals:
            self.fields[f"proposal-{key}"] = forms.ChoiceField(
                label=_("Lampirkan “%(title)s” ke pertanyaan") % {"title": title},
                required=False,
                choices=choices,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for question in self.questions:
            key = question.key
            upload = data.get(f"file-{key}")
            if upload is not None and (upload.size or 0) > EvidenceRule.MAX_PDF_BYTES:
                self.add_error(f"file-{key}", _("Berkas bukti paling besar 2 MB."))
            if data.get(f"answer-{key}"):
                continue
            if (data.get(f"note-{key}") or "").strip():
                self.add_error(f"note-{key}", _("Pilih jawaban agar keterangan tersimpan."))
            if (data.get(f"url-{key}") or "").strip() or upload is not None:
                message = _("Jawab pertanyaan ini dulu sebelum melampirkan bukti.")
                self.add_error(f"url-{key}" if upload is None else f"file-{key}", message)
        return data

    def answers(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[f"answer-{q.key}"]
            for q in self.questions
            if self.cleaned_data.get(f"answer-{q.key}")
        }

    def notes(self) -> dict[str, str]:
        """Notes of the answered questions (an emptied note clears the stored one)."""
        return {key: self.cleaned_data.get(f"note-{key}") or "" for key in self.answers()}

    def links(self) -> dict[str, str]:
        return {
            q.key: self.cleaned_data[f"url-{q.key}"].strip()
            for q in self.questions
            if (self.cleaned_data.get(f"url-{q.key}") or "").strip()
        }

    def uploads(self) -> dict[str, Any]:
        return {
            q.key: self.cleaned_data[f"file-{q.key}"]
            for q in self.questions
            if self.cleaned_data.get(f"file-{q.key}") is not None
        }

    def proposal_question(self, proposal_key: str) -> str:
        return str(self.cleaned_data.get(f"proposal-{proposal_key}") or "")
