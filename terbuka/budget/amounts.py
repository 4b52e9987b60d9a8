"""Rupiah amounts: exact parsing of the formats found in regional budget exports, and display.

Accepted text (after trimming; `Rp`, `Rp.` and `rp` may precede the number, with or without a
space; a leading `-` or surrounding brackets make it negative, before or after the `Rp`):

- Indonesian grouping, optional comma decimals: `1.250.000`, `1.250.000,5`, `1.250.000,00`;
- the same with the "no cents" dash: `Rp 1.250.000,-`;
- space grouping (also no-break spaces): `1 250 000`, `1 250 000,50`, `1 250 000.50`;
- plain digits, optional comma decimals: `1250000`, `1250000,5`;
- plain digits with a dot and one or two decimals: `1250000.5`, `1.25`;
- English grouping with exactly two decimals: `1,250,000.00`, `1,250.00`;
- a dash alone (the accounting "nihil"): `-`, `Rp -`, read as 0.00.

A single dot followed by exactly three digits is a thousands separator (`1.250` is 1250), as
in Indonesian; with one or two digits it is a decimal point (`1.25`). English grouping is
accepted only in the one shape that cannot be read any other way: commas every three digits and
then a dot with two decimals. Everything else is refused with `AmountError`: letters, more than
two decimals, mixed or irregular grouping (`1.250,000`, `1,250`, `12.50.000`), an empty string
(callers treat an empty cell as "not given" before parsing), and values of 10^18 or more (the
database keeps 18 integer digits).

Spreadsheet numbers (int/float) are read as `Decimal(str(value))` and kept only when they have
at most two decimals (`0.1 + 0.2` is refused, not rounded).
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
# DecimalField(max_digits=20, decimal_places=2): 18 integer digits.
LIMIT = Decimal(10) ** 18
MAX_TEXT_LENGTH = 64

_RP = re.compile(r"rp\.?\s*", re.IGNORECASE)
_FORMS: list[tuple[re.Pattern[str], str, str]] = [
    # (pattern, characters removed, character turned into the decimal point)
    (re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?"), ".", ","),
    (re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:,[0-9]{1,2})?"), " ", ","),
    (re.compile(r"[1-9][0-9]{0,2}(?: [0-9]{3})+(?:\.[0-9]{1,2})?"), " ", "."),
    (re.compile(r"[0-9]+(?:,[0-9]{1,2})?"), "", ","),
    (re.compile(r"[0-9]+\.[0-9]{1,2}"), "", "."),
    (re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+\.[0-9]{2}"), ",", "."),
]
_ALLOWED_CHARS = frozenset("0123456789., ")
# `1250000,123` or `1.250.000,123`; three digits after a lone dot are a thousands group.
_TOO_MANY_DECIMALS = (
    re.compile(r"[0-9]+[.,][0-9]{4,}"),
    re.compile(r"[0-9][0-9. ]*,[0-9]{3,}"),
)


class AmountError(ValueError):
    """A value that is not an exact Rupiah amount; the message is shown to the officer."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_rupiah(value: str | int | float | Decimal) -> Decimal:
    """Return the exact amount with two decimal places, or raise `AmountError`."""
    if isinstance(value, bool):
        raise AmountError(_("Nilai bukan angka rupiah."))
    if isinstance(value, int):
        return _checked(Decimal(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise AmountError(_("Nilai bukan angka rupiah."))
        return _checked(Decimal(str(value)), from_cell=True)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(_("Nilai bukan angka rupiah."))
        return _checked(value)
    if isinstance(value, str):
        return _parse_text(value)
    raise AmountError(_("Nilai bukan angka rupiah."))


def _checked(amount: Decimal, *, from_cell: bool = False) -> Decimal:
    if abs(amount) >= LIMIT:
        raise AmountError(_("Nilai terlalu besar (paling banyak 18 digit sebelum koma)."))
    exact = amount.quantize(CENT)
    if exact != amount:
        if from_cell:
            raise AmountError(
                _(
                    "Angka pada sel memiliki lebih dari 2 angka desimal (%(value)s); bulatkan "
                    "ke sen terdekat."
                )
                % {"value": format(amount, "f")}
            )
        raise AmountError(_("Paling banyak 2 angka di belakang koma."))
    # Never hand out a negative zero.
    return exact if exact else Decimal("0.00")


def _strip_affixes(text: str) -> tuple[str, bool, bool]:
    """Remove `Rp`, a minus sign or brackets around the number: (rest, negative, dash sign)."""
    seen_rp = seen_sign = negative = dash = False
    while True:
        match = _RP.match(text)
        if match and not seen_rp:
            text, seen_rp = text[match.end() :], True
        elif text.startswith("-") and not seen_sign:
            text, seen_sign, negative, dash = text[1:].lstrip(), True, True, True
        elif text.startswith("(") and text.endswith(")") and not seen_sign:
            text, seen_sign, negative = text[1:-1].strip(), True, True
        else:
            return text, negative, dash


def _parse_text(value: str) -> Decimal:
    text = " ".join(value.replace("\u2212", "-").split())
    if not text:
        raise AmountError(_("Nilai kosong."))
    if len(text) > MAX_TEXT_LENGTH:
        raise AmountError(_("Nilai terlalu panjang."))
    number, negative, dash = _strip_affixes(text)
    if not number:
        if dash:
            # A dash alone is the accounting way of writing zero ("nihil").
            return Decimal("0.00")
        raise AmountError(_("Nilai bukan angka rupiah."))
    if number.endswith(",-"):
        number = number[:-2]
    for pattern, removed, point in _FORMS:
        if pattern.fullmatch(number):
            canonical = number.replace(removed, "") if removed else number
            canonical = canonical.replace(point, ".")
            try:
                amount = Decimal(canonical)
            except InvalidOperation:  # pragma: no cover - the patterns admit digits only
                break
            return _checked(-amount if negative else amount)
    raise AmountError(_refusal(number))


def _refusal(number: str) -> str:
    if any(char not in _ALLOWED_CHARS for char in number):
        return _(
            'Nilai rupiah hanya boleh berisi angka, titik, koma, "Rp", tanda minus atau kurung.'
        )
    if any(p.fullmatch(number) for p in _TOO_MANY_DECIMALS) and not number.count(",") > 1:
        return _("Paling banyak 2 angka di belakang koma.")
    return _(
        "Format angka %(value)s tidak jelas. Tulis seperti 1.250.000,00 (titik pemisah ribuan, "
        "koma desimal)."
    ) % {"value": number}


def rupiah_int(amount: Decimal) -> int:
    """Round to whole Rupiah, halves away from zero (1.250,50 -> 1.251)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_number(amount: Decimal, *, decimals: bool = True) -> str:
    """Write an amount the Indonesian way: `1.250.000,50` (`1.250.001` without decimals)."""
    if decimals:
        exact = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        sign = "-" if exact < 0 else ""
        whole, cents = divmod(abs(exact) * 100, 100)
        return f"{sign}{int(whole):,}".replace(",", ".") + f",{int(cents):02d}"
    whole_rupiah = rupiah_int(amount)
    sign = "-" if whole_rupiah < 0 else ""
    return f"{sign}{abs(whole_rupiah):,}".replace(",", ".")


def format_rupiah(amount: Decimal, *, decimals: bool = True) -> str:
    """Write an amount with the currency: `Rp 1.250.000,50`, `-Rp 5.000,00`."""
    text = format_number(amount, decimals=decimals)
    if text.startswith("-"):
        return f"-Rp {text[1:]}"
    return f"Rp {text}"
