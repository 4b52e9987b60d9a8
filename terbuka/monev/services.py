"""Every write of monev: rubrics, cycles and their stages, answers, verification, contests, panel
scores, computing results, and improvement actions.

Each change locks its aggregate (the cycle, or the participant), checks `states.py`, saves and
appends a `MonevEvent`. Scores come from `scoring.py` (exact, rounded once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import InvalidTransition, ValidationError
from terbuka.core.files import save_to_field
from terbuka.core.service_helpers import (
    actor_or_none,
    claim_form_token,
    claim_key,
    field_error,
    require,
)
from terbuka.monev import permissions, scoring
from terbuka.monev.models import (
    Answer,
    Attendance,
    Contest,
    EvaluationCycle,
    Evidence,
    HistoricalResult,
    ImprovementAction,
    IndicatorScore,
    Meeting,
    MonevEvent,
    MonevIdempotencyKey,
    Participant,
    Result,
    Rubric,
)
from terbuka.monev.rubric import Evidence as EvidenceRule
from terbuka.monev.rubric import Rubric as RubricData
from terbuka.monev.rubric import parse_rubric, rubric_to_json
from terbuka.monev.states import (
    ANSWERING,
    COMPUTING,
    CONTESTING,
    DECIDING_CONTESTS,
    PANEL_SCORING,
    VERIFYING,
    ActionStatus,
    ContestStatus,
    CycleStatus,
    Verification,
    action_can_move,
    cycle_can_move,
)
from terbuka.safety.detect import detect_type

Kind = MonevEvent.Kind
C = CycleStatus
MAX_NAME = 300
MAX_NOTE = 4000
MAX_PARTICIPANTS = 5000
# How many of the questions that lost the most points become improvement actions.
PLAN_SIZE = 5


def _event(
    kind: str,
    *,
    cycle: EvaluationCycle,
    actor: Any,
    participant: Participant | None = None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> MonevEvent:
    return MonevEvent.objects.create(
        cycle=cycle,
        participant=participant,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor_or_none(actor),
        note=note,
        data=data or {},
        occurred_at=timezone.now(),
    )


def _text(field: str, value: Any, message: str, *, limit: int = MAX_NAME) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        field_error(field, message)
    if len(text) > limit:
        field_error(field, _("Paling banyak %(n)d karakter.") % {"n": limit})
    return text


def _note(value: Any) -> str:
    text = str(value or "").strip()
    if len(text) > MAX_NOTE:
        field_error("note", _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE})
    return text


def _year(year: Any) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        field_error("year", _("Tahun harus antara 2000 dan 2100."))
    return year


def rubric_of(cycle: EvaluationCycle) -> RubricData:
    """The cycle's rubric, parsed (it was checked when stored)."""
    return parse_rubric(cycle.rubric.definition)


def _lock_cycle(cycle: EvaluationCycle) -> EvaluationCycle:
    return (
        EvaluationCycle.objects.select_for_update(of=("self",))
        .select_related("rubric")
        .get(pk=cycle.pk)
    )


def _lock_participant(participant: Participant) -> Participant:
    return (
        Participant.objects.select_for_update(of=("self",))
        .select_related("cycle", "cycle__rubric", "unit")
        .get(pk=participant.pk)
    )


def _require_stage(cycle: EvaluationCycle, allowed: frozenset[CycleStatus], message: str) -> None:
    if cycle.status not in allowed:
        raise InvalidTransition(message, code="wrong_stage")


def _require_answering(cycle: EvaluationCycle) -> None:
    """Answers, evidence and submissions while the questionnaire is open and its closing day
    (when the schedule sets one) has not passed."""
    _require_stage(cycle, ANSWERING, _("Kuesioner tidak sedang dibuka."))
    closes = cycle.questionnaire_closes_on
    if closes is not None and timezone.localdate() > closes:
        raise InvalidTransition(
            _("Batas waktu pengisian kuesioner sudah lewat (%(day)s).")
            % {"day": closes.strftime("%d-%m-%Y")},
            code="questionnaire_closed",
        )


# --- Rubrics and cycles ----------------------------------------------------------------------


@transaction.atomic
def rubric_create(*, actor: Any, body: PublicBody | None, data: Any, source: str = "") -> Rubric:
    """Store a rubric after `parse_rubric` checked it (raises `RubricError` with every path)."""
    if body is not None:
        require(permissions.can_organise_body(actor, body))
    else:
        require(bool(getattr(actor, "is_superuser", False)))
    rubric = parse_rubric(data)
    return Rubric.objects.create(
        body=body,
        name=rubric.name,
        year=rubric.year,
        source=" ".join(source.split())[:300],
        definition=rubric_to_json(rubric),
        created_by=actor_or_none(actor),
    )


def _default_group(unit: Unit) -> str:
    return str(unit.get_kind_display())


