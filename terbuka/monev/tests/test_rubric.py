"""Parsing and writing rubrics: every problem named with its path; a lossless round trip."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given

from terbuka.monev.rubric import Evidence, RubricError, parse_rubric, rubric_to_json
from terbuka.monev.tests.strategies import CATEGORIES, rubric_json

VALID: dict[str, Any] = {
    "name": "Monev KI Banten",
    "year": 2026,
    "categories": CATEGORIES,
    "stages": [
        {
            "key": "saq",
            "name": "Kuesioner",
            "weight": 70,
            "indicators": [
                {
                    "key": "jenis",
                    "name": "Jenis informasi",
                    "weight": 0.4,
                    "questions": [
                        {
                            "key": "q1",
                            "text": "Apakah DIP diumumkan?",
                            "evidence": "link",
                            "options": [
                                {"key": "ya", "label": "Ya", "score": 100},
                                {"key": "tidak", "label": "Tidak", "score": 0},
                            ],
                        }
                    ],
                }
            ],
        },
        {
            "key": "presentasi",
            "name": "Presentasi",
            "weight": "30",
            "indicators": [{"key": "inovasi", "name": "Inovasi", "weight": 1}],
        },
    ],
}


def test_a_valid_rubric() -> None:
    rubric = parse_rubric(VALID)
    assert rubric.name == "Monev KI Banten"
    assert [c.min for c in rubric.categories] == [90, 80, 60, 40, 0]
    question = rubric.question("q1")
    assert question is not None
    assert question.weight == 1
    assert question.evidence == Evidence.LINK
    assert rubric.stages[0].indicators[0].weight == Decimal("0.4")
    assert rubric.stages[1].weight == 30
    assert rubric.stages[1].indicators[0].questions == ()
    assert rubric.category_for(Decimal("89.99")).name == "Menuju Informatif"  # type: ignore[union-attr]
    assert rubric.category_for(Decimal("90.00")).name == "Informatif"  # type: ignore[union-attr]


def _problems(data: Any) -> dict[str, str]:
    with pytest.raises(RubricError) as caught:
        parse_rubric(data)
    assert caught.value.code == "invalid_rubric"
    return {item["path"]: item["message"] for item in caught.value.details["problems"]}


def _broken(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("name"), "name"),
        (lambda d: d.update(year=1999), "year"),
        (lambda d: d.update(categories=[]), "categories"),
        (lambda d: d["categories"][4].update(min=5), "categories"),
        (lambda d: d["categories"][1].update(min=90), "categories"),
        (lambda d: d["categories"][0].update(min=101), "categories[0].min"),
        (lambda d: d["stages"][0].update(weight=0), "stages[0].weight"),
        (lambda d: d["stages"][0].update(weight="tujuh"), "stages[0].weight"),
        (lambda d: d["stages"][1].update(key="saq"), "stages[1].key"),
        (lambda d: d["stages"][0].update(key="a b"), "stages[0].key"),
        (
            lambda d: d["stages"][0]["indicators"][0].update(weight=-1),
            "stages[0].indicators[0].weight",
        ),
        (
            lambda d: d["stages"][0]["indicators"][0]["questions"][0].update(options=[]),
            "stages[0].indicators[0].questions[0].options",
        ),
        (
            lambda d: d["stages"][0]["indicators"][0]["questions"][0]["options"][0].update(
                score=120
            ),
            "stages[0].indicators[0].questions[0].options[0].score",
        ),
        (
            lambda d: d["stages"][0]["indicators"][0]["questions"][0]["options"][1].update(
                key="ya"
            ),
            "stages[0].indicators[0].questions[0].options[1].key",
        ),
        (
            lambda d: d["stages"][0]["indicators"][0]["questions"][0].update(evidence="video"),
            "stages[0].indicators[0].questions[0].evidence",
        ),
        (
            lambda d: d["stages"][1]["indicators"][0].update(key="jenis"),
            "stages",
        ),
        (lambda d: d["stages"][0].update(indicators="x"), "stages[0].indicators"),
        (lambda d: d["stages"].append(7), "stages[2]"),
    ],
)
def test_every_problem_is_named_with_its_path(change: Any, path: str) -> None:
    assert path in _problems(_broken(change))


def test_all_problems_are_reported_at_once() -> None:
    def change(d: dict[str, Any]) -> None:
        d.pop("name")
        d["stages"][0]["weight"] = 0
        d["stages"][1]["indicators"][0]["weight"] = "x"

    assert set(_problems(_broken(change))) == {
        "name",
        "stages[0].weight",
        "stages[1].indicators[0].weight",
    }


@pytest.mark.parametrize("data", [None, [], "rubrik", 7])
def test_not_an_object(data: Any) -> None:
    assert "" in _problems(data)


def test_evidence_as_a_list() -> None:
    data = _broken(
        lambda d: d["stages"][0]["indicators"][0]["questions"][0].update(evidence=["link", "pdf"])
    )
    assert parse_rubric(data).question("q1").evidence == Evidence.LINK_OR_PDF  # type: ignore[union-attr]


def test_float_weights_are_read_as_written() -> None:
    data = _broken(lambda d: d["stages"][0].update(weight=0.7))
    assert parse_rubric(data).stages[0].weight == Decimal("0.7")


@given(rubric_json())
def test_round_trip_is_lossless(data: dict[str, Any]) -> None:
    rubric = parse_rubric(data)
    written = rubric_to_json(rubric)
    assert parse_rubric(json.loads(json.dumps(written))) == rubric
    assert rubric_to_json(parse_rubric(written)) == written
