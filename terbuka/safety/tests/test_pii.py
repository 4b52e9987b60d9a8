"""Personal-data patterns: what is found, what is not, and that masks stay masks."""

from __future__ import annotations

import calendar
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terbuka.accounts.nik import PROVINCE_CODES
from terbuka.safety import pii

PROVINCES = sorted(PROVINCE_CODES)
NOT_PROVINCES = sorted(f"{n:02d}" for n in range(100) if f"{n:02d}" not in PROVINCE_CODES)


@st.composite
def valid_niks(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(PROVINCES))
    regency = draw(st.integers(1, 99))
    district = draw(st.integers(1, 99))
    year = draw(st.integers(0, 99))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(2000 + year, month)[1]))
    if draw(st.booleans()):
        day += 40
    serial = draw(st.integers(1, 9999))
    return f"{province}{regency:02d}{district:02d}{day:02d}{month:02d}{year:02d}{serial:04d}"


@st.composite
def invalid_niks(draw: st.DrawFn) -> str:
    """16 digits that fail on the province, the birth date or the serial."""
    base = draw(valid_niks())
    flaw = draw(st.sampled_from(["province", "day", "month", "serial"]))
    if flaw == "province":
        return draw(st.sampled_from(NOT_PROVINCES)) + base[2:]
    if flaw == "day":
        day = draw(st.sampled_from([0, 32, 35, 40, 72, 80, 99]))
        return base[:6] + f"{day:02d}" + base[8:]
    if flaw == "month":
        month = draw(st.sampled_from([0, 13, 20, 99]))
        return base[:8] + f"{month:02d}" + base[10:]
    return base[:12] + "0000"


filler = st.text(alphabet="abcdefghij klmnop:;,()\n", max_size=20)


@given(nik=valid_niks(), before=filler, after=filler)
@settings(max_examples=200, deadline=None)
def test_valid_niks_are_found_in_any_text(nik: str, before: str, after: str) -> None:
    found = pii.find_niks(f"{before} {nik} {after}")
    assert [m.masked for m in found] == [nik[:4] + "********" + nik[-4:]]


@given(nik=valid_niks())
@settings(max_examples=50, deadline=None)
def test_grouped_niks_are_found(nik: str) -> None:
    for separator in (" ", "."):
        grouped = separator.join([nik[:6], nik[6:12], nik[12:]])
        assert len(pii.find_niks(f"NIK: {grouped}.")) == 1


@given(number=invalid_niks())
@settings(max_examples=300, deadline=None)
def test_implausible_niks_are_not_found(number: str) -> None:
    assert pii.find_niks(f"nomor {number} di sini") == []


@given(nik=valid_niks())
@settings(max_examples=50, deadline=None)
def test_niks_inside_longer_numbers_are_not_found(nik: str) -> None:
    assert pii.find_niks(f"9{nik}") == []
    assert pii.find_niks(f"{nik}7") == []
    assert pii.find_niks(f"1.{nik}") == []


