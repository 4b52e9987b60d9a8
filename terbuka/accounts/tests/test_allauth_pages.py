"""allauth pages render inside the site layout, in Indonesian, with accessible forms."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.accounts.tests.factories import UserFactory, verify_email
from terbuka.accounts.tests.helpers import enrol_totp

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-uji-123"
LOGIN = reverse("account_login")
WRONG = "Alamat e-mail dan/atau kata sandi yang anda masukkan tidak benar."
TOO_MANY = "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti."


def _in_layout(html: str) -> None:
    assert '<html lang="id">' in html
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert html.count("<h1>") == 1


def _h1(html: str) -> str:
    match = re.search(r"<h1>\s*(.*?)\s*</h1>", html, re.DOTALL)
    assert match is not None
    return match.group(1)


def _labelled(html: str) -> None:
    """Every visible input has a label pointing at it."""
    ids = re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for field_id in ids:
        assert f'for="{field_id}"' in html, field_id


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("account_login", "Masuk"),
        ("account_signup", "Daftar"),
        ("account_reset_password", "Reset Kata Sandi"),
        ("account_email_verification_sent", "Verifikasi Alamat E-mail Anda"),
    ],
)
def test_entrance_pages_use_the_site_layout(client: Client, url_name: str, heading: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    _in_layout(html)
    assert _h1(html) == heading
    if "<form" in html and url_name != "account_email_verification_sent":
        assert '<form class="form"' in html
        _labelled(html)


@pytest.mark.parametrize(
    "url",
    [
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "salah"}),
        reverse("account_reset_password_from_key_done"),
    ],
)
def test_password_reset_pages_use_the_site_layout(client: Client, url: str) -> None:
    response = client.get(url, follow=True)
    assert response.status_code == 200
    _in_layout(response.content.decode())


def test_password_reset_sends_mail(client: Client, user: Any) -> None:
    verify_email(user)
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Terbuka] ")


def test_recovery_code_pages_use_the_site_layout(client: Client, user: Any) -> None:
    verify_email(user)
    client.force_login(user)
    enrol_totp(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    generate = client.get(reverse("mfa_generate_recovery_codes"))
    assert generate.status_code == 200
    _in_layout(generate.content.decode())
    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert codes.status_code == 200
    html = codes.content.decode()
    _in_layout(html)
    assert '<label for="recovery_codes">' in html


def test_login_errors_are_announced(client: Client, user: Any) -> None:
    response = client.post(LOGIN, {"login": "bukan-email", "password": ""})
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_login_error"' in html
    assert '<p class="field-error" id="id_login_error">' in html


def test_wrong_password_is_a_form_error(client: Client, user: Any) -> None:
    html = client.post(LOGIN, {"login": user.email, "password": "salah"}).content.decode()
    assert '<div class="notice notice-error" role="alert">' in html
    assert WRONG in html


def test_signup_sends_verification_then_confirm_page_signs_in(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {
            "email": "Baru@Example.test",
            "password1": "kata-sandi-kuat-9",
            "password2": "kata-sandi-kuat-9",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get()
    assert user.email == "baru@example.test"
    assert not EmailAddress.objects.get(user=user).verified
    key = re.search(r"/akun/confirm-email/([^/]+)/", str(mail.outbox[0].body))
    assert key is not None
    confirm_url = reverse("account_confirm_email", args=[key.group(1)])
    page = client.get(confirm_url)
    assert page.status_code == 200
    _in_layout(page.content.decode())
    assert client.post(confirm_url).status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_citizen_cannot_sign_in(client: Client, user: Any) -> None:
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_bad_confirmation_key_page(client: Client) -> None:
    response = client.get(reverse("account_confirm_email", args=["kunci-salah"]))
    assert response.status_code == 200
    _in_layout(response.content.decode())


def test_logout_page(client: Client, user: Any) -> None:
    client.force_login(user)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    html = response.content.decode()
    _in_layout(html)
    assert '<button class="button" type="submit">' in html
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "url_name", ["mfa_index", "account_email", "account_change_password", "mfa_activate_totp"]
)
def test_manage_pages_use_the_site_layout(client: Client, user: Any, url_name: str) -> None:
    verify_email(user)
    client.force_login(user)
    if url_name == "mfa_activate_totp":
        client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    _in_layout(html)
    if "<input" in html.split("<main", 1)[1]:
        _labelled(html)


def test_mfa_index_panels_are_cards(client: Client, user: Any) -> None:
    client.force_login(user)
    enrol_totp(user)
    html = client.get(reverse("mfa_index")).content.decode()
    assert '<section class="card">' in html
    assert "Autentikasi Dua Faktor" in html


# --- Login throttling -----------------------------------------------------------------------


def test_repeated_failures_lock_the_account_for_a_while(client: Client, user: Any) -> None:
    verify_email(user)
    for _ in range(5):
        assert WRONG in client.post(LOGIN, {"login": user.email, "password": "x"}).content.decode()
    # The right password no longer helps.
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_from_one_address_lock_the_address(client: Client, user: Any) -> None:
    verify_email(user)
    for n in range(10):
        client.post(LOGIN, {"login": f"orang{n}@example.test", "password": "x"})
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert TOO_MANY in response.content.decode()
    other_address = client.post(
        LOGIN, {"login": user.email, "password": PASSWORD}, REMOTE_ADDR="10.1.2.3"
    )
    assert other_address.status_code == 302


def test_flooding_the_login_form_gets_429(client: Client) -> None:
    UserFactory.create()
    statuses = [
        client.post(LOGIN, {"login": "x@example.test", "password": "x"}).status_code
        for _ in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    page = client.post(LOGIN, {"login": "x@example.test", "password": "x"})
    assert page.status_code == 429
    assert "Terlalu banyak percobaan" in page.content.decode()
    assert "Tunggu beberapa menit, lalu coba lagi." in page.content.decode()
