from __future__ import annotations

import hashlib
from typing import Any

from django.db.models import QuerySet

from terbuka.accounts.models import ApiToken, IdentityAccessLog, RequesterIdentity
from terbuka.accounts.nik import normalise_nik
from terbuka.core.crypto import keyed_hash

NIK_HASH_PURPOSE = "nik"


def nik_hash_of(nik: str) -> str:
    """Return the keyed hash stored beside an encrypted NIK."""
    return keyed_hash(normalise_nik(nik), purpose=NIK_HASH_PURPOSE)


def token_hash_of(raw_token: str) -> str:
    """Return the SHA-256 stored for an API token (tokens are random, so no salt is needed)."""
    return hashlib.sha256(raw_token.encode()).hexdigest()


def identity_visible_to(user: Any) -> QuerySet[RequesterIdentity]:
    """Return the identities the user owns.

    Officers see other people's identities object by object, through the
    `accounts.view_identity_as_officer` rule (see permissions.py), never as a list here.
    """
    if not user.is_authenticated:
        return RequesterIdentity.objects.none()
    return RequesterIdentity.objects.filter(owner=user)


def identity_list_for_owner(user: Any) -> QuerySet[RequesterIdentity]:
    """Return the user's own identities, newest first."""
    return identity_visible_to(user).order_by("-created_at", "-id")


def identity_list_by_nik(nik: str) -> QuerySet[RequesterIdentity]:
    """Return identities recorded with this NIK (looked up by keyed hash, never decrypted)."""
    return RequesterIdentity.objects.filter(nik_hash=nik_hash_of(nik)).order_by("-created_at")


def identity_access_log_list(identity: RequesterIdentity) -> QuerySet[IdentityAccessLog]:
    """Return who viewed the identity's clear values, newest first."""
    return identity.access_logs.select_related("viewer").order_by("-viewed_at", "-id")


def api_token_list_for_user(user: Any) -> QuerySet[ApiToken]:
    """Return the user's tokens that are not revoked, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by(
        "-created_at", "-id"
    )


def api_token_get_active(raw_token: str) -> ApiToken | None:
    """Return the active token with this value and its active user, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=token_hash_of(raw_token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
