"""The monev back office's cycles and questionnaires under /kantor/monev/ (namespace
`monev_office`): the cycles an officer sees, a new cycle, one cycle with its rubric,
participants, stages and history, and a participant's questionnaire (SAQ) with its evidence and
the proposals Terbuka makes from its own records.

Monev runs under UU 14/2008 with Perki 1/2022 (domain.md section 3). Views shape input and
render; every rule and permission is in `services.py`, `states.py` and `permissions.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.forms import BoundField
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.bodies.models import PublicBody
from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import DomainError, InvalidTransition, PermissionDenied
from terbuka.core.exceptions import ValidationError as DomainValidationError
from terbuka.core.web import apply_errors, file_response, no_store, see_other
from terbuka.monev import forms, permissions, proposals, selectors, services
from terbuka.monev.models import Answer, EvaluationCycle, Evidence, Participant, Result
from terbuka.monev.rubric import Indicator, Question, RubricError, Stage, rubric_to_json
from terbuka.monev.rubric import Rubric as RubricData
from terbuka.monev.states import ANSWERING, COMPUTING, CYCLE_TRANSITIONS, CycleStatus

PER_PAGE = 30
# The questionnaire's buttons (`action`): save; save and attach for one question; save and
# submit; remove one piece of evidence; attach one of Terbuka's proposals.
SAVE, SUBMIT = "simpan", "kirim"
ATTACH, REMOVE, PROPOSE = "lampirkan:", "hapus:", "usul:"


def cycle_url(cycle: EvaluationCycle) -> str:
    return reverse("monev_office:cycle", kwargs={"pk": cycle.pk})


def questionnaire_url(participant: Participant) -> str:
    return reverse(
        "monev_office:questionnaire",
        kwargs={"pk": participant.cycle_id, "unit": participant.unit.slug},
    )


def _error_text(exc: DomainError) -> str:
    """A service error as one message: the field errors when it names some."""
    fields = exc.details.get("fields") or {}
    texts = [str(m) for messages_ in fields.values() for m in messages_]
    return " ".join(texts) or exc.message


# --- Queries of these pages ------------------------------------------------------------------


def _answered() -> Coalesce:
    """How many questions a participant answered (a subquery: no GROUP BY over the row)."""
    counted = (
        Answer.objects.filter(participant=OuterRef("pk"))
        .order_by()
        .values("participant")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _cycle_or_404(user: Any, pk: int) -> EvaluationCycle:
    cycle = selectors.cycle_get_visible(user, pk)
    if cycle is None:
        raise Http404(_("Siklus monev tidak ditemukan."))
    return cycle


def _result(participant: Participant) -> Result | None:
    try:
        return participant.result
    except Result.DoesNotExist:
        return None


def _question_count(rubric: RubricData) -> int:
    return sum(1 for _item in rubric.questions())


# --- The cycles ------------------------------------------------------------------------------


@dataclass
class CycleRow:
    cycle: EvaluationCycle
    own: list[Participant]


def _own_participations(user: Any, cycles: list[EvaluationCycle]) -> dict[int, list[Participant]]:
    """The user's own units' participations in `cycles`, with answered and total questions."""
    found: dict[int, list[Participant]] = {}
    rows = (
        Participant.objects.filter(
            cycle__in=cycles, unit_id__in=selectors.participant_unit_ids(user)
        )
        .select_related("unit", "cycle__rubric")
        .annotate(answered=_answered())
        .order_by("unit__name")
    )
    for participant in rows:
        participant.total = _question_count(services.rubric_of(participant.cycle))  # type: ignore[attr-defined]
        found.setdefault(participant.cycle_id, []).append(participant)
    return found


@login_required
@require_GET
def cycle_list(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    cycles = (
        EvaluationCycle.objects.filter(
            pk__in=selectors.cycles_visible_to(request.user).values("pk")
        )
        .select_related("body")
        .annotate(participants_count=Count("participants"))
        .order_by("-year", "-id")
    )
    page = Paginator(cycles, PER_PAGE).get_page(request.GET.get("halaman"))
    shown = list(page.object_list)
    own = _own_participations(request.user, shown)
    context = {
        "page": page,
        "rows": [CycleRow(cycle, own.get(cycle.pk, [])) for cycle in shown],
        "can_create": selectors.bodies_organised_by(request.user).exists(),
        "several_bodies": len({cycle.body_id for cycle in shown}) > 1,
    }
    return no_store(render(request, "monev/office/cycle_list.html", context))


def _chosen_body(request: HttpRequest) -> PublicBody | HttpResponse:
    """The body named by `?badan=` (or the user's only one), else the page to pick one."""
    bodies = list(selectors.bodies_organised_by(request.user))
    slug = request.GET.get("badan") or (bodies[0].slug if len(bodies) == 1 else "")
    body = next((b for b in bodies if b.slug == slug), None)
    if body is not None:
        return body
    if not bodies:
        raise DjangoPermissionDenied(_("Anda tidak menyelenggarakan monev badan publik mana pun."))
    return no_store(render(request, "monev/office/pick_body.html", {"bodies": bodies}))


@login_required
@require_http_methods(["GET", "POST"])
def cycle_new(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    body = _chosen_body(request)
    if isinstance(body, HttpResponse):
        return body
    units = list(selectors.units_for_cycle(body))
    form = forms.CycleForm(request.POST or None, request.FILES or None, body=body, units=units)
    problems: list[dict[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(
                actor=request.user,
                body=body,
                schedule=services.Schedule(**form.schedule_values()),
                **form.cycle_values(),
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except RubricError as exc:
            form.add_error(None, exc.message)
            problems = list(exc.details.get("problems") or [])
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, _("Siklus monev disimpan."))
            return see_other(cycle_url(cycle))
    context = {
        "form": form,
        "body": body,
        "problems": problems,
        # A browser never sends a chosen file again: say so when the form comes back.
        "file_again": bool(request.FILES.get("rubric_file")),
    }
    status = 422 if request.method == "POST" else 200
    return no_store(render(request, "monev/office/cycle_form.html", context, status=status))


# --- One cycle -------------------------------------------------------------------------------


@dataclass
class ParticipantRow:
    participant: Participant
    answered: int
    total: int
    result: Result | None

    @property
    def unanswered(self) -> int:
        return max(self.total - self.answered, 0)


def _stage_buttons(cycle: EvaluationCycle) -> list[tuple[str, str, bool]]:
    """(status, button label, is it the cancellation) for each stage the cycle may move to."""
    allowed = CYCLE_TRANSITIONS[CycleStatus(cycle.status)]
    buttons: list[tuple[str, str, bool]] = []
    for stage in CycleStatus:
        if stage not in allowed:
            continue
        if stage == CycleStatus.CANCELLED:
            label = _("Batalkan siklus")
        elif stage == CycleStatus.ANNOUNCED:
            label = _("Umumkan hasil (nilai dihitung ulang)")
        else:
            label = _("Lanjut ke tahap: %(stage)s") % {"stage": stage.label}
        buttons.append((stage.value, label, stage == CycleStatus.CANCELLED))
    return buttons


@login_required
@require_GET
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    rubric = services.rubric_of(cycle)
    total = _question_count(rubric)
    reader = permissions.can_read_every_participant(request.user, cycle)
    visible = selectors.participants_visible_to(request.user, cycle, reader=reader)
    participants = visible.select_related("unit", "result").annotate(answered=_answered())
    timeline = selectors.cycle_timeline(cycle)
    if not reader:
        timeline = timeline.filter(Q(participant=None) | Q(participant__in=visible))
    organises = permissions.can_organise_cycle(request.user, cycle)
    context = {
        "cycle": cycle,
        "rubric": rubric,
        "evidence_labels": forms.EVIDENCE_LABELS,
        "question_total": total,
        "rows": [
            ParticipantRow(p, p.answered, total, _result(p))
            for p in participants.order_by("group", "unit__name")
        ],
        "reader": reader,
        "organises": organises,
        "evaluates": permissions.can_evaluate_cycle(request.user, cycle),
        "schedule_form": forms.ScheduleForm(
            initial={name: getattr(cycle, name) for name in forms.SCHEDULE_FIELDS}
        ),
        "stage_buttons": _stage_buttons(cycle) if organises else [],
        "can_compute": organises and cycle.status in COMPUTING,
        "timeline": list(timeline),
    }
    return no_store(render(request, "monev/office/cycle_detail.html", context))


@login_required
@require_POST
def cycle_move(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    try:
        moved = services.cycle_move(
            cycle=cycle,
            actor=request.user,
            to=request.POST.get("to", ""),
            note=request.POST.get("note", ""),
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        label = CycleStatus(moved.status).label
        messages.success(request, _("Siklus kini pada tahap: %(stage)s.") % {"stage": label})
    return see_other(cycle_url(cycle))


@login_required
@require_POST
def cycle_compute(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    try:
        results = services.cycle_compute(cycle=cycle, actor=request.user)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Nilai dihitung untuk %(n)d peserta.") % {"n": len(results)})
    return see_other(cycle_url(cycle))


@login_required
@require_POST
def cycle_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the cycle's schedule (organisers), e.g. extend the questionnaire's closing day."""
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    form = forms.ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa tanggal jadwal."))
        return see_other(cycle_url(cycle))
    data = form.cleaned_data
    try:
        services.cycle_reschedule(
            cycle=cycle,
            actor=request.user,
            schedule=services.Schedule(**{name: data.get(name) for name in forms.SCHEDULE_FIELDS}),
            note=data.get("note") or "",
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Jadwal siklus disimpan."))
    return see_other(cycle_url(cycle))


@login_required
@require_GET
def cycle_rubric(request: HttpRequest, pk: int) -> HttpResponse:
    """The cycle's rubric in the exchange format, to reuse or check elsewhere."""
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    data = json.dumps(rubric_to_json(services.rubric_of(cycle)), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    filename = f"rubrik-monev-{cycle.year}-{cycle.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return no_store(response)


# --- The questionnaire -----------------------------------------------------------------------


@dataclass
class QuestionView:
    question: Question
    number: int
    answer: Answer | None
    evidence: list[Evidence]
    state: str  # "", "unanswered" or "evidence_missing"
    evidence_label: str
    answer_field: BoundField | None = None
    note_field: BoundField | None = None
    url_field: BoundField | None = None
    file_field: BoundField | None = None

    @property
    def option_label(self) -> str:
        return forms.option_label(self.question, self.answer.option_key) if self.answer else ""

    @property
    def verified_label(self) -> str:
        if self.answer is None or self.answer.effective_option == self.answer.option_key:
            return ""
        return forms.option_label(self.question, self.answer.effective_option)


@dataclass
class IndicatorView:
    indicator: Indicator
    questions: list[QuestionView]


@dataclass
class StageView:
    stage: Stage
    indicators: list[IndicatorView] = field(default_factory=list)


@dataclass
class ProposalView:
    proposal: proposals.Proposal
    absolute_url: str
    attached_to: list[str]
    field: BoundField | None


def _participant_or_404(user: Any, pk: int, unit_slug: str) -> Participant:
    cycle = _cycle_or_404(user, pk)
    participant = (
        selectors.participants_visible_to(user, cycle)
        .select_related("unit__body", "submitted_by")
        .filter(unit__slug=unit_slug)
        .first()
    )
    if participant is None:
        raise Http404(_("Peserta tidak ditemukan pada siklus ini."))
    participant.cycle = cycle
    return participant


class Questionnaire:
    """One participant's questionnaire page: rendered read-only, or saved with its actions."""

    def __init__(self, request: HttpRequest, participant: Participant) -> None:
        self.request = request
        self.participant = participant
        self.cycle = participant.cycle
        self.rubric = services.rubric_of(self.cycle)
        self.can_answer = permissions.can_answer(request.user, participant)
        self.editable = self.can_answer and self.cycle.status in ANSWERING
        self.proposals = proposals.for_participant(participant) if self.editable else []
        self.url = questionnaire_url(participant)
        self.attached = 0

    def answers(self) -> dict[str, Answer]:
        rows = (
            Answer.objects.filter(participant=self.participant)
            .select_related("verified_by")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
        )
        return {answer.question_key: answer for answer in rows}

    def form(self, data: Any = None, files: Any = None) -> forms.QuestionnaireForm:
        return forms.QuestionnaireForm(
            data,
            files,
            rubric=self.rubric,
            answers=self.answers() if data is None else {},
            proposals=[(p.key, p.title) for p in self.proposals if p.url],
        )

    # Rendering

    def _outline(
        self, answers: dict[str, Answer], form: forms.QuestionnaireForm | None
    ) -> list[StageView]:
        unproven = set(services.evidence_missing(self.participant, self.rubric))
        stages: list[StageView] = []
        number = 0
        for stage in self.rubric.stages:
            view = StageView(stage)
            for indicator in stage.indicators:
                questions: list[QuestionView] = []
                for question in indicator.questions:
                    number += 1
                    key = question.key
                    answer = answers.get(key)
                    state = "unanswered" if answer is None else ""
                    state = "evidence_missing" if key in unproven else state
                    item = QuestionView(
                        question=question,
                        number=number,
                        answer=answer,
                        evidence=list(answer.evidence.all()) if answer else [],
                        state=state,
                        evidence_label=str(forms.EVIDENCE_LABELS[question.evidence]),
                    )
                    if form is not None:
                        item.answer_field = form[f"answer-{key}"]
                        item.note_field = form[f"note-{key}"]
                        item.url_field = form[f"url-{key}"]
                        item.file_field = form[f"file-{key}"]
                    questions.append(item)
                view.indicators.append(IndicatorView(indicator, questions))
            stages.append(view)
        return stages

    def _proposal_views(
        self, answers: dict[str, Answer], form: forms.QuestionnaireForm | None
    ) -> list[ProposalView]:
        by_url: dict[str, list[str]] = {}
        for answer in answers.values():
            for evidence in answer.evidence.all():
                if evidence.url:
                    by_url.setdefault(evidence.url, []).append(answer.question_key)
        views: list[ProposalView] = []
        for proposal in self.proposals:
            absolute = self.request.build_absolute_uri(proposal.url) if proposal.url else ""
            bound = form[f"proposal-{proposal.key}"] if form is not None and proposal.url else None
            views.append(ProposalView(proposal, absolute, by_url.get(absolute, []), bound))
        return views

    def render(
        self,
        form: forms.QuestionnaireForm | None = None,
        *,
        status: int = 200,
        refusal: DomainValidationError | None = None,
    ) -> HttpResponse:
        if self.editable and form is None:
            form = self.form()
        answers = self.answers()
        outline = self._outline(answers, form if self.editable else None)
        missing = []
        if refusal is not None:
            keys = set(refusal.details.get("missing") or [])
            missing = [
                q
                for s in outline
                for i in s.indicators
                for q in i.questions
                if q.question.key in keys
            ]
        context = {
            "cycle": self.cycle,
            "participant": self.participant,
            "outline": outline,
            "form": form if self.editable else None,
            "editable": self.editable,
            "can_answer": self.can_answer,
            "answered": len(answers),
            "total": _question_count(self.rubric),
            "refusal": refusal,
            "missing": missing,
            "proposals": self._proposal_views(answers, form if self.editable else None),
        }
        return no_store(
            render(self.request, "monev/office/questionnaire.html", context, status=status)
        )

    # Saving

    def post(self) -> HttpResponse:
        if not self.can_answer:
            raise DjangoPermissionDenied(_("Anda tidak berwenang mengisi kuesioner ini."))
        if not self.editable:
            messages.error(self.request, _("Kuesioner tidak sedang dibuka."))
            return see_other(self.url)
        form = self.form(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.render(form, status=422)
        try:
            services.answers_save(
                participant=self.participant,
                actor=self.request.user,
                answers=form.answers(),
                notes=form.notes(),
            )
            refused = self._attach(form)
            if refused is not None:
                return self.render(refused, status=422)
            return self._act(self.request.POST.get("action", SAVE), form)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except InvalidTransition as exc:
            messages.error(self.request, exc.message)
            return see_other(self.url)
        except DomainValidationError as exc:
            for name, errors in (exc.details.get("fields") or {}).items():
                target = f"answer-{name.removeprefix('answers.')}"
                for error in errors:
                    form.add_error(target if target in form.fields else None, error)
            if not exc.details.get("fields"):
                form.add_error(None, exc.message)
            return self.render(form, status=422)

    def _attach(self, form: forms.QuestionnaireForm) -> forms.QuestionnaireForm | None:
        """Attach the links typed and the PDFs chosen; a form with the refusals, or None."""
        links, files = form.links(), form.uploads()
        if not links and not files:
            return None
        answers = {a.question_key: a for a in self.participant.answers.all()}
        refusals: dict[str, list[str]] = {}
        attached: list[str] = []
        for key, url in links.items():
            try:
                services.evidence_add_link(answer=answers[key], actor=self.request.user, url=url)
                attached.append(f"url-{key}")
            except DomainValidationError as exc:
                refusals[f"url-{key}"] = [_error_text(exc)]
        for key, upload in files.items():
            try:
                services.evidence_add_pdf(
                    answer=answers[key],
                    actor=self.request.user,
                    data=upload.read(),
                    filename=upload.name or "bukti.pdf",
                )
            except DomainValidationError as exc:
                refusals[f"file-{key}"] = [_error_text(exc)]
        self.attached = len(links) + len(files) - len(refusals)
        if not refusals:
            return None
        # Shown again without what was attached, so a second save does not attach it twice.
        data = self.request.POST.copy()
        for name in attached:
            data[name] = ""
        again = self.form(data)
        again.is_valid()
        for name, errors in refusals.items():
            for error in errors:
                again.add_error(name, error)
        return again

    def _act(self, action: str, form: forms.QuestionnaireForm) -> HttpResponse:
        anchor = ""
        if action.startswith(REMOVE):
            anchor = self._remove(action.removeprefix(REMOVE))
        elif action.startswith(PROPOSE):
            anchor = self._propose(action.removeprefix(PROPOSE), form)
        elif action == SUBMIT:
            try:
                services.participant_submit(participant=self.participant, actor=self.request.user)
            except DomainValidationError as exc:
                if not exc.details.get("missing"):
                    raise
                return self.render(status=422, refusal=exc)
            messages.success(self.request, _("Kuesioner terkirim."))
        else:
            text = _("Jawaban disimpan.")
            if self.attached:
                text += " " + _("%(n)d bukti dilampirkan.") % {"n": self.attached}
            messages.success(self.request, text)
            if action.startswith(ATTACH):
                anchor = f"q-{action.removeprefix(ATTACH)}"
        return see_other(self.url + (f"#{anchor}" if anchor else ""))

    def _remove(self, evidence_id: str) -> str:
        evidence = (
            Evidence.objects.select_related("answer__participant")
            .filter(answer__participant=self.participant, pk=evidence_id)
            .first()
            if evidence_id.isdigit()
            else None
        )
        if evidence is None:
            messages.error(self.request, _("Bukti tidak ditemukan."))
            return ""
        services.evidence_remove(evidence=evidence, actor=self.request.user)
        messages.success(self.request, _("Jawaban disimpan dan bukti dihapus."))
        return f"q-{evidence.answer.question_key}"

    def _propose(self, key: str, form: forms.QuestionnaireForm) -> str:
        proposal = next((p for p in self.proposals if p.key == key and p.url), None)
        question_key = form.proposal_question(key) if proposal is not None else ""
        if proposal is None or not question_key:
            messages.error(self.request, _("Pilih pertanyaan untuk usulan bukti ini."))
            return "usulan"
        answer = self.participant.answers.filter(question_key=question_key).first()
        if answer is None:
            messages.error(self.request, _("Jawab pertanyaan ini dulu sebelum melampirkan bukti."))
            return f"q-{question_key}"
        try:
            services.evidence_add_link(
                answer=answer,
                actor=self.request.user,
                url=self.request.build_absolute_uri(proposal.url),
                source_detail=f"{proposal.title}: {proposal.detail}",
                proposed=True,
            )
        except DomainValidationError as exc:
            messages.error(self.request, _error_text(exc))
            return f"q-{question_key}"
        messages.success(
            self.request,
            _("Usulan dilampirkan sebagai bukti. Periksa kembali isinya sebelum mengirim."),
        )
        return f"q-{question_key}"


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    require_office_access(request.user)
    page = Questionnaire(request, _participant_or_404(request.user, pk, unit))
    if request.method == "POST":
        return page.post()
    return page.render()


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """A PDF attached as evidence, for whoever sees its questionnaire (never rendered inline)."""
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    evidence = (
        Evidence.objects.filter(
            pk=evidence_id,
            kind=Evidence.Kind.PDF,
            answer__participant__in=selectors.participants_visible_to(request.user, cycle),
        )
        .only("file", "original_name")
        .first()
    )
    if evidence is None:
        raise Http404(_("Bukti tidak ditemukan."))
    response = file_response(
        evidence.file,
        filename=evidence.original_name or "bukti.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response
