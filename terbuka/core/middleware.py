from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Sent when a signed-in user picks a language with the switch (Django's `set_language`), with
# `user` and `language`. The accounts app stores it as the language of the user's e-mails;
# a signal keeps `core` free of imports from `accounts` (style.md section 1).
language_chosen = Signal()


class PreferredLanguageMiddleware:
    """Serve pages in Indonesian unless the visitor chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, but many Indonesian
    citizens and officers run browsers set to English; the statutory language of the service is
    Indonesian, so pages follow only an explicit choice: the language cookie, else the language
    saved on the signed-in user's account. The JSON API, used by programs, still honours
    Accept-Language. It runs after AuthenticationMiddleware to see the user.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen not in self.supported:
            # A signed-in user on a new device: the language saved on the account.
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                chosen = getattr(user, "language", "")
        if chosen in self.supported:
            language = chosen
        elif request.path.startswith("/api/"):
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        self._announce_choice(request, response)
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        response.headers.setdefault("Content-Language", language)
        return response

    def _announce_choice(self, request: HttpRequest, response: HttpResponse) -> None:
        """Send `language_chosen` when `set_language` set the cookie for a signed-in user."""
        match = request.resolver_match
        cookie = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if request.method != "POST" or match is None or match.url_name != "set_language":
            return
        user = getattr(request, "user", None)
        if cookie is None or user is None or not user.is_authenticated:
            return
        if cookie.value in self.supported:
            language_chosen.send(sender=type(self), user=user, language=cookie.value)
