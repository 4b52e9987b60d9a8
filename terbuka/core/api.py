"""Sign-in for API writes that also checks the caller's right before the body is read.

Ninja reads and validates the body before the view runs, so a caller without the right would
learn about the body's rules (422) before being told no (403/404). `guarded(check)` is the
routers' usual sign-in (API token, then session) followed by `check(user, path)`, where
`path` holds the raw path parameters: the check raises `NotFound` or `PermissionDenied` and
the API answers in the order 401, then 403/404, then 422. The view and its service still
check everything themselves; the guard only answers earlier.

An operation whose target is named in its form fields (a budget file's body and unit) uses
`guarded_request(check)`, whose check gets the request itself and reads them with
`form_value`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth

from terbuka.accounts.auth import TokenAuth

Check = Callable[[Any, dict[str, Any]], object]
RequestCheck = Callable[[Any, HttpRequest], object]


def path_id(path: dict[str, Any], name: str) -> int:
    """The integer id a path names; 0 (no row has it) for a value that is no id."""
    value = str(path.get(name, ""))
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return 0
    return int(value)


def _path(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    return dict(match.kwargs) if match is not None else {}


def form_value(request: HttpRequest, name: str) -> str:
    """A form field of a multipart or urlencoded body, "" when absent (or the body is JSON).

    A multipart body Django cannot parse raises here as it would when ninja reads it (400).
    """
    value = request.POST.get(name, "")
    return value if isinstance(value, str) else ""


def _scheme(base: type[Any], check: RequestCheck) -> Any:
    """An instance of `base` that runs `check` once it has found the user.

    The class keeps `base`'s name: the OpenAPI document names security schemes after it.
    """

    def call(self: Any, request: HttpRequest) -> Any:
        user = base.__call__(self, request)
        if user:
            check(user, request)
        return user

    return type(base.__name__, (base,), {"__call__": call})()


def guarded_request(check: RequestCheck) -> list[Any]:
    """`auth=` for an operation: token or session, then `check(user, request)`."""
    return [_scheme(TokenAuth, check), _scheme(SessionAuth, check)]


def guarded(check: Check) -> list[Any]:
    """`auth=` for an operation: token or session, then `check` (see the module's text)."""
    return guarded_request(lambda user, request: check(user, _path(request)))
