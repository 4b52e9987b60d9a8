"""The NIK parser: generated valid numbers pass, every kind of corruption fails cleanly."""

from __future__ import annotations

import calendar
import contextlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from terbuka.accounts.nik import MESSAGES, PROVINCE_CODES, normalise_nik, parse_nik

provinces = st.sampled_from(sorted(PROVINCE_CODES))
two_digits = st.integers(min_value=1, max_value=99).map(lambda n: f"{n:02d}")
birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
serials = st.integers(min_value=1, max_value=9999).map(lambda n: f"{n:04d}")


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    born = draw(birth_dates)
    day = born.day + (40 if draw(st.booleans()) else 0)
    return (
        draw(provinces)
        + draw(two_digits)
        + draw(two_digits)
        + f"{day:02d}{born.month:02d}{born.year % 100:02d}"
        + draw(serials)
    )


def _message(code: str) -> str:
    return str(MESSAGES[code])


def _fails_with(value: object, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_nik(value)
    assert info.value.messages == [_message(code)]
    assert info.value.code == f"nik_{code}"


@given(valid_niks())
def test_generated_valid_niks_pass(nik: str) -> None:
    parsed = parse_nik(nik)
    assert parsed.number == nik
    assert parsed.province_code == nik[:2]
    assert parsed.serial == nik[12:]


@given(valid_niks(), st.sampled_from([" ", ".", "  ", " . "]))
def test_separators_between_groups_are_stripped(nik: str, sep: str) -> None:
    typed = sep.join([nik[0:2], nik[2:4], nik[4:6], nik[6:12], nik[12:]])
    assert parse_nik(typed).number == nik
    assert normalise_nik(typed) == nik


@given(valid_niks(), st.data())
def test_a_missing_or_extra_digit_fails(nik: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=15))
    shorter = nik[:position] + nik[position + 1 :]
    longer = nik[:position] + data.draw(st.sampled_from("0123456789")) + nik[position:]
    _fails_with(shorter, "format")
    _fails_with(longer, "format")


@given(valid_niks(), st.data())
def test_a_non_digit_anywhere_fails(nik: str, data: st.DataObject) -> None:
    position = data.draw(st.integers(min_value=0, max_value=15))
    bad = data.draw(st.sampled_from(["a", "O", "-", "/", "\u0663", "\uff11", "x"]))
    _fails_with(nik[:position] + bad + nik[position + 1 :], "format")


@given(valid_niks(), st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"))
def test_an_unknown_province_fails(nik: str, province: str) -> None:
    if province in PROVINCE_CODES:
        return
    _fails_with(province + nik[2:], "province")


@given(valid_niks(), st.booleans())
def test_a_zero_regency_or_district_fails(nik: str, regency: bool) -> None:
    corrupted = nik[:2] + "00" + nik[4:] if regency else nik[:4] + "00" + nik[6:]
    _fails_with(corrupted, "region")


@given(valid_niks(), st.data())
def test_an_impossible_birth_date_fails(nik: str, data: st.DataObject) -> None:
    month = data.draw(st.integers(min_value=1, max_value=12))
    yy = data.draw(st.integers(min_value=0, max_value=99))
    longest = max(calendar.monthrange(c + yy, month)[1] for c in (1900, 2000))
    day = data.draw(
        st.one_of(
            st.just(0),  # day 0 (or 40 for a woman)
            st.integers(min_value=longest + 1, max_value=40),  # after the month's last day
            st.integers(min_value=longest + 41, max_value=99),  # the same for women
        )
    )
    bad_month = data.draw(st.sampled_from([month, 0, 13, 20, 99]))
    _fails_with(nik[:6] + f"{day:02d}{bad_month:02d}{yy:02d}" + nik[12:], "birth_date")


@given(valid_niks())
def test_serial_0000_fails(nik: str) -> None:
    _fails_with(nik[:12] + "0000", "serial")


@given(st.one_of(st.text(max_size=40), st.integers(), st.none(), st.binary(max_size=20)))
@example("3673011708900001")
@example("")
@example("\x00" * 16)
def test_only_validation_errors_escape(value: object) -> None:
    with contextlib.suppress(ValidationError):
        parse_nik(value)


def test_women_add_forty_to_the_day() -> None:
    parsed = parse_nik("3673015708900002")
    assert (parsed.birth_day, parsed.birth_month, parsed.is_female) == (17, 8, True)
    assert parse_nik("3673011708900001").is_female is False


def test_29_february_needs_a_leap_year_in_either_century() -> None:
    assert parse_nik("3673012902000001").birth_day == 29  # 2000 is a leap year
    assert parse_nik("3673012902840001").birth_day == 29  # 1984
    _fails_with("3673012902010001", "birth_date")  # neither 1901 nor 2001


@pytest.mark.parametrize(
    ("province", "valid"),
    [
        *[(code, True) for code in ("11", "21", "36", "91", "93", "96")],
        *[(code, False) for code in ("10", "20", "37", "97", "99")],
    ],
)
def test_province_codes_include_the_2022_papua_provinces(province: str, valid: bool) -> None:
    nik = province + "73011708900001"
    if valid:
        assert parse_nik(nik).province_code == province
    else:
        _fails_with(nik, "province")


def test_messages_are_indonesian() -> None:
    _fails_with("12345", "format")
    assert _message("format") == "NIK harus terdiri dari tepat 16 angka."
    assert _message("birth_date") == "Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid."
    assert _message("serial") == "Nomor urut pada NIK (empat angka terakhir) tidak boleh 0000."
