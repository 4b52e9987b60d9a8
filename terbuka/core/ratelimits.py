"""Rate limits on sign-up, filing, search, open-data downloads and the token endpoint.

Anti-automation (ASVS 2.4.1; quality.md X9). Every limit is one line in
`settings.TERBUKA_RATE_LIMITS`: a name, then comma-separated `count/period/key` rules, where
the period is django-ratelimit's (`30/m`, `20/h`, `6/d`, `10/5m`) and the key is `ip` or
`account`. The routes each name covers are listed in `ROUTES` below, by resolved view name, so
the apps' views stay free of throttling code and one table shows every limited route.

A limited request answers 429 with `Retry-After`: the friendly `429.html` page for a browser,
the API's error shape (`{"error": {"code": "rate_limited", ...}}`) under `/api/`. Counters live
in the default cache (Redis in the scale-out profile); if the cache fails, requests pass
(`TERBUKA_RATE_LIMITS_FAIL_OPEN`), because a statutory service must not go down with its cache.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

# The routes of each limit: (HTTP method, resolved view name). A django-ninja path answers
# every method under the name of its first operation, hence `api:request_create` for POST.
ROUTES: dict[str, frozenset[tuple[str, str]]] = {
    "signup": frozenset({("POST", "account_signup")}),
    "request": frozenset({("POST", "inforequests:create"), ("POST", "api:request_create")}),
    "objection": frozenset(
        {
            ("POST", "objections:file"),
            ("POST", "objections:file-periodic"),
            ("POST", "objections:dispute-file"),
            ("POST", "api:objection_create"),
            ("POST", "api:objection_create_periodic"),
        }
    ),
    "search": frozenset({("GET", "search:index"), ("GET", "api:search")}),
    "download": frozenset({("GET", "opendata:download")}),
    "token": frozenset({("POST", "api:token_obtain")}),
}

# Filings count only when they succeed (a form with a typo is not a second request), as
# Alaveteli's MAX_REQUESTS_PER_USER_PER_DAY counts requests made; officers recording a walk-in
# or a letter on an applicant's behalf are not throttled as citizens.
COUNT_SUCCESS_ONLY = frozenset({"request", "objection"})
OFFICERS_EXEMPT = frozenset({"request", "objection"})
_SUCCESS = frozenset({201, 302, 303})


@dataclass(frozen=True)
class Rule:
    """One counter: `rate` requests per period per `key` ("ip" or "account")."""

    limit: str
    rate: str
    key: str


def parse_rules(name: str, spec: str) -> tuple[Rule, ...]:
    """Read `"20/h/ip,6/d/account"` into rules; an empty spec switches the limit off."""
    rules = []
    for part in filter(None, (item.strip() for item in spec.split(","))):
        rate, _sep, key = part.rpartition("/")
        if key not in {"ip", "account"} or not rate:
            raise ValueError(f"TERBUKA_RATE_LIMITS[{name!r}]: {part!r} is not count/period/key")
        rules.append(Rule(limit=name, rate=rate, key=key))
    return tuple(rules)


@cache
def _rules_for(view_name: str, method: str, specs: tuple[tuple[str, str], ...]) -> tuple[Rule, ...]:
    found: list[Rule] = []
    for name, spec in specs:
        if (method, view_name) in ROUTES.get(name, frozenset()):
            found.extend(parse_rules(name, spec))
    return tuple(found)


def rules_for(request: HttpRequest) -> tuple[Rule, ...]:
    """Return the rules that apply to this request's route and method."""
    match = request.resolver_match
    if match is None or not getattr(settings, "RATELIMIT_ENABLE", True):
        return ()
    specs = tuple(sorted(settings.TERBUKA_RATE_LIMITS.items()))
    return _rules_for(match.view_name, request.method or "GET", specs)


