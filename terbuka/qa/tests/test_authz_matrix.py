"""X1: every route and API operation, requested as every role, answers as the matrix says.

A route or operation missing from `terbuka.qa.matrix` fails, and so does a matrix row whose
route is gone. A write refused to a role must also leave every row as it was (no IDOR/BOLA,
ASVS 8.2.2; no cross-unit or cross-body write, ASVS 8.4.1): the write runs in a savepoint, no
INSERT/UPDATE/DELETE may reach the database and the digest of the tables must not move.
"""

from __future__ import annotations

import functools
import hashlib
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext

from terbuka.qa import matrix
from terbuka.qa.routes import api_fill, api_operations, fill, parameters, site_routes
from terbuka.qa.world import ROLES, World

pytestmark = pytest.mark.django_db

# Statements that do not change the application's data: the session and login bookkeeping.
BOOKKEEPING = ("django_session", "last_login", "accounts_apitoken")


def test_every_route_is_in_the_matrix() -> None:
    present = {r.pattern for r in site_routes()}
    listed = set(matrix.SITE)
    missing = sorted(present - listed - matrix.OPTIONAL)
    gone = sorted(listed - present - matrix.OPTIONAL)
    assert not missing, f"routes missing from terbuka/qa/matrix.py: {missing}"
    assert not gone, f"matrix rows for routes that no longer exist: {gone}"


def test_every_api_operation_is_in_the_matrix() -> None:
    present = set(api_operations())
    listed = set(matrix.API)
    assert not sorted(present - listed), f"operations missing: {sorted(present - listed)}"
    assert not sorted(listed - present), f"operations gone: {sorted(listed - present)}"


def outcome(response: Any) -> str:
    """One letter of the matrix's legend; E for a server error, which no row may expect."""
    code = response.status_code
    if code >= 500:
        return "E"
    if code == 401:
        return "L"
    if code in {301, 302, 303, 307, 308}:
        target = response.get("Location", "")
        login = resolve_url(settings.LOGIN_URL)
        return "L" if target.startswith((login, "/admin/login/")) else "A"
    return {403: "F", 404: "H", 405: "M", 400: "V", 422: "V", 409: "C"}.get(code, "A")


def _client(world: World, role: str, *, api: bool) -> Client:
    """A session for the site; a bearer token (the API's own way in) for the API."""
    if api:
        token = world.tokens.get(role)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return Client(raise_request_exception=False, headers=headers)
    client = Client(raise_request_exception=False)
    if role in world.sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


_ID_COLUMN: dict[str, bool] = {}


def _tables_digest(tables: tuple[str, ...]) -> str:
    """Row count and highest id of each table in one query: a cheap digest (writes are exact)."""
    quote = connection.ops.quote_name
    parts = []
    with connection.cursor() as cursor:
        for table in tables:
            if table not in _ID_COLUMN:
                columns = connection.introspection.get_table_description(cursor, table)
                _ID_COLUMN[table] = any(c.name == "id" for c in columns)
            top = f"MAX({quote('id')})" if _ID_COLUMN[table] else "0"
            parts.append(f"SELECT COUNT(*), {top} FROM {quote(table)}")  # noqa: S608
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _writes(queries: list[dict[str, Any]]) -> list[str]:
    found = []
    for query in queries:
        sql = query["sql"].lstrip().upper()
        if sql.startswith(("INSERT", "UPDATE", "DELETE")) and not any(
            b.upper() in sql for b in BOOKKEEPING
        ):
            found.append(query["sql"][:160])
    return found


def _request(client: Client, method: str, path: str, data: Any, api: bool) -> Any:
    if method == "GET":
        return client.get(path)
    if api:
        return client.generic(method, path, data=data, content_type="application/json")
    return client.post(path, data)


# Who is asked, when not all twelve roles: Django's admin is one gate (is_staff and the
# model's permissions), so an anonymous visitor, a non-staff officer and a superuser tell its
# answers apart; a row that expects the same answer of every role is asked of an anonymous
# visitor and a signed-in officer.
ADMIN_ROLES = ("anonymous", "pelaksana", "superuser")
UNIFORM_ROLES = ("anonymous", "pelaksana")


def roles_for(key: str, methods: dict[str, str]) -> tuple[str, ...]:
    if key.startswith("admin/"):
        return ADMIN_ROLES
    if all(len(set(letters)) == 1 for letters in methods.values()):
        return UNIFORM_ROLES
    return ROLES


def _check(
    world: World, key: str, path: str, methods: dict[str, str], data: Any, api: bool
) -> list[str]:
    """Request `path` with each method as each role; return the differences from the matrix."""
    problems: list[str] = []
    tables = matrix.tables_for(key)
    asked = roles_for(key, methods)
    baseline: str | None = None
    for method, expected in methods.items():
        for role, want in zip(ROLES, expected, strict=True):
            if role not in asked:
                continue
            if method != "GET" and want == "A":
                # Allowed writes are each app's own tests; here they would only cost time.
                continue
            refused_write = method != "GET"
            if refused_write and baseline is None:
                baseline = _tables_digest(tables)
            client = _client(world, role, api=api)
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    response = _request(client, method, path, data, api)
                got = outcome(response)
                if got != want:
                    problems.append(f"{method} {path} as {role}: got {got}, expected {want}")
                if refused_write:
                    writes = _writes(queries.captured_queries)
                    if writes:
                        problems.append(f"{method} {path} as {role} wrote: {writes[:3]}")
                    if _tables_digest(tables) != baseline:
                        problems.append(f"{method} {path} as {role} changed rows of {tables}")
                transaction.set_rollback(True)
    return problems


@functools.cache
def _present() -> frozenset[str]:
    return frozenset(r.pattern for r in site_routes())


# Known bugs, kept visible: the row says what must happen, the test fails until it does.
KNOWN_BUGS: dict[str, str] = {}


def _site_cases() -> list[Any]:
    return [
        pytest.param(p, marks=pytest.mark.xfail(reason=KNOWN_BUGS[p], strict=True))
        if p in KNOWN_BUGS
        else p
        for p in sorted(matrix.SITE)
    ]


@pytest.mark.qa
@pytest.mark.parametrize("pattern", _site_cases())
def test_site_route(world: World, pattern: str) -> None:
    if pattern not in _present():
        pytest.skip("optional route not mounted in this configuration")
    access = matrix.SITE[pattern]
    values = matrix.path_values(world, pattern)
    path = fill(pattern, {name: values[name] for name in parameters(pattern)})
    methods = {"GET": access.get}
    if access.write is not None:
        methods["POST"] = access.write
    problems = _check(world, pattern, path, methods, access.data or matrix.FORM_DATA, api=False)
    assert not problems, "\n".join(problems)


@pytest.mark.qa
@pytest.mark.parametrize(("method", "path"), sorted(matrix.API))
def test_api_operation(world: World, method: str, path: str) -> None:
    expected = matrix.API[(method, path)]
    url = api_fill(path, matrix.path_values(world, path))
    problems = _check(
        world, f"api {path}", url, {method: expected}, matrix.api_payload(method, path), api=True
    )
    assert not problems, "\n".join(problems)
