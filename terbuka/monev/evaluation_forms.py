"""Forms of the monev evaluation pages: verification, contests, panel scores, improvement
actions and coordination meetings. Forms only shape input; every rule lives in `services.py`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from terbuka.bodies.models import Unit
from terbuka.core.widgets import date_picker
from terbuka.monev.models import Attendance, EvaluationCycle, ImprovementAction
from terbuka.monev.rubric import Question
from terbuka.monev.states import ACTION_TRANSITIONS, ActionStatus

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
YES, NO = "ya", "tidak"


def _note(label: Any, *, required: bool = True, rows: int = 3, help_text: Any = "") -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=4000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def option_choices(question: Question, *, leave_out: str = "") -> list[tuple[str, str]]:
    """The question's options as `label (score)`, without `leave_out`."""
    return [
        (option.key, f"{option.label} ({option.score})")
        for option in question.options
        if option.key != leave_out
    ]


class TokenForm(forms.Form):
    """A form whose hidden one-use token makes a repeated POST harmless."""

    form_token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("form_token", uuid.uuid4())
        super().__init__(*args, **kwargs)


# --- Verification ----------------------------------------------------------------------------


class ChangeAnswerForm(forms.Form):
    """An evaluator's change of an answer to another option, with the reason."""

    option_key = forms.ChoiceField(label=_("Jawaban hasil verifikasi"))
    note = _note(_("Alasan perubahan"))

    def __init__(self, *args: Any, question: Question, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option_key"].choices = option_choices(question, leave_out=current)  # type: ignore[attr-defined]


class DecideContestForm(forms.Form):
    """An evaluator's decision on a contest."""

    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("kabulkan", _("Kabulkan")), ("tolak", _("Tolak"))],
        widget=forms.RadioSelect,
    )
    note = _note(_("Pertimbangan keputusan"))

    @property
    def uphold(self) -> bool:
        return bool(self.cleaned_data["decision"] == "kabulkan")


