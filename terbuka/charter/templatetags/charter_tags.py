"""Template filters of the service-information pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def fee(value: Any) -> str:
    """A fee in rupiah with Indonesian thousands dots, or "Gratis" for 0."""
    amount = int(value or 0)
    if amount == 0:
        return _("Gratis")
    return "Rp" + f"{amount:,}".replace(",", ".")


@register.filter
def lines(value: str) -> list[str]:
    """The non-empty lines of a text, for lists written one item per line."""
    return [line.strip() for line in (value or "").splitlines() if line.strip()]
