"""Form widgets every app's forms share."""

from __future__ import annotations

from django import forms


def date_picker() -> forms.DateInput:
    """A native date picker; its value must be ISO whatever the locale formats dates as."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
