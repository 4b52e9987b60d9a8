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


def _mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction:
    """The weighted mean of (weight, score) pairs; 0 when there is nothing to weigh."""
    total_weight = Fraction(0)
    total = Fraction(0)
    for weight, score in pairs:
        total_weight += weight
        total += weight * score
    return total / total_weight if total_weight else Fraction(0)


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


def score(
    rubric: Rubric,
    answers: Mapping[str, str],
    indicator_scores: Mapping[str, Decimal] | None = None,
) -> ScoreSheet:
    """Score `answers` ({question key: option key}) and the panel's `indicator_scores`.

    An unanswered question scores 0, as does a direct indicator without a score. An unknown
    question or option is a programming error (answers are checked when saved): `KeyError`.
    """
    entered = indicator_scores or {}
    for key in answers:
        if rubric.question(key) is None:
            raise KeyError(f"Unknown question {key!r}")
    stage_weights = Fraction(0)
    for stage in rubric.stages:
        stage_weights += Fraction(stage.weight)
    stages: dict[str, Fraction] = {}
    indicators: dict[str, Fraction] = {}
    lost: list[LostPoints] = []
    for stage in rubric.stages:
        indicator_weights = sum((Fraction(i.weight) for i in stage.indicators), Fraction(0))
        for indicator in stage.indicators:
            if not indicator.questions:
                given = entered.get(indicator.key)
                indicators[indicator.key] = Fraction(given) if given is not None else Fraction(0)
                continue
            question_weights = sum((Fraction(q.weight) for q in indicator.questions), Fraction(0))
            pairs: list[tuple[Fraction, Fraction]] = []
            for question in indicator.questions:
                chosen = answers.get(question.key)
                points = Fraction(0)
                if chosen is not None:
                    option = question.option(chosen)
                    if option is None:
                        raise KeyError(f"Unknown option {chosen!r} of {question.key!r}")
                    points = Fraction(option.score)
                pairs.append((Fraction(question.weight), points))
                # The question's share of the final score, times what it fell short of.
                share = (
                    Fraction(question.weight)
                    / question_weights
                    * Fraction(indicator.weight)
                    / indicator_weights
                    * Fraction(stage.weight)
                    / stage_weights
                )
                shortfall = Fraction(question.best) - points
                if shortfall > 0:
                    lost.append(
                        LostPoints(question.key, indicator.key, stage.key, share * shortfall)
                    )
            indicators[indicator.key] = _mean(pairs)
        stages[stage.key] = _mean((Fraction(i.weight), indicators[i.key]) for i in stage.indicators)
    exact = _mean((Fraction(s.weight), stages[s.key]) for s in rubric.stages)
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
