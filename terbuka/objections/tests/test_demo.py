from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.models import AtasanResponse, Deliberation, Dispute, Objection
from terbuka.objections.states import DisputeStatus, ObjectionStatus

pytestmark = pytest.mark.django_db

NUMBER = re.compile(r"^\d{4}/KEB-KOTA-SERANG/\d{4}$")


def _load() -> str:
    call_command("loaddemo", stdout=StringIO())
    call_command("loaddemo_requests", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_objections", stdout=out)
    return out.getvalue()


def _by_status(status: str) -> Objection:
    return Objection.objects.get(status=status)


def test_demo_objections_cover_the_states_of_the_workspace() -> None:
    assert "Recorded 4 demo objections." in _load()
    numbers = list(
        Objection.objects.order_by("registration_seq").values_list("registration_number", flat=True)
    )
    assert len(numbers) == 4
    assert numbers[0].startswith("0001/KEB-")
    assert all(NUMBER.match(number) for number in numbers), numbers
    assert [int(n[:4]) for n in numbers] == [1, 2, 3, 4]

    paper = _by_status(ObjectionStatus.RECEIVED)
    assert paper.channel == Objection.Channel.LETTER
    assert paper.recorded_by is not None
    assert paper.recorded_by.email == "ppid-utama@demo.test"
    assert paper.request is not None
    assert paper.request.details.startswith("Rekam medis")
    assert paper.requester is None
    assert paper.grounds == ["a"]
    assert not AtasanResponse.objects.filter(objection=paper).exists()

    upheld = _by_status(ObjectionStatus.ANSWERED_UPHELD)
    assert upheld.requester is not None
    assert upheld.requester.email == "warga@demo.test"
    assert upheld.response.decision == AtasanResponse.Decision.UPHELD
    assert upheld.response.issued_by is not None
    assert upheld.response.issued_by.email == "atasan@demo.test"
    assert upheld.response.reasons
    assert upheld.requester_response == Objection.RequesterResponse.NOT_ACCEPTED
    dispute = upheld.dispute
    assert dispute.status == DisputeStatus.MEDIATION
    assert dispute.commission_name == "Komisi Informasi Provinsi Banten"
    assert dispute.case_number.endswith("/REG-PSI/KI-BTN/" + numbers[0][-4:])
    assert [s.kind for s in dispute.sessions.all()] == ["mediation"]
    assert not dispute.is_late

    settled = _by_status(ObjectionStatus.SETTLED_BY_DELIBERATION)
    assert settled.request is None
    assert settled.grounds == ["b"]
    assert settled.information_description
    assert settled.requester == upheld.requester
    assert settled.channel == Objection.Channel.WEB
    assert [d.outcome for d in settled.deliberations.all()] == [Deliberation.Outcome.AGREED]

    deliberating = _by_status(ObjectionStatus.IN_DELIBERATION)
    assert deliberating.grounds == ["c"]
    assert [d.outcome for d in deliberating.deliberations.all()] == ["adjourned"]

    # Each objection has a timeline that starts with its filing.
    for objection in Objection.objects.all():
        first = objection.events.order_by("occurred_at", "pk").first()
        assert first is not None
        assert first.kind in {"filed", "recorded"}


def test_demo_objections_load_once() -> None:
    _load()
    counts = (
        Objection.objects.count(),
        InformationRequest.objects.count(),
        Dispute.objects.count(),
    )
    out = StringIO()
    call_command("loaddemo_objections", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (
        Objection.objects.count(),
        InformationRequest.objects.count(),
        Dispute.objects.count(),
    ) == counts


def test_demo_objections_need_the_demo_and_its_requests() -> None:
    with pytest.raises(CommandError, match="terbuka loaddemo"):
        call_command("loaddemo_objections", stdout=StringIO())
    call_command("loaddemo", stdout=StringIO())
    with pytest.raises(CommandError, match="loaddemo_requests"):
        call_command("loaddemo_objections", stdout=StringIO())
    assert not Objection.objects.exists()


def test_demo_objections_show_in_the_workspace(client: Client) -> None:
    _load()
    client.force_login(User.objects.get(email="ppid-utama@demo.test"))
    page = client.get(reverse("objections_office:list"))
    assert page.status_code == 200
    for objection in Objection.objects.all():
        assert objection.registration_number in page.content.decode()
        detail = client.get(reverse("objections_office:detail", args=[objection.pk]))
        assert detail.status_code == 200


def test_demo_citizen_sees_their_objections(client: Client) -> None:
    _load()
    client.force_login(User.objects.get(email="warga@demo.test"))
    page = client.get(reverse("objections:mine"))
    assert page.status_code == 200
    content = page.content.decode()
    mine = Objection.objects.filter(requester__email="warga@demo.test")
    assert mine.count() == 2
    for objection in mine:
        assert objection.registration_number in content
