from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from terbuka.registry.models import InformationEntry
from terbuka.registry.states import EntryStatus

pytestmark = pytest.mark.django_db


def test_demo_dip_shows_every_class_and_the_safety_gate(
    django_capture_on_commit_callbacks: Any,
) -> None:
    call_command("loaddemo", stdout=StringIO())
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddemo_dip", stdout=out)
    assert "Created 7 demo DIP entries." in out.getvalue()
    classes = set(
        InformationEntry.objects.filter(status=EntryStatus.PUBLISHED).values_list(
            "info_class", flat=True
        )
    )
    assert classes == {"berkala", "setiap_saat", "serta_merta", "dikecualikan"}
    blocked = InformationEntry.objects.get(title__startswith="Rekapitulasi penyaluran")
    assert blocked.status == EntryStatus.DRAFT
    client = Client()
    html = client.get(reverse("registry:body", args=["kota-serang"])).content.decode()
    assert "Ringkasan APBD" in html
    assert "Pengumuman serta-merta" in html
    assert "Rekapitulasi penyaluran" not in html
    again = StringIO()
    call_command("loaddemo_dip", stdout=again)
    assert "nothing changed" in again.getvalue()
