"""The monev back office's evaluation pages under /kantor/monev/ (namespace `monev_office`):
verification of answers, contests (masa sanggah), panel scores, results with their CSV export,
improvement plans and coordination meetings (Perki 1/2022; domain.md section 3).

Views shape input and render; every rule is in `services.py`, who may act in `permissions.py`.
A cycle the user does not see is a 404; a page of a cycle the user sees but may not use is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from terbuka.bodies.models import PublicBody
from terbuka.bodies.permissions import require_office_access
from terbuka.bodies.selectors import is_superuser
from terbuka.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.web import apply_errors, no_store, see_other
from terbuka.inforequests.exports import write_csv
from terbuka.monev import evaluation_forms as eforms
from terbuka.monev import permissions, selectors, services
from terbuka.monev.models import (
    Answer,
    Attendance,
    Contest,
    EvaluationCycle,
    ImprovementAction,
    IndicatorScore,
    Meeting,
    Participant,
    Result,
)
from terbuka.monev.rubric import Indicator, Option, Question, Stage
from terbuka.monev.rubric import Rubric as RubricData
from terbuka.monev.states import (
    CONTESTING,
    DECIDING_CONTESTS,
    PANEL_SCORING,
    VERIFYING,
    ActionStatus,
    ContestStatus,
    CycleStatus,
    Verification,
)

PER_PAGE = 50
# Actions whose status cannot move any more keep their last owner and due date.
FINAL_ACTIONS = frozenset({ActionStatus.DROPPED, ActionStatus.CARRIED})
OPEN_ACTIONS = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# --- Lookups ---------------------------------------------------------------------------------


def _cycle_or_404(user: Any, pk: int) -> EvaluationCycle:
    cycle = selectors.cycle_get_visible(user, pk)
    if cycle is None:
        raise Http404(_("Siklus monev tidak ditemukan."))
    return cycle


def _participant_or_404(cycle: EvaluationCycle, unit_slug: str) -> Participant:
    participant = selectors.participant_get(cycle, unit_slug)
    if participant is None:
        raise Http404(_("Peserta tidak ditemukan dalam siklus ini."))
    return participant


def _refuse(message: str) -> DjangoPermissionDenied:
    return DjangoPermissionDenied(message)


def _claim(user: Any, purpose: str, token: Any) -> bool:
    """Claim a form's one-use token; False when the same form was sent before."""
    return services.form_token_claim(actor=user, purpose=purpose, token=str(token))


def _perform(
    request: HttpRequest,
    call: Callable[[], object],
    *,
    success: str,
    back: str,
    form: forms.Form | None = None,
    once: str = "",
) -> HttpResponse | None:
    """Run one service call and redirect to `back`; None when `form` now carries its errors.

    With `once`, the form's token is claimed in the same transaction, so a refused write frees
    it and a repeated submit changes nothing.
    """
    try:
        with transaction.atomic():
            if (
                once
                and form is not None
                and not _claim(request.user, once, form.cleaned_data["form_token"])
            ):
                messages.info(request, _("Formulir ini sudah dikirim; tidak ada yang diubah."))
                return see_other(back)
            call()
    except PermissionDenied as exc:
        raise _refuse(exc.message) from exc
    except NotFound as exc:
        raise Http404(exc.message) from exc
    except (InvalidTransition, Conflict) as exc:
        messages.error(request, exc.message)
        return see_other(back)
    except ValidationError as exc:
        if form is None:
            messages.error(request, exc.message)
            return see_other(back)
        apply_errors([form], exc, form)
        return None
    messages.success(request, success)
    return see_other(back)