@dataclass(frozen=True)
class Schedule:
    questionnaire_opens_on: date | None = None
    questionnaire_closes_on: date | None = None
    verification_closes_on: date | None = None
    objection_closes_on: date | None = None
    presentation_on: date | None = None
    announced_on: date | None = None

    def check(self) -> None:
        dates = [
            ("questionnaire_opens_on", self.questionnaire_opens_on),
            ("questionnaire_closes_on", self.questionnaire_closes_on),
            ("verification_closes_on", self.verification_closes_on),
            ("objection_closes_on", self.objection_closes_on),
            ("presentation_on", self.presentation_on),
            ("announced_on", self.announced_on),
        ]
        last: date | None = None
        for name, day in dates:
            if day is None:
                continue
            if last is not None and day < last:
                field_error(
                    name, _("Jadwal harus berurutan: tanggal ini sebelum tahap sebelumnya.")
                )
            last = day


@transaction.atomic
def cycle_create(
    *,
    actor: Any,
    body: PublicBody,
    name: str,
    year: Any,
    rubric: Rubric | Mapping[str, Any],
    participants: Sequence[Unit | tuple[Unit, str]],
    organiser: str = "",
    schedule: Schedule | None = None,
    open_questionnaire: bool = False,
    idempotency_key: str | None = None,
) -> EvaluationCycle:
    """Create a cycle over `participants` (units, or (unit, group) pairs) with a rubric.

    `rubric` is a stored `Rubric` or its JSON (checked and stored now). With
    `open_questionnaire` the questionnaire opens at once (the API's cycles are answered right
    away). A repeated `idempotency_key` with the same content returns the first cycle.
    """
    require(permissions.can_organise_body(actor, body))
    name = _text("name", name, _("Nama siklus wajib diisi."))
    year = _year(year)
    organiser = " ".join((organiser or "").split())[:200] or _("PPID Utama %(body)s") % {
        "body": body.name
    }
    schedule = schedule or Schedule()
    schedule.check()
    pairs: list[tuple[Unit, str]] = []
    for item in participants:
        unit, group = item if isinstance(item, tuple) else (item, "")
        pairs.append((unit, (group or "").strip()[:100] or _default_group(unit)))
    if not pairs:
        field_error("participants", _("Pilih setidaknya satu peserta."))
    if len(pairs) > MAX_PARTICIPANTS:
        field_error("participants", _("Paling banyak %(n)d peserta.") % {"n": MAX_PARTICIPANTS})
    units = [unit for unit, _group in pairs]
    if len({u.pk for u in units}) != len(units):
        field_error("participants", _("Ada unit yang disebut lebih dari sekali."))
    foreign = [u.name for u in units if u.body_id != body.pk or not u.is_active]
    if foreign:
        field_error(
            "participants",
            _("Unit bukan milik badan publik ini atau tidak aktif: %(names)s.")
            % {"names": ", ".join(foreign)},
        )
    definition = rubric.definition if isinstance(rubric, Rubric) else rubric
    digest = hashlib.sha256(
        json.dumps(
            {
                "name": name,
                "year": year,
                "rubric": definition,
                "participants": sorted((u.pk, g) for u, g in pairs),
            },
            sort_keys=True,
            default=str,
        ).encode()
    ).hexdigest()
    key_row, existing = claim_key(
        MonevIdempotencyKey,
        "cycle",
        f"monev:{actor.pk}:{body.pk}",
        idempotency_key,
        digest,
        reused=_("Kunci idempotensi sudah dipakai untuk siklus lain."),
        pending=_("Siklus dengan kunci ini sedang dibuat."),
    )
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    if isinstance(rubric, Rubric):
        if rubric.body_id not in (None, body.pk):
            field_error("rubric", _("Rubrik milik badan publik lain."))
        stored = rubric
    else:
        parsed = parse_rubric(rubric)
        stored = Rubric.objects.create(
            body=body,
            name=parsed.name,
            year=parsed.year,
            definition=rubric_to_json(parsed),
            created_by=actor_or_none(actor),
        )
    cycle = EvaluationCycle.objects.create(
        body=body,
        name=name,
        year=year,
        organiser=organiser,
        rubric=stored,
        created_by=actor_or_none(actor),
        **{k: getattr(schedule, k) for k in Schedule.__dataclass_fields__},
    )
    Participant.objects.bulk_create(
        Participant(cycle=cycle, unit=unit, group=group) for unit, group in pairs
    )
    _event(
        Kind.CYCLE_CREATED,
        cycle=cycle,
        actor=actor,
        to_status=cycle.status,
        data={"participants": len(pairs), "rubric": stored.pk},
    )
    if key_row is not None:
        key_row.cycle = cycle
        key_row.save(update_fields=["cycle"])
    if open_questionnaire:
        cycle = cycle_move(cycle=cycle, actor=actor, to=C.QUESTIONNAIRE)
    return cycle


