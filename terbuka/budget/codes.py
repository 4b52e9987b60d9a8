"""Account codes (kode rekening): normal form, parent, depth, sort key and level names.

A code is dot-separated segments of ASCII digits (`5.1.02.01.01.0024`). Local exports vary in
widths, so the rules are generic: the parent is the code without its last segment, the depth is
the number of segments. Spaces anywhere and trailing dots are dropped; empty segments and any
other character are refused.

The sort key pads every segment to `SEGMENT_WIDTH` digits (`5.1.02` -> `000005000001000002`).
It orders siblings by number (`5.1.2` before `5.1.10`), keeps every code right before its
descendants (pre-order), is a prefix of its descendants' keys, and is made of digits only, so
SQLite and PostgreSQL (whatever the collation) sort it alike. Two codes that differ only in
leading zeros (`5.1.2`, `5.1.02`) share a key and count as the same account.

Level names (Permendagri 90/2019 structure), a documented heuristic since a code alone does not
say which tree it belongs to:

- an account code (kode akun) starts with 4, 5 or 6 (pendapatan, belanja, pembiayaan) and its
  second segment, when present, has one digit (`5.1.02`): Akun, Kelompok, Jenis, Objek, Rincian
  objek, Sub rincian objek for depths 1-6. A bare `4`, `5` or `6` is read as an account;
- any other code is a programme code (`1.02.01.2.01.0001`; urusan 4-6 have two-digit bidang,
  `5.01`): Urusan, Bidang urusan, Program, then "Kegiatan" for depths 4 and 5 (the kegiatan
  code is `program.X.XX`), Sub kegiatan for depth 6;
- a programme code longer than 6 segments whose 7th segment starts an account code
  (`1.02.01.2.01.0001.5.1.02`), as SIPD exports of a DPA write them, is named by its account
  tail;
- anything else is "Tingkat N".
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

SEGMENT_WIDTH = 6
MAX_DEPTH = 15
MAX_LENGTH = 100
ACCOUNT_ROOTS = frozenset({"4", "5", "6"})

_WHITESPACE = re.compile(r"\s+")


class CodeError(ValueError):
    """A text that is not an account code; the message is shown to the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_code(text: str) -> str:
    """Return the code without spaces or trailing dots, or raise `CodeError`."""
    code = _WHITESPACE.sub("", text).rstrip(".")
    if not code:
        raise CodeError(_("Kode rekening wajib diisi."))
    if len(code) > MAX_LENGTH:
        raise CodeError(_("Kode rekening terlalu panjang (paling banyak 100 karakter)."))
    segments = code.split(".")
    if any(not segment for segment in segments):
        raise CodeError(_("Kode rekening memuat bagian kosong (dua titik berurutan)."))
    if not all(segment.isascii() and segment.isdigit() for segment in segments):
        raise CodeError(
            _(
                "Kode rekening hanya boleh berisi angka yang dipisah titik, mis. 5.1.02.01. "
                "Bila kolom kode di Excel berformat angka, ubah formatnya menjadi teks."
            )
        )
    if any(len(segment) > SEGMENT_WIDTH for segment in segments):
        raise CodeError(
            _("Setiap bagian kode rekening paling banyak %(n)d angka.") % {"n": SEGMENT_WIDTH}
        )
    if len(segments) > MAX_DEPTH:
        raise CodeError(
            _("Kode rekening paling banyak %(n)d tingkat.") % {"n": MAX_DEPTH},
        )
    return code


def parent_of(code: str) -> str:
    """Return the parent code ("" for a top-level code)."""
    head, _sep, _tail = code.rpartition(".")
    return head


def depth_of(code: str) -> int:
    """Return the number of segments."""
    return code.count(".") + 1


def sort_key(code: str) -> str:
    """Return the digits-only key that sorts codes in tree order (see the module docstring)."""
    return "".join(segment.zfill(SEGMENT_WIDTH) for segment in code.split("."))


def subtree_bounds(code: str) -> tuple[str, str | None]:
    """Return [lower, upper) sort keys of the code and its descendants (upper None: no end)."""
    lower = sort_key(code)
    if set(lower) == {"9"}:
        return lower, None
    upper = str(int(lower) + 1).zfill(len(lower))
    return lower, upper


def is_account_code(code: str) -> bool:
    """Return whether the code reads as a kode akun (see the module docstring)."""
    segments = code.split(".")
    return segments[0] in ACCOUNT_ROOTS and (len(segments) == 1 or len(segments[1]) == 1)


def _account_levels() -> list[str]:
    return [
        _("Akun"),
        _("Kelompok"),
        _("Jenis"),
        _("Objek"),
        _("Rincian objek"),
        _("Sub rincian objek"),
    ]


def _programme_levels() -> list[str]:
    return [
        _("Urusan"),
        _("Bidang urusan"),
        _("Program"),
        _("Kegiatan"),
        _("Kegiatan"),
        _("Sub kegiatan"),
    ]


def level_name(code: str) -> str:
    """Return the Indonesian name of the code's level, e.g. "Jenis" for `5.1.02`."""
    segments = code.split(".")
    depth = len(segments)
    if is_account_code(code) and depth <= len(_account_levels()):
        return _account_levels()[depth - 1]
    if depth <= len(_programme_levels()):
        return _programme_levels()[depth - 1]
    tail = ".".join(segments[6:])
    if is_account_code(tail) and depth - 6 <= len(_account_levels()):
        return _account_levels()[depth - 7]
    return _("Tingkat %(n)d") % {"n": depth}


def account_root_name(code: str) -> str | None:
    """Return the name of a top-level account (4 Pendapatan, 5 Belanja, 6 Pembiayaan)."""
    names = {
        "4": _("Pendapatan daerah"),
        "5": _("Belanja daerah"),
        "6": _("Pembiayaan daerah"),
    }
    return names.get(code)
