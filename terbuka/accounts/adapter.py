from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from rules.rulesets import test_rule

from terbuka.accounts.permissions import MFA_REQUIRED_RULE


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    """Allauth glue: the user model has no username; e-mails are stored in lower case."""

    def clean_email(self, email: str) -> str:
        return str(super().clean_email(email)).strip().lower()

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.lower()
        if commit:
            user.save()
        return user

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Citizens land in their requester area; officers where LOGIN_REDIRECT_URL says."""
        url = str(super().get_login_redirect_url(request))
        user = getattr(request, "user", None)
        is_citizen = (
            user is not None
            and user.is_authenticated
            # The rule holds for anyone with a staff role (registered by `bodies`).
            and not test_rule(MFA_REQUIRED_RULE, user)  # type: ignore[no-untyped-call]
        )
        if url == settings.LOGIN_REDIRECT_URL and is_citizen:
            return reverse("accounts:dashboard")
        return url