@transaction.atomic
def cycle_reschedule(
    *, cycle: EvaluationCycle, actor: Any, schedule: Schedule, note: str = ""
) -> EvaluationCycle:
    """Change a cycle's schedule, e.g. extend the questionnaire's closing day."""
    require(permissions.can_organise_cycle(actor, cycle))
    cycle = _lock_cycle(cycle)
    if cycle.status == C.CANCELLED:
        raise InvalidTransition(_("Siklus sudah dibatalkan."), code="cycle_cancelled")
    schedule.check()
    before = {k: getattr(cycle, k) for k in Schedule.__dataclass_fields__}
    for name in Schedule.__dataclass_fields__:
        setattr(cycle, name, getattr(schedule, name))
    cycle.save(update_fields=[*Schedule.__dataclass_fields__, "updated_at"])
    _event(
        Kind.RESCHEDULED,
        cycle=cycle,
        actor=actor,
        note=_note(note),
        data={
            name: {
                "from": before[name].isoformat() if before[name] else None,
                "to": getattr(schedule, name).isoformat() if getattr(schedule, name) else None,
            }
            for name in Schedule.__dataclass_fields__
            if before[name] != getattr(schedule, name)
        },
    )
    return cycle


@transaction.atomic
def cycle_move(*, cycle: EvaluationCycle, actor: Any, to: str, note: str = "") -> EvaluationCycle:
    """Move a cycle to its next stage (`CYCLE_TRANSITIONS`); announcing computes first."""
    require(permissions.can_organise_cycle(actor, cycle))
    cycle = _lock_cycle(cycle)
    if to not in CycleStatus.values or not cycle_can_move(cycle.status, to):
        raise InvalidTransition(
            _("Siklus tidak dapat berpindah dari %(old)s ke %(new)s.")
            % {
                "old": CycleStatus(cycle.status).label,
                "new": CycleStatus(to).label if to in CycleStatus.values else to,
            },
            code="invalid_transition",
        )
    if to == C.ANNOUNCED:
        open_contests = Contest.objects.filter(
            answer__participant__cycle=cycle, status=ContestStatus.OPEN
        ).count()
        if open_contests:
            raise InvalidTransition(
                _("Masih ada %(n)d sanggahan yang belum diputuskan.") % {"n": open_contests},
                code="open_contests",
            )
        _compute(cycle, actor)
    old = cycle.status
    cycle.status = to
    fields = ["status", "updated_at"]
    if to == C.ANNOUNCED and cycle.announced_on is None:
        cycle.announced_on = timezone.localdate()
        fields.append("announced_on")
    cycle.save(update_fields=fields)
    _event(
        Kind.CYCLE_MOVED, cycle=cycle, actor=actor, from_status=old, to_status=to, note=_note(note)
    )
    if to == C.ANNOUNCED:
        _record_history(cycle)
        _plan_improvements(cycle, actor)
    return cycle


# --- Answers ---------------------------------------------------------------------------------


def _check_answers(rubric: RubricData, answers: Mapping[str, Any]) -> dict[str, str]:
    if not isinstance(answers, Mapping):
        field_error("answers", _("Jawaban harus berupa objek {kunci pertanyaan: kunci pilihan}."))
    problems: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    for key, value in answers.items():
        question = rubric.question(str(key))
        if question is None:
            problems[f"answers.{key}"] = [_("Pertanyaan tidak ada dalam rubrik.")]
            continue
        if not isinstance(value, str) or question.option(value) is None:
            problems[f"answers.{key}"] = [
                _("Pilihan tidak dikenal. Yang ada: %(keys)s.")
                % {"keys": ", ".join(o.key for o in question.options)}
            ]
            continue
        cleaned[question.key] = value
    if problems:
        raise ValidationError(
            _("Ada jawaban yang tidak sesuai dengan rubrik."),
            code="invalid_answers",
            fields=problems,
        )
    return cleaned


@transaction.atomic
def answers_save(
    *,
    participant: Participant,
    actor: Any,
    answers: Mapping[str, Any],
    notes: Mapping[str, str] | None = None,
) -> list[Answer]:
    """Save (insert or change) a participant's answers while the questionnaire is open.

    Every answer is checked against the rubric first; one bad key refuses all of them. A
    changed option clears a verification made before the change.
    """
    require(permissions.can_answer(actor, participant))
    participant = _lock_participant(participant)
    cycle = participant.cycle
    _require_answering(cycle)
    cleaned = _check_answers(rubric_of(cycle), answers)
    notes = notes or {}
    existing = {a.question_key: a for a in participant.answers.all()}
    now = timezone.now()
    saved: list[Answer] = []
    changed: list[str] = []
    for key, option in cleaned.items():
        note = _note(notes.get(key, ""))
        answer = existing.get(key)
        if answer is None:
            answer = Answer.objects.create(
                participant=participant,
                question_key=key,
                option_key=option,
                note=note,
                answered_by=actor_or_none(actor),
                answered_at=now,
            )
            changed.append(key)
        elif answer.option_key != option or (key in notes and answer.note != note):
            if answer.option_key != option:
                answer.verification = Verification.UNVERIFIED
                answer.verified_option_key = ""
                answer.verified_by = None
                answer.verified_at = None
            answer.option_key = option
            if key in notes:
                answer.note = note
            answer.answered_by = actor_or_none(actor)
            answer.answered_at = now
            answer.save()
            changed.append(key)
        saved.append(answer)
    if changed:
        _event(
            Kind.ANSWERS_SAVED,
            cycle=cycle,
            participant=participant,
            actor=actor,
            data={"questions": changed},
        )
    return saved


