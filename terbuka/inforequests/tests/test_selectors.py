"""Selectors: visibility, the inbox, the register, the timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from terbuka.accounts.tests.factories import RequesterIdentityFactory, UserFactory
from terbuka.bodies.tests.factories import PublicBodyFactory
from terbuka.core.exceptions import NotFound
from terbuka.inforequests import permissions, selectors, services
from terbuka.inforequests.models import RequestRouting
from terbuka.inforequests.tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db


def test_visibility_by_role(
    submit: Any,
    applicant: Any,
    user: Any,
    ppid_utama: Any,
    desk_officer: Any,
    unit: Any,
    unit_officer: Any,
    other_unit_officer: Any,
) -> None:
    request = submit()
    foreign = InformationRequestFactory.create(body=PublicBodyFactory.create())
    assert set(selectors.request_visible_to(applicant)) == {request}
    assert set(selectors.request_visible_to(ppid_utama)) == {request}
    assert set(selectors.request_visible_to(desk_officer)) == {request}
    assert set(selectors.request_visible_to(user)) == set()
    assert set(selectors.request_visible_to(AnonymousUser())) == set()
    assert set(selectors.request_visible_to(unit_officer)) == set()
    services.request_route(request=request, actor=ppid_utama, units=[unit])
    assert set(selectors.request_visible_to(unit_officer)) == {request}
    assert set(selectors.request_visible_to(other_unit_officer)) == set()
    superuser = UserFactory.create(is_superuser=True)
    assert set(selectors.request_visible_to(superuser)) == {request, foreign}
    # The predicates agree with the selector.
    for who in (applicant, user, ppid_utama, unit_officer, other_unit_officer):
        assert permissions.can_view_request(who, request) == (
            request in selectors.request_visible_to(who)
        )


def test_unit_staff_see_requests_filed_to_their_unit(
    submit: Any, unit: Any, unit_officer: Any
) -> None:
    request = submit(unit=unit)
    assert permissions.can_handle_request(unit_officer, request)


def test_inactive_membership_sees_nothing(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    ppid_utama.memberships.update(is_active=False)
    assert not permissions.can_view_request(ppid_utama, request)


def test_get_for_user_raises_not_found_for_missing_and_forbidden(
    submit: Any, applicant: Any, user: Any
) -> None:
    request = submit()
    assert selectors.request_get_for_user(applicant, request.pk) == request
    for who, pk in ((user, request.pk), (applicant, request.pk + 999)):
        with pytest.raises(NotFound) as excinfo:
            selectors.request_get_for_user(who, pk)
        assert excinfo.value.message == "Permohonan informasi tidak ditemukan."


def _many(body: Any, count: int, **kwargs: Any) -> list[Any]:
    start = timezone.now() - dt.timedelta(days=count)
    return [
        InformationRequestFactory.create(
            body=body, received_at=start + dt.timedelta(hours=i), **kwargs
        )
        for i in range(count)
    ]


def test_inbox_pages_by_keyset(body: Any, ppid_utama: Any) -> None:
    rows = _many(body, 7)
    first = selectors.request_list_for_inbox(ppid_utama, limit=3)
    assert first.items == rows[::-1][:3]
    second = selectors.request_list_for_inbox(ppid_utama, limit=3, after=first.next_cursor)
    assert second.items == rows[::-1][3:6]
    third = selectors.request_list_for_inbox(ppid_utama, limit=3, after=second.next_cursor)
    assert third.items == rows[:1]
    assert third.next_cursor is None
    assert selectors.request_list_for_inbox(ppid_utama, after="rubbish").items[0] == rows[-1]


def test_inbox_filters(body: Any, ppid_utama: Any, unit: Any) -> None:
    today = timezone.localdate()
    soon = InformationRequestFactory.create(body=body, due_on=today + dt.timedelta(days=1))
    later = InformationRequestFactory.create(
        body=body, due_on=today + dt.timedelta(days=20), channel="letter"
    )
    routed = InformationRequestFactory.create(body=body, status="routed")
    RequestRouting.objects.create(request=routed, unit=unit, routed_at=timezone.now())
    closed = InformationRequestFactory.create(body=body, status="closed", due_on=today)

    def ids(**kwargs: Any) -> set[int]:
        return {r.pk for r in selectors.request_list_for_inbox(ppid_utama, **kwargs).items}

    assert ids(due_before=today + dt.timedelta(days=2)) == {soon.pk}
    assert ids(channel="letter") == {later.pk}
    assert ids(status="closed") == {closed.pk}
    assert ids(unit=unit) == {routed.pk}
    assert len(ids()) == 4


def test_inbox_query_count_is_constant(
    body: Any, ppid_utama: Any, django_assert_num_queries: Any
) -> None:
    _many(body, 3)
    with django_assert_num_queries(1):
        page = selectors.request_list_for_inbox(ppid_utama)
        for row in page.items:
            assert row.body.name
            assert row.requester_identity.full_name
            assert row.unit is None
    _many(body, 30)
    with django_assert_num_queries(1):
        page = selectors.request_list_for_inbox(ppid_utama)
        for row in page.items:
            assert row.body.name
            assert row.requester_identity.full_name


def test_register_rows_mask_identity(submit: Any, ppid_utama: Any, body: Any) -> None:
    request = submit()
    services.request_issue_notice(
        request=request,
        actor=ppid_utama,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=["b", "a"],
        refusal_other_law="UU 27/2022",
    )
    register = selectors.request_register_queryset(ppid_utama, body, request.registration_year)
    rows = selectors.register_rows_for(list(register))
    assert len(rows) == 1
    row = rows[0]
    assert [key for key, _label in selectors.REGISTER_COLUMNS] == list(row)
    assert row["registration_number"] == request.registration_number
    assert row["name"] == "Siti Pemohon"
    assert row["nik"] == "************0001"
    assert row["address"] == "Jl. ***"
    assert row["contact"] == "*********890 / siti@example.test"
    assert row["decision"] == "Ditolak"
    assert row["refusal_reason"] == "Pasal 17 huruf a, Pasal 17 huruf b; UU 27/2022"
    text = repr(rows)
    assert "3673011708900001" not in text
    assert "Sudirman" not in text
    unmasked = selectors.register_rows_for(list(register), unmasked=True)
    assert unmasked[0]["nik"] == "3673011708900001"


def test_register_rows_query_count(
    body: Any, ppid_utama: Any, django_assert_num_queries: Any
) -> None:
    identity = RequesterIdentityFactory.create()
    _many(body, 5, requester_identity=identity)
    register = selectors.request_register_queryset(ppid_utama, body, timezone.localdate().year)
    with django_assert_num_queries(1):
        rows = selectors.register_rows_for(list(register))
    assert len(rows) == 5


def test_timeline_hides_internal_notes_from_requesters(submit: Any, ppid_utama: Any) -> None:
    request = submit()
    services.request_add_note(request=request, actor=ppid_utama, note="Internal.")
    services.request_add_note(
        request=request, actor=ppid_utama, note="Untuk pemohon.", is_internal=False
    )
    assert [e.note for e in selectors.request_timeline(request)][1:] == [
        "Internal.",
        "Untuk pemohon.",
    ]
    assert [e.note for e in selectors.request_timeline(request, include_internal=False)][1:] == [
        "Untuk pemohon."
    ]


def test_public_phase_in_plain_words(submit: Any) -> None:
    assert selectors.request_public_phase(submit()) == "Sedang diproses badan publik"
