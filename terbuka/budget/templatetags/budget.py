"""Template filters of the budget pages: Rupiah amounts and percentages in the page language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def rupiah(value: Any) -> str:
    """`Rp 1.250.000` (Indonesian) or `Rp 1,250,000` (English); sen only when there are any."""
    if value is None or value == "":
        return "-"
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    return "Rp " + number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def percent(value: Any) -> str:
    if value is None:
        return "-"
    return number_format(Decimal(value), decimal_pos=1, use_l10n=True) + "%"


@register.filter
def bar_width(value: Any, largest: Any) -> str:
    """The width of a bar as a CSS percentage of the largest value in its table (0-100)."""
    try:
        amount, top = Decimal(value or 0), Decimal(largest or 0)
    except (ArithmeticError, ValueError, TypeError):
        return "0"
    if top <= 0 or amount <= 0:
        return "0"
    return str(min(Decimal(100), amount * 100 / top).quantize(Decimal("0.1")))