@transaction.atomic
def participant_submit(*, participant: Participant, actor: Any) -> Participant:
    """Send the questionnaire; every question must be answered (evidence is checked too)."""
    require(permissions.can_answer(actor, participant))
    participant = _lock_participant(participant)
    cycle = participant.cycle
    _require_answering(cycle)
    rubric = rubric_of(cycle)
    answered = set(participant.answers.values_list("question_key", flat=True))
    missing = [q.key for _s, _i, q in rubric.questions() if q.key not in answered]
    if missing:
        raise ValidationError(
            _("Masih ada %(n)d pertanyaan yang belum dijawab.") % {"n": len(missing)},
            code="unanswered",
            missing=missing,
        )
    unproven = evidence_missing(participant, rubric)
    if unproven:
        raise ValidationError(
            _("Masih ada %(n)d jawaban yang belum dilengkapi bukti.") % {"n": len(unproven)},
            code="evidence_missing",
            missing=unproven,
        )
    first = participant.submitted_at is None
    participant.submitted_at = timezone.now()
    participant.submitted_by = actor_or_none(actor)
    participant.save(update_fields=["submitted_at", "submitted_by"])
    _event(
        Kind.SUBMITTED,
        cycle=cycle,
        participant=participant,
        actor=actor,
        data={"first": first},
    )
    return participant


# --- Verification, contests and panel scores -------------------------------------------------


@transaction.atomic
def answer_verify(
    *, answer: Answer, actor: Any, option_key: str | None = None, note: str = ""
) -> Answer:
    """Accept an answer (`option_key` None or the same) or change it, with a note."""
    participant = _lock_participant(answer.participant)
    cycle = participant.cycle
    require(permissions.can_evaluate_cycle(actor, cycle))
    _require_stage(cycle, VERIFYING, _("Verifikasi tidak sedang berlangsung."))
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    note = _note(note)
    if option_key in (None, "", answer.option_key):
        answer.verification = Verification.ACCEPTED
        answer.verified_option_key = ""
    else:
        question = rubric_of(cycle).question(answer.question_key)
        if question is None or question.option(str(option_key)) is None:
            field_error("option_key", _("Pilihan tidak dikenal."))
        if not note:
            field_error("note", _("Tuliskan alasan mengubah jawaban."))
        answer.verification = Verification.CHANGED
        answer.verified_option_key = str(option_key)
    answer.verification_note = note
    answer.verified_by = actor_or_none(actor)
    answer.verified_at = timezone.now()
    answer.save()
    _event(
        Kind.VERIFIED,
        cycle=cycle,
        participant=participant,
        actor=actor,
        note=note,
        data={
            "question": answer.question_key,
            "verification": answer.verification,
            "option": answer.effective_option,
        },
    )
    return answer


@transaction.atomic
def contest_file(*, answer: Answer, actor: Any, requested_option_key: str, reason: str) -> Contest:
    """Contest a verification in the objection window (masa sanggah)."""
    participant = _lock_participant(answer.participant)
    cycle = participant.cycle
    require(permissions.can_answer(actor, participant))
    _require_stage(cycle, CONTESTING, _("Masa sanggah tidak sedang berlangsung."))
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    if answer.verification == Verification.UNVERIFIED:
        raise InvalidTransition(
            _("Jawaban yang belum diverifikasi tidak dapat disanggah."), code="not_verified"
        )
    question = rubric_of(cycle).question(answer.question_key)
    if question is None or question.option(requested_option_key) is None:
        field_error("requested_option_key", _("Pilihan tidak dikenal."))
    if requested_option_key == answer.effective_option:
        field_error("requested_option_key", _("Pilihan itu sudah yang berlaku."))
    text = _text("reason", reason, _("Tuliskan alasan sanggahan."), limit=MAX_NOTE)
    if answer.contests.filter(status=ContestStatus.OPEN).exists():
        raise InvalidTransition(
            _("Jawaban ini sudah punya sanggahan yang belum diputuskan."), code="contest_open"
        )
    contest = Contest.objects.create(
        answer=answer,
        reason=text,
        requested_option_key=requested_option_key,
        filed_by=actor_or_none(actor),
        filed_at=timezone.now(),
    )
    _event(
        Kind.CONTEST_FILED,
        cycle=cycle,
        participant=participant,
        actor=actor,
        note=text,
        data={"contest": contest.pk, "question": answer.question_key},
    )
    return contest


