from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Paths an officer may reach before enrolling TOTP: sign-in/out, MFA set-up, language, static.
_ALLOWED_PREFIXES = ("/akun/", "/i18n/", "/static/", "/media/", "/api/")


class StaffMfaRequiredMiddleware:
    """Send an officer without TOTP to the set-up page (ASVS 6.3.3: MFA for privileged users)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.TERBUKA_STAFF_MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
        ):
            from terbuka.bodies.selectors import user_needs_mfa_enrolment

            if user_needs_mfa_enrolment(request.user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
