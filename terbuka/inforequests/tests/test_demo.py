from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.inforequests.demo import DEMO_REQUESTS
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status

pytestmark = pytest.mark.django_db


def _load() -> str:
    call_command("loaddemo", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_requests", stdout=out)
    return out.getvalue()


def test_demo_requests_cover_the_states_an_officer_meets() -> None:
    assert "Recorded 7 demo requests." in _load()
    statuses = set(InformationRequest.objects.values_list("status", flat=True))
    assert {
        Status.REGISTERED,
        Status.ROUTED,
        Status.EXTENDED,
        Status.NOTICE_ISSUED,
        Status.INCOMPLETE,
    } <= statuses
    assert InformationRequest.objects.count() == len(DEMO_REQUESTS)
    # The oldest was received 14 working days ago: its clock has run out.
    assert InformationRequest.objects.filter(is_overdue=True).count() == 1
    numbers = sorted(InformationRequest.objects.values_list("registration_seq", flat=True))
    assert numbers == list(range(1, len(DEMO_REQUESTS) + 1))


def test_demo_requests_load_once() -> None:
    _load()
    out = StringIO()
    call_command("loaddemo_requests", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert InformationRequest.objects.count() == len(DEMO_REQUESTS)


def test_demo_requests_need_the_demo() -> None:
    with pytest.raises(CommandError):
        call_command("loaddemo_requests", stdout=StringIO())


def test_demo_inbox_shows_the_requests(client: Client) -> None:
    _load()
    client.force_login(User.objects.get(email="ppid-utama@demo.test"))
    response = client.get(reverse("office:inbox"))
    assert response.status_code == 200
    for request in InformationRequest.objects.all():
        assert request.registration_number in response.content.decode()
