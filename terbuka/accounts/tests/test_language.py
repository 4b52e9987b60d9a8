from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.accounts.services import user_set_language
from terbuka.accounts.tests.factories import UserFactory
from terbuka.core.exceptions import PermissionDenied, ValidationError

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
SET_LANGUAGE = reverse("set_language")


@pytest.fixture
def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def _language(user: Any) -> str:
    return User.objects.get(pk=user.pk).language


def test_new_accounts_get_indonesian(user: Any) -> None:
    assert user.language == "id"


def test_profile_shows_the_language_form(signed_in: Client) -> None:
    html = signed_in.get(PROFILE).content.decode()
    assert '<h2 id="bahasa-heading">Bahasa e-mail</h2>' in html
    assert '<label for="id_language">Bahasa e-mail' in html
    assert '<option value="id" selected>Bahasa Indonesia</option>' in html
    assert '<option value="en">English</option>' in html


def test_profile_saves_the_language(signed_in: Client, user: Any) -> None:
    response = signed_in.post(PROFILE, {"language": "en"})
    assert response.status_code == 303
    assert response["Location"] == PROFILE
    assert _language(user) == "en"
    html = signed_in.get(PROFILE).content.decode()
    assert "Bahasa e-mail disimpan." in html
    assert '<option value="en" selected>English</option>' in html


def test_profile_refuses_an_unknown_language(signed_in: Client, user: Any) -> None:
    response = signed_in.post(PROFILE, {"language": "fr"})
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid. fr bukan salah satu" in response.content.decode()
    assert _language(user) == "id"


def test_profile_needs_sign_in(client: Client) -> None:
    response = client.post(PROFILE, {"language": "en"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_switch_is_remembered_on_the_account(signed_in: Client, user: Any) -> None:
    response = signed_in.post(SET_LANGUAGE, {"language": "en", "next": "/kalender/"})
    assert response.status_code == 302
    assert _language(user) == "en"
    signed_in.post(SET_LANGUAGE, {"language": "id", "next": "/kalender/"})
    assert _language(user) == "id"


def test_the_switch_of_a_visitor_changes_no_account(client: Client, user: Any) -> None:
    response = client.post(SET_LANGUAGE, {"language": "en", "next": "/kalender/"})
    assert response.status_code == 302
    assert _language(user) == "id"


def test_an_unknown_language_on_the_switch_is_ignored(signed_in: Client, user: Any) -> None:
    signed_in.post(SET_LANGUAGE, {"language": "fr", "next": "/kalender/"})
    assert _language(user) == "id"


def test_service_refuses_another_users_language(user: Any) -> None:
    other = UserFactory.create(email="lain@example.test")
    with pytest.raises(PermissionDenied):
        user_set_language(user=other, language="en", actor=user)
    with pytest.raises(ValidationError) as exc:
        user_set_language(user=user, language="fr", actor=user)
    assert exc.value.details["fields"] == {"language": ["Bahasa tidak dikenal."]}
