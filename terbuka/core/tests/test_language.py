from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_stay_indonesian_for_an_english_browser(client: Client) -> None:
    response = client.get("/kalender/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    assert '<html lang="id">' in response.content.decode()


def test_the_language_switch_chooses_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/kalender/"})
    assert response.status_code == 302
    response = client.get("/kalender/")
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
    assert "Deadline calculator" in response.content.decode()


def test_the_api_follows_accept_language(client: Client) -> None:
    response = client.get(
        "/api/v1/calendar/working-days?start=2026-02-30&days=10", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert response["Content-Language"] == "en"
    response = client.get("/api/v1/calendar/working-days?start=2026-02-30&days=10")
    assert response["Content-Language"] == "id"


def test_a_signed_in_user_gets_their_saved_language_on_a_new_device(
    client: Client, user: Any
) -> None:
    user.language = "en"
    user.save(update_fields=["language"])
    client.force_login(user)
    response = client.get("/kalender/")
    assert response["Content-Language"] == "en"
    # The cookie, an explicit choice on this device, still wins.
    client.cookies["django_language"] = "id"
    assert client.get("/kalender/")["Content-Language"] == "id"
