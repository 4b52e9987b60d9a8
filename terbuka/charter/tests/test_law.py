from __future__ import annotations

import pytest

from terbuka.charter import law
from terbuka.inforequests import deadlines as request_deadlines
from terbuka.objections import deadlines as objection_deadlines


def test_request_periods_are_the_clocks_numbers() -> None:
    days = [d.days for d in law.deadlines(law.PERMOHONAN, completion_days=3)]
    assert days == [
        None,
        3,
        request_deadlines.NOTICE_DAYS,
        request_deadlines.EXTENSION_DAYS,
        request_deadlines.OBJECTION_DAYS,
    ]


def test_objection_and_dispute_periods_are_the_clocks_numbers() -> None:
    assert [d.days for d in law.deadlines(law.KEBERATAN, completion_days=3)] == [
        request_deadlines.OBJECTION_DAYS,
        objection_deadlines.RESPONSE_DAYS,
        objection_deadlines.DISPUTE_FILING_DAYS,
    ]
    assert [d.days for d in law.deadlines(law.SENGKETA, completion_days=3)] == [
        objection_deadlines.DISPUTE_FILING_DAYS,
        objection_deadlines.COMMISSION_START_DAYS,
        objection_deadlines.COMMISSION_SETTLE_DAYS,
    ]


def test_every_period_cites_the_law() -> None:
    for kind in (law.PERMOHONAN, law.KEBERATAN, law.SENGKETA):
        for deadline in law.deadlines(kind, completion_days=3):
            assert deadline.basis.startswith(("UU 14/2008 Pasal", "Perki 1/2021"))
        assert law.default_steps(kind)


def test_body_completion_days_are_shown() -> None:
    text = law.deadlines(law.PERMOHONAN, completion_days=5)[1].text
    assert "paling lambat 5 hari kerja" in text


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="banding"):
        law.deadlines("banding", completion_days=3)
    with pytest.raises(ValueError, match="banding"):
        law.default_steps("banding")


def test_objection_grounds_a_to_g() -> None:
    grounds = law.objection_grounds()
    assert [letter for letter, _ in grounds] == list("abcdefg")
