"""A requester's e-mail preferences: what they leave out; statutory notices always go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from terbuka.accounts.models import AccountEvent
from terbuka.accounts.tests.area import Cases
from terbuka.accounts.tests.factories import UserFactory
from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.inforequests import services as request_services
from terbuka.inforequests.models import WrittenNotice
from terbuka.inforequests.notifications import REQUESTER_TEMPLATES as REQUEST_TEMPLATES
from terbuka.notifications import preferences
from terbuka.notifications.models import NotificationPreference, OutboundEmail
from terbuka.notifications.recipients import RequesterRecipient, requester, send_all
from terbuka.notifications.services import (
    notification_preference_get,
    notification_preference_set,
)
from terbuka.objections.notifications import REQUESTER_TEMPLATES as OBJECTION_TEMPLATES

pytestmark = pytest.mark.django_db

Level = NotificationPreference.EmailLevel
REQUESTER = "siti@example.test"


@pytest.fixture
def cases(body: Any, applicant: Any, ppid_utama: Any) -> Cases:
    return Cases(body=body, applicant=applicant, ppid_utama=ppid_utama, atasan=None)


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Call a service and run its on-commit callbacks (notify, then the send task) at once."""

    def call(fn: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return call


def _templates_to_requester() -> list[str]:
    return list(
        OutboundEmail.objects.filter(to=REQUESTER).order_by("pk").values_list("template", flat=True)
    )


def test_every_requester_template_has_a_kind() -> None:
    """A new requester e-mail must be classified, or a preference could not be honoured."""
    templates = {t for t, _fn in REQUEST_TEMPLATES.values()}
    templates |= {t for t, _fn in OBJECTION_TEMPLATES.values()}
    assert {t for t in templates if preferences.kind_of(t) is None} == set()


@pytest.mark.parametrize(
    ("level", "template", "sent"),
    [
        (Level.ALL, "withdrawn", True),
        (Level.DECISIONS, "withdrawn", False),
        (Level.DECISIONS, "fulfilled", True),
        (Level.DECISIONS, "objections/lapsed", True),
        (Level.STATUTORY, "fulfilled", False),
        (Level.STATUTORY, "objections/dispute_decided", False),
        (Level.STATUTORY, "notice_issued", True),
        (Level.STATUTORY, "extended", True),
        (Level.STATUTORY, "objections/answered", True),
        (Level.STATUTORY, "not_classified", True),
    ],
)
def test_levels_let_through(level: str, template: str, sent: bool) -> None:
    assert preferences.allows(level, template) is sent


def test_a_requester_recipient_names_the_account(cases: Cases) -> None:
    request = cases.request()
    recipient = requester(request.requester_identity, request.requester)
    assert recipient == (REQUESTER, "id")
    assert isinstance(recipient, RequesterRecipient)
    assert recipient.account_id == cases.applicant.pk


def test_a_disabled_kind_is_not_sent_and_a_statutory_notice_still_goes(
    cases: Cases, commit: Callable[..., Any], mailoutbox: list[Any]
) -> None:
    request = commit(cases.request)
    assert _templates_to_requester() == ["request_received"]
    notification_preference_set(
        user=cases.applicant, email_level=Level.STATUTORY, actor=cases.applicant
    )
    # UU 14/2008 Pasal 22(7): the written notice goes whatever the preference.
    commit(
        request_services.request_issue_notice,
        request=request,
        actor=cases.ppid_utama,
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.REFUSED,
        form=WrittenNotice.Form.NONE,
        refusal_letters=["b"],
    )
    # Closing is a progress update: left out at this level.
    commit(request_services.request_close, request=request, actor=cases.ppid_utama)
    assert _templates_to_requester() == ["request_received", "notice_issued"]
    assert [m.to for m in mailoutbox].count([REQUESTER]) == 2
    # Officers' e-mails are never filtered by a requester's preference.
    assert OutboundEmail.objects.exclude(to=REQUESTER).exists()


def test_the_default_sends_every_update(cases: Cases, commit: Callable[..., Any]) -> None:
    request = commit(cases.request)
    commit(request_services.request_withdraw, request=request, actor=cases.applicant, reason="x")
    assert _templates_to_requester() == ["request_received", "withdrawn"]


def test_a_requester_without_account_gets_everything(cases: Cases) -> None:
    request = cases.request()
    request.requester_identity.owner = None
    recipient = requester(request.requester_identity, None)
    assert isinstance(recipient, RequesterRecipient)
    assert recipient.account_id is None
    new = send_all(
        [recipient], template="withdrawn", context={"number": "1"}, key=lambda a: f"k:{a}"
    )
    assert new == 1


def test_setting_a_level_is_an_event_once(applicant: Any) -> None:
    assert notification_preference_get(applicant).email_level == Level.ALL
    notification_preference_set(user=applicant, email_level=Level.DECISIONS, actor=applicant)
    notification_preference_set(user=applicant, email_level=Level.DECISIONS, actor=applicant)
    assert NotificationPreference.objects.get(user=applicant).email_level == Level.DECISIONS
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.NOTIFICATIONS_CHANGED)
    assert event.data == {"email_level": "decisions", "previous": "all"}
    assert event.actor == applicant


def test_only_the_owner_sets_a_level_and_only_a_known_one(applicant: Any) -> None:
    with pytest.raises(PermissionDenied):
        notification_preference_set(user=applicant, email_level=Level.ALL, actor=UserFactory())
    with pytest.raises(ValidationError):
        notification_preference_set(user=applicant, email_level="sms", actor=applicant)
    assert not NotificationPreference.objects.exists()
