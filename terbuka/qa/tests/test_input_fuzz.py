"""X7: hostile values in every query parameter and form field never cause a server error.

Query parameters: those the API documents (OpenAPI) plus the filters and cursors the site's
list pages read. Forms: every POST form an anonymous visitor or a citizen can reach, with the
field names read from the page itself. A 4xx answer or a page with form errors is fine; a 5xx
is not (OWASP A10:2025, mishandling of exceptional conditions).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbuka.qa import matrix
from terbuka.qa.routes import api_fill, fill, openapi_schema, parameters
from terbuka.qa.world import World

pytestmark = [pytest.mark.django_db, pytest.mark.qa]

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)

hostile = st.one_of(
    st.text(max_size=40),
    st.text(min_size=2000, max_size=5000, alphabet=st.characters(codec="utf-8")),
    st.just("\x00"),
    st.just("a\x00b"),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2026-02-30",
            "0000-00-00",
            "31/12/2026",
            "2026-13-01",
            "9999-12-31",
            "eyJpZCI6IC0xfQ==",  # a cursor that decodes to JSON
            "!!notbase64!!",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "%00",
            "[]",
            "{}",
            "true",
            "\ud7ff\ue000\U0010ffff",
            "٣٤٥",  # Arabic-Indic digits are digits to str.isdigit()
        ]
    ),
)

# Parameters the site's list and statistics pages read (cari/, informasi/, statistik/, ...).
SITE_PARAMS = (
    "q",
    "body",
    "badan",
    "unit",
    "class",
    "kelas",
    "year",
    "tahun",
    "semester",
    "type",
    "jenis",
    "status",
    "cursor",
    "setelah",
    "sebelum",
    "page",
    "halaman",
    "kode",
    "start",
    "days",
    "hari",
    "mulai",
    "periode",
    "lihat",
)

CITIZEN_FORMS = (
    "/permohonan/ajukan/",
    "/keberatan/ajukan-berkala/",
    "/akun/identitas/baru/",
    "/akun/profil/",
    "/akun/token/",
    "/akun/password/change/",
    "/akun/email/",
)
ANONYMOUS_FORMS = ("/akun/login/", "/akun/signup/", "/akun/password/reset/", "/kalender/")


def _public_get_routes(world: World) -> list[str]:
    paths = []
    for pattern, access in sorted(matrix.SITE.items()):
        if access.get[0] != "A" or pattern in matrix.OPTIONAL or pattern.startswith("akun/"):
            continue
        values = matrix.path_values(world, pattern)
        paths.append(fill(pattern, {name: values[name] for name in parameters(pattern)}))
    return paths


def _api_query_operations(world: World) -> list[tuple[str, list[str]]]:
    schema = openapi_schema()
    found = []
    for path, item in sorted(schema["paths"].items()):
        operation = item.get("get")
        if operation is None:
            continue
        names = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
        if names:
            found.append(("/api/v1" + api_fill(path, matrix.path_values(world, path)), names))
    return found


def _ok(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


def test_site_query_parameters(world: World) -> None:
    client = Client(raise_request_exception=False)
    paths = _public_get_routes(world)
    assert len(paths) > 20

    @FUZZ
    @given(
        index=st.integers(min_value=0, max_value=len(paths) - 1),
        values=st.lists(hostile, min_size=len(SITE_PARAMS), max_size=len(SITE_PARAMS)),
    )
    def check(index: int, values: list[str]) -> None:
        path = paths[index]
        query = dict(zip(SITE_PARAMS, values, strict=True))
        _ok(client.get(path, query), f"GET {path} {query!r:.200}")

    check()


def test_api_query_parameters(world: World) -> None:
    client = Client(raise_request_exception=False)
    operations = _api_query_operations(world)
    assert operations

    @FUZZ
    @given(
        index=st.integers(min_value=0, max_value=len(operations) - 1),
        values=st.lists(hostile, min_size=8, max_size=8),
    )
    def check(index: int, values: list[str]) -> None:
        path, names = operations[index]
        query = dict(zip(names, values, strict=False))
        _ok(client.get(path, query), f"GET {path} {query!r:.200}")

    check()


_FIELD = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', re.IGNORECASE)


# Forms posted to a route that only takes POST are read from the page that shows them.
FORM_PAGES = {"/akun/token/": "/akun/profil/"}


def _fields(client: Client, path: str) -> list[str]:
    html = client.get(FORM_PAGES.get(path, path)).content.decode("utf-8", "replace")
    if path in FORM_PAGES:
        form = re.search(rf'<form[^>]*action="{re.escape(path)}".*?</form>', html, re.DOTALL)
        html = form.group(0) if form else ""
    names = sorted(set(_FIELD.findall(html)))
    return [n for n in names if n != "csrfmiddlewaretoken"]


@pytest.mark.parametrize(
    ("path", "role"),
    [(p, "citizen") for p in CITIZEN_FORMS] + [(p, "anonymous") for p in ANONYMOUS_FORMS],
)
def test_forms(world: World, path: str, role: str) -> None:
    client = Client(raise_request_exception=False)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    names = _fields(client, path)
    assert names, f"no form fields found at {path}"

    @FUZZ
    @given(values=st.lists(hostile, min_size=len(names), max_size=len(names)))
    def check(values: list[str]) -> None:
        data = dict(zip(names, values, strict=True))
        with transaction.atomic():
            _ok(client.post(path, data), f"POST {path} {data!r:.300}")
            transaction.set_rollback(True)

    check()
