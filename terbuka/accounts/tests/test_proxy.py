"""A requester acting through a proxy (kuasa) with a power of attorney (Perki 1/2021)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from terbuka.accounts import services
from terbuka.accounts.forms import IdentityForm
from terbuka.accounts.models import IdentityAccessLog, RequesterIdentity
from terbuka.accounts.tests.factories import UserFactory
from terbuka.core import crypto
from terbuka.core.exceptions import ValidationError

pytestmark = pytest.mark.django_db

PROXY_NIK = "3673015505880002"
LETTER = b"%PDF-1.7\n" + b"SURAT KUASA" * 40


def _letter() -> Any:
    return SimpleUploadedFile("surat kuasa.pdf", LETTER, content_type="application/pdf")


def _identity_fields(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "perorangan",
        "full_name": "Siti Pemohon",
        "nik": "3673011708900001",
        "address": "Jl. Jenderal Sudirman No. 5, Serang",
        "phone": "081234567890",
        "proxy_name": "Budi Kuasa",
        "proxy_nik": PROXY_NIK,
    }
    data.update(overrides)
    return data


@pytest.fixture
def with_proxy(user: Any) -> RequesterIdentity:
    return services.identity_create(
        actor=user, owner=user, power_of_attorney=_letter(), **_identity_fields()
    )


def test_proxy_nik_is_encrypted_and_the_letter_stored_encrypted(
    with_proxy: RequesterIdentity, settings: Any
) -> None:
    identity = RequesterIdentity.objects.get(pk=with_proxy.pk)
    assert identity.proxy_name == "Budi Kuasa"
    assert identity.proxy_nik == PROXY_NIK
    assert identity.masked_proxy_nik.endswith("0002")
    assert PROXY_NIK not in identity.masked_proxy_nik

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proxy_nik FROM accounts_requesteridentity WHERE id = %s", [identity.pk]
        )
        (stored,) = cursor.fetchone()
    assert PROXY_NIK not in stored
    assert identity.has_power_of_attorney
    on_disk = (Path(settings.PRIVATE_ROOT) / identity.power_of_attorney_name).read_bytes()
    assert b"SURAT KUASA" not in on_disk
    assert crypto.decrypt_bytes(on_disk) == LETTER


def test_a_proxy_needs_both_name_and_nik(user: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.identity_create(actor=user, owner=user, **_identity_fields(proxy_nik=""))
    assert "proxy_nik" in exc.value.details["fields"]
    with pytest.raises(ValidationError) as exc:
        services.identity_create(actor=user, owner=user, **_identity_fields(proxy_name=""))
    assert "proxy_name" in exc.value.details["fields"]
    assert not RequesterIdentity.objects.exists()


def test_form_asks_for_the_power_of_attorney() -> None:
    form = IdentityForm(_identity_fields())
    assert not form.is_valid()
    assert "power_of_attorney" in form.errors
    form = IdentityForm(_identity_fields(), {"power_of_attorney": _letter()})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["proxy_nik"] == PROXY_NIK
    form = IdentityForm(_identity_fields(proxy_name=""), {"power_of_attorney": _letter()})
    assert not form.is_valid()
    assert "proxy_name" in form.errors
    # No proxy: nothing more is asked.
    assert IdentityForm(_identity_fields(proxy_name="", proxy_nik="")).is_valid()


def test_editing_keeps_the_stored_letter_and_masks_the_proxy_nik(
    with_proxy: RequesterIdentity,
) -> None:
    form = IdentityForm(_identity_fields(proxy_nik=""), instance=with_proxy)
    assert form.is_valid(), form.errors
    assert PROXY_NIK not in form.as_div()
    assert with_proxy.masked_proxy_nik in str(form["proxy_nik"].help_text)


def test_officer_reveals_the_proxy_nik_with_a_logged_reason(
    with_proxy: RequesterIdentity, unit_officer: Any, officer_perm: None
) -> None:
    value = services.identity_reveal(
        identity=with_proxy,
        field="proxy_nik",
        viewer=unit_officer,
        reason="Verifikasi kuasa permohonan 12/PPID/2026",
    )
    assert value == PROXY_NIK
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field) == (unit_officer, "proxy_nik")


def test_officer_downloads_the_letter_after_giving_a_reason(
    client: Client, with_proxy: RequesterIdentity, unit_officer: Any, officer_perm: None
) -> None:
    client.force_login(unit_officer)
    url = reverse("accounts:identity-power-of-attorney", args=[with_proxy.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Buka surat kuasa" in page.content.decode()
    assert not IdentityAccessLog.objects.exists()
    response = client.post(url, {"reason": "Verifikasi kuasa permohonan 12/PPID/2026"})
    assert response.status_code == 200
    assert response.content == LETTER
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field) == (unit_officer, "power_of_attorney")


def test_others_never_reach_the_letter(client: Client, with_proxy: RequesterIdentity) -> None:
    client.force_login(UserFactory.create())
    url = reverse("accounts:identity-power-of-attorney", args=[with_proxy.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Ingin tahu saja, sungguh."}).status_code == 404
    assert not IdentityAccessLog.objects.exists()
