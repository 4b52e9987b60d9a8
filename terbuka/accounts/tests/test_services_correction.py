"""Correcting an identity: every editable field can be corrected; each correction is an event."""

from __future__ import annotations

from typing import Any

import pytest

from terbuka.accounts import services
from terbuka.accounts.models import AccountEvent, RequesterIdentity
from terbuka.accounts.tests.area import IDENTITY
from terbuka.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

CORRECTIONS: dict[str, Any] = {
    "full_name": "Siti Pemohon Rahayu",
    "nik": "3673014508900002",
    "address": "Jl. Ahmad Yani No. 7, Serang",
    "phone": "085712345678",
    "email": "siti.baru@example.test",
    "occupation": "Peneliti",
    "proxy_name": "Budi Kuasa",
    "proxy_nik": "3673011708900001",
}


def _identity(owner: Any, **extra: Any) -> RequesterIdentity:
    return services.identity_create(actor=owner, owner=owner, **{**IDENTITY, **extra})


def test_every_editable_field_is_corrected_in_one_event(applicant: Any) -> None:
    identity = _identity(applicant)
    assert set(CORRECTIONS) | {"kind", "legal_entity_number"} == set(services._EDITABLE)
    services.identity_update(identity=identity, actor=applicant, **CORRECTIONS)
    identity.refresh_from_db()
    for name, value in CORRECTIONS.items():
        assert getattr(identity, name) == value
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_UPDATED)
    assert event.data == {"fields": sorted(CORRECTIONS)}
    assert event.actor == applicant
    # The event names fields, never values.
    assert CORRECTIONS["nik"] not in str(event.data)


def test_a_person_becomes_a_legal_entity(applicant: Any) -> None:
    identity = _identity(applicant)
    services.identity_update(
        identity=identity,
        actor=applicant,
        kind="badan_hukum",
        legal_entity_number="AHU-0012345.AH.01.04.Tahun 2020",
    )
    identity.refresh_from_db()
    assert identity.kind == "badan_hukum"
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_UPDATED)
    assert event.data == {"fields": ["kind", "legal_entity_number"]}


def test_removing_the_proxy_removes_their_nik(applicant: Any) -> None:
    identity = _identity(applicant, proxy_name="Budi Kuasa", proxy_nik="3673011708900001")
    services.identity_update(identity=identity, actor=applicant, proxy_name="", proxy_nik="")
    identity.refresh_from_db()
    assert identity.proxy_name == ""
    assert identity.proxy_nik == ""
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_UPDATED)
    assert event.data == {"fields": ["proxy_name", "proxy_nik"]}


def test_an_unchanged_form_writes_no_event(applicant: Any) -> None:
    identity = _identity(applicant)
    services.identity_update(identity=identity, actor=applicant, nik="", address="", phone="")
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.IDENTITY_UPDATED).exists()


def test_the_owner_removes_a_stored_phone_number(applicant: Any) -> None:
    identity = _identity(applicant, phone="081234567890")
    services.identity_update(identity=identity, actor=applicant, erase=("phone",), phone="")
    identity.refresh_from_db()
    assert identity.phone == ""
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.IDENTITY_UPDATED)
    assert event.data == {"fields": ["phone"]}
    # Nothing left to remove: no second event.
    services.identity_update(identity=identity, actor=applicant, erase=("phone",))
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.IDENTITY_UPDATED).count() == 1


def test_erasing_and_giving_a_new_number_at_once_is_refused(applicant: Any) -> None:
    identity = _identity(applicant, phone="081234567890")
    with pytest.raises(ValidationError) as excinfo:
        services.identity_update(
            identity=identity, actor=applicant, erase=("phone",), phone="085712345678"
        )
    assert set(excinfo.value.details["fields"]) == {"phone"}
    identity.refresh_from_db()
    assert identity.phone == "081234567890"


def test_only_optional_values_can_be_erased(applicant: Any) -> None:
    identity = _identity(applicant)
    with pytest.raises(ValueError, match="Not erasable"):
        services.identity_update(identity=identity, actor=applicant, erase=("nik",))
