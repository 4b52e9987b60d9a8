"""Fixtures of the reports tests: the request fixtures, and a helper to bring stats up to date."""

from __future__ import annotations

from terbuka.inforequests.tests.conftest import (  # noqa: F401 - fixtures
    desk_officer,
    holidays,
    other_unit,
    other_unit_officer,
    submit,
)
