"""Monev rubrics as data: parse, check and write back the JSON a commission's rubric is kept in.

Perki 1/2022 (monitoring and evaluation of public-information openness) leaves the weights to
each commission and year (domain.md section 3.3-3.4: KI Pusat, KI Kepri and KI Sumbar publish
different ones), so nothing here is hard-coded: a rubric has stages with weights, indicators
with weights inside each stage, questions (weight 1 unless given) with answer options scored
0-100 and the evidence each wants, and the category thresholds.

Pure functions: nothing here touches the database. `parse_rubric` returns a frozen `Rubric` or
raises `RubricError` listing every problem with its JSON path (`stages[0].indicators[2].weight`).
Weights and scores are exact `Decimal`s read from the JSON literal (`0.7`, `"70"`, `70`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from terbuka.core.exceptions import ValidationError

MAX_SCORE = Decimal(100)
MAX_WEIGHT = Decimal(1_000_000)
MAX_NAME = 300
MAX_TEXT = 4000
MAX_KEY = 64
MAX_ITEMS = 1000
KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class Evidence:
    """What a question wants as evidence: nothing, a link, a PDF (at most 2 MB), or both."""

    NONE = "none"
    LINK = "link"
    PDF = "pdf"
    LINK_OR_PDF = "link_or_pdf"
    LINK_AND_PDF = "link_and_pdf"
    ALL = (NONE, LINK, PDF, LINK_OR_PDF, LINK_AND_PDF)
    # e-monev practice (domain.md 3.2): supporting documents are PDFs of at most 2 MB each.
    MAX_PDF_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    score: Decimal


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    weight: Decimal
    evidence: str
    options: tuple[Option, ...]

    def option(self, key: str) -> Option | None:
        return next((o for o in self.options if o.key == key), None)

    @property
    def best(self) -> Decimal:
        return max(o.score for o in self.options)


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    weight: Decimal
    # An indicator without questions is scored directly (a presentation or visit panel).
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    weight: Decimal
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Category:
    name: str
    min: Decimal


@dataclass(frozen=True)
class Rubric:
    name: str
    year: int
    # Highest threshold first: a score's category is the first whose `min` it reaches.
    categories: tuple[Category, ...]
    stages: tuple[Stage, ...]
    _questions: dict[str, tuple[Stage, Indicator, Question]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        for stage in self.stages:
            for indicator in stage.indicators:
                for question in indicator.questions:
                    self._questions[question.key] = (stage, indicator, question)

    def question(self, key: str) -> Question | None:
        found = self._questions.get(key)
        return found[2] if found else None

    def questions(self) -> Iterable[tuple[Stage, Indicator, Question]]:
        return self._questions.values()

    def indicator(self, key: str) -> tuple[Stage, Indicator] | None:
        for stage in self.stages:
            for indicator in stage.indicators:
                if indicator.key == key:
                    return stage, indicator
        return None

    def category_for(self, score: Decimal) -> Category | None:
        return next((c for c in self.categories if score >= c.min), None)


class RubricError(ValidationError):
    """The rubric was refused; `problems` lists every path and reason."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__(
            _("Rubrik tidak valid: %(n)d masalah.") % {"n": len(problems)},
            code="invalid_rubric",
            problems=[{"path": path, "message": message} for path, message in problems],
        )
        self.problems = problems


