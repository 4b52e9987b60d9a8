from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from terbuka.accounts.models import User
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_the_admin_only_shows_rows(client: Client, add: Callable[..., SearchEntry]) -> None:
    entry = add("Rencana anggaran")
    client.force_login(User.objects.create_superuser("root@example.test", "x"))
    changelist = client.get("/admin/search/searchentry/")
    assert changelist.status_code == 200
    assert "Rencana anggaran" in changelist.content.decode()
    change = client.get(f"/admin/search/searchentry/{entry.pk}/change/")
    assert change.status_code == 200
    assert 'name="title"' not in change.content.decode()
    assert client.get("/admin/search/searchentry/add/").status_code == 403
    assert client.get(f"/admin/search/searchentry/{entry.pk}/delete/").status_code == 403
