"""Account codes: normal form, parent, depth, sort key, subtree bounds and level names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from terbuka.budget import codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5.1.02.01.01.0024", "5.1.02.01.01.0024"),
        (" 5.1.02. ", "5.1.02"),
        ("5. 1. 02", "5.1.02"),
        ("5.1..", "5.1"),
        ("1.02.01.2.01.0001", "1.02.01.2.01.0001"),
        ("4", "4"),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert codes.normalise_code(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "wajib diisi"),
        ("...", "wajib diisi"),
        ("5..1", "bagian kosong"),
        (".5.1", "bagian kosong"),
        ("5.1a", "hanya boleh berisi angka"),
        ("5,1", "ubah formatnya menjadi teks"),
        ("5-1", "hanya boleh berisi angka"),
        ("\u0665.1", "hanya boleh berisi angka"),
        ("5.1234567", "paling banyak 6 angka"),
        (".".join(["1"] * 16), "paling banyak 15 tingkat"),
        ("1" * 101, "terlalu panjang"),
    ],
)
def test_refused_codes(text: str, message: str) -> None:
    with pytest.raises(codes.CodeError) as excinfo:
        codes.normalise_code(text)
    assert message in excinfo.value.message


def test_parent_depth_and_key() -> None:
    assert codes.parent_of("5.1.02") == "5.1"
    assert codes.parent_of("5") == ""
    assert codes.depth_of("5.1.02.01.01.0024") == 6
    assert codes.sort_key("5.1.02") == "000005000001000002"
    assert codes.sort_key("5.1.2") == codes.sort_key("5.1.02")
    # Siblings by number, a parent right before its subtree.
    ordered = sorted(["5.10", "5.2", "5.1.99", "5.1", "5", "6", "5.1.1.5"], key=codes.sort_key)
    assert ordered == ["5", "5.1", "5.1.1.5", "5.1.99", "5.2", "5.10", "6"]


def test_subtree_bounds_keep_descendants_only() -> None:
    lower, upper = codes.subtree_bounds("5.1")
    inside = [codes.sort_key(c) for c in ("5.1", "5.1.02", "5.1.999999.1")]
    outside = [codes.sort_key(c) for c in ("5", "5.10", "5.2", "6", "4.9")]
    assert upper is not None
    assert all(lower <= key < upper for key in inside)
    assert not any(lower <= key < upper for key in outside)
    assert codes.subtree_bounds("999999")[1] is None


@given(st.lists(st.integers(0, 999_999), min_size=1, max_size=8))
def test_key_prefix_is_subtree(segments: list[int]) -> None:
    code = ".".join(str(s) for s in segments)
    child = f"{code}.1"
    lower, upper = codes.subtree_bounds(code)
    assert lower <= codes.sort_key(child)
    assert upper is None or codes.sort_key(child) < upper


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("5", "Akun"),
        ("5.1", "Kelompok"),
        ("5.1.02", "Jenis"),
        ("5.1.02.01", "Objek"),
        ("5.1.02.01.01", "Rincian objek"),
        ("5.1.02.01.01.0024", "Sub rincian objek"),
        ("4.1.01", "Jenis"),
        ("1", "Urusan"),
        ("1.02", "Bidang urusan"),
        ("5.01", "Bidang urusan"),
        ("1.02.01", "Program"),
        ("1.02.01.2.01", "Kegiatan"),
        ("1.02.01.2.01.0001", "Sub kegiatan"),
        ("1.02.01.2.01.0001.5", "Akun"),
        ("1.02.01.2.01.0001.5.1.02", "Jenis"),
        ("1.02.01.2.01.0001.9.9", "Tingkat 8"),
    ],
)
def test_level_names(code: str, level: str) -> None:
    assert codes.level_name(code) == level


def test_account_root_names() -> None:
    assert codes.account_root_name("5") == "Belanja daerah"
    assert codes.account_root_name("7") is None