def client_ip(request: HttpRequest) -> str:
    """The client's address; IPv6 clients count per /64, as one host owns a whole prefix.

    The address is the one allauth's login throttling sees (behind a proxy,
    `TERBUKA_BEHIND_PROXY`, read from X-Forwarded-For), so both limits count the same client.
    """
    try:
        address = str(get_account_adapter(request).get_client_ip(request))
    except DjangoPermissionDenied:  # allauth could not tell: count the direct peer
        address = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a key)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key(request: HttpRequest, limit: str) -> str | None:
    """Who the request acts as: the signed-in user, the API token's user, or for the token
    endpoint the e-mail address it names. None when nobody is named."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        user_id = _token_user_id(token.strip())
        return f"user:{user_id}" if user_id is not None else f"token:{_digest(token.strip())}"
    if limit == "token":
        email = _json_field(request, "email").strip().lower()
        return f"email:{_digest(email)}" if email else None
    return None


def _token_user_id(token: str) -> Any:
    lookup: Callable[[str], Any] = import_string(settings.TERBUKA_RATE_LIMITS_BEARER_OWNER)
    found = lookup(token)
    return getattr(found, "user_id", None)


def _json_field(request: HttpRequest, name: str) -> str:
    try:
        data = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return ""
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _is_officer(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        lookup: Callable[[str], Any] = import_string(settings.TERBUKA_RATE_LIMITS_BEARER_OWNER)
        found = lookup(token.strip())
        user = getattr(found, "user", None)
        if user is None:
            return False
    check: Callable[[Any], bool] = import_string(settings.TERBUKA_RATE_LIMITS_OFFICER_CHECK)
    return bool(check(user))


@dataclass
class Verdict:
    """Whether a request is over a limit and, if so, how many seconds until it may retry."""

    limited: bool
    retry_after: int = 0
    limit: str = ""


def _usage(request: HttpRequest, rule: Rule, value: str, *, increment: bool) -> Any:
    group = f"terbuka.{rule.limit}.{rule.key}"
    try:
        return get_usage(
            request, group=group, key=lambda _g, _r: value, rate=rule.rate, increment=increment
        )
    except Exception:
        # A cache outage must not take the statutory service down (quality.md F8).
        logger.exception("rate limit cache failed for %s", group)
        return None


def _keyed(request: HttpRequest, rules: tuple[Rule, ...]) -> list[tuple[Rule, str]]:
    keyed: list[tuple[Rule, str]] = []
    for rule in rules:
        value = client_ip(request) if rule.key == "ip" else account_key(request, rule.limit)
        if value is not None:
            keyed.append((rule, value))
    return keyed


def check(request: HttpRequest, keyed: list[tuple[Rule, str]], *, increment: bool) -> Verdict:
    """Count (or only read) each counter; limited when one has reached its rate."""
    worst = Verdict(limited=False)
    for rule, value in keyed:
        usage = _usage(request, rule, value, increment=increment)
        if usage is None:
            if not settings.TERBUKA_RATE_LIMITS_FAIL_OPEN:
                return Verdict(limited=True, retry_after=60, limit=rule.limit)
            continue
        over = usage["count"] > usage["limit"] if increment else usage["count"] >= usage["limit"]
        if over:
            retry = max(1, int(usage["time_left"]))
            if retry > worst.retry_after:
                worst = Verdict(limited=True, retry_after=retry, limit=rule.limit)
    return worst


def too_many_requests(request: HttpRequest, retry_after: int) -> HttpResponse:
    """The 429 answer: the API's JSON error shape under /api/, else the friendly page."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        message = _("Terlalu banyak permintaan. Coba lagi dalam %(seconds)d detik.") % {
            "seconds": retry_after
        }
        response = JsonResponse(
            {
                "error": {
                    "code": "rate_limited",
                    "message": message,
                    "details": {"retry_after": retry_after},
                }
            },
            status=429,
        )
    else:
        context = {"retry_after_minutes": max(1, math.ceil(retry_after / 60))}
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Apply `TERBUKA_RATE_LIMITS` to the routes in `ROUTES`; placed after authentication."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        pending: list[tuple[Rule, str]] | None = getattr(request, "_rate_limit_pending", None)
        if pending and response.status_code in _SUCCESS:
            check(request, pending, increment=True)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        rules = rules_for(request)
        if not rules:
            return None
        limit = rules[0].limit
        if limit in OFFICERS_EXEMPT and _is_officer(request):
            return None
        keyed = _keyed(request, rules)
        success_only = limit in COUNT_SUCCESS_ONLY
        verdict = check(request, keyed, increment=not success_only)
        if verdict.limited:
            return too_many_requests(request, verdict.retry_after)
        if success_only:
            request._rate_limit_pending = keyed  # type: ignore[attr-defined]
        return None
