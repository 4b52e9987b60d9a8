from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from terbuka.bodies.models import BodyEvent, Unit
from terbuka.charter.models import (
    Charter,
    CharterEvent,
    FeeItem,
    Procedure,
    ServiceChannel,
    ServiceDay,
)
from terbuka.inforequests.models import RequestSettings

pytestmark = pytest.mark.django_db


def _snapshot() -> tuple[int, ...]:
    return (
        Charter.objects.count(),
        Procedure.objects.count(),
        ServiceDay.objects.count(),
        ServiceChannel.objects.count(),
        FeeItem.objects.count(),
        CharterEvent.objects.count(),
        BodyEvent.objects.count(),
        RequestSettings.objects.count(),
    )


def test_demo_charter_then_nothing_on_a_second_run() -> None:
    call_command("loaddemo", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_charter", stdout=out)
    assert "Wrote 7 demo service-information parts." in out.getvalue()
    assert list(Charter.objects.values_list("version", flat=True).order_by("version")) == [1, 2]
    assert Procedure.objects.count() == 3
    assert list(ServiceDay.objects.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert RequestSettings.objects.get().copy_fee_per_sheet == 500
    utama = Unit.objects.get(kind=Unit.Kind.PPID_UTAMA)
    assert utama.service_hours.startswith("Senin-Kamis 08.00-16.00 (istirahat 12.00-13.00)\n")
    before = _snapshot()
    again = StringIO()
    call_command("loaddemo_charter", stdout=again)
    assert "nothing changed" in again.getvalue()
    assert _snapshot() == before


def test_demo_charter_keeps_an_officers_edit() -> None:
    call_command("loaddemo", stdout=StringIO())
    call_command("loaddemo_charter", stdout=StringIO())
    Procedure.objects.filter(kind="sengketa").update(steps="Langkah milik petugas.")
    call_command("loaddemo_charter", stdout=StringIO())
    assert Procedure.objects.get(kind="sengketa").steps == "Langkah milik petugas."
