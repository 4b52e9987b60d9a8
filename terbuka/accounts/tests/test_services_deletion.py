"""Deleting identity data and closing an account (UU 27/2022 Pasal 8, 43-44; retention.py)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.db import transaction

from terbuka.accounts import retention, services
from terbuka.accounts.models import AccountEvent, ApiToken, IdentityAccessLog, RequesterIdentity
from terbuka.accounts.tests.area import IDENTITY, Cases
from terbuka.accounts.tests.factories import UserFactory, verify_email
from terbuka.core.exceptions import Conflict, NotFound, PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db

WIB = dt.timezone(dt.timedelta(hours=7))
JPEG = b"\xff\xd8\xff\xe0" + b"0" * 64


def _at(year: int, month: int, day: int) -> Any:
    return time_machine.travel(dt.datetime(year, month, day, 10, 0, tzinfo=WIB), tick=False)


def _identity(owner: Any, *, scan: bool = True) -> RequesterIdentity:
    return services.identity_create(
        actor=owner,
        owner=owner,
        ktp_scan=io.BytesIO(JPEG) if scan else None,
        **IDENTITY,
    )


def _stored(name: str) -> bool:
    return services.private_storage().exists(name)


# --- retention rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ended", "expected"),
    [
        (dt.date(2026, 3, 31), dt.date(2031, 3, 31)),
        (dt.date(2028, 2, 29), dt.date(2033, 2, 28)),
        (dt.date(2026, 12, 31), dt.date(2031, 12, 31)),
    ],
)
def test_retention_runs_five_years_from_the_last_case(ended: dt.date, expected: dt.date) -> None:
    assert retention.keep_until(ended) == expected


def test_retention_years_follow_the_setting(settings: Any) -> None:
    settings.TERBUKA_CASE_RETENTION_YEARS = 10
    assert retention.keep_until(dt.date(2026, 1, 2)) == dt.date(2036, 1, 2)


def test_an_unused_identity_is_not_kept(applicant: Any) -> None:
    use = retention.identity_use(_identity(applicant, scan=False))
    assert not use.is_used
    assert use.kept_until is None
    assert use.may_delete_documents


def test_an_open_request_keeps_its_identity_in_play(cases: Cases) -> None:
    request = cases.request()
    use = retention.identity_use(request.requester_identity)
    assert use.in_play == [request.registration_number]
    assert use.kept_until is None
    assert not use.may_delete_documents


def test_a_withdrawn_request_ends_the_day_it_is_withdrawn(cases: Cases) -> None:
    with _at(2026, 4, 6):
        request = cases.withdraw(cases.request())
    with _at(2026, 4, 7):
        use = retention.identity_use(request.requester_identity)
    assert use.in_play == []
    assert use.last_ended_on == dt.date(2026, 4, 6)
    assert use.kept_until == dt.date(2031, 4, 6)


def test_a_refusal_stays_in_play_for_the_objection_window(cases: Cases) -> None:
    """UU 14/2008 Pasal 36(1): 30 working days from the notice (Mon 6 Apr 2026 -> 18 May)."""
    with _at(2026, 4, 6):
        request = cases.close(cases.refuse(cases.request()))
    identity = request.requester_identity
    with _at(2026, 5, 18):
        assert retention.identity_use(identity).in_play == [request.registration_number]
    with _at(2026, 5, 19):
        use = retention.identity_use(identity)
    assert use.in_play == []
    assert use.kept_until == dt.date(2031, 4, 6)


def test_an_answered_objection_stays_in_play_for_the_dispute_window(cases: Cases) -> None:
    """UU 14/2008 Pasal 37(2): 14 working days from the Atasan's answer."""
    with _at(2026, 4, 6):
        request = cases.refuse(cases.request())
        objection = cases.uphold(cases.object_to(request))
    due = objection.dispute_due_on
    assert due is not None
    identity = request.requester_identity
    with _at(due.year, due.month, due.day):
        assert objection.registration_number in retention.identity_use(identity).in_play
    after = due + dt.timedelta(days=1)
    with _at(after.year, after.month, after.day):
        use = retention.identity_use(identity)
    # The request stays in play: it is still open (notice issued, not closed).
    assert use.in_play == [request.registration_number]
    assert use.last_ended_on == due


def test_a_dispute_keeps_its_identity_until_it_closes(cases: Cases) -> None:
    with _at(2026, 4, 6):
        request = cases.close(cases.refuse(cases.request()))
        objection = cases.uphold(cases.object_to(request))
        dispute = cases.dispute(objection, dt.date(2026, 4, 6))
    identity = request.requester_identity
    with _at(2026, 9, 1):
        assert retention.identity_use(identity).in_play == [objection.registration_number]
        cases.close_dispute(dispute)
    with _at(2026, 9, 2):
        use = retention.identity_use(identity)
    assert use.in_play == []
    assert use.kept_until == dt.date(2031, 9, 1)


