"""The body's request settings page: numbering, fees and signatory, PPID Utama and admins only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.inforequests import services
from terbuka.inforequests.models import RequestSettings

pytestmark = pytest.mark.django_db


def _data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "number_format": "{seq:03d}/PPID-{body_code}/{month}/{year}",
        "body_code": "SRG",
        "completion_days": 5,
        "copy_fee_per_sheet": 500,
        "courier_fee": 15000,
        "post_fee": 10000,
        "fax_fee": 0,
        "payment_instructions": "Transfer ke rekening kas daerah.",
        "signatory_name": "Rina Kartika",
        "signatory_position": "PPID Utama Kota Uji",
    }
    data.update(overrides)
    return data


def _url(body: Any) -> str:
    return reverse("office:settings", kwargs={"body_slug": body.slug})


def test_ppid_utama_sets_the_numbering_and_the_next_request_uses_it(
    client: Client, body: Any, ppid_utama: Any, submit: Any
) -> None:
    client.force_login(ppid_utama)
    page = client.get(_url(body))
    assert page.status_code == 200
    assert "Format nomor pendaftaran" in page.content.decode()
    response = client.post(_url(body), _data())
    assert response.status_code == 303
    config = RequestSettings.objects.get(body=body)
    assert (config.body_code, config.completion_days, config.courier_fee) == ("SRG", 5, 15000)
    request = submit()
    assert request.registration_number.startswith("001/PPID-SRG/")


def test_a_bad_format_is_explained_and_nothing_saved(
    client: Client, body: Any, ppid_utama: Any
) -> None:
    client.force_login(ppid_utama)
    response = client.post(_url(body), _data(number_format="{nomor}/{year}"))
    assert response.status_code == 422
    assert "Wajib memuat {seq} dan {year}" in response.content.decode()
    assert not RequestSettings.objects.exists()


def test_front_office_and_units_may_not_configure(
    client: Client, body: Any, desk_officer: Any, unit_officer: Any
) -> None:
    for officer in (desk_officer, unit_officer):
        client.force_login(officer)
        assert client.get(_url(body)).status_code == 403
        assert client.post(_url(body), _data()).status_code == 403
    assert not RequestSettings.objects.exists()
    with pytest.raises(PermissionDenied):
        services.request_settings_update(body=body, actor=unit_officer, body_code="X")


def test_service_validates_like_the_form(body: Any, ppid_utama: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.request_settings_update(body=body, actor=ppid_utama, number_format="{seq}")
    assert "number_format" in exc.value.details["fields"]
    config = services.request_settings_update(body=body, actor=ppid_utama, body_code=" KU ")
    assert config.body_code == "KU"