@transaction.atomic
def contest_decide(*, contest: Contest, actor: Any, uphold: bool, note: str) -> Contest:
    """Uphold (the requested option counts) or reject a contest, with a note."""
    participant = _lock_participant(contest.answer.participant)
    cycle = participant.cycle
    require(permissions.can_evaluate_cycle(actor, cycle))
    _require_stage(cycle, DECIDING_CONTESTS, _("Sanggahan tidak dapat diputuskan sekarang."))
    contest = (
        Contest.objects.select_for_update(of=("self",)).select_related("answer").get(pk=contest.pk)
    )
    if contest.status != ContestStatus.OPEN:
        raise InvalidTransition(_("Sanggahan sudah diputuskan."), code="contest_decided")
    text = _text("note", note, _("Tuliskan pertimbangan keputusan."), limit=MAX_NOTE)
    contest.status = ContestStatus.UPHELD if uphold else ContestStatus.REJECTED
    contest.decision_note = text
    contest.decided_by = actor_or_none(actor)
    contest.decided_at = timezone.now()
    contest.save()
    if uphold:
        answer = contest.answer
        if contest.requested_option_key == answer.option_key:
            answer.verification = Verification.ACCEPTED
            answer.verified_option_key = ""
        else:
            answer.verification = Verification.CHANGED
            answer.verified_option_key = contest.requested_option_key
        answer.verification_note = text
        answer.verified_by = actor_or_none(actor)
        answer.verified_at = contest.decided_at
        answer.save()
    _event(
        Kind.CONTEST_DECIDED,
        cycle=cycle,
        participant=participant,
        actor=actor,
        note=text,
        data={"contest": contest.pk, "status": contest.status},
    )
    return contest


