"""Monev scoring and ranking at scale (issue 7): the app against bare SQL in the same run.

M-score: `scoring.score` of 100,000 participants (5,000 with --quick, the most a cycle takes:
`services.MAX_PARTICIPANTS`) over the national rubric template (`ki_nasional_2025.json`: 27
questions in six indicators, three indicators scored by a panel), each with generated answers
and panel scores, then `scoring.competition_ranks` within each of seven groups: the pure part
of `services.cycle_compute`, between reading the answers and writing the results.

M-rank: the ranking alone, `competition_ranks` per group over the same participants'
precomputed scores.

The baseline of both is the same ranking done by SQLite: `RANK() OVER (PARTITION BY grp ORDER
BY score DESC)` over a table of the precomputed scores (in hundredths, an integer column) in an
in-memory database, fetched in full. Every rank the app gives is compared with SQL's.

Run alone with `python -m bench.monev [--quick]`.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

PARTICIPANTS = 100_000
QUICK_PARTICIPANTS = 5_000
# KI Pusat 2022's seven groups (domain.md 3.5), uneven as real groups are.
GROUPS = (
    ("Kementerian", 30),
    ("Lembaga non-kementerian", 20),
    ("Pemerintah provinsi", 15),
    ("Perguruan tinggi negeri", 12),
    ("Lembaga non-struktural", 10),
    ("BUMN", 8),
    ("Partai politik", 5),
)
# Distinct answer sheets generated; participant i answers like sheet i % POOL, so memory stays
# small while every participant is scored on its own.
POOL = 10_000
# Budgets: about twice what the 2-vCPU development machine measures. A participant of the
# national rubric costs about 0.3 ms to score (exact `Fraction` arithmetic over weights and
# shares compiled once per rubric), so a cycle of 5,000 takes about 1.5 s; ranking alone costs
# about what SQLite's window function costs.
SCORE_MS_BUDGET = 1.0
RANK_RATIO_BUDGET = 3.0


def _setup_django() -> None:
    import django
    from django.utils import translation

    django.setup()
    translation.activate("id")


def _rubric() -> Any:
    from terbuka.monev import transfer
    from terbuka.monev.rubric import parse_rubric

    return parse_rubric(dict(transfer.rubric_templates())["ki_nasional_2025"])


def generate(rubric: Any, count: int, *, seed: int = 2026) -> list[tuple[dict[str, str], Any]]:
    """`count` answer sheets and panel scores: mostly good answers, a few questions skipped."""
    rng = random.Random(seed)  # noqa: S311 (reproducible answers, not a secret)
    questions = [q for _s, _i, q in rubric.questions()]
    panel = [i.key for s in rubric.stages for i in s.indicators if not i.questions]
    sheets: list[tuple[dict[str, str], Any]] = []
    for _n in range(count):
        skill = rng.random()
        answers: dict[str, str] = {}
        for question in questions:
            if rng.random() < 0.02:
                continue  # left unanswered: scores 0
            ordered = sorted(question.options, key=lambda o: o.score, reverse=True)
            # A stronger participant picks the best option more often.
            index = 0 if rng.random() < 0.35 + 0.6 * skill else rng.randrange(len(ordered))
            answers[question.key] = ordered[index].key
        scores = {key: Decimal(rng.randint(4000, 10000)) / 100 for key in panel}
        sheets.append((answers, scores))
    return sheets


def group_of(n: int) -> str:
    total = sum(weight for _name, weight in GROUPS)
    slot = (n * 7919) % total
    for name, weight in GROUPS:
        if slot < weight:
            return name
        slot -= weight
    return GROUPS[-1][0]


def score_and_rank(rubric: Any, sheets: list[tuple[dict[str, str], Any]], count: int) -> Any:
    """What `cycle_compute` does in memory: score each participant, rank within its group."""
    from terbuka.monev import scoring

    finals: dict[int, Decimal] = {}
    members: dict[str, list[int]] = {}
    for n in range(count):
        answers, panel = sheets[n % len(sheets)]
        finals[n] = scoring.score(rubric, answers, panel).final
        members.setdefault(group_of(n), []).append(n)
    ranks: dict[int, int] = {}
    for ids in members.values():
        ranks.update(scoring.competition_ranks((n, finals[n]) for n in ids))
    return finals, ranks


def rank_only(finals: dict[int, Decimal], groups: dict[int, str]) -> dict[int, int]:
    from terbuka.monev import scoring

    members: dict[str, list[int]] = {}
    for n, group in groups.items():
        members.setdefault(group, []).append(n)
    ranks: dict[int, int] = {}
    for ids in members.values():
        ranks.update(scoring.competition_ranks((n, finals[n]) for n in ids))
    return ranks


def sql_table(finals: dict[int, Decimal], groups: dict[int, str]) -> sqlite3.Connection:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE scores (id INTEGER PRIMARY KEY, grp TEXT, score INTEGER)")
    database.executemany(
        "INSERT INTO scores VALUES (?, ?, ?)",
        ((n, groups[n], int(finals[n] * 100)) for n in finals),
    )
    database.commit()
    return database


SQL_RANK = "SELECT id, RANK() OVER (PARTITION BY grp ORDER BY score DESC) FROM scores"


def sql_rank(database: sqlite3.Connection) -> dict[int, int]:
    return dict(database.execute(SQL_RANK).fetchall())


def _time(action: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    value = action()
    return time.perf_counter() - started, value


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.1f} s"


def bench_monev(*, quick: bool, participants: int | None = None) -> list[dict[str, object]]:
    """M-score and M-rank, each against SQLite's RANK() over the same scores."""
    count = participants or (QUICK_PARTICIPANTS if quick else PARTICIPANTS)
    rubric = _rubric()
    questions = sum(1 for _ in rubric.questions())
    sheets = generate(rubric, min(count, POOL))
    groups = {n: group_of(n) for n in range(count)}

    score_s, (finals, app_ranks) = _time(lambda: score_and_rank(rubric, sheets, count))
    database = sql_table(finals, groups)
    rounds = 5 if quick else 9
    rank_times: list[float] = []
    sql_times: list[float] = []
    sql_ranks: dict[int, int] = {}
    for number in range(rounds):
        pair = [("sql", sql_times), ("app", rank_times)]
        if number % 2:
            pair.reverse()
        for name, times in pair:
            if name == "sql":
                elapsed, sql_ranks = _time(lambda: sql_rank(database))
            else:
                elapsed, ranked = _time(lambda: rank_only(finals, groups))
                assert ranked == app_ranks
            times.append(elapsed)
    database.close()
    same = sql_ranks == app_ranks
    sql_s = statistics.median(sql_times)
    rank_s = statistics.median(rank_times)
    per_participant_ms = score_s / count * 1000
    return [
        {
            "id": "M-score",
            "name": (
                f"score and rank {count:,} participants ({questions} questions, "
                f"{len(GROUPS)} groups)"
            ),
            "baseline": f"SQL RANK() {_ms(sql_s)}",
            "app": f"{_ms(score_s)} ({per_participant_ms:.2f} ms each, {count / score_s:,.0f}/s)",
            "ratio": f"{score_s / sql_s:,.0f}x",
            "budget": f"<= {SCORE_MS_BUDGET:g} ms per participant; ranks = SQL's",
            "ok": same and per_participant_ms <= SCORE_MS_BUDGET,
        },
        {
            "id": "M-rank",
            "name": f"rank {count:,} precomputed scores within {len(GROUPS)} groups",
            "baseline": f"SQL RANK() p50 {_ms(sql_s)}",
            "app": f"p50 {_ms(rank_s)}",
            "ratio": f"{rank_s / sql_s:.2f}x",
            "budget": f"<= {RANK_RATIO_BUDGET:g}x SQL; ranks = SQL's",
            "ok": same and rank_s / sql_s <= RANK_RATIO_BUDGET,
        },
    ]


def main() -> int:
    from bench.setup_env import prepare_environment

    tmp = prepare_environment()
    try:
        _setup_django()
        rows = bench_monev(quick="--quick" in sys.argv[1:])
        columns = ["id", "name", "baseline", "app", "ratio", "budget", "ok"]
        widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
        print("  ".join(c.ljust(widths[c]) for c in columns))
        for row in rows:
            print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
