from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator

from terbuka.bodies.models import Membership


def user_has_staff_role(user: Any) -> bool:
    """Return whether the user holds any active role in any unit."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, is_active=True).exists()


def user_needs_mfa_enrolment(user: Any) -> bool:
    """Return whether an officer still has to enrol a TOTP authenticator."""
    if not user_has_staff_role(user):
        return False
    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
