"""Authentication (quality.md X8; ASVS 6.2.1, 6.3.1, 6.3.3, 7.2.4): lockout after 5 failures per
account, MFA for officers, a new session key at sign-in, password rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from terbuka.accounts.tests.factories import VerifiedUserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "kata-sandi-rahasia-42"


@pytest.fixture
def citizen(db: None) -> Any:
    return VerifiedUserFactory(email="warga-login@example.test", password=PASSWORD)


def _login(client: Client, email: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def test_login_locks_after_five_failures_per_account(client: Client, citizen: Any) -> None:
    """Five wrong passwords (even from five addresses) lock the account for a while."""
    for n in range(5):
        response = _login(client, citizen.email, "salah-sekali", address=f"10.0.1.{n}")
        assert response.status_code == 200
    # The right password is refused too, with allauth's message on the form.
    locked = _login(client, citizen.email, PASSWORD, address="10.0.2.1")
    assert locked.status_code == 200
    assert "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti." in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not locked by it.
    other: Any = VerifiedUserFactory(email="lain-login@example.test", password=PASSWORD)
    assert _login(Client(), other.email, PASSWORD, address="10.0.2.2").status_code == 302


def test_the_login_limit_is_configured_per_account_and_address() -> None:
    from django.conf import settings

    assert settings.ACCOUNT_RATE_LIMITS["login_failed"] == "10/m/ip,5/5m/key"


def test_the_token_endpoint_shares_the_lockout(client: Client, citizen: Any) -> None:
    for _ in range(5):
        _login(client, citizen.email, "salah-sekali")
    response = client.post(
        "/api/v1/auth/token",
        {"email": citizen.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 429


def test_officers_must_enrol_mfa_when_required(
    client: Client, settings: LazySettings, unit_officer: Any, citizen: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    client.force_login(unit_officer)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # A citizen has nothing to enrol.
    client.force_login(citizen)
    assert client.get(reverse("portal:home")).status_code == 200


def test_officers_are_not_sent_to_mfa_when_switched_off(
    client: Client, settings: LazySettings, unit_officer: Any
) -> None:
    settings.TERBUKA_STAFF_MFA_REQUIRED = False
    client.force_login(unit_officer)
    assert client.get(reverse("portal:home")).status_code == 200


def test_the_session_key_changes_at_sign_in(client: Client, citizen: Any) -> None:
    """Session fixation (ASVS 7.2.4): the anonymous session's key is not the signed-in one."""
    session = client.session
    session["warm"] = True
    session.save()
    before = client.cookies["sessionid"].value
    assert _login(client, citizen.email, PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert int(client.session["_auth_user_id"]) == citizen.pk


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("pendek1", "password_too_short"),
        ("password123", "password_too_common"),
        ("83749201837465", "password_entirely_numeric"),
        ("warga-login@example.test", "password_too_similar"),
    ],
)
def test_password_validators_are_active(citizen: Any, password: str, code: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_password(password, user=citizen)
    assert code in {error.code for error in info.value.error_list}


def test_signup_refuses_a_weak_password(client: Client) -> None:
    data = {"email": "baru@example.test", "password1": "12345678", "password2": "12345678"}
    response = client.post(reverse("account_signup"), data)
    assert response.status_code == 200
    assert not client.session.get("_auth_user_id")
