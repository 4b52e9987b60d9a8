"""Template filters of the service-information pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def fee(value: Any) -> str:
    """A fee in rupiah grouped in the page language (`Rp1.000`, `Rp1,000`), or "Gratis" for 0."""
    amount = int(value or 0)
    if amount == 0:
        return _("Gratis")
    return "Rp" + number_format(amount, use_l10n=True, force_grouping=True)
