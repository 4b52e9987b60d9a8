"""Template filters of the budget pages: Rupiah amounts and percentages in the page language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

from terbuka.budget.selectors import Totals
from terbuka.core.templatetags import charts

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
    """`80,7%` (one decimal, rounded half up: `number_format` alone would cut 80.67 to 80,6)."""
    if value is None or value == "":
        return "-"
    rounded = Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=1, use_l10n=True) + "%"


@register.filter
def percent_of(realisation: Any, allocation: Any) -> str:
    """Realisation as a percentage of the allocation (`Totals.percentage`); "-" if undefined."""
    if realisation is None or realisation == "" or allocation is None or allocation == "":
        return "-"
    try:
        totals = Totals(Decimal(allocation), Decimal(realisation))
    except (ArithmeticError, ValueError, TypeError):
        return "-"
    return percent(totals.percentage)


# One bar filter for every chart of the site (terbuka/core/templatetags/charts.py).
register.filter("bar_width", charts.bar_width)