class PanelScoreForm(forms.Form):
    """A panel's score (presentation, visit) of an indicator without questions."""

    score = forms.CharField(
        label=_("Nilai (0-100)"),
        max_length=10,
        help_text=_("Paling banyak dua angka desimal; koma atau titik, mis. 87,5."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    note = _note(_("Catatan panel"), required=False, rows=2)


# --- Contests --------------------------------------------------------------------------------


class ContestForm(TokenForm):
    """A participant's objection (sanggahan) to a verified answer."""

    requested_option_key = forms.ChoiceField(label=_("Jawaban yang diminta"))
    reason = _note(_("Alasan sanggahan"))

    def __init__(self, *args: Any, question: Question, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["requested_option_key"].choices = option_choices(question, leave_out=current)  # type: ignore[attr-defined]


# --- Improvement actions ---------------------------------------------------------------------


class ActionCreateForm(TokenForm):
    """A new action of a participant's improvement plan."""

    title = forms.CharField(label=_("Tindakan"), max_length=500)
    owner = forms.ModelChoiceField(
        label=_("Penanggung jawab (akun)"),
        required=False,
        queryset=get_user_model().objects.none(),
        empty_label=_("Tidak ada"),
    )
    owner_name = forms.CharField(
        label=_("Nama penanggung jawab"),
        max_length=200,
        required=False,
        help_text=_("Mis. Sekretaris Kecamatan, bila penanggung jawab tidak punya akun."),
    )
    due_on = forms.DateField(label=_("Tenggat"), required=False, widget=date_picker())
    note = _note(_("Catatan"), required=False, rows=2)
    # The question whose lost points the action answers (empty: the participant's own).
    question_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, owners: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        field.queryset = owners  # type: ignore[attr-defined]
        field.label_from_instance = _user_label  # type: ignore[attr-defined]


def _user_label(user: Any) -> str:
    return str(user.get_full_name() or user.email)


class ActionUpdateForm(forms.Form):
    """The owner's name, the due date and the status of an action."""

    owner_name = forms.CharField(label=_("Nama penanggung jawab"), max_length=200, required=False)
    due_on = forms.DateField(label=_("Tenggat"), required=False, widget=date_picker())
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, action: ImprovementAction, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"owner_name": action.owner_name, "due_on": action.due_on, "status": action.status},
        )
        super().__init__(*args, **kwargs)
        current = ActionStatus(action.status)
        reachable = [current, *sorted(ACTION_TRANSITIONS[current], key=ActionStatus.values.index)]
        self.fields["status"].choices = [(s.value, s.label) for s in reachable]  # type: ignore[attr-defined]


# --- Coordination meetings -------------------------------------------------------------------


def _action_label(action: ImprovementAction) -> str:
    participant = action.participant
    return f"{participant.unit.name}: {action.title} ({participant.cycle.year})"


class MeetingForm(TokenForm):
    """A coordination meeting for a group of units."""

    title = forms.CharField(label=_("Judul rapat"), max_length=300)
    starts_at = forms.DateTimeField(
        label=_("Waktu (WIB)"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("Tempat"), max_length=300)
    agenda = _note(_("Agenda"), rows=4)
    units = forms.ModelMultipleChoiceField(
        label=_("Unit yang diundang"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mis. dua kecamatan sekaligus: Kecamatan Serang dan Cipocok Jaya."),
    )
    cycle = forms.ModelChoiceField(
        label=_("Siklus monev"),
        queryset=EvaluationCycle.objects.none(),
        required=False,
        empty_label=_("Tidak terkait siklus"),
    )
    actions = forms.ModelMultipleChoiceField(
        label=_("Tindakan perbaikan yang dibahas"),
        queryset=ImprovementAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hanya tindakan milik unit yang diundang."),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        cycles: QuerySet[EvaluationCycle],
        actions: QuerySet[ImprovementAction],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["cycle"].queryset = cycles  # type: ignore[attr-defined]
        self.fields["actions"].queryset = actions  # type: ignore[attr-defined]
        self.fields["actions"].label_from_instance = _action_label  # type: ignore[attr-defined]
        if not actions.exists():
            del self.fields["actions"]


class MeetingRecordForm(forms.Form):
    """The minutes, each invited unit's attendance, and the actions discussed."""

    minutes = _note(_("Notulen"), required=False, rows=6)
    actions = forms.ModelMultipleChoiceField(
        label=_("Tindakan perbaikan yang dibahas"),
        queryset=ImprovementAction.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        attendance: Sequence[Attendance],
        actions: QuerySet[ImprovementAction],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.attendance = list(attendance)
        for row in self.attendance:
            name = row.unit.name
            self.fields[f"present_{row.unit_id}"] = forms.ChoiceField(
                label=_("Kehadiran %(unit)s") % {"unit": name},
                choices=[(YES, _("Hadir")), (NO, _("Tidak hadir"))],
                widget=forms.RadioSelect,
                required=False,
                initial=_present_initial(row.present),
            )
            self.fields[f"names_{row.unit_id}"] = forms.CharField(
                label=_("Yang hadir dari %(unit)s") % {"unit": name},
                max_length=500,
                required=False,
                initial=row.attendees,
                help_text=_("Nama dan jabatan, pisahkan dengan koma."),
            )
        self.fields["actions"].queryset = actions  # type: ignore[attr-defined]
        self.fields["actions"].label_from_instance = _action_label  # type: ignore[attr-defined]
        if not actions.exists():
            del self.fields["actions"]
        # Keep the actions after the attendance fields.
        if "actions" in self.fields:
            self.fields["actions"] = self.fields.pop("actions")

    def attendance_values(self) -> dict[int, tuple[bool, str]]:
        """{unit id: (present, names)} for every unit whose attendance was chosen."""
        values: dict[int, tuple[bool, str]] = {}
        for row in self.attendance:
            present = self.cleaned_data.get(f"present_{row.unit_id}") or ""
            names = self.cleaned_data.get(f"names_{row.unit_id}") or ""
            if present:
                values[row.unit_id] = (present == YES, names)
        return values

    def chosen_actions(self) -> list[ImprovementAction] | None:
        if "actions" not in self.fields:
            return None
        return list(self.cleaned_data.get("actions") or [])


def _present_initial(present: bool | None) -> str:
    if present is None:
        return ""
    return YES if present else NO


def unit_fields(form: MeetingRecordForm) -> Iterable[tuple[Attendance, Any, Any]]:
    """Each invited unit with its bound attendance fields, for the template."""
    for row in form.attendance:
        yield row, form[f"present_{row.unit_id}"], form[f"names_{row.unit_id}"]
