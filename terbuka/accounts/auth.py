"""Bearer-token authentication for the JSON API.

Other routers use it as ``@router.get("/x", auth=TokenAuth())``; the handler then finds the
user in ``request.auth`` (and ``request.user``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from terbuka.accounts.selectors import api_token_get_active
from terbuka.accounts.services import api_token_touch


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>` with a personal API token; revoked tokens fail."""

    def __call__(self, request: HttpRequest) -> Any | None:
        # HttpBearer logs the whole header on a wrong scheme in debug mode; that header may
        # be a secret, so parse it here without logging.
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        api_token = api_token_get_active(token)
        if api_token is None:
            return None
        api_token_touch(api_token)
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user
