"""Hypothesis strategies for rubrics and answers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

CATEGORIES = [
    {"name": "Informatif", "min": 90},
    {"name": "Menuju Informatif", "min": 80},
    {"name": "Cukup Informatif", "min": 60},
    {"name": "Kurang Informatif", "min": 40},
    {"name": "Tidak Informatif", "min": 0},
]

weights = st.one_of(
    st.integers(min_value=1, max_value=100),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2).map(str),
)
scores = st.integers(min_value=0, max_value=100)


@st.composite
def rubric_json(draw: st.DrawFn, /, *, max_stages: int = 3, direct: bool = True) -> dict[str, Any]:
    counter = iter(range(10_000))
    stages = []
    for s in range(draw(st.integers(1, max_stages))):
        indicators = []
        for _i in range(draw(st.integers(1, 3))):
            n = next(counter)
            questions = []
            count = draw(st.integers(0 if direct else 1, 3))
            for _q in range(count):
                q = next(counter)
                option_scores = draw(st.lists(scores, min_size=1, max_size=4))
                questions.append(
                    {
                        "key": f"q{q}",
                        "text": f"Pertanyaan {q}",
                        "weight": draw(weights),
                        "evidence": draw(st.sampled_from(["none", "link", "pdf", "link_or_pdf"])),
                        "options": [
                            {"key": f"o{k}", "label": f"Pilihan {k}", "score": value}
                            for k, value in enumerate(option_scores)
                        ],
                    }
                )
            indicators.append(
                {
                    "key": f"i{n}",
                    "name": f"Indikator {n}",
                    "weight": draw(weights),
                    "questions": questions,
                }
            )
        stages.append(
            {
                "key": f"s{s}",
                "name": f"Tahap {s}",
                "weight": draw(weights),
                "indicators": indicators,
            }
        )
    return {"name": "Rubrik uji", "year": 2026, "categories": CATEGORIES, "stages": stages}


@st.composite
def rubric_and_answers(draw: st.DrawFn, /, **options: Any) -> tuple[dict[str, Any], dict[str, str]]:
    data = draw(rubric_json(**options))
    answers: dict[str, str] = {}
    for stage in data["stages"]:
        for indicator in stage["indicators"]:
            for question in indicator["questions"]:
                if draw(st.booleans()) or draw(st.booleans()):
                    answers[question["key"]] = draw(
                        st.sampled_from([o["key"] for o in question["options"]])
                    )
    return data, answers
