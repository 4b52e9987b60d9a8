"""`/api/v1/auth`: tokens for e-mail + password (+ TOTP), bearer auth, listing and revoking."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from terbuka.accounts.models import AccountEvent, ApiToken
from terbuka.accounts.selectors import token_hash_of
from terbuka.accounts.services import api_token_create, api_token_revoke
from terbuka.accounts.tests.factories import UserFactory, VerifiedUserFactory
from terbuka.accounts.tests.helpers import SECRET, enrol_totp, totp_now

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"
ME_URL = "/api/v1/auth/me"
TOKENS_URL = "/api/v1/auth/tokens"
PASSWORD = "rahasia-uji-123"


@pytest.fixture
def citizen() -> Any:
    return VerifiedUserFactory.create(email="warga@example.test", full_name="Warga Uji")


def _obtain(client: Client, ip: str = "127.0.0.1", **payload: Any) -> Any:
    body = {"email": "warga@example.test", "password": PASSWORD, **payload}
    return client.post(TOKEN_URL, body, content_type="application/json", REMOTE_ADDR=ip)


def _error(response: Any, status: int, code: str, message: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"] == message


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_token_for_email_and_password(client: Client, citizen: Any) -> None:
    response = _obtain(client, email="  WARGA@example.test ", name="Skrip saya")
    assert response.status_code == 201
    raw = response.json()["token"]
    assert list(response.json()) == ["token"]
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.prefix) == (citizen, "Skrip saya", raw[:8])
    assert token.key_hash == token_hash_of(raw)
    assert raw not in token.key_hash
    assert AccountEvent.objects.filter(kind="token_created", token=token).exists()
    me = client.get(ME_URL, headers=_bearer(raw))
    assert me.status_code == 200
    assert me.json() == {"email": "warga@example.test", "full_name": "Warga Uji"}


@pytest.mark.parametrize(
    "payload",
    [
        {"password": "salah-sekali"},
        {"email": "tidak-ada@example.test"},
        {"email": "", "password": ""},
    ],
)
def test_wrong_credentials(client: Client, citizen: Any, payload: dict[str, str]) -> None:
    _error(_obtain(client, **payload), 401, "invalid_credentials", "E-mail atau kata sandi salah.")
    assert not ApiToken.objects.exists()


def test_inactive_user_is_refused(client: Client, citizen: Any) -> None:
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    _error(_obtain(client), 401, "invalid_credentials", "E-mail atau kata sandi salah.")


def test_missing_fields_give_422(client: Client) -> None:
    response = client.post(TOKEN_URL, {"email": "x@example.test"}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"


def test_unverified_email_is_refused(client: Client) -> None:
    UserFactory.create(email="warga@example.test")
    _error(
        _obtain(client),
        403,
        "email_unverified",
        "Alamat e-mail belum diverifikasi. Buka tautan verifikasi yang kami kirim.",
    )


def test_unverified_email_allowed_when_verification_is_off(client: Client, settings: Any) -> None:
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    UserFactory.create(email="warga@example.test")
    assert _obtain(client).status_code == 201


# --- Second factor --------------------------------------------------------------------------


def test_otp_required_when_totp_is_enrolled(client: Client, citizen: Any) -> None:
    enrol_totp(citizen)
    _error(
        _obtain(client),
        401,
        "otp_required",
        "Akun ini memakai autentikasi dua faktor: sertakan kode autentikator (otp).",
    )
    _error(_obtain(client, otp="000000"), 401, "otp_invalid", "Kode autentikator salah.")
    response = _obtain(client, otp=totp_now(SECRET))
    assert response.status_code == 201
    # A code works once (replay protection comes from allauth's used-code cache).
    _error(_obtain(client, otp=totp_now(SECRET)), 401, "otp_invalid", "Kode autentikator salah.")


def test_wrong_password_with_otp_is_still_invalid_credentials(client: Client, citizen: Any) -> None:
    enrol_totp(citizen)
    _error(
        _obtain(client, password="salah-sekali", otp=totp_now(SECRET)),
        401,
        "invalid_credentials",
        "E-mail atau kata sandi salah.",
    )


def test_officer_without_totp_is_refused_when_staff_mfa_required(
    client: Client, unit_officer: Any, mfa_rule: None, settings: Any
) -> None:
    from terbuka.accounts.tests.factories import verify_email

    verify_email(unit_officer)
    settings.TERBUKA_STAFF_MFA_REQUIRED = True
    _error(
        _obtain(client, email=unit_officer.email),
        403,
        "mfa_enrolment_required",
        "Petugas wajib mengaktifkan autentikasi dua faktor sebelum memakai API.",
    )
    enrol_totp(unit_officer)
    assert _obtain(client, email=unit_officer.email, otp=totp_now(SECRET)).status_code == 201
    settings.TERBUKA_STAFF_MFA_REQUIRED = False


# --- Throttling -----------------------------------------------------------------------------

TOO_MANY = "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."


def test_five_failures_per_email_lock_the_address(client: Client, citizen: Any) -> None:
    for attempt in range(5):
        _error(
            _obtain(client, ip=f"10.0.0.{attempt}", password="salah"),
            401,
            "invalid_credentials",
            "E-mail atau kata sandi salah.",
        )
    # Even the right password is refused now, from any address.
    _error(_obtain(client, ip="10.0.1.1"), 429, "too_many_attempts", TOO_MANY)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert _obtain(client, ip="10.0.1.1").status_code == 201


def test_ten_failures_per_minute_lock_the_client_address(client: Client, citizen: Any) -> None:
    for n in range(10):
        _error(
            _obtain(client, ip="10.9.9.9", email=f"orang{n}@example.test"),
            401,
            "invalid_credentials",
            "E-mail atau kata sandi salah.",
        )
    _error(_obtain(client, ip="10.9.9.9"), 429, "too_many_attempts", TOO_MANY)
    assert _obtain(client, ip="10.9.9.10").status_code == 201


def test_wrong_otps_count_as_failures(client: Client, citizen: Any) -> None:
    enrol_totp(citizen)
    for _ in range(5):
        _error(_obtain(client, otp="000000"), 401, "otp_invalid", "Kode autentikator salah.")
    _error(_obtain(client, otp=totp_now(SECRET)), 429, "too_many_attempts", TOO_MANY)


def test_web_and_api_failures_share_one_budget(client: Client, citizen: Any) -> None:
    for _ in range(5):
        client.post("/akun/login/", {"login": "warga@example.test", "password": "salah"})
    _error(_obtain(client), 429, "too_many_attempts", TOO_MANY)


# --- Bearer auth ----------------------------------------------------------------------------


def test_bearer_is_required(client: Client, citizen: Any) -> None:
    _token, raw = api_token_create(user=citizen, actor=citizen)
    for headers in (
        {},
        {"Authorization": raw},
        {"Authorization": f"Token {raw}"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer tbk_bukan-token"},
        {"Authorization": f"Bearer {raw}x"},
    ):
        _error(
            client.get(ME_URL, headers=headers),
            401,
            "unauthorized",
            "Token tidak valid atau tidak ada.",
        )


def test_revoked_token_is_refused(client: Client, citizen: Any) -> None:
    token, raw = api_token_create(user=citizen, actor=citizen)
    assert client.get(ME_URL, headers=_bearer(raw)).status_code == 200
    api_token_revoke(token=token, actor=citizen)
    _error(
        client.get(ME_URL, headers=_bearer(raw)),
        401,
        "unauthorized",
        "Token tidak valid atau tidak ada.",
    )


def test_token_of_inactive_user_is_refused(client: Client, citizen: Any) -> None:
    _token, raw = api_token_create(user=citizen, actor=citizen)
    citizen.is_active = False
    citizen.save(update_fields=["is_active"])
    assert client.get(ME_URL, headers=_bearer(raw)).status_code == 401


def test_last_used_is_updated_at_most_once_a_minute(client: Client, citizen: Any) -> None:
    token, raw = api_token_create(user=citizen, actor=citizen)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(ME_URL, headers=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(ME_URL, headers=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        client.get(ME_URL, headers=_bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == later


def test_bearer_auth_costs_few_queries(
    client: Client, citizen: Any, django_assert_max_num_queries: Any
) -> None:
    _token, raw = api_token_create(user=citizen, actor=citizen)
    client.get(ME_URL, headers=_bearer(raw))
    with django_assert_max_num_queries(1):
        assert client.get(ME_URL, headers=_bearer(raw)).status_code == 200


# --- Listing and revoking -------------------------------------------------------------------


def test_list_own_active_tokens(client: Client, citizen: Any) -> None:
    _first, raw = api_token_create(user=citizen, actor=citizen, name="satu")
    _second, _raw2 = api_token_create(user=citizen, actor=citizen, name="dua")
    revoked, _raw3 = api_token_create(user=citizen, actor=citizen, name="tiga")
    api_token_revoke(token=revoked, actor=citizen)
    other = UserFactory.create()
    api_token_create(user=other, actor=other, name="milik orang lain")
    response = client.get(TOKENS_URL, headers=_bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert [t["name"] for t in body] == ["dua", "satu"]
    assert set(body[0]) == {"id", "name", "prefix", "created_at", "last_used_at"}
    assert raw not in response.content.decode()


def test_revoke_own_token(client: Client, citizen: Any) -> None:
    _current, raw = api_token_create(user=citizen, actor=citizen, name="satu")
    spare, spare_raw = api_token_create(user=citizen, actor=citizen, name="dua")
    response = client.delete(f"{TOKENS_URL}/{spare.pk}", headers=_bearer(raw))
    assert response.status_code == 204
    spare.refresh_from_db()
    assert spare.revoked_at is not None
    assert client.get(ME_URL, headers=_bearer(spare_raw)).status_code == 401
    assert AccountEvent.objects.filter(kind="token_revoked", token=spare, actor=citizen).exists()


def test_cannot_revoke_others_tokens(client: Client, citizen: Any) -> None:
    _current, raw = api_token_create(user=citizen, actor=citizen)
    other = UserFactory.create()
    theirs, _other_raw = api_token_create(user=other, actor=other)
    _error(
        client.delete(f"{TOKENS_URL}/{theirs.pk}", headers=_bearer(raw)),
        404,
        "not_found",
        "Token tidak ditemukan.",
    )
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_active_tokens_are_capped(client: Client, citizen: Any, settings: Any) -> None:
    settings.TERBUKA_API_TOKENS_PER_USER = 2
    assert _obtain(client).status_code == 201
    assert _obtain(client).status_code == 201
    _error(
        _obtain(client),
        422,
        "too_many_tokens",
        "Anda sudah memiliki 2 token aktif. Cabut token yang tidak dipakai.",
    )


def test_openapi_documents_the_auth_routes(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in schema["paths"]
    assert "429" in schema["paths"]["/api/v1/auth/token"]["post"]["responses"]
    me = schema["paths"]["/api/v1/auth/me"]["get"]
    assert me["security"] == [{"TokenAuth": []}]
