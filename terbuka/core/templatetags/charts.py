"""Template filters for charts that read without colour: bars drawn next to their numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


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
