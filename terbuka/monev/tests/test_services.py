"""Monev services: cycles through every stage, answers, verification, contests, panel scores,
results with ranks, history and improvement actions; every allowed and refused step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from terbuka.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from terbuka.monev import services
from terbuka.monev.models import (
    Answer,
    EvaluationCycle,
    HistoricalResult,
    ImprovementAction,
    MonevEvent,
    Result,
    Rubric,
)
from terbuka.monev.rubric import RubricError
from terbuka.monev.states import CYCLE_TRANSITIONS, ContestStatus, CycleStatus, Verification

pytestmark = pytest.mark.django_db
C = CycleStatus


def _cycle(actor: Any, body: Any, units: list[Any], rubric: Any, **options: Any) -> EvaluationCycle:
    values: dict[str, Any] = {
        "name": "Monev internal 2026",
        "year": 2026,
        "rubric": rubric,
        "participants": units,
    }
    values.update(options)
    return services.cycle_create(actor=actor, body=body, **values)


def _at(cycle: EvaluationCycle, status: str) -> EvaluationCycle:
    EvaluationCycle.objects.filter(pk=cycle.pk).update(status=status)
    cycle.refresh_from_db()
    return cycle


def test_create_cycle_stores_rubric_participants_and_event(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    cycle = _cycle(ppid_utama, body, kecamatan, rubric_data)
    assert cycle.status == C.DRAFT
    assert cycle.organiser == "PPID Utama Pemerintah Kota Uji"
    assert Rubric.objects.get(pk=cycle.rubric_id).body == body
    assert sorted(p.group for p in cycle.participants.all()) == ["Kecamatan"] * 3
    [event] = MonevEvent.objects.filter(cycle=cycle)
    assert event.kind == MonevEvent.Kind.CYCLE_CREATED
    opened = _cycle(ppid_utama, body, kecamatan, rubric_data, open_questionnaire=True, year=2027)
    assert opened.status == C.QUESTIONNAIRE


def test_create_cycle_refusals(
    body: Any,
    ppid_utama: Any,
    unit_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
) -> None:
    with pytest.raises(PermissionDenied):
        _cycle(unit_officer, body, kecamatan, rubric_data)
    with pytest.raises(PermissionDenied):
        _cycle(evaluator, body, kecamatan, rubric_data)
    with pytest.raises(RubricError):
        _cycle(ppid_utama, body, kecamatan, {"name": "x"})
    with pytest.raises(ValidationError) as none:
        _cycle(ppid_utama, body, [], rubric_data)
    assert "participants" in none.value.details["fields"]
    with pytest.raises(ValidationError) as twice:
        _cycle(ppid_utama, body, [kecamatan[0], kecamatan[0]], rubric_data)
    assert "participants" in twice.value.details["fields"]
    with pytest.raises(ValidationError) as year:
        _cycle(ppid_utama, body, kecamatan, rubric_data, year=1990)
    assert "year" in year.value.details["fields"]
    with pytest.raises(ValidationError) as order:
        _cycle(
            ppid_utama,
            body,
            kecamatan,
            rubric_data,
            schedule=services.Schedule(
                questionnaire_opens_on=date(2026, 7, 1),
                questionnaire_closes_on=date(2026, 6, 1),
            ),
        )
    assert "questionnaire_closes_on" in order.value.details["fields"]
    assert EvaluationCycle.objects.count() == 0


def test_units_of_another_body_are_refused(
    body: Any, ppid_utama: Any, rubric_data: dict[str, Any]
) -> None:
    from terbuka.bodies.tests.factories import UnitFactory

    stranger = UnitFactory()
    with pytest.raises(ValidationError) as caught:
        _cycle(ppid_utama, body, [stranger], rubric_data)
    assert "participants" in caught.value.details["fields"]


def test_idempotent_creation(
    body: Any, ppid_utama: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    first = _cycle(ppid_utama, body, kecamatan, rubric_data, idempotency_key="c-1")
    again = _cycle(ppid_utama, body, kecamatan, rubric_data, idempotency_key="c-1")
    assert first.pk == again.pk
    with pytest.raises(ValidationError):
        _cycle(ppid_utama, body, kecamatan[:1], rubric_data, idempotency_key="c-1")


@pytest.mark.parametrize("old", list(CycleStatus))
@pytest.mark.parametrize("new", list(CycleStatus))
def test_every_cycle_transition(
    body: Any,
    ppid_utama: Any,
    kecamatan: list[Any],
    rubric_data: dict[str, Any],
    old: CycleStatus,
    new: CycleStatus,
) -> None:
    cycle = _at(_cycle(ppid_utama, body, kecamatan, rubric_data), old)
    if new in CYCLE_TRANSITIONS[old]:
        moved = services.cycle_move(cycle=cycle, actor=ppid_utama, to=new)
        assert moved.status == new
        event = MonevEvent.objects.filter(cycle=cycle, kind="cycle_moved").get()
        assert (event.from_status, event.to_status) == (old, new)
    else:
        with pytest.raises(InvalidTransition):
            services.cycle_move(cycle=cycle, actor=ppid_utama, to=new)
        cycle.refresh_from_db()
        assert cycle.status == old


def test_only_the_organiser_moves_a_cycle(
    body: Any, ppid_utama: Any, evaluator: Any, kecamatan: list[Any], rubric_data: dict[str, Any]
) -> None:
    cycle = _cycle(ppid_utama, body, kecamatan, rubric_data)
    with pytest.raises(PermissionDenied):
        services.cycle_move(cycle=cycle, actor=evaluator, to=C.QUESTIONNAIRE)


def _open(ppid_utama: Any, body: Any, kecamatan: list[Any], rubric_data: dict[str, Any]) -> Any:
    return _cycle(ppid_utama, body, kecamatan, rubric_data, open_questionnaire=True)


def test_answers_are_checked_against_the_rubric_all_or_none(
    body: Any, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    with pytest.raises(ValidationError) as caught:
        services.answers_save(
            participant=participant,
            actor=camat_officer,
            answers={"q1": "ya", "q2": "mungkin", "q9": "ya"},
        )
    assert set(caught.value.details["fields"]) == {"answers.q2", "answers.q9"}
    assert Answer.objects.count() == 0
    saved = services.answers_save(
        participant=participant, actor=camat_officer, answers={"q1": "ya"}, notes={"q1": "DIP"}
    )
    assert [(a.question_key, a.option_key, a.note) for a in saved] == [("q1", "ya", "DIP")]


def test_who_answers(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    unit_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    own = cycle.participants.get(unit=kecamatan[0])
    other = cycle.participants.get(unit=kecamatan[1])
    services.answers_save(participant=own, actor=camat_officer, answers={"q1": "ya"})
    services.answers_save(participant=other, actor=ppid_utama, answers={"q1": "ya"})
    for actor, participant in ((camat_officer, other), (unit_officer, own), (evaluator, own)):
        with pytest.raises(PermissionDenied):
            services.answers_save(participant=participant, actor=actor, answers={"q1": "ya"})


def test_answers_only_while_the_questionnaire_is_open(
    body: Any, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _cycle(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    for status in CycleStatus:
        _at(cycle, status)
        if status == C.QUESTIONNAIRE:
            services.answers_save(
                participant=participant, actor=camat_officer, answers={"q1": "ya"}
            )
        else:
            with pytest.raises(InvalidTransition):
                services.answers_save(
                    participant=participant, actor=camat_officer, answers={"q1": "ya"}
                )


def test_submit_needs_every_question(
    body: Any, ppid_utama: Any, camat_officer: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    services.answers_save(participant=participant, actor=camat_officer, answers={"q1": "ya"})
    with pytest.raises(ValidationError) as caught:
        services.participant_submit(participant=participant, actor=camat_officer)
    assert caught.value.details["missing"] == ["q2"]
    services.answers_save(participant=participant, actor=camat_officer, answers={"q2": "tidak"})
    # q1 claims "ya" and wants a link; q2 "tidak" scores 0 and needs no evidence.
    with pytest.raises(ValidationError) as unproven:
        services.participant_submit(participant=participant, actor=camat_officer)
    assert unproven.value.code == "evidence_missing"
    assert unproven.value.details["missing"] == ["q1"]
    q1 = participant.answers.get(question_key="q1")
    with pytest.raises(ValidationError) as bad_url:
        services.evidence_add_link(answer=q1, actor=camat_officer, url="javascript:alert(1)")
    assert "url" in bad_url.value.details["fields"]
    services.evidence_add_link(
        answer=q1, actor=camat_officer, url="https://ppid.serangkota.go.id/dip"
    )
    submitted = services.participant_submit(participant=participant, actor=camat_officer)
    assert submitted.submitted_at is not None


def test_verification_accepts_or_changes_with_a_note_and_a_change_resets_it(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    [q1, q2] = services.answers_save(
        participant=participant, actor=camat_officer, answers={"q1": "ya", "q2": "ya"}
    )
    accepted = services.answer_verify(answer=q1, actor=evaluator)
    assert accepted.verification == Verification.ACCEPTED
    with pytest.raises(ValidationError) as silent:
        services.answer_verify(answer=q2, actor=evaluator, option_key="sebagian")
    assert "note" in silent.value.details["fields"]
    with pytest.raises(ValidationError):
        services.answer_verify(answer=q2, actor=evaluator, option_key="x", note="n")
    changed = services.answer_verify(
        answer=q2, actor=evaluator, option_key="sebagian", note="Register tanpa alasan penolakan"
    )
    assert changed.effective_option == "sebagian"
    with pytest.raises(PermissionDenied):
        services.answer_verify(answer=q1, actor=camat_officer)
    # The participant changes the answer while the questionnaire is open: verify again.
    [again] = services.answers_save(
        participant=participant, actor=camat_officer, answers={"q2": "tidak"}
    )
    assert again.verification == Verification.UNVERIFIED
    assert again.effective_option == "tidak"
    _at(cycle, C.ANNOUNCED)
    with pytest.raises(InvalidTransition):
        services.answer_verify(answer=q1, actor=evaluator)


def test_contests_in_the_objection_window(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    evaluator: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    [q1, q2] = services.answers_save(
        participant=participant, actor=camat_officer, answers={"q1": "ya", "q2": "ya"}
    )
    _at(cycle, C.VERIFICATION)
    services.answer_verify(answer=q2, actor=evaluator, option_key="tidak", note="Tidak ada")
    with pytest.raises(InvalidTransition):
        services.contest_file(
            answer=q2, actor=camat_officer, requested_option_key="ya", reason="Ada di situs"
        )
    _at(cycle, C.OBJECTION)
    with pytest.raises(InvalidTransition) as unverified:
        services.contest_file(
            answer=q1, actor=camat_officer, requested_option_key="tidak", reason="x"
        )
    assert unverified.value.code == "not_verified"
    with pytest.raises(ValidationError):
        services.contest_file(
            answer=q2, actor=camat_officer, requested_option_key="tidak", reason="Sama"
        )
    with pytest.raises(ValidationError):
        services.contest_file(answer=q2, actor=camat_officer, requested_option_key="ya", reason="")
    contest = services.contest_file(
        answer=q2, actor=camat_officer, requested_option_key="ya", reason="Register ada di situs"
    )
    with pytest.raises(InvalidTransition) as twice:
        services.contest_file(
            answer=q2, actor=camat_officer, requested_option_key="sebagian", reason="Atau ini"
        )
    assert twice.value.code == "contest_open"
    with pytest.raises(PermissionDenied):
        services.contest_decide(contest=contest, actor=camat_officer, uphold=True, note="x")
    # Announcing waits for every contest to be decided.
    with pytest.raises(InvalidTransition) as waiting:
        services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.ANNOUNCED)
    assert waiting.value.code == "open_contests"
    decided = services.contest_decide(
        contest=contest, actor=evaluator, uphold=True, note="Tautan register diperiksa ulang"
    )
    assert decided.status == ContestStatus.UPHELD
    q2.refresh_from_db()
    assert q2.effective_option == "ya"
    assert q2.verification == Verification.ACCEPTED
    with pytest.raises(InvalidTransition):
        services.contest_decide(contest=contest, actor=evaluator, uphold=False, note="x")
    services.answer_verify(answer=q1, actor=evaluator)
    second = services.contest_file(
        answer=q1, actor=camat_officer, requested_option_key="tidak", reason="Salah pilih"
    )
    rejected = services.contest_decide(
        contest=second, actor=evaluator, uphold=False, note="Jawaban semula benar"
    )
    assert rejected.status == ContestStatus.REJECTED
    q1.refresh_from_db()
    assert q1.effective_option == "ya"


def test_panel_scores_only_for_direct_indicators(
    body: Any, ppid_utama: Any, evaluator: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _open(ppid_utama, body, kecamatan, rubric_data)
    participant = cycle.participants.get(unit=kecamatan[0])
    with pytest.raises(InvalidTransition):
        services.indicator_score_enter(
            participant=participant, actor=evaluator, indicator_key="inovasi", score=80
        )
    _at(cycle, C.PRESENTATION)
    for key, score, field in (
        ("jenis", 80, "indicator_key"),
        ("tidak-ada", 80, "indicator_key"),
        ("inovasi", 101, "score"),
        ("inovasi", "delapan", "score"),
        ("inovasi", "80.125", "score"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.indicator_score_enter(
                participant=participant, actor=evaluator, indicator_key=key, score=score
            )
        assert field in caught.value.details["fields"]
    row = services.indicator_score_enter(
        participant=participant, actor=evaluator, indicator_key="inovasi", score="87,5"
    )
    assert row.score == Decimal("87.50")
    again = services.indicator_score_enter(
        participant=participant, actor=evaluator, indicator_key="inovasi", score=90
    )
    assert again.pk == row.pk
    assert again.score == 90


def test_compute_ranks_within_groups_with_ties(
    body: Any, ppid_utama: Any, unit: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _open(ppid_utama, body, [*kecamatan, unit], rubric_data)
    plan = {
        kecamatan[0]: {"q1": "ya", "q2": "ya"},
        kecamatan[1]: {"q1": "ya", "q2": "sebagian"},
        kecamatan[2]: {"q1": "ya", "q2": "ya"},
        unit: {"q1": "tidak", "q2": "sebagian"},
    }
    for target, answers in plan.items():
        participant = cycle.participants.get(unit=target)
        services.answers_save(participant=participant, actor=ppid_utama, answers=answers)
    results = {
        r.participant.unit.slug: r for r in services.cycle_compute(cycle=cycle, actor=ppid_utama)
    }
    # SAQ: (1 x q1 + 3 x q2) / 4, weight 70 of 100; the presentation is not scored yet.
    assert results["kec-serang"].score == Decimal("70.00")
    assert results["kec-cipocok-jaya"].score == Decimal("43.75")
    assert results["dinkes"].score == Decimal("26.25")
    assert results["kec-serang"].category == "Cukup Informatif"
    assert [results[s].rank for s in ("kec-serang", "kec-taktakan", "kec-cipocok-jaya")] == [
        1,
        1,
        3,
    ]
    assert results["dinkes"].rank == 1
    assert results["dinkes"].overall_rank == 4
    assert results["kec-serang"].lost == []
    assert [(x["question"], x["points"]) for x in results["dinkes"].lost] == [
        ("q2", "26.25"),
        ("q1", "17.50"),
    ]
    assert Result.objects.count() == 4
    # Computing again replaces the results.
    services.cycle_compute(cycle=cycle, actor=ppid_utama)
    assert Result.objects.count() == 4


def test_announcing_records_history_and_plans_improvements(
    body: Any,
    ppid_utama: Any,
    evaluator: Any,
    kecamatan: list[Any],
    rubric_data: Any,
) -> None:
    cycle = _open(ppid_utama, body, kecamatan[:2], rubric_data)
    first = cycle.participants.get(unit=kecamatan[0])
    services.answers_save(
        participant=first, actor=ppid_utama, answers={"q1": "tidak", "q2": "sebagian"}
    )
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.VERIFICATION)
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.PRESENTATION)
    services.indicator_score_enter(
        participant=first, actor=evaluator, indicator_key="inovasi", score=40
    )
    services.cycle_move(cycle=cycle, actor=ppid_utama, to=C.ANNOUNCED)
    cycle.refresh_from_db()
    assert cycle.announced_on is not None
    history = HistoricalResult.objects.get(participant_name="Kecamatan Serang", year=2026)
    # 70 x (0 + 3 x 50) / 4 / 100 + 30 x 40 / 100 = 26.25 + 12 = 38.25
    assert history.score == Decimal("38.25")
    assert history.category == "Tidak Informatif"
    actions = list(ImprovementAction.objects.filter(participant=first).order_by("-lost_points"))
    assert [a.question_key for a in actions] == ["q2", "q1"]
    assert actions[0].lost_points == Decimal("26.25")
    # Next year's cycle carries the unfinished actions on.
    nxt = _cycle(ppid_utama, body, kecamatan[:1], rubric_data, year=2027, open_questionnaire=True)
    services.cycle_move(cycle=nxt, actor=ppid_utama, to=C.VERIFICATION)
    services.cycle_move(cycle=nxt, actor=ppid_utama, to=C.ANNOUNCED)
    carried = ImprovementAction.objects.filter(participant__cycle=nxt).order_by("-lost_points")
    assert [a.carried_from_id for a in carried] == [a.pk for a in actions]
    assert set(
        ImprovementAction.objects.filter(pk__in=[a.pk for a in actions]).values_list(
            "status", flat=True
        )
    ) == {"carried"}


def test_the_questionnaire_closes_after_its_closing_day(
    body: Any,
    ppid_utama: Any,
    camat_officer: Any,
    kecamatan: list[Any],
    rubric_data: Any,
    time_machine: Any,
) -> None:
    time_machine.move_to("2026-07-01 09:00 +07:00")
    cycle = _cycle(
        ppid_utama,
        body,
        kecamatan,
        rubric_data,
        open_questionnaire=True,
        schedule=services.Schedule(questionnaire_closes_on=date(2026, 7, 31)),
    )
    participant = cycle.participants.get(unit=kecamatan[0])
    services.answers_save(participant=participant, actor=camat_officer, answers={"q1": "tidak"})
    time_machine.move_to("2026-07-31 23:00 +07:00")
    services.answers_save(participant=participant, actor=camat_officer, answers={"q2": "tidak"})
    time_machine.move_to("2026-08-01 00:30 +07:00")
    with pytest.raises(InvalidTransition) as late:
        services.answers_save(participant=participant, actor=camat_officer, answers={"q1": "ya"})
    assert late.value.code == "questionnaire_closed"
    with pytest.raises(InvalidTransition):
        services.participant_submit(participant=participant, actor=camat_officer)


def test_reschedule(
    body: Any, ppid_utama: Any, evaluator: Any, kecamatan: list[Any], rubric_data: Any
) -> None:
    cycle = _cycle(ppid_utama, body, kecamatan, rubric_data, open_questionnaire=True)
    later = services.Schedule(questionnaire_closes_on=date(2026, 9, 30))
    with pytest.raises(PermissionDenied):
        services.cycle_reschedule(cycle=cycle, actor=evaluator, schedule=later)
    moved = services.cycle_reschedule(
        cycle=cycle, actor=ppid_utama, schedule=later, note="Diperpanjang"
    )
    assert moved.questionnaire_closes_on == date(2026, 9, 30)
    event = MonevEvent.objects.get(cycle=cycle, kind="rescheduled")
    assert event.data == {"questionnaire_closes_on": {"from": None, "to": "2026-09-30"}}
    with pytest.raises(ValidationError):
        services.cycle_reschedule(
            cycle=cycle,
            actor=ppid_utama,
            schedule=services.Schedule(
                questionnaire_opens_on=date(2026, 10, 1),
                questionnaire_closes_on=date(2026, 9, 30),
            ),
        )
    _at(cycle, C.CANCELLED)
    with pytest.raises(InvalidTransition):
        services.cycle_reschedule(cycle=cycle, actor=ppid_utama, schedule=later)