# --- identity_delete -------------------------------------------------------------------------


def test_an_unused_identity_is_deleted_with_its_scan_after_commit(
    applicant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    identity = _identity(applicant)
    name = identity.ktp_scan_name
    services.identity_reveal(identity=identity, field="nik", viewer=applicant, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        services.identity_delete(identity=identity, actor=applicant)
    assert not RequesterIdentity.objects.filter(pk=identity.pk).exists()
    assert not _stored(name)
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_DELETED)
    assert event.data["identity_id"] == identity.pk
    assert event.data["documents"] == ["ktp_scan"]
    assert event.actor == applicant
    # Who saw the data stays on record, detached from the deleted identity.
    log = IdentityAccessLog.objects.get()
    assert log.identity is None
    assert log.viewer == applicant


def test_the_scan_stays_when_the_deletion_rolls_back(applicant: Any) -> None:
    identity = _identity(applicant)

    def delete_then_fail() -> None:
        with transaction.atomic():
            services.identity_delete(identity=identity, actor=applicant)
            raise RuntimeError

    with pytest.raises(RuntimeError):
        delete_then_fail()
    assert RequesterIdentity.objects.filter(pk=identity.pk).exists()
    assert _stored(identity.ktp_scan_name)


def test_an_identity_a_request_names_is_kept(cases: Cases) -> None:
    request = cases.request()
    identity = request.requester_identity
    with pytest.raises(Conflict) as raised:
        services.identity_delete(identity=identity, actor=cases.applicant)
    assert raised.value.code == "identity_kept"
    assert request.registration_number in raised.value.message
    assert RequesterIdentity.objects.filter(pk=identity.pk).exists()
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.IDENTITY_DELETED).exists()


def test_a_closed_case_keeps_its_identity_and_says_until_when(cases: Cases) -> None:
    with _at(2026, 4, 6):
        request = cases.withdraw(cases.request())
    with _at(2026, 4, 7), pytest.raises(Conflict) as raised:
        services.identity_delete(identity=request.requester_identity, actor=cases.applicant)
    assert "06-04-2031" in raised.value.message


@pytest.mark.parametrize("who", ["other", "officer", "inactive_owner"])
def test_nobody_but_the_active_owner_deletes_an_identity(
    applicant: Any, ppid_utama: Any, who: str
) -> None:
    identity = _identity(applicant, scan=False)
    actor = {"other": UserFactory(), "officer": ppid_utama, "inactive_owner": applicant}[who]
    if who == "inactive_owner":
        applicant.is_active = False
        applicant.save(update_fields=["is_active"])
    with pytest.raises(NotFound):
        services.identity_delete(identity=identity, actor=actor)
    assert RequesterIdentity.objects.filter(pk=identity.pk).exists()


# --- identity_document_delete ----------------------------------------------------------------


def test_the_scan_of_an_ended_case_may_be_deleted(
    cases: Cases, django_capture_on_commit_callbacks: Any
) -> None:
    identity = _identity(cases.applicant)
    cases.withdraw(cases.request(identity=identity))
    name = identity.ktp_scan_name
    with django_capture_on_commit_callbacks(execute=True):
        services.identity_document_delete(
            identity=identity, actor=cases.applicant, document="ktp_scan"
        )
    identity.refresh_from_db()
    assert identity.ktp_scan_name == ""
    assert identity.ktp_scan_size is None
    assert identity.nik == IDENTITY["nik"]  # the register keeps the text
    assert not _stored(name)
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_DOCUMENT_DELETED)
    assert event.data == {"document": "ktp_scan"}


def test_the_scan_of_an_open_case_is_kept(cases: Cases) -> None:
    identity = _identity(cases.applicant)
    cases.request(identity=identity)
    with pytest.raises(Conflict) as raised:
        services.identity_document_delete(
            identity=identity, actor=cases.applicant, document="ktp_scan"
        )
    assert raised.value.code == "document_kept"
    identity.refresh_from_db()
    assert identity.ktp_scan_name
    assert _stored(identity.ktp_scan_name)


def test_an_unknown_or_missing_document_is_refused(applicant: Any) -> None:
    identity = _identity(applicant, scan=False)
    with pytest.raises(ValidationError):
        services.identity_document_delete(identity=identity, actor=applicant, document="nik")
    with pytest.raises(NotFound):
        services.identity_document_delete(identity=identity, actor=applicant, document="ktp_scan")


