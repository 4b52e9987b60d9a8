"""Template helpers of the public pages, for loops that render hundreds of units."""

from __future__ import annotations

from typing import Any

from django import template

from terbuka.bodies.models import Unit

register = template.Library()

# The kind labels, built once: `Unit.get_kind_display()` rebuilds a dictionary of every choice
# on each call, about 20 µs, which a list of 50 units pays 50 times.
_KIND_LABELS = dict(Unit.Kind.choices)


@register.filter
def unit_kind_label(kind: str) -> str:
    """Return the display label of a unit kind in the active language (like get_kind_display)."""
    label = _KIND_LABELS.get(kind)
    return kind if label is None else str(label)


@register.filter
def other_bodies(announcements: Any, body_id: int) -> list[dict[str, Any]]:
    """The banner's serta-merta announcements less those of `body_id` (shown in its own page)."""
    return [item for item in announcements if item.get("body_id") != body_id]