class _Reader:
    """Collects every problem instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def text(self, data: Mapping[str, Any], name: str, path: str, *, limit: int) -> str:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{path}.{name}" if path else name, _("Wajib diisi (teks)."))
            return ""
        text = " ".join(value.split())
        if len(text) > limit:
            self.fail(
                f"{path}.{name}" if path else name,
                _("Paling banyak %(n)d karakter.") % {"n": limit},
            )
        return text

    def key(self, data: Mapping[str, Any], path: str) -> str:
        value = data.get("key")
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not KEY_RE.match(value) or len(value) > MAX_KEY:
            self.fail(
                f"{path}.key",
                _(
                    "Kunci wajib diisi: huruf, angka, titik, garis bawah atau tanda hubung, "
                    "paling banyak %(n)d karakter."
                )
                % {"n": MAX_KEY},
            )
            return ""
        return value

    def number(
        self,
        data: Mapping[str, Any],
        name: str,
        path: str,
        *,
        default: Decimal | None = None,
        low: Decimal = Decimal(0),
        high: Decimal = MAX_WEIGHT,
        positive: bool = False,
    ) -> Decimal:
        where = f"{path}.{name}" if path else name
        value = data.get(name)
        if value is None and default is not None:
            return default
        number: Decimal | None = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, float):
            # The literal as written in the JSON (0.7, not 0.6999999999999999555910790149937).
            number = Decimal(repr(value))
        elif isinstance(value, str):
            try:
                number = Decimal(value.strip().replace(",", "."))
            except InvalidOperation:
                number = None
        if number is None or not number.is_finite():
            self.fail(where, _("Harus berupa angka."))
            return Decimal(0)
        if number < low or number > high or (positive and number <= 0):
            if positive:
                message = _("Harus lebih dari 0 dan paling besar %(high)s.") % {"high": high}
            else:
                message = _("Harus antara %(low)s dan %(high)s.") % {"low": low, "high": high}
            self.fail(where, message)
        return number

    def items(self, data: Mapping[str, Any], name: str, path: str) -> list[Any]:
        where = f"{path}.{name}" if path else name
        value = data.get(name)
        if not isinstance(value, list) or not value:
            self.fail(where, _("Wajib berupa daftar yang tidak kosong."))
            return []
        if len(value) > MAX_ITEMS:
            self.fail(where, _("Paling banyak %(n)d butir.") % {"n": MAX_ITEMS})
            return []
        return value

    def unique(self, keys: list[str], path: str, what: str) -> None:
        seen: set[str] = set()
        for index, key in enumerate(keys):
            if key and key in seen:
                self.fail(
                    f"{path}[{index}].key",
                    _("Kunci %(what)s '%(key)s' sudah dipakai.") % {"what": what, "key": key},
                )
            seen.add(key)


def _evidence(reader: _Reader, value: Any, path: str) -> str:
    if value is None or value == "":
        return Evidence.NONE
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        kinds = {v.strip().lower() for v in value}
        if kinds <= {"link", "pdf"}:
            if kinds == {"link", "pdf"}:
                return Evidence.LINK_OR_PDF
            return kinds.pop() if kinds else Evidence.NONE
    if isinstance(value, str) and value.strip().lower() in Evidence.ALL:
        return value.strip().lower()
    reader.fail(
        f"{path}.evidence",
        _("Bukti harus salah satu dari: %(kinds)s.") % {"kinds": ", ".join(Evidence.ALL)},
    )
    return Evidence.NONE


def _question(reader: _Reader, data: Any, path: str) -> Question | None:
    if not isinstance(data, Mapping):
        reader.fail(path, _("Harus berupa objek."))
        return None
    options: list[Option] = []
    for index, item in enumerate(reader.items(data, "options", path)):
        where = f"{path}.options[{index}]"
        if not isinstance(item, Mapping):
            reader.fail(where, _("Harus berupa objek."))
            continue
        options.append(
            Option(
                key=reader.key(item, where),
                label=reader.text(item, "label", where, limit=MAX_NAME),
                score=reader.number(item, "score", where, high=MAX_SCORE),
            )
        )
    reader.unique([o.key for o in options], f"{path}.options", _("pilihan"))
    return Question(
        key=reader.key(data, path),
        text=reader.text(data, "text", path, limit=MAX_TEXT),
        weight=reader.number(data, "weight", path, default=Decimal(1), positive=True),
        evidence=_evidence(reader, data.get("evidence"), path),
        options=tuple(options),
    )


def _indicator(reader: _Reader, data: Any, path: str) -> Indicator | None:
    if not isinstance(data, Mapping):
        reader.fail(path, _("Harus berupa objek."))
        return None
    questions: list[Question] = []
    raw = data.get("questions")
    # No questions: the indicator is scored directly (a presentation or visit panel).
    raw_items = [] if raw is None or raw == [] else reader.items(data, "questions", path)
    for index, item in enumerate(raw_items):
        question = _question(reader, item, f"{path}.questions[{index}]")
        if question is not None:
            questions.append(question)
    return Indicator(
        key=reader.key(data, path),
        name=reader.text(data, "name", path, limit=MAX_NAME),
        weight=reader.number(data, "weight", path, positive=True),
        questions=tuple(questions),
    )


def parse_rubric(data: Any) -> Rubric:
    """Check a rubric's JSON (already decoded) and return it, or raise `RubricError`."""
    reader = _Reader()
    if not isinstance(data, Mapping):
        raise RubricError([("", _("Rubrik harus berupa objek JSON."))])
    name = reader.text(data, "name", "", limit=MAX_NAME)
    year_value = data.get("year")
    year = 0
    if (
        isinstance(year_value, int)
        and not isinstance(year_value, bool)
        and 2000 <= year_value <= 2100
    ):
        year = year_value
    elif isinstance(year_value, str) and year_value.strip().isdigit():
        year = int(year_value.strip())
        if not 2000 <= year <= 2100:
            reader.fail("year", _("Tahun harus antara 2000 dan 2100."))
    else:
        reader.fail("year", _("Tahun harus antara 2000 dan 2100."))
    categories: list[Category] = []
    for index, item in enumerate(reader.items(data, "categories", "")):
        where = f"categories[{index}]"
        if not isinstance(item, Mapping):
            reader.fail(where, _("Harus berupa objek."))
            continue
        categories.append(
            Category(
                name=reader.text(item, "name", where, limit=MAX_NAME),
                min=reader.number(item, "min", where, high=MAX_SCORE),
            )
        )
    mins = [c.min for c in categories]
    if len(set(mins)) != len(mins):
        reader.fail("categories", _("Batas bawah setiap kategori harus berbeda."))
    if categories and min(mins) != 0:
        reader.fail(
            "categories",
            _("Satu kategori harus berbatas bawah 0, agar setiap nilai punya kategori."),
        )
    stages: list[Stage] = []
    for index, item in enumerate(reader.items(data, "stages", "")):
        where = f"stages[{index}]"
        if not isinstance(item, Mapping):
            reader.fail(where, _("Harus berupa objek."))
            continue
        indicators: list[Indicator] = []
        for number, raw in enumerate(reader.items(item, "indicators", where)):
            indicator = _indicator(reader, raw, f"{where}.indicators[{number}]")
            if indicator is not None:
                indicators.append(indicator)
        reader.unique([i.key for i in indicators], f"{where}.indicators", _("indikator"))
        stages.append(
            Stage(
                key=reader.key(item, where),
                name=reader.text(item, "name", where, limit=MAX_NAME),
                weight=reader.number(item, "weight", where, positive=True),
                indicators=tuple(indicators),
            )
        )
    reader.unique([s.key for s in stages], "stages", _("tahap"))
    # Indicator keys name the scores a panel enters, question keys the answers: both are unique
    # across the whole rubric.
    indicator_keys = [i.key for s in stages for i in s.indicators]
    question_keys = [q.key for s in stages for i in s.indicators for q in i.questions]
    for keys, what in ((indicator_keys, _("indikator")), (question_keys, _("pertanyaan"))):
        seen: set[str] = set()
        for key in keys:
            if key and key in seen:
                reader.fail(
                    "stages",
                    _("Kunci %(what)s '%(key)s' dipakai lebih dari sekali dalam rubrik.")
                    % {"what": what, "key": key},
                )
            seen.add(key)
    if reader.problems:
        raise RubricError(reader.problems)
    return Rubric(
        name=name,
        year=year,
        categories=tuple(sorted(categories, key=lambda c: c.min, reverse=True)),
        stages=tuple(stages),
    )


def _number(value: Decimal) -> int | str:
    # Whole numbers stay JSON integers; others keep their exact digits as strings.
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def rubric_to_json(rubric: Rubric) -> dict[str, Any]:
    """The rubric in the exchange format; `parse_rubric(rubric_to_json(r)) == r`."""
    return {
        "name": rubric.name,
        "year": rubric.year,
        "categories": [{"name": c.name, "min": _number(c.min)} for c in rubric.categories],
        "stages": [
            {
                "key": stage.key,
                "name": stage.name,
                "weight": _number(stage.weight),
                "indicators": [
                    {
                        "key": indicator.key,
                        "name": indicator.name,
                        "weight": _number(indicator.weight),
                        "questions": [
                            {
                                "key": q.key,
                                "text": q.text,
                                "weight": _number(q.weight),
                                "evidence": q.evidence,
                                "options": [
                                    {"key": o.key, "label": o.label, "score": _number(o.score)}
                                    for o in q.options
                                ],
                            }
                            for q in indicator.questions
                        ],
                    }
                    for indicator in stage.indicators
                ],
            }
            for stage in rubric.stages
        ],
    }
