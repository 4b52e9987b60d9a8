"""Receivers of the accounts app."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from terbuka.accounts import services
from terbuka.core.middleware import language_chosen


@receiver(language_chosen, dispatch_uid="accounts.remember_language")
def remember_language(sender: Any, *, user: Any, language: str, **kwargs: Any) -> None:
    """Keep the language chosen with the switch as the language of the user's e-mails."""
    services.user_set_language(user=user, language=language, actor=user)
