"""The figures read from the sums: intervals, exact distributions, periods and league tables."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terbuka.inforequests.models import WrittenNotice
from terbuka.reports import facts
from terbuka.reports.figures import (
    Distribution,
    Interval,
    Period,
    PeriodError,
    UnitRow,
    check_period,
    league,
    service_figures,
    wilson,
)
from terbuka.reports.models import Outcome
from terbuka.reports.tests.test_facts import at, notice

# --- Wilson interval --------------------------------------------------------------------------


def test_wilson_matches_known_values() -> None:
    # Reference values (Newcombe 1998, Table I): 81/263 -> 0.2553-0.3662.
    found = wilson(81, 263)
    assert found.low == pytest.approx(0.2553, abs=5e-4)
    assert found.high == pytest.approx(0.3662, abs=5e-4)
    assert wilson(0, 10).low == 0.0
    assert wilson(10, 10).high == 1.0
    assert wilson(0, 0) == Interval(0, 0, None, None, None)


@pytest.mark.parametrize(("successes", "n"), [(-1, 3), (4, 3), (0, -1)])
def test_wilson_refuses_impossible_counts(successes: int, n: int) -> None:
    with pytest.raises(ValueError, match="successes"):
        wilson(successes, n)


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.just(n), st.integers(0, n))
    )
)
def test_wilson_contains_the_rate_and_stays_in_bounds(case: tuple[int, int]) -> None:
    n, successes = case
    found = wilson(successes, n)
    assert found.low is not None
    assert found.high is not None
    assert found.rate is not None
    assert 0.0 <= found.low <= found.rate + 1e-12
    assert found.rate - 1e-12 <= found.high <= 1.0


@given(st.integers(min_value=1, max_value=200), st.floats(min_value=0.05, max_value=0.95))
def test_more_evidence_narrows_the_interval(n: int, share: float) -> None:
    small = wilson(round(n * share), n)
    large = wilson(round(10 * n * share), 10 * n)
    assert (large.high or 0) - (large.low or 0) < (small.high or 0) - (small.low or 0)


# --- Distributions ----------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=300))
def test_the_histogram_gives_the_exact_median_mean_and_p90(days: list[int]) -> None:
    counts: dict[int, int] = {}
    for day in days:
        counts[day] = counts.get(day, 0) + 1
    found = Distribution.from_counts(counts)
    assert found.count == len(days)
    assert found.median == Decimal(str(statistics.median(days))).quantize(Decimal("0.1"))
    ordered = sorted(days)
    assert found.p90 == ordered[math.ceil(0.9 * len(days)) - 1]
    exact = Decimal(sum(days)) / Decimal(len(days))
    assert found.mean is not None
    assert abs(found.mean - exact) <= Decimal("0.05")
    assert sum(n for _label, n in found.bands) == len(days)


def test_an_empty_distribution_has_no_figures() -> None:
    empty = Distribution.from_counts({3: 0})
    assert (empty.count, empty.mean, empty.median, empty.p90) == (0, None, None, None)
    assert [n for _label, n in empty.bands] == [0, 0, 0, 0, 0]


def test_the_mean_is_rounded_half_up() -> None:
    assert Distribution.from_counts({1: 1, 2: 1, 0: 2}).mean == Decimal("0.8")
    assert Distribution.from_counts({0: 3, 1: 1}).mean == Decimal("0.3")  # 0.25, not 0.2
    assert Distribution.from_counts({0: 1, 1: 1}).median == Decimal("0.5")


# --- Periods ----------------------------------------------------------------------------------


def test_periods() -> None:
    assert Period(2026, 0).months == tuple(range(1, 13))
    assert (Period(2026, 1).first, Period(2026, 1).last) == (
        dt.date(2026, 1, 1),
        dt.date(2026, 6, 30),
    )
    assert (Period(2024, 2).first, Period(2024, 2).last) == (
        dt.date(2024, 7, 1),
        dt.date(2024, 12, 31),
    )
    assert check_period("2026", "") == Period(2026, 0)
    assert check_period(2026, "2") == Period(2026, 2)


@pytest.mark.parametrize(
    ("year", "semester", "field"),
    [
        ("x", 0, "year"),
        (2007, 0, "year"),
        (2101, 0, "year"),
        (2026, 3, "semester"),
        (2026, "a", "semester"),
    ],
)
def test_bad_periods_name_their_field(year: Any, semester: Any, field: str) -> None:
    with pytest.raises(PeriodError) as caught:
        check_period(year, semester)
    assert caught.value.field == field
    assert str(caught.value)


# --- League tables ------------------------------------------------------------------------------


def _row(key: int, name: str, on_time: int, n: int) -> UnitRow:
    return UnitRow(
        unit_key=key,
        name=name,
        slug=name.lower(),
        received=n,
        outcomes={},
        on_time=wilson(on_time, n),
        notice_days=Distribution.from_counts({}),
    )


def test_the_league_ranks_by_the_lower_bound_and_leaves_out_small_units() -> None:
    rows = [
        _row(1, "Kecil", 2, 2),  # 100% of 2: too few to rank
        _row(2, "Besar", 95, 100),
        _row(3, "Sedang", 24, 25),  # 96% but a wider interval than 95 of 100
        _row(4, "Lambat", 10, 40),
        _row(0, "Tanpa unit", 5, 50),  # not a unit: never ranked
    ]
    table = league(rows, threshold=10)
    assert [(rank, row.name) for rank, row in table.ranked] == [
        (1, "Besar"),
        (2, "Sedang"),
        (3, "Lambat"),
    ]
    assert [row.name for row in table.too_few] == ["Kecil"]
    assert table.threshold == 10


def test_equal_lower_bounds_share_a_rank() -> None:
    table = league([_row(1, "A", 9, 10), _row(2, "B", 9, 10), _row(3, "C", 1, 10)], threshold=5)
    assert [rank for rank, _row_ in table.ranked] == [1, 1, 3]


def test_the_threshold_comes_from_the_settings(settings: Any) -> None:
    settings.TERBUKA_LEAGUE_MIN_REQUESTS = 3
    table = league([_row(1, "A", 3, 3), _row(2, "B", 1, 2)])
    assert [row.name for _rank, row in table.ranked] == ["A"]
    assert table.threshold == 3


# --- Service figures --------------------------------------------------------------------------


@pytest.mark.django_db
def test_service_figures_for_a_body_a_unit_and_a_semester(
    body: Any,
    unit: Any,
    submit: Any,
    desk_officer: Any,
    ppid_utama: Any,
    django_assert_max_num_queries: Any,
) -> None:
    with at(2026, 2, 2):
        granted = submit()
        notice(granted, desk_officer)
    with at(2026, 3, 2):
        refused = submit(unit=unit)
    with at(2026, 3, 4):
        notice(
            refused,
            ppid_utama,
            decision=WrittenNotice.Decision.REFUSED,
            form=WrittenNotice.Form.NONE,
            material="",
            refusal_letters=["c"],
            consequence_test_ref="UK/9",
        )
    with at(2026, 8, 3):
        submit()
    facts.drain()
    with django_assert_max_num_queries(8):
        year = service_figures(body, Period(2026, 0))
    assert year.received == 3
    assert year.outcomes[Outcome.GRANTED_FULL] == 1
    assert year.outcomes[Outcome.REFUSED] == 1
    assert year.outcomes[Outcome.PENDING] == 1
    assert year.refused_by_ground["c"] == 1
    assert year.by_channel["web"] == 3
    assert [m.received for m in year.by_month] == [0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert year.notice_days.count == 2
    assert year.notice_days.median == Decimal("1.0")
    assert year.on_time.n == 2
    assert year.on_time.rate == 1.0
    assert {row.name for row in year.by_unit} == {"PPID Utama Kota Uji", "Dinas Kesehatan"}
    first = service_figures(body, Period(2026, 1))
    assert first.received == 2
    assert len(first.by_month) == 6
    only_unit = service_figures(body, Period(2026, 0), unit=unit)
    assert only_unit.received == 1
    assert only_unit.outcomes[Outcome.REFUSED] == 1
    national = service_figures(None, Period(2026, 0))
    assert national.received == 3
    assert national.body_slug == ""
    api = year.api()
    assert api["median_days_to_notice"] == 1.0
    assert api["refused_by_ground"] == {letter: int(letter == "c") for letter in "abcdefghij"}
    assert year.as_json()["received"] == 3


def test_a_units_objections_are_those_of_the_requests_it_answered(
    submit: Any, applicant: Any, ppid_utama: Any, unit: Any, other_unit: Any
) -> None:
    # Named to one unit, given to another by disposisi: the answering unit's report counts the
    # objection, with the request itself (UU 14/2008 Pasal 35).
    from terbuka.inforequests import services as request_services
    from terbuka.objections import services as objection_services

    request = submit(unit=other_unit)
    request_services.request_route(
        request=request, actor=ppid_utama, units=[unit], note="Mohon dijawab."
    )
    notice(
        request,
        ppid_utama,
        decision=WrittenNotice.Decision.REFUSED,
        form=WrittenNotice.Form.NONE,
        material="",
        refusal_letters=["b"],
    )
    objection_services.objection_file(
        actor=applicant,
        request=request,
        grounds=["a"],
        summary="Informasi yang diminta bukan informasi yang dikecualikan.",
    )
    facts.drain()
    period = Period(request.received_at.year, 0)
    answering = service_figures(request.body, period, unit=unit)
    assert answering.received == 1
    assert answering.objections["total"] == 1
    assert answering.objections["by_ground"]["a"] == 1
    named = service_figures(request.body, period, unit=other_unit)
    assert named.received == 0
    assert named.objections["total"] == 0
    assert service_figures(request.body, period).objections["total"] == 1
