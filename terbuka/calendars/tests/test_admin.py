from __future__ import annotations

import pytest
from django.test import Client

from terbuka.accounts.models import User
from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.tests.factories import HolidayFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("root@example.test", "x"))
    return client


def test_admin_is_read_mostly(admin_client: Client) -> None:
    holiday = HolidayFactory.create()

    assert admin_client.get("/admin/calendars/holiday/").status_code == 200
    assert admin_client.get("/admin/calendars/holiday/add/").status_code == 403
    change = admin_client.get(f"/admin/calendars/holiday/{holiday.pk}/change/")
    assert change.status_code == 200
    assert 'name="name"' not in change.content.decode()
    assert admin_client.get(f"/admin/calendars/holiday/{holiday.pk}/delete/").status_code == 403
    assert admin_client.get("/admin/calendars/holidayevent/").status_code == 200


def test_admin_actions_call_the_services(admin_client: Client) -> None:
    first, second = HolidayFactory.create(), HolidayFactory.create(is_cancelled=True)
    changelist = "/admin/calendars/holiday/"

    admin_client.post(
        changelist, {"action": "cancel_selected", "_selected_action": [first.pk, second.pk]}
    )

    assert Holiday.objects.filter(is_cancelled=True).count() == 2
    assert list(HolidayEvent.objects.values_list("holiday", "kind")) == [(first.pk, "cancelled")]

    admin_client.post(changelist, {"action": "restore_selected", "_selected_action": [first.pk]})

    assert not Holiday.objects.get(pk=first.pk).is_cancelled
    assert HolidayEvent.objects.filter(kind="restored").count() == 1
