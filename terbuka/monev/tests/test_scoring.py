"""Scoring: exact weighted means, rounding only at the end, categories at their boundaries,
standard competition ranking; properties checked with hypothesis."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from terbuka.monev.rubric import parse_rubric
from terbuka.monev.scoring import competition_ranks, round_half_up, score
from terbuka.monev.tests.strategies import rubric_and_answers, rubric_json
from terbuka.monev.tests.test_rubric import VALID


def _thirds() -> dict[str, Any]:
    """One stage, one indicator, three equal questions scoring 100, 100, 0: 66.666..."""
    options = [
        {"key": "a", "label": "A", "score": 100},
        {"key": "b", "label": "B", "score": 0},
    ]
    return {
        "name": "Sepertiga",
        "year": 2026,
        "categories": [{"name": "Atas", "min": 66.67}, {"name": "Bawah", "min": 0}],
        "stages": [
            {
                "key": "s",
                "name": "S",
                "weight": 1,
                "indicators": [
                    {
                        "key": "i",
                        "name": "I",
                        "weight": 1,
                        "questions": [
                            {"key": f"q{n}", "text": "T", "options": options} for n in range(3)
                        ],
                    }
                ],
            }
        ],
    }


def test_rounding_happens_once_at_the_end() -> None:
    rubric = parse_rubric(_thirds())
    sheet = score(rubric, {"q0": "a", "q1": "a", "q2": "b"})
    assert sheet.exact == Fraction(200, 3)
    assert sheet.final == Decimal("66.67")
    assert sheet.category is not None
    assert sheet.category.name == "Atas"
    low = score(rubric, {"q0": "a", "q1": "b", "q2": "b"})
    assert low.final == Decimal("33.33")


def test_stage_and_indicator_weights() -> None:
    rubric = parse_rubric(VALID)
    # SAQ 70 x 100 + presentation 30 x 50 = 85.
    sheet = score(rubric, {"q1": "ya"}, {"inovasi": Decimal(50)})
    assert sheet.final == Decimal("85.00")
    assert sheet.category is not None
    assert sheet.category.name == "Menuju Informatif"
    assert sheet.stages == {"saq": 100, "presentasi": 50}
    nothing = score(rubric, {})
    assert nothing.final == Decimal("0.00")
    assert nothing.category is not None
    assert nothing.category.name == "Tidak Informatif"
    assert [lost.question for lost in nothing.lost] == ["q1"]
    assert nothing.lost[0].points == 70


@pytest.mark.parametrize(
    ("value", "category"),
    [
        ("100", "Informatif"),
        ("90", "Informatif"),
        ("89.99", "Menuju Informatif"),
        ("80", "Menuju Informatif"),
        ("79.99", "Cukup Informatif"),
        ("60", "Cukup Informatif"),
        ("59.99", "Kurang Informatif"),
        ("40", "Kurang Informatif"),
        ("39.99", "Tidak Informatif"),
        ("0", "Tidak Informatif"),
    ],
)
def test_category_boundaries(value: str, category: str) -> None:
    found = parse_rubric(VALID).category_for(Decimal(value))
    assert found is not None
    assert found.name == category


def test_a_score_just_under_a_boundary_that_rounds_up_reaches_it() -> None:
    data = copy.deepcopy(VALID)
    # 89.995 exactly rounds half up to 90.00: Informatif (the published figure decides).
    sheet = score(parse_rubric(data), {"q1": "ya"}, {"inovasi": Decimal("66.65")})
    assert sheet.exact == Fraction(89995, 1000)
    assert sheet.final == Decimal("90.00")
    assert sheet.category is not None
    assert sheet.category.name == "Informatif"


def test_unknown_keys_are_programming_errors() -> None:
    rubric = parse_rubric(VALID)
    with pytest.raises(KeyError):
        score(rubric, {"q9": "ya"})
    with pytest.raises(KeyError):
        score(rubric, {"q1": "mungkin"})


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Fraction(1, 200), "0.01"),
        (Fraction(1, 201), "0.00"),
        (Fraction(-1, 200), "-0.01"),
        (Fraction(200, 3), "66.67"),
        (Fraction(100), "100.00"),
    ],
)
def test_round_half_up(value: Fraction, rounded: str) -> None:
    assert round_half_up(value) == Decimal(rounded)


def test_competition_ranking() -> None:
    ranks = competition_ranks(
        [("a", Decimal("92.5")), ("b", Decimal("95")), ("c", Decimal("92.5")), ("d", Decimal(80))]
    )
    assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}
    assert competition_ranks([]) == {}


# --- Properties ------------------------------------------------------------------------------


@given(rubric_and_answers())
def test_scores_stay_between_0_and_100(case: tuple[dict[str, Any], dict[str, str]]) -> None:
    data, answers = case
    sheet = score(parse_rubric(data), answers)
    assert 0 <= sheet.exact <= 100
    assert Decimal(0) <= sheet.final <= Decimal(100)
    assert sheet.final.as_tuple().exponent == -2
    assert abs(Fraction(sheet.final) - sheet.exact) <= Fraction(1, 200)
    assert sheet.category is not None


@given(rubric_json(direct=False))
def test_best_answers_score_the_weighted_best(data: dict[str, Any]) -> None:
    rubric = parse_rubric(data)
    best = {q.key: max(q.options, key=lambda o: o.score).key for _s, _i, q in rubric.questions()}
    sheet = score(rubric, best)
    assert sheet.lost == ()
    if all(q.best == 100 for _s, _i, q in rubric.questions()):
        assert sheet.final == Decimal("100.00")


@given(rubric_and_answers(direct=False), st.data())
def test_a_better_answer_never_lowers_the_score(
    case: tuple[dict[str, Any], dict[str, str]], data: Any
) -> None:
    raw, answers = case
    rubric = parse_rubric(raw)
    before = score(rubric, answers)
    _stage, _indicator, question = data.draw(st.sampled_from(list(rubric.questions())))
    current = question.option(answers[question.key]).score if question.key in answers else -1
    better = [o for o in question.options if o.score >= current]
    assume(better)
    improved = dict(answers, **{question.key: data.draw(st.sampled_from(better)).key})
    assert score(rubric, improved).exact >= before.exact


@given(rubric_and_answers(), st.integers(min_value=2, max_value=9))
def test_scaling_every_weight_of_a_level_changes_nothing(
    case: tuple[dict[str, Any], dict[str, str]], factor: int
) -> None:
    data, answers = case
    scaled = copy.deepcopy(data)
    for stage in scaled["stages"]:
        stage["weight"] = str(Decimal(str(stage["weight"])) * factor)
        for indicator in stage["indicators"]:
            indicator["weight"] = str(Decimal(str(indicator["weight"])) * factor)
    assert score(parse_rubric(scaled), answers).exact == score(parse_rubric(data), answers).exact


@given(rubric_and_answers())
def test_lost_points_add_up_to_what_the_best_answers_would_give(
    case: tuple[dict[str, Any], dict[str, str]],
) -> None:
    data, answers = case
    rubric = parse_rubric(data)
    best = {q.key: max(q.options, key=lambda o: o.score).key for _s, _i, q in rubric.questions()}
    sheet = score(rubric, answers)
    ceiling = score(rubric, best)
    assert sum((lost.points for lost in sheet.lost), Fraction(0)) == ceiling.exact - sheet.exact
    points = [lost.points for lost in sheet.lost]
    assert points == sorted(points, reverse=True)


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), max_size=40))
def test_ranks_follow_competition_ranking(values: list[Decimal]) -> None:
    ranks = competition_ranks(list(enumerate(values)))
    assert set(ranks) == set(range(len(values)))
    for key, value in enumerate(values):
        assert ranks[key] == 1 + sum(1 for other in values if other > value)