def _score_value(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        field_error("score", _("Nilai harus berupa angka."))
    if not number.is_finite() or not 0 <= number <= 100:
        field_error("score", _("Nilai harus antara 0 dan 100."))
    if number != number.quantize(Decimal("0.01")):
        field_error("score", _("Nilai paling banyak dua angka desimal."))
    return number.quantize(Decimal("0.01"))


@transaction.atomic
def indicator_score_enter(
    *, participant: Participant, actor: Any, indicator_key: str, score: Any, note: str = ""
) -> IndicatorScore:
    """Enter a panel's score (presentation, visit) for an indicator without questions."""
    participant = _lock_participant(participant)
    cycle = participant.cycle
    require(permissions.can_evaluate_cycle(actor, cycle))
    _require_stage(cycle, PANEL_SCORING, _("Penilaian presentasi tidak sedang berlangsung."))
    found = rubric_of(cycle).indicator(indicator_key)
    if found is None:
        field_error("indicator_key", _("Indikator tidak ada dalam rubrik."))
    if found[1].questions:
        field_error(
            "indicator_key", _("Indikator ini dinilai dari jawaban kuesioner, bukan oleh panel.")
        )
    value = _score_value(score)
    row, _created = IndicatorScore.objects.update_or_create(
        participant=participant,
        indicator_key=indicator_key,
        defaults={
            "score": value,
            "note": _note(note),
            "entered_by": actor_or_none(actor),
            "entered_at": timezone.now(),
        },
    )
    _event(
        Kind.PANEL_SCORED,
        cycle=cycle,
        participant=participant,
        actor=actor,
        data={"indicator": indicator_key, "score": str(value)},
    )
    return row


# --- Results ---------------------------------------------------------------------------------


def _category_name(sheet: scoring.ScoreSheet) -> str:
    return sheet.category.name if sheet.category is not None else ""


def _compute(cycle: EvaluationCycle, actor: Any) -> list[Result]:
    rubric = rubric_of(cycle)
    participants = list(cycle.participants.select_related("unit").order_by("id"))
    answers: dict[int, dict[str, str]] = {p.pk: {} for p in participants}
    for answer in Answer.objects.filter(participant__cycle=cycle).only(
        "participant_id", "question_key", "option_key", "verification", "verified_option_key"
    ):
        # Unverified answers count as submitted; a changed verification counts as changed.
        answers[answer.participant_id][answer.question_key] = answer.effective_option
    panel: dict[int, dict[str, Decimal]] = {p.pk: {} for p in participants}
    for row in IndicatorScore.objects.filter(participant__cycle=cycle):
        panel[row.participant_id][row.indicator_key] = row.score
    sheets = {p.pk: scoring.score(rubric, answers[p.pk], panel[p.pk]) for p in participants}
    overall = scoring.competition_ranks((pk, sheet.final) for pk, sheet in sheets.items())
    groups: dict[str, list[int]] = {}
    for p in participants:
        groups.setdefault(p.group, []).append(p.pk)
    in_group: dict[int, int] = {}
    for members in groups.values():
        in_group.update(scoring.competition_ranks((pk, sheets[pk].final) for pk in members))
    now = timezone.now()
    Result.objects.filter(participant__cycle=cycle).delete()
    results = Result.objects.bulk_create(
        Result(
            participant_id=p.pk,
            score=sheets[p.pk].final,
            category=_category_name(sheets[p.pk]),
            rank=in_group[p.pk],
            overall_rank=overall[p.pk],
            stage_scores={k: str(scoring.round_half_up(v)) for k, v in sheets[p.pk].stages.items()},
            indicator_scores={
                k: str(scoring.round_half_up(v)) for k, v in sheets[p.pk].indicators.items()
            },
            lost=[
                {
                    "question": item.question,
                    "indicator": item.indicator,
                    "stage": item.stage,
                    "points": str(item.rounded),
                }
                for item in sheets[p.pk].lost[:20]
            ],
            computed_at=now,
        )
        for p in participants
    )
    cycle.computed_at = now
    cycle.save(update_fields=["computed_at"])
    _event(Kind.COMPUTED, cycle=cycle, actor=actor, data={"participants": len(results)})
    return results


@transaction.atomic
def cycle_compute(*, cycle: EvaluationCycle, actor: Any) -> list[Result]:
    """Compute every participant's score, category and ranks (group and overall)."""
    require(permissions.can_organise_cycle(actor, cycle))
    cycle = _lock_cycle(cycle)
    _require_stage(cycle, COMPUTING, _("Nilai siklus ini tidak dapat dihitung sekarang."))
    return _compute(cycle, actor)


def _record_history(cycle: EvaluationCycle) -> None:
    """Copy the announced results into the history (trends across years)."""
    for result in Result.objects.filter(participant__cycle=cycle).select_related(
        "participant__unit"
    ):
        unit = result.participant.unit
        HistoricalResult.objects.update_or_create(
            body=cycle.body,
            participant_name=unit.name,
            year=cycle.year,
            organiser=cycle.organiser,
            defaults={
                "unit": unit,
                "group": result.participant.group,
                "score": result.score,
                "category": result.category,
                "rank": result.rank,
                "cycle": cycle,
                "source": cycle.name,
            },
        )


def _plan_improvements(cycle: EvaluationCycle, actor: Any) -> None:
    """Turn each participant's largest lost points into improvement actions.

    An unfinished action for the same question from an earlier cycle is carried into this one.
    """
    rubric = rubric_of(cycle)
    for result in Result.objects.filter(participant__cycle=cycle).select_related("participant"):
        participant = result.participant
        for item in result.lost[:PLAN_SIZE]:
            question = rubric.question(item["question"])
            if question is None or participant.actions.filter(question_key=question.key).exists():
                continue
            earlier = (
                ImprovementAction.objects.filter(
                    participant__unit_id=participant.unit_id,
                    question_key=question.key,
                    status__in=["open", "in_progress"],
                )
                .exclude(participant=participant)
                .order_by("-id")
                .first()
            )
            action = ImprovementAction.objects.create(
                participant=participant,
                question_key=question.key,
                title=question.text[:500],
                lost_points=Decimal(item["points"]),
                carried_from=earlier,
                owner=earlier.owner if earlier is not None else None,
                owner_name=earlier.owner_name if earlier is not None else "",
            )
            if earlier is not None:
                earlier.status = "carried"
                earlier.save(update_fields=["status", "updated_at"])
            _event(
                Kind.ACTION_CHANGED,
                cycle=cycle,
                participant=participant,
                actor=actor,
                data={"action": action.pk, "created": True, "carried_from": action.carried_from_id},
            )


# --- Evidence --------------------------------------------------------------------------------


def evidence_missing(participant: Participant, rubric: RubricData | None = None) -> list[str]:
    """Questions whose answer claims something (an option scoring above 0) without the
    evidence the rubric wants (domain.md 3.7: each answer needs a link and/or a document)."""
    rubric = rubric or rubric_of(participant.cycle)
    kinds: dict[str, set[str]] = {}
    for row in Evidence.objects.filter(answer__participant=participant).values(
        "answer__question_key", "kind"
    ):
        kinds.setdefault(row["answer__question_key"], set()).add(row["kind"])
    missing: list[str] = []
    for answer in participant.answers.all():
        question = rubric.question(answer.question_key)
        if question is None or question.evidence == EvidenceRule.NONE:
            continue
        option = question.option(answer.option_key)
        if option is None or option.score <= 0:
            continue
        have = kinds.get(answer.question_key, set())
        wanted = {
            EvidenceRule.LINK: "link" in have,
            EvidenceRule.PDF: "pdf" in have,
            EvidenceRule.LINK_OR_PDF: bool(have),
            EvidenceRule.LINK_AND_PDF: {"link", "pdf"} <= have,
        }[question.evidence]
        if not wanted:
            missing.append(answer.question_key)
    return missing


def _answer_for_evidence(answer: Answer, actor: Any) -> tuple[Participant, Answer]:
    participant = _lock_participant(answer.participant)
    require(permissions.can_answer(actor, participant))
    _require_answering(participant.cycle)
    return participant, Answer.objects.get(pk=answer.pk)


@transaction.atomic
def evidence_add_link(
    *, answer: Answer, actor: Any, url: str, source_detail: str = "", proposed: bool = False
) -> Evidence:
    """Attach a link; `proposed` marks a link Terbuka proposed from its own data."""
    participant, answer = _answer_for_evidence(answer, actor)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except DjangoValidationError:
        field_error("url", _("Tautan harus alamat http:// atau https:// yang lengkap."))
    if len(url) > 1000:
        field_error("url", _("Tautan terlalu panjang."))
    if answer.evidence.filter(kind=Evidence.Kind.LINK, url=url).exists():
        field_error("url", _("Tautan ini sudah dilampirkan."))
    evidence = Evidence.objects.create(
        answer=answer,
        kind=Evidence.Kind.LINK,
        url=url,
        source=Evidence.Source.TERBUKA if proposed else Evidence.Source.PARTICIPANT,
        source_detail=_note(source_detail),
        added_by=actor_or_none(actor),
        added_at=timezone.now(),
    )
    _event(
        Kind.EVIDENCE_ADDED,
        cycle=participant.cycle,
        participant=participant,
        actor=actor,
        data={"question": answer.question_key, "kind": "link", "url": url, "proposed": proposed},
    )
    return evidence


@transaction.atomic
def evidence_add_pdf(*, answer: Answer, actor: Any, data: bytes, filename: str) -> Evidence:
    """Attach a PDF of at most 2 MB (e-monev practice), typed by its content."""
    participant, answer = _answer_for_evidence(answer, actor)
    if len(data) > EvidenceRule.MAX_PDF_BYTES:
        field_error("file", _("Berkas bukti paling besar 2 MB."))
    try:
        detected = detect_type(data, filename)
    except ValidationError:
        detected = None
    if detected is None or detected.kind != "pdf":
        field_error("file", _("Berkas bukti harus PDF."))
    name = (filename or "bukti.pdf").replace("\\", "/").rsplit("/", 1)[-1][:200] or "bukti.pdf"
    evidence = Evidence(
        answer=answer,
        kind=Evidence.Kind.PDF,
        original_name=name,
        size=len(data),
        added_by=actor_or_none(actor),
        added_at=timezone.now(),
    )
    save_to_field(evidence.file, name, ContentFile(data))
    evidence.save()
    _event(
        Kind.EVIDENCE_ADDED,
        cycle=participant.cycle,
        participant=participant,
        actor=actor,
        data={"question": answer.question_key, "kind": "pdf", "file": name},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Any) -> None:
    participant, answer = _answer_for_evidence(evidence.answer, actor)
    _event(
        Kind.EVIDENCE_REMOVED,
        cycle=participant.cycle,
        participant=participant,
        actor=actor,
        data={"question": answer.question_key, "kind": evidence.kind, "evidence": evidence.pk},
    )
    evidence.delete()


# --- Improvement actions ---------------------------------------------------------------------


ACTION_FIELDS = ("title", "owner", "owner_name", "due_on", "note")


@transaction.atomic
def action_create(
    *,
    participant: Participant,
    actor: Any,
    title: str,
    due_on: date | None = None,
    owner: Any = None,
    owner_name: str = "",
    note: str = "",
    question_key: str = "",
) -> ImprovementAction:
    """Add an action to the participant's improvement plan, for a question that lost points
    (`question_key`, its lost points taken from the result) or of the participant's own."""
    participant = _lock_participant(participant)
    require(permissions.can_answer(actor, participant))
    lost = Decimal(0)
    if question_key:
        if rubric_of(participant.cycle).question(question_key) is None:
            field_error("question_key", _("Pertanyaan tidak ada dalam rubrik."))
        if participant.actions.filter(question_key=question_key).exists():
            field_error("question_key", _("Pertanyaan ini sudah punya tindakan perbaikan."))
        result = Result.objects.filter(participant=participant).first()
        for item in result.lost if result is not None else []:
            if item["question"] == question_key:
                lost = Decimal(item["points"])
    action = ImprovementAction.objects.create(
        participant=participant,
        question_key=question_key,
        lost_points=lost,
        title=_text("title", title, _("Tuliskan tindakan."), limit=500),
        due_on=due_on,
        owner=owner,
        owner_name=" ".join((owner_name or "").split())[:200],
        note=_note(note),
    )
    _event(
        Kind.ACTION_CHANGED,
        cycle=participant.cycle,
        participant=participant,
        actor=actor,
        data={"action": action.pk, "created": True},
    )
    return action


@transaction.atomic
def action_update(
    *, action: ImprovementAction, actor: Any, status: str | None = None, **values: Any
) -> ImprovementAction:
    """Change an action's owner, due date, title or note, and move its status."""
    participant = _lock_participant(action.participant)
    require(permissions.can_answer(actor, participant))
    action = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Unknown action fields: {sorted(unknown)}")
    changes: dict[str, Any] = {}
    if "title" in values:
        action.title = _text("title", values["title"], _("Tuliskan tindakan."), limit=500)
        changes["title"] = action.title
    if "owner" in values:
        action.owner = values["owner"]
        changes["owner"] = getattr(values["owner"], "pk", None)
    if "owner_name" in values:
        action.owner_name = " ".join((values["owner_name"] or "").split())[:200]
        changes["owner_name"] = action.owner_name
    if "due_on" in values:
        action.due_on = values["due_on"]
        changes["due_on"] = action.due_on.isoformat() if action.due_on else None
    if "note" in values:
        action.note = _note(values["note"])
    old = action.status
    if status is not None and status != old:
        if status not in ActionStatus.values or not action_can_move(old, status):
            raise InvalidTransition(
                _("Status tindakan tidak dapat berpindah dari %(old)s ke %(new)s.")
                % {
                    "old": ActionStatus(old).label,
                    "new": ActionStatus(status).label if status in ActionStatus.values else status,
                },
                code="invalid_transition",
            )
        action.status = status
        changes["status"] = status
    action.save()
    _event(
        Kind.ACTION_CHANGED,
        cycle=participant.cycle,
        participant=participant,
        actor=actor,
        from_status=old,
        to_status=action.status,
        data={"action": action.pk, **changes},
    )
    return action


def form_token_claim(*, actor: Any, purpose: str, token: str) -> bool:
    """Claim a one-use form token of a monev form; False when the same form was sent before.

    Called in the same transaction as the write it guards, so a refused write frees the token.
    """
    return claim_form_token(
        MonevIdempotencyKey,
        f"monev-form-{purpose}:{actor.pk}",
        str(token),
        payload_hash=hashlib.sha256(purpose.encode()).hexdigest(),
    )


# --- Coordination meetings -------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor: Any,
    body: PublicBody,
    title: str,
    starts_at: Any,
    place: str,
    agenda: str,
    units: Sequence[Unit],
    cycle: EvaluationCycle | None = None,
    actions: Sequence[ImprovementAction] = (),
) -> Meeting:
    """Schedule a coordination meeting for a group of units (e.g. two kecamatan at a time)."""
    require(permissions.can_organise_body(actor, body))
    if starts_at is None:
        field_error("starts_at", _("Waktu rapat wajib diisi."))
    if not units:
        field_error("units", _("Pilih setidaknya satu unit yang diundang."))
    if any(u.body_id != body.pk for u in units):
        field_error("units", _("Unit bukan milik badan publik ini."))
    if cycle is not None and cycle.body_id != body.pk:
        field_error("cycle", _("Siklus milik badan publik lain."))
    unit_ids = {u.pk for u in units}
    if any(a.participant.unit_id not in unit_ids for a in actions):
        field_error("actions", _("Tindakan harus milik unit yang diundang."))
    meeting = Meeting.objects.create(
        body=body,
        cycle=cycle,
        title=_text("title", title, _("Judul rapat wajib diisi.")),
        starts_at=starts_at,
        place=_text("place", place, _("Tempat rapat wajib diisi.")),
        agenda=_text("agenda", agenda, _("Agenda rapat wajib diisi."), limit=MAX_NOTE),
        created_by=actor_or_none(actor),
    )
    Attendance.objects.bulk_create(Attendance(meeting=meeting, unit=u) for u in units)
    meeting.actions.set(actions)
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    actor: Any,
    minutes: str,
    attendance: Mapping[int, tuple[bool, str]],
    actions: Sequence[ImprovementAction] | None = None,
) -> Meeting:
    """Record the minutes, who came from each unit ({unit id: (present, names)}), actions."""
    require(permissions.can_organise_body(actor, meeting.body))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    rows = {row.unit_id: row for row in meeting.attendance.all()}
    unknown = set(attendance) - set(rows)
    if unknown:
        field_error("attendance", _("Ada unit yang tidak diundang ke rapat ini."))
    for unit_id, (present, names) in attendance.items():
        row = rows[unit_id]
        row.present = bool(present)
        row.attendees = " ".join((names or "").split())[:500]
        row.save(update_fields=["present", "attendees"])
    meeting.minutes = _note(minutes)
    meeting.save(update_fields=["minutes", "updated_at"])
    if actions is not None:
        if any(a.participant.unit_id not in rows for a in actions):
            field_error("actions", _("Tindakan harus milik unit yang diundang."))
        meeting.actions.set(actions)
    return meeting


