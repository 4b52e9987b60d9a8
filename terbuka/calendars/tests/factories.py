from __future__ import annotations

import datetime as dt

from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from terbuka.calendars.models import Holiday


class HolidayFactory(DjangoModelFactory[Holiday]):
    """A national holiday entered by hand."""

    class Meta:
        model = Holiday

    date = dt.date(2026, 8, 17)
    name = Sequence(lambda n: f"Hari Libur Uji {n}")
    kind = Holiday.Kind.NATIONAL
    region_code = ""
    source = Holiday.Source.MANUAL