def test_another_citizen_cannot_delete_a_scan(applicant: Any) -> None:
    identity = _identity(applicant)
    with pytest.raises(NotFound):
        services.identity_document_delete(
            identity=identity, actor=UserFactory(), document="ktp_scan"
        )
    identity.refresh_from_db()
    assert identity.ktp_scan_name


# --- account_deactivate ----------------------------------------------------------------------


def test_closing_an_account_erases_what_may_go_and_keeps_the_register(
    cases: Cases, django_capture_on_commit_callbacks: Any
) -> None:
    applicant = cases.applicant
    verify_email(applicant)
    spare = _identity(applicant)
    used = _identity(applicant)
    cases.withdraw(cases.request(identity=used))
    services.api_token_create(user=applicant, actor=applicant, name="skrip")
    names = [spare.ktp_scan_name, used.ktp_scan_name]
    with django_capture_on_commit_callbacks(execute=True):
        result = services.account_deactivate(user=applicant, actor=applicant)
    assert result == services.AccountDeletion(1, 1, 1, 1)
    applicant.refresh_from_db()
    assert not applicant.is_active
    assert applicant.full_name == ""
    assert applicant.email == f"akun-{applicant.pk}@dihapus.invalid"
    assert not applicant.has_usable_password()
    assert not EmailAddress.objects.filter(user=applicant).exists()
    assert not ApiToken.objects.filter(user=applicant, revoked_at__isnull=True).exists()
    assert not RequesterIdentity.objects.filter(pk=spare.pk).exists()
    used.refresh_from_db()
    assert used.nik == IDENTITY["nik"]
    assert used.ktp_scan_name == ""
    assert not any(_stored(name) for name in names)
    kinds = list(AccountEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert sorted(kinds[-4:-1]) == [
        AccountEvent.Kind.IDENTITY_DELETED,
        AccountEvent.Kind.IDENTITY_DOCUMENT_DELETED,
        AccountEvent.Kind.TOKEN_REVOKED,
    ]
    assert kinds[-1] == AccountEvent.Kind.ACCOUNT_DEACTIVATED
    final = AccountEvent.objects.get(kind=AccountEvent.Kind.ACCOUNT_DEACTIVATED)
    assert final.data == {
        "identities_deleted": 1,
        "identities_kept": 1,
        "documents_deleted": 1,
        "tokens_revoked": 1,
    }


def test_a_double_submit_closes_the_account_once(applicant: Any) -> None:
    """The second request read the user before the first committed: refused under the lock."""
    stale = type(applicant).objects.get(pk=applicant.pk)
    services.account_deactivate(user=applicant, actor=applicant)
    with pytest.raises(Conflict) as excinfo:
        services.account_deactivate(user=stale, actor=stale)
    assert excinfo.value.code == "already_deactivated"
    closed = AccountEvent.objects.filter(kind=AccountEvent.Kind.ACCOUNT_DEACTIVATED)
    assert closed.count() == 1


def test_no_mail_goes_to_a_closed_accounts_placeholder_address(cases: Cases) -> None:
    from terbuka.notifications.recipients import requester

    applicant = cases.applicant
    identity = _identity(applicant)
    RequesterIdentity.objects.filter(pk=identity.pk).update(email="")
    identity.refresh_from_db()
    assert requester(identity, applicant) is not None  # the account's address, while open
    cases.withdraw(cases.request(identity=identity))
    services.account_deactivate(user=applicant, actor=applicant)
    applicant.refresh_from_db()
    assert requester(identity, applicant) is None


def test_an_account_with_a_case_in_play_is_not_closed(cases: Cases) -> None:
    request = cases.request()
    with pytest.raises(Conflict) as raised:
        services.account_deactivate(user=cases.applicant, actor=cases.applicant)
    assert raised.value.code == "cases_in_play"
    assert request.registration_number in raised.value.message
    cases.applicant.refresh_from_db()
    assert cases.applicant.is_active
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.ACCOUNT_DEACTIVATED).exists()


def test_only_the_owner_closes_an_account(applicant: Any, ppid_utama: Any) -> None:
    for actor in (UserFactory(), ppid_utama, None):
        with pytest.raises(PermissionDenied):
            services.account_deactivate(user=applicant, actor=actor)
    applicant.refresh_from_db()
    assert applicant.is_active


def test_a_closed_account_can_sign_up_again_with_the_same_address(applicant: Any) -> None:
    email = applicant.email
    services.account_deactivate(user=applicant, actor=applicant)
    again: Any = UserFactory(email=email)
    assert again.pk != applicant.pk
