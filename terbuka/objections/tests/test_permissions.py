"""Every permission predicate for every role, on objections of the body and of another body."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser

from terbuka.inforequests.models import InformationRequest
from terbuka.objections import permissions
from terbuka.objections.models import Objection
from terbuka.objections.tests.roles import World, build_world
from terbuka.objections.tests.test_selectors import HANDLED, VISIBLE

pytestmark = pytest.mark.django_db

OFFICE = {"desk", "admin", "atasan", "superuser"}
DECIDERS = {"atasan", "superuser"}


@pytest.fixture
def world(
    body: Any,
    ppid_utama_unit: Any,
    unit: Any,
    applicant: Any,
    ppid_utama: Any,
    atasan: Any,
    unit_officer: Any,
    refused_request: Callable[..., InformationRequest],
    file_objection: Callable[..., Objection],
) -> World:
    return build_world(
        body=body,
        ppid_utama_unit=ppid_utama_unit,
        unit=unit,
        applicant=applicant,
        ppid_utama=ppid_utama,
        atasan=atasan,
        unit_officer=unit_officer,
        refused_request=refused_request,
        file_objection=file_objection,
    )


@pytest.mark.parametrize("role", list(VISIBLE))
def test_view_and_handle(world: World, role: str) -> None:
    user = world.users[role]
    for name, objection in world.objections.items():
        assert permissions.can_view_objection(user, objection) is (name in VISIBLE[role])
        assert permissions.can_handle_objection(user, objection) is (name in HANDLED[role])


@pytest.mark.parametrize("role", list(VISIBLE))
def test_decide_only_the_atasan_of_the_body(world: World, role: str) -> None:
    # UU 14/2008 Pasal 36(2): the written answer is the Atasan PPID's, not the desk's.
    user = world.users[role]
    on_unit, foreign = world.objections["on_unit"], world.objections["foreign"]
    assert permissions.can_decide_objection(user, on_unit) is (role in DECIDERS)
    assert permissions.can_decide_objection(user, foreign) is (
        role in {"foreign_atasan", "superuser"}
    )


@pytest.mark.parametrize("role", list(VISIBLE))
def test_record_and_register(world: World, role: str, body: Any) -> None:
    user = world.users[role]
    foreign_body = world.objections["foreign"].body
    assert permissions.can_record_objection(user, body) is (role in OFFICE)
    assert permissions.can_view_objection_register(user, body) is (role in OFFICE)
    assert permissions.can_record_objection(user, foreign_body) is (
        role in {"foreign_desk", "foreign_atasan", "superuser"}
    )


@pytest.mark.parametrize("role", list(VISIBLE))
def test_requester_side_actions(world: World, role: str) -> None:
    # The requester withdraws and records the dispute; so does the desk on their letter.
    user = world.users[role]
    on_unit = world.objections["on_unit"]
    expected = role == "requester" or role in OFFICE
    assert permissions.can_withdraw_objection(user, on_unit) is expected
    assert permissions.can_record_dispute(user, on_unit) is expected
    assert permissions.can_act_as_requester(user, on_unit) is (role == "requester")


@pytest.mark.parametrize("role", list(VISIBLE))
def test_file_only_as_the_requests_requester(world: World, role: str) -> None:
    request = world.objections["on_unit"].request
    assert request is not None
    assert permissions.can_file_objection(world.users[role], request) is (role == "requester")


def test_anonymous_may_do_nothing(world: World, body: Any) -> None:
    anonymous = AnonymousUser()
    objection = world.objections["on_unit"]
    assert objection.request is not None
    assert not permissions.can_view_objection(anonymous, objection)
    assert not permissions.can_handle_objection(anonymous, objection)
    assert not permissions.can_decide_objection(anonymous, objection)
    assert not permissions.can_file_objection(anonymous, objection.request)
    assert not permissions.can_record_objection(anonymous, body)
    assert not permissions.can_withdraw_objection(anonymous, objection)
    assert not permissions.can_record_dispute(anonymous, objection)
    assert not permissions.can_view_objection_register(anonymous, body)


def test_a_requester_without_account_is_no_one(world: World) -> None:
    # A paper objection recorded for someone without an account: no user acts as them.
    objection = world.objections["periodic"]
    Objection.objects.filter(pk=objection.pk).update(requester=None)
    objection.refresh_from_db()
    assert not permissions.can_act_as_requester(world.users["requester"], objection)
    assert not permissions.can_act_as_requester(AnonymousUser(), objection)


def test_an_inactive_unit_loses_its_power(world: World) -> None:
    atasan = world.users["atasan"]
    objection = world.objections["on_unit"]
    assert permissions.can_decide_objection(atasan, objection)
    objection.body.units.filter(kind="ppid_utama").update(is_active=False)
    assert not permissions.can_decide_objection(atasan, objection)
    assert not permissions.can_handle_objection(atasan, objection)
