"""Monev scores: exact weighted means, the category, and the ranking within a group.

The model (domain.md 3.4; Perki 1/2022 leaves the weights to each commission): a question
scores its option's score; an indicator the weighted mean of its questions (or the score a
panel enters, for an indicator without questions); a stage the weighted mean of its indicators;
the final score the weighted mean of the stages. Arithmetic is exact (`Fraction`) and rounded
half up to two decimals only at the end; the category is the first whose `min` the rounded
score reaches. Ranking is standard competition ranking (1, 2, 2, 4) on the rounded score, the
figure that is published.

Pure functions: nothing here touches the database.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from terbuka.monev.rubric import Category, Rubric

K = TypeVar("K", bound=Hashable)
HUNDREDTH = Decimal("0.01")


def round_half_up(value: Fraction, places: int = 2) -> Decimal:
    """`value` rounded half away from zero to `places` decimals, exactly."""
    scale = 10**places
    scaled = abs(value) * scale
    whole = math.floor(scaled + Fraction(1, 2))
    result = Decimal(whole).scaleb(-places)
    return -result if value < 0 else result


@dataclass(frozen=True)
class LostPoints:
    """Points of the final score a question lost against its best option."""

    question: str
    indicator: str
    stage: str
    points: Fraction

    @property
    def rounded(self) -> Decimal:
        return round_half_up(self.points)


@dataclass(frozen=True)
class ScoreSheet:
    exact: Fraction
    final: Decimal  # rounded to two decimals: the published score
    category: Category | None
    stages: dict[str, Fraction]
    indicators: dict[str, Fraction]
    lost: tuple[LostPoints, ...]  # largest first


@dataclass(frozen=True)
class _Question:
    key: str
    indicator: str
    stage: str
    weight: Fraction  # its weight within the indicator, normalised (the weights sum to 1)
    share: Fraction  # its share of the final score
    options: dict[str, Fraction]
    best: Fraction


@dataclass(frozen=True)
class _Indicator:
    key: str
    weight: Fraction  # within the stage, normalised
    questions: tuple[_Question, ...]


@dataclass(frozen=True)
class _Stage:
    key: str
    weight: Fraction  # within the rubric, normalised
    indicators: tuple[_Indicator, ...]


@dataclass(frozen=True)
class _Compiled:
    stages: tuple[_Stage, ...]
    questions: dict[str, _Question]


# Weights and shares are worked out once per rubric object: a cycle scores thousands of
# participants with one rubric (bench/monev.py).
_compiled: dict[int, tuple[Rubric, _Compiled]] = {}
_COMPILED_MAX = 64


def _normalised(weights: list[Fraction]) -> list[Fraction]:
    total = sum(weights, Fraction(0))
    return [w / total if total else Fraction(0) for w in weights]


def _compile(rubric: Rubric) -> _Compiled:
    cached = _compiled.get(id(rubric))
    if cached is not None and cached[0] is rubric:
        return cached[1]
    stages: list[_Stage] = []
    questions: dict[str, _Question] = {}
    stage_weights = _normalised([Fraction(s.weight) for s in rubric.stages])
    for stage, stage_weight in zip(rubric.stages, stage_weights, strict=True):
        indicators: list[_Indicator] = []
        indicator_weights = _normalised([Fraction(i.weight) for i in stage.indicators])
        for indicator, indicator_weight in zip(stage.indicators, indicator_weights, strict=True):
            compiled: list[_Question] = []
            question_weights = _normalised([Fraction(q.weight) for q in indicator.questions])
            for question, weight in zip(indicator.questions, question_weights, strict=True):
                options = {o.key: Fraction(o.score) for o in question.options}
                item = _Question(
                    key=question.key,
                    indicator=indicator.key,
                    stage=stage.key,
                    weight=weight,
                    share=weight * indicator_weight * stage_weight,
                    options=options,
                    best=max(options.values()),
                )
                compiled.append(item)
                questions[item.key] = item
            indicators.append(_Indicator(indicator.key, indicator_weight, tuple(compiled)))
        stages.append(_Stage(stage.key, stage_weight, tuple(indicators)))
    result = _Compiled(tuple(stages), questions)
    if len(_compiled) >= _COMPILED_MAX:
        _compiled.clear()
    _compiled[id(rubric)] = (rubric, result)
    return result


def score(
    rubric: Rubric,
    answers: Mapping[str, str],
    indicator_scores: Mapping[str, Decimal] | None = None,
) -> ScoreSheet:
    """Score `answers` ({question key: option key}) and the panel's `indicator_scores`.

    An unanswered question scores 0, as does a direct indicator without a score. An unknown
    question or option is a programming error (answers are checked when saved): `KeyError`.
    """
    compiled = _compile(rubric)
    entered = indicator_scores or {}
    chosen: dict[str, Fraction] = {}
    for key, option in answers.items():
        question = compiled.questions.get(key)
        if question is None:
            raise KeyError(f"Unknown question {key!r}")
        points = question.options.get(option)
        if points is None:
            raise KeyError(f"Unknown option {option!r} of {key!r}")
        chosen[key] = points
    zero = Fraction(0)
    stages: dict[str, Fraction] = {}
    indicators: dict[str, Fraction] = {}
    lost: list[LostPoints] = []
    exact = zero
    for stage in compiled.stages:
        stage_score = zero
        for indicator in stage.indicators:
            if not indicator.questions:
                given = entered.get(indicator.key)
                value = Fraction(given) if given is not None else zero
            else:
                value = zero
                for question in indicator.questions:
                    points = chosen.get(question.key, zero)
                    if points:
                        value += question.weight * points
                    if points < question.best:
                        # The question's share of the final score times what it fell short of.
                        lost.append(
                            LostPoints(
                                question.key,
                                indicator.key,
                                stage.key,
                                question.share * (question.best - points),
                            )
                        )
            indicators[indicator.key] = value
            stage_score += indicator.weight * value
        stages[stage.key] = stage_score
        exact += stage.weight * stage_score
    final = round_half_up(exact)
    lost.sort(key=lambda item: (-item.points, item.question))
    return ScoreSheet(
        exact=exact,
        final=final,
        category=rubric.category_for(final),
        stages=stages,
        indicators=indicators,
        lost=tuple(lost),
    )


def competition_ranks(scores: Iterable[tuple[K, Decimal]]) -> dict[K, int]:
    """Standard competition ranking (1, 2, 2, 4): 1 + how many scored strictly higher."""
    ordered = sorted(scores, key=lambda item: item[1], reverse=True)
    ranks: dict[K, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank = position
            previous = value
        ranks[key] = rank
    return ranks