@st.composite
def mobile_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(as written, the 0-form digits)."""
    operator = draw(st.sampled_from(["811", "812", "813", "821", "852", "857", "877", "896"]))
    rest = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=9)))
    national = "0" + operator + rest
    prefix = draw(st.sampled_from(["0", "+62", "62", "+62 "]))
    separator = draw(st.sampled_from(["", " ", "-", "."]))
    groups = [operator, rest[:4], rest[4:]] if len(rest) > 4 else [operator, rest]
    written = prefix + separator.join(g for g in groups if g)
    return written, national


@given(number=mobile_numbers(), before=filler)
@settings(max_examples=300, deadline=None)
def test_mobile_numbers_are_found_and_masked(number: tuple[str, str], before: str) -> None:
    written, national = number
    if written.startswith("62") and national.endswith("000"):
        return  # read as an amount by design
    found = [m for m in pii.find_phones(f"{before} Telp {written} ya") if not m.institutional]
    assert len(found) == 1
    masked = found[0].masked
    assert masked.startswith(national[:4])
    assert masked.endswith(national[-2:])
    assert sum(ch.isdigit() for ch in masked) <= 8
    assert masked.count("*") >= 4


@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=24))
@settings(max_examples=300, deadline=None)
def test_masks_never_show_more_than_eight_digits(digits: str) -> None:
    for match in pii.find_pii(f"x {digits} x NPWP {digits} x 0{digits}"):
        assert sum(ch.isdigit() for ch in match.masked) <= 8


@pytest.mark.parametrize(
    "text",
    [
        "Anggaran Rp 1.250.000.000 untuk tahun 2025",
        "Kode rekening 5.1.02.01.01.0024 dan 5.1.02.02.01.0003",
        "Total 081234567 (sembilan angka)",
        "Realisasi 6281500000000 rupiah",
        "Nilai 1250000000000000 dan 12500000000",
        "Tanggal 31/03/2025, 2025-03-31, 31.03.2025",
        "NIP 19800101 200501 1 001",
        "Pagu 08.123.456.789",
        "Nomor surat 045/123/BPKAD/2025",
        "Rekening 1234567890123456",
    ],
)
def test_budget_figures_are_not_personal_data(text: str) -> None:
    assert [m for m in pii.find_pii(text) if not m.institutional] == []


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("hubungi 0812-3456-7890", "0812****7890"),
        ("WA +62 812 3456 7890", "0812****7890"),
        ("hp: 6281234567890", "0812****7890"),
        ("telp 081234567890.", "0812****7890"),
        ("nomor 0812.3456.789", "0812****789"),
    ],
)
def test_mobile_number_examples(text: str, masked: str) -> None:
    [match] = pii.find_phones(text)
    assert (match.masked, match.institutional) == (masked, False)


@pytest.mark.parametrize(
    "text", ["Telp. (0254) 200123", "Telp 021-5551234", "Faks (021) 555 1234", "+62 21 5551234"]
)
def test_landlines_are_institutional(text: str) -> None:
    [match] = pii.find_phones(text)
    assert match.institutional


@pytest.mark.parametrize(
    ("address", "institutional"),
    [
        ("ppid@serangkota.go.id", True),
        ("budi.santoso@serangkota.go.id", True),
        ("humas.dinkes@gmail.com", True),
        ("pengaduan@example.com", True),
        ("operator@sekolah.sch.id", True),
        ("budi.santoso@gmail.com", False),
        ("siti_aminah99@yahoo.co.id", False),
    ],
)
def test_email_addresses(address: str, institutional: bool) -> None:
    [match] = pii.find_emails(f"Kirim ke <{address}>.")
    assert match.institutional is institutional
    local, domain = address.split("@")
    assert match.masked == f"{local[0]}***@{domain}"
    assert local[1:] not in match.masked


def test_npwp_formatted_and_labelled() -> None:
    found = pii.find_npwps(
        "NPWP: 01.234.567.8-901.000; npwp 012345678901234 dan NPWP baru 3604011203900001"
    )
    assert [m.masked for m in found] == [
        "01.***.***.*-***.000",
        "01.***.***.*-***.234",
        "36***********001",
    ]


def test_npwp_takes_the_digits_from_the_nik_check() -> None:
    kinds = [m.kind for m in pii.find_pii("NPWP 3604011203900001")]
    assert kinds == ["npwp"]


def test_matches_come_in_order_without_raw_values() -> None:
    text = "Siti 3604011203900001, 0812-3456-7890, siti@gmail.com, 01.234.567.8-901.000"
    matches = pii.find_pii(text)
    assert [m.kind for m in matches] == ["nik", "phone", "email", "npwp"]
    for match in matches:
        assert not re.search(r"\d{9,}", match.masked.replace("*", " "))
        assert text[match.start : match.end] not in match.masked


@given(digits=st.text(alphabet="0123456789", min_size=15, max_size=15), before=filler)
@settings(max_examples=200, deadline=None)
def test_formatted_npwps_are_found_and_masked(digits: str, before: str) -> None:
    d = digits
    written = f"{d[:2]}.{d[2:5]}.{d[5:8]}.{d[8]}-{d[9:12]}.{d[12:]}"
    found = pii.find_npwps(f"{before} {written} ")
    assert [m.masked for m in found] == [f"{d[:2]}.***.***.*-***.{d[-3:]}"]
    assert [m.kind for m in pii.find_pii(f"{before} {written} ")] == ["npwp"]
