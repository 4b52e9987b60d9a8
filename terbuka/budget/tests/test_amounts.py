"""Rupiah amounts: every accepted format, refusals, and round trips (hypothesis)."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terbuka.budget.amounts import (
    AmountError,
    format_number,
    format_rupiah,
    parse_rupiah,
    rupiah_int,
)

D = Decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.250.000,00", D("1250000.00")),
        ("1.250.000", D("1250000.00")),
        ("1250000", D("1250000.00")),
        ("Rp 1.250.000,50", D("1250000.50")),
        ("Rp1.250.000", D("1250000.00")),
        ("Rp. 1.250.000", D("1250000.00")),
        ("rp 1.250.000,5", D("1250000.50")),
        ("(1.250.000)", D("-1250000.00")),
        ("-1.250.000", D("-1250000.00")),
        ("- 1.250.000", D("-1250000.00")),
        ("\u22121.250.000", D("-1250000.00")),
        ("-Rp 1.250.000", D("-1250000.00")),
        ("Rp -1.250.000", D("-1250000.00")),
        ("(Rp 1.250.000,00)", D("-1250000.00")),
        ("Rp (1.250.000)", D("-1250000.00")),
        ("Rp 1.250.000,-", D("1250000.00")),
        ("1 250 000", D("1250000.00")),
        ("1\u00a0250\u00a0000,75", D("1250000.75")),
        ("1 250 000.75", D("1250000.75")),
        ("1250000.5", D("1250000.50")),
        ("1.25", D("1.25")),
        ("1.250", D("1250.00")),
        ("1250000,5", D("1250000.50")),
        ("0,50", D("0.50")),
        ("1,250,000.00", D("1250000.00")),
        ("1,250.00", D("1250.00")),
        ("  1.250.000  ", D("1250000.00")),
        ("0", D("0.00")),
        ("-", D("0.00")),
        ("Rp -", D("0.00")),
        ("999.999.999.999.999.999,99", D("999999999999999999.99")),
    ],
)
def test_accepted_formats(text: str, expected: Decimal) -> None:
    value = parse_rupiah(text)
    assert value == expected
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nilai kosong."),
        ("abc", "hanya boleh berisi angka"),
        ("1.250.000,00 juta", "hanya boleh berisi angka"),
        ("1e6", "hanya boleh berisi angka"),
        ("1250000,123", "Paling banyak 2 angka di belakang koma."),
        ("1.250.000,123", "Paling banyak 2 angka di belakang koma."),
        ("1250000.1234", "Paling banyak 2 angka di belakang koma."),
        ("1,250,000", "tidak jelas"),
        ("1,250,000.5", "tidak jelas"),
        ("1.250,000", "Paling banyak 2 angka di belakang koma."),
        ("12.50.000", "tidak jelas"),
        ("1250.000", "tidak jelas"),
        ("1.250.000.50", "tidak jelas"),
        ("1,250", "Paling banyak 2 angka di belakang koma."),
        ("--1", "hanya boleh berisi angka"),
        ("-(1.000)", "hanya boleh berisi angka"),
        ("()", "bukan angka"),
        ("Rp", "bukan angka"),
        ("1.000.000.000.000.000.000", "terlalu besar"),
        ("\u0661\u0662", "hanya boleh berisi angka"),
        ("1" * 65, "terlalu panjang"),
    ],
)
def test_refused_formats(text: str, message: str) -> None:
    with pytest.raises(AmountError) as excinfo:
        parse_rupiah(text)
    assert message in excinfo.value.message


def test_spreadsheet_numbers() -> None:
    assert parse_rupiah(1250000) == D("1250000.00")
    assert parse_rupiah(1250000.5) == D("1250000.50")
    assert parse_rupiah(0.1) == D("0.10")
    assert parse_rupiah(D("1.500")) == D("1.50")
    with pytest.raises(AmountError, match="lebih dari 2 angka desimal"):
        parse_rupiah(0.1 + 0.2)
    with pytest.raises(AmountError):
        parse_rupiah(float("nan"))
    with pytest.raises(AmountError):
        parse_rupiah(True)
    with pytest.raises(AmountError, match="terlalu besar"):
        parse_rupiah(1e20)


def test_negative_zero_is_zero() -> None:
    assert str(parse_rupiah("-0")) == "0.00"
    assert str(parse_rupiah("(0,00)")) == "0.00"


def test_display() -> None:
    assert format_number(D("1250000.5")) == "1.250.000,50"
    assert format_number(D("-1250000.5")) == "-1.250.000,50"
    assert format_number(D("1250000.5"), decimals=False) == "1.250.001"
    assert format_rupiah(D("-5000")) == "-Rp 5.000,00"
    assert rupiah_int(D("1250000.50")) == 1250001
    assert rupiah_int(D("1250000.49")) == 1250000
    assert rupiah_int(D("-0.50")) == -1


amounts = st.decimals(
    min_value=D("-999999999999999999.99"),
    max_value=D("999999999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(amounts)
def test_indonesian_format_round_trips(value: Decimal) -> None:
    text = format_number(value)
    assert parse_rupiah(text) == value
    assert parse_rupiah(format_rupiah(value)) == value
    brackets = f"({text.lstrip('-')})"
    assert parse_rupiah(brackets) == -abs(value)


@given(amounts)
def test_plain_and_english_formats_round_trip(value: Decimal) -> None:
    plain = f"{value:.2f}"
    assert parse_rupiah(plain.replace(".", ",")) == value
    assert parse_rupiah(plain) == value
    assert parse_rupiah(f"{value:,.2f}") == value


@given(st.text(max_size=40))
def test_junk_raises_only_amount_error(text: str) -> None:
    try:
        value = parse_rupiah(text)
    except AmountError:
        return
    assert value == value.quantize(D("0.01"))


@given(st.text(alphabet="0123456789.,-() Rp\u00a0", max_size=30))
def test_near_miss_junk_raises_only_amount_error(text: str) -> None:
    with contextlib.suppress(AmountError):
        parse_rupiah(text)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_raises_only_amount_error(value: float) -> None:
    with contextlib.suppress(AmountError):
        parse_rupiah(value)
