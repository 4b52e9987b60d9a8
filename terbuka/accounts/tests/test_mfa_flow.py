"""Staff MFA with allauth: officers enrol TOTP before the back office, then sign in with it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts.tests.factories import verify_email
from terbuka.accounts.tests.helpers import SECRET, enrol_totp, totp_now

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
LOGIN = reverse("account_login")
ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")
BACK_OFFICE = reverse("bodies:dashboard")


@pytest.fixture
def officer(unit_officer: Any, settings: Any) -> Any:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    verify_email(unit_officer)
    return unit_officer


def _login(client: Client, user: Any, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"login": user.email, "password": password})


def test_officer_enrols_totp_before_the_back_office(client: Client, officer: Any) -> None:
    response = _login(client, officer)
    assert response.status_code == 302
    # Every page outside /akun/ sends the officer to TOTP set-up first.
    response = client.get(BACK_OFFICE)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    # allauth asks for the password again before adding an authenticator.
    reauth = client.get(ACTIVATE)
    assert reauth.status_code == 302
    assert reauth["Location"].startswith(reverse("account_reauthenticate"))
    confirmed = client.post(reauth["Location"], {"password": PASSWORD})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == ACTIVATE
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Petugas PPID wajib memakai autentikasi dua faktor." in html
    assert "Aktifkan aplikasi autentikator" in html
    secret = client.session["mfa.totp.secret"]

    wrong = client.post(ACTIVATE, {"code": "000000"})
    assert wrong.status_code == 200
    assert "Kode salah." in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()

    done = client.post(ACTIVATE, {"code": totp_now(secret)})
    assert done.status_code == 302
    assert done["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    codes = client.get(done["Location"])
    assert codes.status_code == 200
    assert "Kode Pemulihan" in codes.content.decode()
    assert client.get(BACK_OFFICE).status_code == 200


def test_officer_with_totp_is_asked_for_the_code(client: Client, officer: Any) -> None:
    enrol_totp(officer)
    response = _login(client, officer)
    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE
    # Not signed in yet: the back office sends the officer to the sign-in page.
    assert client.get(BACK_OFFICE)["Location"].startswith(LOGIN)
    page = client.get(AUTHENTICATE)
    assert page.status_code == 200
    assert "Autentikasi Dua Faktor" in page.content.decode()

    wrong = client.post(AUTHENTICATE, {"code": "123456"})
    assert wrong.status_code == 200
    assert "Kode salah." in wrong.content.decode()

    with time_machine.travel(timezone.now() + timedelta(seconds=1)):
        signed_in = client.post(AUTHENTICATE, {"code": totp_now(SECRET)})
        assert signed_in.status_code == 302
        assert client.get(BACK_OFFICE).status_code == 200


def test_citizens_are_not_forced_to_enrol(client: Client, user: Any, settings: Any) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    verify_email(user)
    _login(client, user)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200


def test_staff_mfa_can_be_switched_off(client: Client, unit_officer: Any) -> None:
    verify_email(unit_officer)
    _login(client, unit_officer)
    assert client.get(BACK_OFFICE).status_code == 200


def test_reauthentication_page_renders_in_the_layout(client: Client, user: Any) -> None:
    verify_email(user)
    client.force_login(user)
    page = client.get(reverse("account_reauthenticate"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Konfirmasi Akses" in html
    assert 'class="skip-link"' in html
    assert '<label for="id_password">' in html
