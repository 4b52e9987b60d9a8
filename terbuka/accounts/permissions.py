"""Who may see requester identities and manage API tokens.

`accounts.view_identity_as_officer` is a `rules` object permission whose predicate belongs to
`objections/rules.py` (an officer role, and a request or objection of that identity in the
officer's scope); until it is registered, only owners see their data.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext as _
from rules.rulesets import test_rule

from terbuka.accounts.models import ApiToken, RequesterIdentity
from terbuka.core.exceptions import NotFound

OFFICER_IDENTITY_PERM = "accounts.view_identity_as_officer"


def is_identity_owner(user: Any, identity: RequesterIdentity) -> bool:
    """Return whether the user owns the identity."""
    return bool(
        user.is_authenticated and identity.owner_id is not None and identity.owner_id == user.pk
    )


def can_view_identity(user: Any, identity: RequesterIdentity) -> bool:
    """Return whether the user may see the identity's clear values and KTP scan."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_identity_owner(user, identity) or bool(user.has_perm(OFFICER_IDENTITY_PERM, identity))


def can_change_identity(user: Any, identity: RequesterIdentity) -> bool:
    """Return whether the user may edit the identity (its owner only, from the profile)."""
    return is_identity_owner(user, identity) and bool(user.is_active)


def identity_get_for_user(user: Any, identity_id: int) -> RequesterIdentity:
    """Return an identity the user may view; raise one NotFound for missing and forbidden."""
    identity = RequesterIdentity.objects.filter(pk=identity_id).first()
    if identity is None or not can_view_identity(user, identity):
        raise NotFound(_("Identitas tidak ditemukan."))
    return identity


def can_revoke_token(user: Any, token: ApiToken) -> bool:
    """Return whether the user may revoke the token (its owner only)."""
    return bool(user.is_authenticated and token.user_id == user.pk)


# `bodies` registers this rule (predicate: the user holds a staff role) so that accounts can
# enforce staff MFA without importing bodies.
MFA_REQUIRED_RULE = "accounts.requires_mfa"


def user_has_totp(user: Any) -> bool:
    """Return whether the user has enrolled an authenticator app."""
    return bool(is_mfa_enabled(user, [Authenticator.Type.TOTP]))


def user_must_enrol_mfa(user: Any) -> bool:
    """Return whether the user must enrol TOTP first (an officer, when staff MFA is required)."""
    if not getattr(settings, "TERBUKA_STAFF_MFA_REQUIRED", False):
        return False
    if not test_rule(MFA_REQUIRED_RULE, user):  # type: ignore[no-untyped-call]
        return False
    return not user_has_totp(user)
