from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.accounts import services
from terbuka.accounts.models import ApiToken, IdentityAccessLog, User
from terbuka.accounts.tests.factories import VALID_NIK, RequesterIdentityFactory, UserFactory

pytestmark = pytest.mark.django_db

CLEAR_VALUES = (VALID_NIK, "Jenderal Sudirman", "081234567890")


@pytest.fixture
def admin_client_(client: Client) -> Client:
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_identity_list_and_detail_show_masked_values_only(admin_client_: Client) -> None:
    identity = RequesterIdentityFactory.create(owner=UserFactory.create(), full_name="Siti Rahma")
    listing = admin_client_.get(reverse("admin:accounts_requesteridentity_changelist"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Siti Rahma" in html
    assert "************0001" in html
    for clear in CLEAR_VALUES:
        assert clear not in html
    detail = admin_client_.get(
        reverse("admin:accounts_requesteridentity_change", args=[identity.pk])
    )
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "Jl. ***" in html
    for clear in CLEAR_VALUES:
        assert clear not in html
    assert not IdentityAccessLog.objects.exists()


def test_identity_admin_finds_a_nik_by_its_hash(admin_client_: Client) -> None:
    RequesterIdentityFactory.create(full_name="Dicari Lewat NIK")
    RequesterIdentityFactory.create(full_name="Orang Lain", nik="3673015708900002")
    url = reverse("admin:accounts_requesteridentity_changelist")
    html = admin_client_.get(url, {"q": "3673 0117 0890 0001"}).content.decode()
    assert "Dicari Lewat NIK" in html
    assert "Orang Lain" not in html


def test_identities_cannot_be_added_or_edited_in_admin(admin_client_: Client) -> None:
    identity = RequesterIdentityFactory.create()
    assert admin_client_.get(reverse("admin:accounts_requesteridentity_add")).status_code == 403
    response = admin_client_.post(
        reverse("admin:accounts_requesteridentity_change", args=[identity.pk]),
        {"full_name": "Diubah"},
    )
    assert response.status_code == 403


def test_access_logs_are_read_only(admin_client_: Client, user: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=user)
    services.identity_reveal(identity=identity, field="nik", viewer=user, reason="")
    log = IdentityAccessLog.objects.get()
    assert (
        admin_client_.get(reverse("admin:accounts_identityaccesslog_changelist")).status_code == 200
    )
    assert admin_client_.get(reverse("admin:accounts_identityaccesslog_add")).status_code == 403
    change = reverse("admin:accounts_identityaccesslog_change", args=[log.pk])
    assert admin_client_.post(change, {"reason": "diubah"}).status_code == 403
    delete = reverse("admin:accounts_identityaccesslog_delete", args=[log.pk])
    assert admin_client_.post(delete, {"post": "yes"}).status_code == 403
    log.refresh_from_db()
    assert log.reason == "Dilihat oleh pemilik data."


def test_token_admin_never_shows_the_hash_and_revokes(admin_client_: Client, user: Any) -> None:
    token, raw = services.api_token_create(user=user, actor=user, name="skrip")
    change = admin_client_.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    html = change.content.decode()
    assert token.key_hash not in html
    assert raw not in html
    response = admin_client_.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert not ApiToken.objects.filter(revoked_at__isnull=True).exists()


def test_user_admin_creates_users_by_email(admin_client_: Client) -> None:
    response = admin_client_.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Petugas@Example.test",
            "full_name": "Petugas Baru",
            "usable_password": "true",
            "password1": "kata-sandi-kuat-9",
            "password2": "kata-sandi-kuat-9",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(full_name="Petugas Baru")
    assert user.check_password("kata-sandi-kuat-9")
    listing = admin_client_.get(reverse("admin:accounts_user_changelist"), {"q": "petugas"})
    assert "Petugas Baru" in listing.content.decode()