# --- History ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    """A fall worth a warning: the score fell, or the category dropped."""

    participant: str
    year: int
    previous_year: int
    score: Decimal | None
    previous_score: Decimal | None
    category: str
    previous_category: str
    category_dropped: bool


def trend_alerts(rows: Sequence[HistoricalResult], categories: Sequence[str]) -> list[Alert]:
    """Alerts from consecutive years of each participant (`rows` sorted by name and year).

    `categories` runs from the best to the worst (the rubric's order); a category outside it
    never counts as a drop. Kota Serang's fall from 92.5 while staying "informatif" is an
    alert (the score fell) without a category drop.
    """
    order = {name.casefold(): index for index, name in enumerate(categories)}
    alerts: list[Alert] = []
    previous: HistoricalResult | None = None
    for row in rows:
        if previous is not None and previous.participant_name == row.participant_name:
            fell = (
                row.score is not None and previous.score is not None and row.score < previous.score
            )
            old_rank = order.get(previous.category.casefold())
            new_rank = order.get(row.category.casefold())
            dropped = old_rank is not None and new_rank is not None and new_rank > old_rank
            if fell or dropped:
                alerts.append(
                    Alert(
                        participant=row.participant_name,
                        year=row.year,
                        previous_year=previous.year,
                        score=row.score,
                        previous_score=previous.score,
                        category=row.category,
                        previous_category=previous.category,
                        category_dropped=dropped,
                    )
                )
        previous = row
    return alerts
