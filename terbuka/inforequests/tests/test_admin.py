from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.tests.factories import RequestSettingsFactory
from terbuka.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

IDENTITY_VALUES = ("3673011708900001", "081234567890", "Sudirman")


@pytest.fixture
def decided(
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    unit: Any,
    django_capture_on_commit_callbacks: Any,
) -> InformationRequest:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit()
        services.request_route(request=request, actor=ppid_utama, units=[unit], note="Tolong.")
        services.request_issue_notice(
            request=request,
            actor=ppid_utama,
            possession="held",
            decision="granted_full",
            form="softcopy",
            material="DPA 2025",
        )
    return request


def _get(client: Any, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    page: str = response.content.decode()
    for value in IDENTITY_VALUES:
        assert value not in page
    return page


@pytest.mark.parametrize(
    "model", ["informationrequest", "requestevent", "writtennotice", "requestsettings"]
)
def test_changelists_render_without_identity(
    admin_client: Any, decided: InformationRequest, body: Any, model: str
) -> None:
    RequestSettingsFactory.create(body=body)
    _get(admin_client, reverse(f"admin:inforequests_{model}_changelist"))


def test_request_page_is_read_only_and_masks_identity(
    admin_client: Any, decided: InformationRequest
) -> None:
    url = reverse("admin:inforequests_informationrequest_change", args=[decided.pk])
    page = _get(admin_client, url)
    assert decided.registration_number in page
    assert "Siti Pemohon (Perorangan)" in page
    assert 'name="status"' not in page
    assert "Tolong." in page  # the routing and the timeline inlines
    response = admin_client.post(url, {"status": "closed"})
    assert response.status_code == 403
    decided.refresh_from_db()
    assert decided.status == "notice_issued"
    add = admin_client.get(reverse("admin:inforequests_informationrequest_add"))
    assert add.status_code == 403


def test_event_and_notice_pages_render(admin_client: Any, decided: InformationRequest) -> None:
    event = decided.events.get(kind="notice_issued")
    _get(admin_client, reverse("admin:inforequests_requestevent_change", args=[event.pk]))
    _get(admin_client, reverse("admin:inforequests_writtennotice_change", args=[decided.notice.pk]))


def test_outbound_email_pages_render(admin_client: Any, decided: InformationRequest) -> None:
    page = _get(admin_client, reverse("admin:notifications_outboundemail_changelist"))
    assert "siti@example.test" in page
    email = OutboundEmail.objects.filter(to="siti@example.test").first()
    assert email is not None
    _get(admin_client, reverse("admin:notifications_outboundemail_change", args=[email.pk]))


def test_settings_are_editable(admin_client: Any, body: Any) -> None:
    settings = RequestSettingsFactory.create(body=body)
    url = reverse("admin:inforequests_requestsettings_change", args=[settings.pk])
    page = _get(admin_client, url)
    assert 'name="completion_days"' in page
