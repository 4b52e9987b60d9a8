"""An officer sees a requester's identity only through a request or objection in scope.

UU 14/2008 Pasal 17 huruf h and UU 27/2022: holding an officer role somewhere is not enough
(the authorisation matrix found any officer of any body could open any identity).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accounts.models import IdentityAccessLog
from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory, PublicBodyFactory, UnitFactory
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import InformationRequest
from terbuka.objections.models import Objection

PERM = "accounts.view_identity_as_officer"


@pytest.fixture
def other_unit_officer(body: Any, ppid_utama_unit: Any) -> Any:
    unit = UnitFactory(body=body, parent=ppid_utama_unit, name="Dinas Pendidikan", slug="disdik")
    return MembershipFactory(
        unit=unit, role=Membership.Role.PPID_PELAKSANA, user__email="disdik@example.test"
    ).user


@pytest.fixture
def other_body_utama(db: None) -> Any:
    other = PublicBodyFactory(name="Kabupaten Lain", slug="kabupaten-lain")
    utama = UnitFactory(body=other, name="PPID Utama Lain", slug="ppid-utama-lain")
    return MembershipFactory(
        unit=utama, role=Membership.Role.PPID_UTAMA, user__email="lain@example.test"
    ).user


@pytest.fixture
def evaluator(ppid_utama_unit: Any) -> Any:
    return MembershipFactory(
        unit=ppid_utama_unit, role=Membership.Role.EVALUATOR, user__email="eval@example.test"
    ).user


def test_each_role_by_scope(
    refused_request: Callable[..., InformationRequest],
    unit: Any,
    unit_officer: Any,
    other_unit_officer: Any,
    ppid_utama: Any,
    atasan: Any,
    evaluator: Any,
    other_body_utama: Any,
    applicant: Any,
) -> None:
    request = refused_request(unit=unit)
    identity = request.requester_identity
    assert identity is not None
    assert unit_officer.has_perm(PERM, identity)  # the request names the officer's unit
    assert ppid_utama.has_perm(PERM, identity)  # the body's desk
    assert atasan.has_perm(PERM, identity)  # oversight of the body
    assert not other_unit_officer.has_perm(PERM, identity)
    assert not other_body_utama.has_perm(PERM, identity)
    assert not evaluator.has_perm(PERM, identity)  # evaluators never handle identities
    assert not applicant.has_perm(PERM, identity)  # owners read it as owners, not officers
    assert not unit_officer.has_perm(PERM, None)


def test_a_disposisi_opens_the_identity_to_the_unit_it_names(
    submit: Callable[..., InformationRequest],
    other_unit_officer: Any,
    ppid_utama: Any,
) -> None:
    request = submit()
    identity = request.requester_identity
    assert not other_unit_officer.has_perm(PERM, identity)
    unit = Membership.objects.get(user=other_unit_officer).unit
    request_services.request_route(
        request=request, actor=ppid_utama, units=[unit], note="Mohon ditangani."
    )
    assert other_unit_officer.has_perm(PERM, identity)


def test_an_objection_without_a_request_opens_its_identity_to_the_body(
    file_objection: Callable[..., Objection],
    body: Any,
    atasan: Any,
    other_body_utama: Any,
) -> None:
    objection = file_objection()
    assert objection.request is not None
    identity = objection.requester_identity or objection.request.requester_identity
    assert atasan.has_perm(PERM, identity)
    assert not other_body_utama.has_perm(PERM, identity)


def test_an_officer_of_another_body_cannot_open_the_reveal_page(
    client: Client,
    refused_request: Callable[..., InformationRequest],
    other_body_utama: Any,
    unit_officer: Any,
    unit: Any,
) -> None:
    identity = refused_request(unit=unit).requester_identity
    assert identity is not None
    url = reverse("accounts:identity-reveal", args=[identity.pk])
    client.force_login(other_body_utama)
    assert client.get(url).status_code == 404
    answer = client.post(url, {"field": "nik", "reason": "Pemeriksaan kelengkapan berkas."})
    assert answer.status_code == 404
    assert not IdentityAccessLog.objects.exists()
    client.force_login(unit_officer)
    assert client.get(url).status_code == 200
