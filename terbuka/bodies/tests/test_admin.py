from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, superuser: Any) -> Client:
    client.force_login(superuser)
    return client


@pytest.mark.parametrize("model", ["publicbody", "unit", "membership", "bodyevent"])
def test_changelists_load(
    admin_client: Client, model: str, unit_officer: Any, ppid_utama: Any
) -> None:
    BodyEvent.objects.create(body=PublicBody.objects.get(), kind=BodyEvent.Kind.UNIT_UPDATED)
    response = admin_client.get(reverse(f"admin:bodies_{model}_changelist"))
    assert response.status_code == 200


def test_body_event_is_read_only(admin_client: Client, body: PublicBody) -> None:
    event = BodyEvent.objects.create(body=body, kind=BodyEvent.Kind.UNIT_UPDATED)
    assert admin_client.get(reverse("admin:bodies_bodyevent_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:bodies_bodyevent_change", args=[event.pk]), {"kind": "body_created"}
    )
    assert change.status_code == 403
    event.refresh_from_db()
    assert event.kind == BodyEvent.Kind.UNIT_UPDATED
    delete = admin_client.post(reverse("admin:bodies_bodyevent_delete", args=[event.pk]))
    assert delete.status_code == 403


def test_unit_admin_cannot_add(admin_client: Client, unit: Unit) -> None:
    assert admin_client.get(reverse("admin:bodies_unit_add")).status_code == 403
    assert admin_client.get(reverse("admin:bodies_unit_change", args=[unit.pk])).status_code == 200


def test_unit_admin_action_goes_through_service(
    admin_client: Client, unit: Unit, ppid_utama_unit: Unit
) -> None:
    response = admin_client.post(
        reverse("admin:bodies_unit_changelist"),
        {"action": "deactivate", "_selected_action": [unit.pk, ppid_utama_unit.pk]},
        follow=True,
    )
    assert response.status_code == 200
    unit.refresh_from_db()
    assert not unit.is_active
    assert BodyEvent.objects.filter(kind=BodyEvent.Kind.UNIT_DEACTIVATED, unit=unit).exists()
    assert "Unit PPID Utama tidak dapat dinonaktifkan." in response.content.decode()


def test_membership_admin_revoke_action(
    admin_client: Client, unit_officer: Any, ppid_utama: Any
) -> None:
    m = Membership.objects.get(user=unit_officer)
    admin_client.post(
        reverse("admin:bodies_membership_changelist"),
        {"action": "revoke", "_selected_action": [m.pk]},
    )
    m.refresh_from_db()
    assert not m.is_active


def test_body_admin_add_goes_through_service(admin_client: Client, superuser: Any) -> None:
    response = admin_client.post(
        reverse("admin:bodies_publicbody_add"),
        {
            "name": "Pemerintah Kabupaten Contoh",
            "slug": "kab-contoh",
            "kind": "pemerintah_kabupaten",
            "region_code": "36.04",
        },
    )
    assert response.status_code == 302
    body = PublicBody.objects.get(slug="kab-contoh")
    assert BodyEvent.objects.filter(body=body, kind=BodyEvent.Kind.BODY_CREATED).exists()