def _pk(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404(name)
    return int(value)


def _stage_label(cycle: EvaluationCycle) -> str:
    return str(CycleStatus(cycle.status).label)


def _stages_text(allowed: frozenset[CycleStatus]) -> str:
    return ", ".join(str(s.label) for s in CycleStatus if s in allowed)


def _question_order(rubric: RubricData) -> dict[str, int]:
    return {question.key: index for index, (_s, _i, question) in enumerate(rubric.questions())}


def _option(question: Question | None, key: str) -> Option | None:
    return question.option(key) if question is not None and key else None


def _timeline(participant: Participant) -> list[Any]:
    return list(participant.events.select_related("actor").order_by("occurred_at", "id"))


# --- Verification overview -------------------------------------------------------------------


def _verification_rows(cycle: EvaluationCycle) -> QuerySet[Participant]:
    def answers(state: str) -> Count:
        return Count("answers", filter=Q(answers__verification=state), distinct=True)

    return (
        cycle.participants.select_related("unit")
        .annotate(
            unverified=answers(Verification.UNVERIFIED),
            accepted=answers(Verification.ACCEPTED),
            changed=answers(Verification.CHANGED),
            open_contests=Count(
                "answers__contests",
                filter=Q(answers__contests__status=ContestStatus.OPEN),
                distinct=True,
            ),
        )
        .order_by("group", "unit__name")
    )


@login_required
@require_GET
def verification(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    if not permissions.can_evaluate_cycle(request.user, cycle):
        raise _refuse(_("Hanya evaluator siklus ini yang memverifikasi jawaban."))
    context = {
        "cycle": cycle,
        "participants": list(_verification_rows(cycle)),
        "stage": _stage_label(cycle),
        "verifying": cycle.status in VERIFYING,
        "verifying_stages": _stages_text(VERIFYING),
    }
    return no_store(render(request, "monev/office/evaluation/verification.html", context))


# --- Verifying one participant ---------------------------------------------------------------


@dataclass
class AnswerRow:
    """One answer with what its question and options say, and the evaluator's form."""

    answer: Answer
    question: Question | None
    chosen: Option | None
    verified: Option | None
    form: forms.Form | None = None
    # An open contest waits for the evaluator's decision.
    pending: bool = False

    @property
    def evidence(self) -> list[Any]:
        return list(self.answer.evidence.all())


@dataclass
class ContestRow:
    contest: Contest
    question: Question | None
    requested: Option | None
    current: Option | None
    form: forms.Form | None = None


@dataclass
class PanelRow:
    stage: Stage
    indicator: Indicator
    score: IndicatorScore | None
    form: forms.Form | None = None


@dataclass
class Bound:
    """The form a refused POST is shown again with, by its kind and row key."""

    kind: str = ""
    key: str = ""
    form: forms.Form | None = None

    def pick(
        self, kind: str, key: object, build: Callable[..., forms.Form], **kwargs: Any
    ) -> forms.Form:
        """The refused form for this row, else `build(**kwargs)`."""
        if self.form is not None and self.kind == kind and self.key == str(key):
            return self.form
        return build(**kwargs)


def _answers(participant: Participant, rubric: RubricData) -> list[Answer]:
    order = _question_order(rubric)
    answers = participant.answers.prefetch_related("evidence").select_related("verified_by")
    return sorted(answers, key=lambda a: (order.get(a.question_key, len(order)), a.pk))


def _change_form(row_answer: Answer, question: Question, data: Any = None) -> forms.Form:
    return eforms.ChangeAnswerForm(
        data,
        question=question,
        current=row_answer.option_key,
        prefix=f"a{row_answer.pk}",
    )


def _verify_rows(
    participant: Participant, rubric: RubricData, bound: Bound, open_: bool
) -> list[AnswerRow]:
    rows = []
    for answer in _answers(participant, rubric):
        question = rubric.question(answer.question_key)
        row = AnswerRow(
            answer,
            question,
            _option(question, answer.option_key),
            _option(question, answer.verified_option_key),
        )
        if open_ and question is not None:
            row.form = bound.pick(
                "ubah", answer.pk, _change_form, row_answer=answer, question=question
            )
        rows.append(row)
    return rows


def _contests(participant: Participant) -> QuerySet[Contest]:
    return (
        Contest.objects.filter(answer__participant=participant)
        .select_related("answer", "filed_by", "decided_by")
        .order_by("-filed_at", "-id")
    )


def _contest_rows(
    participant: Participant, rubric: RubricData, bound: Bound, open_: bool
) -> list[ContestRow]:
    rows = []
    for contest in _contests(participant):
        question = rubric.question(contest.answer.question_key)
        row = ContestRow(
            contest,
            question,
            _option(question, contest.requested_option_key),
            _option(question, contest.answer.effective_option),
        )
        if open_ and contest.status == ContestStatus.OPEN:
            row.form = bound.pick(
                "putuskan",
                contest.pk,
                eforms.DecideContestForm,
                prefix=f"c{contest.pk}",
            )
        rows.append(row)
    return rows


def _panel_indicators(rubric: RubricData) -> list[tuple[Stage, Indicator]]:
    return [
        (stage, indicator)
        for stage in rubric.stages
        for indicator in stage.indicators
        if indicator.questions == ()
    ]


def _panel_rows(
    participant: Participant, rubric: RubricData, bound: Bound, open_: bool
) -> list[PanelRow]:
    scores = {row.indicator_key: row for row in participant.indicator_scores.all()}
    rows = []
    for stage, indicator in _panel_indicators(rubric):
        score = scores.get(indicator.key)
        row = PanelRow(stage, indicator, score)
        if open_:
            initial = {"score": score.score, "note": score.note} if score else None
            row.form = bound.pick(
                "nilai",
                indicator.key,
                eforms.PanelScoreForm,
                initial=initial,
                prefix=f"i-{indicator.key}",
            )
        rows.append(row)
    return rows


def _render_verify(
    request: HttpRequest,
    cycle: EvaluationCycle,
    participant: Participant,
    bound: Bound | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    bound = bound or Bound()
    rubric = services.rubric_of(cycle)
    flags = {
        "verifying": cycle.status in VERIFYING,
        "deciding": cycle.status in DECIDING_CONTESTS,
        "scoring": cycle.status in PANEL_SCORING,
    }
    context = {
        "cycle": cycle,
        "participant": participant,
        "stage": _stage_label(cycle),
        "rows": _verify_rows(participant, rubric, bound, flags["verifying"]),
        "contests": _contest_rows(participant, rubric, bound, flags["deciding"]),
        "panel": _panel_rows(participant, rubric, bound, flags["scoring"]),
        "verifying_stages": _stages_text(VERIFYING),
        "deciding_stages": _stages_text(DECIDING_CONTESTS),
        "scoring_stages": _stages_text(PANEL_SCORING),
        "timeline": _timeline(participant),
        **flags,
    }
    return no_store(render(request, "monev/office/evaluation/verify.html", context, status=status))


def _verify_accept(request: HttpRequest, participant: Participant, back: str) -> Any:
    answer = participant.answers.filter(pk=_pk(request, "answer")).first()
    if answer is None:
        raise Http404(_("Jawaban tidak ditemukan."))
    return _perform(
        request,
        lambda: services.answer_verify(answer=answer, actor=request.user),
        success=_("Jawaban diterima."),
        back=back,
    )


def _verify_change(request: HttpRequest, participant: Participant, back: str) -> Any:
    answer = participant.answers.filter(pk=_pk(request, "answer")).first()
    question = (
        services.rubric_of(participant.cycle).question(answer.question_key) if answer else None
    )
    if answer is None or question is None:
        raise Http404(_("Jawaban tidak ditemukan."))
    form = _change_form(answer, question, request.POST)
    if not form.is_valid():
        return Bound("ubah", str(answer.pk), form)
    data = form.cleaned_data
    done = _perform(
        request,
        lambda: services.answer_verify(
            answer=answer, actor=request.user, option_key=data["option_key"], note=data["note"]
        ),
        success=_("Jawaban diubah dengan alasan tercatat."),
        back=back,
        form=form,
    )
    return done or Bound("ubah", str(answer.pk), form)


def _contest_decide(request: HttpRequest, participant: Participant, back: str) -> Any:
    contest = (
        Contest.objects.filter(pk=_pk(request, "contest"), answer__participant=participant)
        .select_related("answer__participant")
        .first()
    )
    if contest is None:
        raise Http404(_("Sanggahan tidak ditemukan."))
    form = eforms.DecideContestForm(request.POST, prefix=f"c{contest.pk}")
    if not form.is_valid():
        return Bound("putuskan", str(contest.pk), form)
    done = _perform(
        request,
        lambda: services.contest_decide(
            contest=contest,
            actor=request.user,
            uphold=form.uphold,
            note=form.cleaned_data["note"],
        ),
        success=_("Sanggahan diputuskan."),
        back=back,
        form=form,
    )
    return done or Bound("putuskan", str(contest.pk), form)


def _panel_score(request: HttpRequest, participant: Participant, back: str) -> Any:
    key = request.POST.get("indicator", "")
    rubric = services.rubric_of(participant.cycle)
    if key not in {indicator.key for _stage, indicator in _panel_indicators(rubric)}:
        raise Http404(_("Indikator tidak ditemukan."))
    form = eforms.PanelScoreForm(request.POST, prefix=f"i-{key}")
    if not form.is_valid():
        return Bound("nilai", key, form)
    done = _perform(
        request,
        lambda: services.indicator_score_enter(
            participant=participant,
            actor=request.user,
            indicator_key=key,
            score=form.cleaned_data["score"],
            note=form.cleaned_data.get("note") or "",
        ),
        success=_("Nilai panel disimpan."),
        back=back,
        form=form,
    )
    return done or Bound("nilai", key, form)


VERIFY_ACTIONS: dict[str, Callable[[HttpRequest, Participant, str], Any]] = {
    "terima": _verify_accept,
    "ubah": _verify_change,
    "putuskan": _contest_decide,
    "nilai": _panel_score,
}


def verify_url(participant: Participant) -> str:
    return reverse(
        "monev_office:verify", kwargs={"pk": participant.cycle_id, "unit": participant.unit.slug}
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    participant = _participant_or_404(cycle, unit)
    if not permissions.can_evaluate_cycle(request.user, cycle):
        raise _refuse(_("Hanya evaluator siklus ini yang memverifikasi jawaban."))
    if request.method == "GET":
        return _render_verify(request, cycle, participant)
    handler = VERIFY_ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        raise Http404(_("Tindakan tidak dikenal."))
    outcome = handler(request, participant, verify_url(participant))
    if isinstance(outcome, Bound):
        return _render_verify(request, cycle, participant, outcome, status=422)
    return outcome  # type: ignore[no-any-return]


# --- Contests (masa sanggah) -----------------------------------------------------------------


def contest_url(participant: Participant) -> str:
    return reverse(
        "monev_office:contest", kwargs={"pk": participant.cycle_id, "unit": participant.unit.slug}
    )


def _contestable_rows(
    participant: Participant, rubric: RubricData, bound: Bound, open_: bool
) -> list[AnswerRow]:
    busy = set(
        Contest.objects.filter(
            answer__participant=participant, status=ContestStatus.OPEN
        ).values_list("answer_id", flat=True)
    )
    rows = []
    for answer in _answers(participant, rubric):
        if answer.verification == Verification.UNVERIFIED:
            continue
        question = rubric.question(answer.question_key)
        row = AnswerRow(
            answer,
            question,
            _option(question, answer.option_key),
            _option(question, answer.verified_option_key),
            pending=answer.pk in busy,
        )
        if open_ and question is not None and not row.pending:
            row.form = bound.pick(
                "sanggah",
                answer.pk,
                eforms.ContestForm,
                question=question,
                current=answer.effective_option,
                prefix=f"a{answer.pk}",
            )
        rows.append(row)
    return rows


def _render_contest(
    request: HttpRequest,
    cycle: EvaluationCycle,
    participant: Participant,
    bound: Bound | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    bound = bound or Bound()
    rubric = services.rubric_of(cycle)
    contesting = cycle.status in CONTESTING
    rows = _contestable_rows(participant, rubric, bound, contesting)
    context = {
        "cycle": cycle,
        "participant": participant,
        "stage": _stage_label(cycle),
        "contesting": contesting,
        "contesting_stages": _stages_text(CONTESTING),
        "rows": rows,
        "unverified": participant.answers.filter(verification=Verification.UNVERIFIED).count(),
        "contests": _contest_rows(participant, rubric, Bound(), open_=False),
    }
    return no_store(render(request, "monev/office/evaluation/contest.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def contest(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    participant = _participant_or_404(cycle, unit)
    if not permissions.can_answer(request.user, participant):
        raise _refuse(_("Hanya peserta yang menyanggah hasil verifikasinya."))
    if request.method == "GET":
        return _render_contest(request, cycle, participant)
    answer = participant.answers.filter(pk=_pk(request, "answer")).first()
    question = services.rubric_of(cycle).question(answer.question_key) if answer else None
    if answer is None or question is None:
        raise Http404(_("Jawaban tidak ditemukan."))
    form = eforms.ContestForm(
        request.POST, question=question, current=answer.effective_option, prefix=f"a{answer.pk}"
    )
    done = _file_contest(request, participant, answer, form) if form.is_valid() else None
    if done is not None:
        return done
    bound = Bound("sanggah", str(answer.pk), form)
    return _render_contest(request, cycle, participant, bound, status=422)


def _file_contest(
    request: HttpRequest, participant: Participant, answer: Answer, form: forms.Form
) -> HttpResponse | None:
    data = form.cleaned_data
    return _perform(
        request,
        lambda: services.contest_file(
            answer=answer,
            actor=request.user,
            requested_option_key=data["requested_option_key"],
            reason=data["reason"],
        ),
        success=_("Sanggahan diajukan; evaluator akan memutuskannya."),
        back=contest_url(participant),
        form=form,
        once="contest",
    )


# --- Results ---------------------------------------------------------------------------------


@dataclass
class Threshold:
    name: str
    low: Decimal
    below: Decimal | None  # the next category's minimum; None for the best one


@dataclass
class ResultRow:
    result: Result
    may_open_plan: bool

    @property
    def group(self) -> str:
        return self.result.participant.group


def _thresholds(rubric: RubricData) -> list[Threshold]:
    rows: list[Threshold] = []
    above: Decimal | None = None
    for category in rubric.categories:  # highest minimum first
        rows.append(Threshold(category.name, category.min, above))
        above = category.min
    return rows


def _plan_ids(user: Any, cycle: EvaluationCycle) -> set[int] | None:
    """The participants whose plans the user opens; None for every participant."""
    if permissions.can_read_every_participant(user, cycle):
        return None
    return set(selectors.participants_visible_to(user, cycle).values_list("pk", flat=True))


@login_required
@require_GET
def results(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    plan_ids = _plan_ids(request.user, cycle)
    rows = [
        ResultRow(result, plan_ids is None or result.participant_id in plan_ids)
        for result in selectors.results_for(cycle)
    ]
    context = {
        "cycle": cycle,
        "stage": _stage_label(cycle),
        "rows": rows,
        "thresholds": _thresholds(services.rubric_of(cycle)),
        "can_export": permissions.can_organise_cycle(request.user, cycle),
    }
    return no_store(render(request, "monev/office/evaluation/results.html", context))


def results_csv_bytes(results: Iterable[Result]) -> bytes:
    """The results as the site's CSV (formulas defused); scores with a decimal comma, so Excel
    with Indonesian settings reads them as numbers."""
    columns = [
        ("group", _("Kelompok")),
        ("unit", _("Unit")),
        ("score", _("Nilai")),
        ("category", _("Kategori")),
        ("rank", _("Peringkat dalam kelompok")),
        ("overall_rank", _("Peringkat keseluruhan")),
    ]
    rows = (
        {
            "group": result.participant.group,
            "unit": result.participant.unit.name,
            "score": f"{result.score:.2f}".replace(".", ","),
            "category": result.category,
            "rank": result.rank,
            "overall_rank": result.overall_rank,
        }
        for result in results
    )
    return write_csv(rows, columns)


@login_required
@require_GET
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    if not permissions.can_organise_cycle(request.user, cycle):
        raise _refuse(_("Hanya penyelenggara yang mengunduh hasil."))
    response = HttpResponse(
        results_csv_bytes(selectors.results_for(cycle)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="hasil-monev-{cycle.year}-{cycle.pk}.csv"'
    )
    return no_store(response)


# --- Improvement plans -----------------------------------------------------------------------


@dataclass
class LostRow:
    key: str
    question: Question | None
    points: Decimal


@dataclass
class ActionRow:
    action: ImprovementAction
    question: Question | None
    form: forms.Form | None = None


def plan_url(participant: Participant) -> str:
    return reverse(
        "monev_office:plan", kwargs={"pk": participant.cycle_id, "unit": participant.unit.slug}
    )


def _owners(participant: Participant) -> QuerySet[Any]:
    """Accounts that may own an action: active members of the participant's unit."""
    return (
        get_user_model()
        .objects.filter(
            memberships__unit_id=participant.unit_id,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("email")
    )


def _actions(participant: Participant) -> list[ImprovementAction]:
    return list(
        participant.actions.select_related("owner", "carried_from__participant__cycle").order_by(
            "-lost_points", "id"
        )
    )


def _lost_without_action(
    participant: Participant, rubric: RubricData, actions: list[ImprovementAction]
) -> list[LostRow]:
    result = Result.objects.filter(participant=participant).first()
    if result is None:
        return []
    planned = {action.question_key for action in actions if action.question_key}
    return [
        LostRow(item["question"], rubric.question(item["question"]), Decimal(item["points"]))
        for item in result.lost
        if item.get("question") not in planned
    ]


@dataclass
class PlanForms:
    create: forms.Form | None = None
    bound: Bound = field(default_factory=Bound)


def _render_plan(
    request: HttpRequest,
    cycle: EvaluationCycle,
    participant: Participant,
    plan_forms: PlanForms | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    plan_forms = plan_forms or PlanForms()
    rubric = services.rubric_of(cycle)
    can_edit = permissions.can_answer(request.user, participant)
    actions = _actions(participant)
    rows = [ActionRow(action, rubric.question(action.question_key)) for action in actions]
    create: forms.Form | None = None
    if can_edit:
        for row in rows:
            if row.action.status not in FINAL_ACTIONS:
                row.form = plan_forms.bound.pick(
                    "ubah",
                    row.action.pk,
                    eforms.ActionUpdateForm,
                    action=row.action,
                    prefix=f"t{row.action.pk}",
                )
        question = rubric.question(request.GET.get("pertanyaan", ""))
        create = plan_forms.create or eforms.ActionCreateForm(
            owners=_owners(participant),
            initial={
                "title": question.text if question else "",
                "question_key": question.key if question else "",
            },
        )
    context = {
        "cycle": cycle,
        "participant": participant,
        "rows": rows,
        "lost": _lost_without_action(participant, rubric, actions),
        "can_edit": can_edit,
        "create_form": create,
    }
    return no_store(render(request, "monev/office/evaluation/plan.html", context, status=status))


def _plan_create(request: HttpRequest, participant: Participant) -> HttpResponse | PlanForms:
    form = eforms.ActionCreateForm(request.POST, owners=_owners(participant))
    if form.is_valid():
        data = form.cleaned_data
        done = _perform(
            request,
            lambda: services.action_create(
                participant=participant,
                actor=request.user,
                title=data["title"],
                due_on=data.get("due_on"),
                owner=data.get("owner"),
                owner_name=data.get("owner_name") or "",
                note=data.get("note") or "",
                question_key=data.get("question_key") or "",
            ),
            success=_("Tindakan perbaikan ditambahkan."),
            back=plan_url(participant),
            form=form,
            once="action",
        )
        if done is not None:
            return done
    return PlanForms(create=form)


def _plan_update(request: HttpRequest, participant: Participant) -> HttpResponse | PlanForms:
    action = participant.actions.filter(pk=_pk(request, "tindakan")).first()
    if action is None:
        raise Http404(_("Tindakan tidak ditemukan."))
    form = eforms.ActionUpdateForm(request.POST, action=action, prefix=f"t{action.pk}")
    if form.is_valid():
        data = form.cleaned_data
        done = _perform(
            request,
            lambda: services.action_update(
                action=action,
                actor=request.user,
                status=data["status"],
                owner_name=data.get("owner_name") or "",
                due_on=data.get("due_on"),
            ),
            success=_("Tindakan perbaikan diperbarui."),
            back=plan_url(participant),
            form=form,
        )
        if done is not None:
            return done
    return PlanForms(bound=Bound("ubah", str(action.pk), form))


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, pk: int, unit: str) -> HttpResponse:
    require_office_access(request.user)
    cycle = _cycle_or_404(request.user, pk)
    participant = _participant_or_404(cycle, unit)
    if not permissions.can_view_participant(request.user, participant):
        raise _refuse(_("Rencana perbaikan ini milik unit lain."))
    if request.method == "GET":
        return _render_plan(request, cycle, participant)
    handlers = {"tambah": _plan_create, "ubah": _plan_update}
    handler = handlers.get(request.POST.get("action", ""))
    if handler is None:
        raise Http404(_("Tindakan tidak dikenal."))
    outcome = handler(request, participant)
    if isinstance(outcome, PlanForms):
        return _render_plan(request, cycle, participant, outcome, status=422)
    return outcome


# --- Coordination meetings -------------------------------------------------------------------


def _meeting_bodies(user: Any) -> QuerySet[PublicBody]:
    """Bodies whose meetings the user reads: those whose cycles they see, those they organise."""
    if is_superuser(user):
        return PublicBody.objects.all()
    return PublicBody.objects.filter(
        Q(pk__in=selectors.cycles_visible_to(user).values("body_id"))
        | Q(pk__in=selectors.organiser_body_ids(user))
    )


def _meetings(user: Any) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body__in=_meeting_bodies(user))
        .select_related("body", "cycle")
        .prefetch_related(
            Prefetch("attendance", queryset=Attendance.objects.select_related("unit"))
        )
    )


def meeting_url(meeting: Meeting) -> str:
    return reverse("monev_office:meeting", kwargs={"pk": meeting.pk})


@login_required
@require_GET
def meetings(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    now = timezone.now()
    qs = _meetings(request.user)
    page = Paginator(qs.filter(starts_at__lt=now).order_by("-starts_at", "-id"), PER_PAGE).get_page(
        request.GET.get("halaman")
    )
    upcoming = list(qs.filter(starts_at__gte=now).order_by("starts_at", "id"))
    past = list(page.object_list)
    context = {
        "upcoming": upcoming,
        "page": page,
        "past": past,
        "several_bodies": len({m.body_id for m in upcoming + past}) > 1,
        "can_create": selectors.bodies_organised_by(request.user).exists(),
    }
    return no_store(render(request, "monev/office/evaluation/meeting_list.html", context))


def _open_actions(
    body: PublicBody, units: Iterable[int] | None = None, *, meeting: Meeting | None = None
) -> QuerySet[ImprovementAction]:
    """Unfinished actions of the body's units (of `units`), and those `meeting` linked."""
    scope = Q(participant__cycle__body=body, status__in=list(OPEN_ACTIONS))
    if units is not None:
        scope &= Q(participant__unit_id__in=list(units))
    if meeting is not None:
        scope |= Q(pk__in=meeting.actions.values("pk"))
    return (
        ImprovementAction.objects.filter(scope)
        .select_related("participant__unit", "participant__cycle")
        .order_by("participant__unit__name", "-lost_points", "id")
    )


def _chosen_body(request: HttpRequest) -> PublicBody | list[PublicBody]:
    """The body named by `?badan=` (or the user's only one), else the bodies to pick from."""
    bodies = list(selectors.bodies_organised_by(request.user))
    if not bodies:
        raise _refuse(_("Hanya PPID Utama yang menjadwalkan rapat koordinasi monev."))
    slug = request.GET.get("badan") or (bodies[0].slug if len(bodies) == 1 else "")
    return next((b for b in bodies if b.slug == slug), bodies)


def _meeting_form(body: PublicBody, data: Any = None) -> eforms.MeetingForm:
    return eforms.MeetingForm(
        data,
        units=selectors.units_for_cycle(body).order_by("path"),
        cycles=EvaluationCycle.objects.filter(body=body).order_by("-year", "-id"),
        actions=_open_actions(body),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    require_office_access(request.user)
    body = _chosen_body(request)
    if isinstance(body, list):
        context: dict[str, Any] = {"bodies": body, "form": None}
        return no_store(render(request, "monev/office/evaluation/meeting_form.html", context))
    posted = request.method == "POST"
    form = _meeting_form(body, request.POST if posted else None)
    if posted and form.is_valid():
        done = _create_meeting(request, body, form)
        if done is not None:
            return done
    context = {"body": body, "form": form, "bodies": []}
    return no_store(
        render(
            request,
            "monev/office/evaluation/meeting_form.html",
            context,
            status=422 if posted else 200,
        )
    )


def _create_meeting(
    request: HttpRequest, body: PublicBody, form: eforms.MeetingForm
) -> HttpResponse | None:
    """Schedule the meeting and open its page; None when `form` now carries the errors."""
    data = form.cleaned_data
    created: list[Meeting] = []
    done = _perform(
        request,
        lambda: created.append(
            services.meeting_create(
                actor=request.user,
                body=body,
                title=data["title"],
                starts_at=data["starts_at"],
                place=data["place"],
                agenda=data["agenda"],
                units=list(data["units"]),
                cycle=data.get("cycle"),
                actions=list(data.get("actions") or []),
            )
        ),
        success=_("Rapat koordinasi dijadwalkan."),
        back=reverse("monev_office:meetings"),
        form=form,
        once="meeting",
    )
    if done is not None and created:
        return see_other(meeting_url(created[0]))
    return done


def _meeting_or_404(user: Any, pk: int) -> Meeting:
    meeting = _meetings(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("Rapat tidak ditemukan."))
    return meeting


def _record_form(meeting: Meeting, data: Any = None) -> eforms.MeetingRecordForm:
    attendance = sorted(meeting.attendance.all(), key=lambda row: row.unit.name)
    return eforms.MeetingRecordForm(
        data,
        attendance=attendance,
        actions=_open_actions(meeting.body, [row.unit_id for row in attendance], meeting=meeting),
        initial={"minutes": meeting.minutes, "actions": list(meeting.actions.all())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    require_office_access(request.user)
    meeting = _meeting_or_404(request.user, pk)
    can_record = permissions.can_organise_body(request.user, meeting.body)
    if request.method == "POST" and not can_record:
        raise _refuse(_("Hanya PPID Utama yang mencatat hasil rapat."))
    posted = request.method == "POST"
    form = _record_form(meeting, request.POST if posted else None) if can_record else None
    if posted and form is not None and form.is_valid():
        done = _perform(
            request,
            lambda: services.meeting_record(
                meeting=meeting,
                actor=request.user,
                minutes=form.cleaned_data.get("minutes") or "",
                attendance=form.attendance_values(),
                actions=form.chosen_actions(),
            ),
            success=_("Hasil rapat dicatat."),
            back=meeting_url(meeting),
            form=form,
        )
        if done is not None:
            return done
    return _render_meeting(request, meeting, form, status=422 if posted else 200)


def _render_meeting(
    request: HttpRequest,
    meeting: Meeting,
    form: eforms.MeetingRecordForm | None,
    *,
    status: int = 200,
) -> HttpResponse:
    context = {
        "meeting": meeting,
        "attendance": sorted(meeting.attendance.all(), key=lambda row: row.unit.name),
        "actions": list(meeting.actions.select_related("participant__unit", "participant__cycle")),
        "form": form,
        "unit_fields": list(eforms.unit_fields(form)) if form is not None else [],
        "upcoming": meeting.starts_at >= timezone.now(),
    }
    return no_store(
        render(request, "monev/office/evaluation/meeting_detail.html", context, status=status)
    )
