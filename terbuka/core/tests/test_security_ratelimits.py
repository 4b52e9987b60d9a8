"""Rate limits (quality.md X9): 429 with Retry-After, per IP and per account, on every route.

The root conftest clears the cache around each test, so every counter starts at zero.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from terbuka.accounts.services import api_token_create
from terbuka.accounts.tests.factories import UserFactory
from terbuka.core import ratelimits
from terbuka.inforequests.models import InformationRequest

pytestmark = pytest.mark.django_db

NIK = "3673011708900001"


def _limits(settings: LazySettings, **specs: str) -> None:
    settings.TERBUKA_RATE_LIMITS = dict.fromkeys(ratelimits.ROUTES, "") | specs
    ratelimits._rules_for.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_rules() -> Any:
    ratelimits._rules_for.cache_clear()
    yield
    ratelimits._rules_for.cache_clear()


def _portal_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "identity": "baru",
        "unit": "",
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian skripsi.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
        "pemohon-kind": "perorangan",
        "pemohon-full_name": "Siti Pemohon",
        "pemohon-nik": NIK,
        "pemohon-address": "Jl. Jenderal Sudirman No. 5, Serang",
        "pemohon-phone": "081234567890",
        "pemohon-email": "siti@example.test",
    }
    data.update(overrides)
    return data


def _api_payload() -> dict[str, Any]:
    return {
        "body": "kota-uji",
        "unit": None,
        "requester": {
            "kind": "individual",
            "name": "Siti Pemohon",
            "nik": NIK,
            "address": "Jl. Jenderal Sudirman No. 5, Serang",
            "phone": "081234567890",
            "email": "siti@example.test",
        },
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian skripsi.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
    }


def _assert_html_429(response: Any) -> None:
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Terlalu banyak percobaan" in html
    assert "Anda dapat mencoba lagi dalam" in html


def _assert_json_429(response: Any) -> dict[str, Any]:
    assert response.status_code == 429
    retry = int(response["Retry-After"])
    assert retry > 0
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert error["message"] == f"Terlalu banyak permintaan. Coba lagi dalam {retry} detik."
    assert error["details"] == {"retry_after": retry}
    return error


# --- Every limited route answers 429 --------------------------------------------------------

ROUTE_URLS = [
    ("signup", "POST", "/akun/signup/"),
    ("request", "POST", "/permohonan/ajukan/"),
    ("request", "POST", "/api/v1/requests/"),
    ("objection", "POST", "/keberatan/ajukan/1/"),
    ("objection", "POST", "/keberatan/ajukan-berkala/"),
    ("objection", "POST", "/keberatan/1/sengketa/"),
    ("objection", "POST", "/api/v1/requests/1/objections"),
    ("objection", "POST", "/api/v1/objections"),
    ("search", "GET", "/cari/?q=anggaran"),
    ("search", "GET", "/api/v1/search?q=anggaran"),
    ("download", "GET", "/data/permohonan.csv"),
    ("token", "POST", "/api/v1/auth/token"),
]


def test_route_table_lists_every_limited_route() -> None:
    """The table above and `ROUTES` name the same (method, view) pairs."""
    from django.urls import resolve

    seen = {
        (name, method, resolve(url.partition("?")[0]).view_name) for name, method, url in ROUTE_URLS
    }
    expected = {(name, m, view) for name, pairs in ratelimits.ROUTES.items() for m, view in pairs}
    assert seen == expected


@pytest.mark.parametrize(("name", "method", "url"), ROUTE_URLS)
def test_each_route_is_limited(
    client: Client, settings: LazySettings, name: str, method: str, url: str
) -> None:
    """With a zero budget the very first call is refused, before the view runs."""
    _limits(settings, **{name: "0/h/ip"})
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, "{}", content_type="application/json")
    if url.startswith("/api/"):
        _assert_json_429(response)
    else:
        _assert_html_429(response)


@pytest.mark.parametrize(("name", "method", "url"), ROUTE_URLS)
def test_an_empty_spec_switches_a_limit_off(
    client: Client, settings: LazySettings, name: str, method: str, url: str
) -> None:
    _limits(settings)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code != 429


def test_the_master_switch_turns_every_limit_off(client: Client, settings: LazySettings) -> None:
    _limits(settings, search="0/h/ip")
    settings.RATELIMIT_ENABLE = False
    assert client.get("/cari/").status_code == 200


# --- Search: per IP and per account ---------------------------------------------------------


def test_search_page_per_ip(client: Client, settings: LazySettings) -> None:
    _limits(settings, search="3/h/ip")
    for _ in range(3):
        assert client.get("/cari/", {"q": "anggaran"}).status_code == 200
    _assert_html_429(client.get("/cari/", {"q": "anggaran"}))
    # Another address has its own budget.
    assert client.get("/cari/", {"q": "anggaran"}, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_search_api_per_ip_answers_the_error_shape(client: Client, settings: LazySettings) -> None:
    _limits(settings, search="2/m/ip")
    for _ in range(2):
        assert client.get("/api/v1/search", {"q": "anggaran"}).status_code == 200
    error = _assert_json_429(client.get("/api/v1/search", {"q": "anggaran"}))
    assert error["details"]["retry_after"] <= 60


def test_search_per_account_follows_the_user_across_addresses(
    client: Client, settings: LazySettings, user: Any
) -> None:
    _limits(settings, search="100/h/ip,2/h/account")
    client.force_login(user)
    assert client.get("/cari/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/cari/", REMOTE_ADDR="10.0.0.2").status_code == 200
    _assert_html_429(client.get("/cari/", REMOTE_ADDR="10.0.0.3"))
    # An anonymous visitor at a fresh address is not counted against that account.
    assert Client().get("/cari/", REMOTE_ADDR="10.0.0.4").status_code == 200


def test_ipv6_clients_share_a_64_prefix(client: Client, settings: LazySettings) -> None:
    _limits(settings, search="1/h/ip")
    assert client.get("/cari/", REMOTE_ADDR="2001:db8:1:2::10").status_code == 200
    assert client.get("/cari/", REMOTE_ADDR="2001:db8:1:2::99").status_code == 429
    assert client.get("/cari/", REMOTE_ADDR="2001:db8:1:3::10").status_code == 200


def test_behind_a_proxy_the_forwarded_address_counts(
    client: Client, settings: LazySettings
) -> None:
    _limits(settings, search="1/h/ip")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = "10.9.9.9"

    def get(forwarded: str) -> int:
        headers = {"X-Forwarded-For": forwarded}
        return client.get("/cari/", headers=headers, REMOTE_ADDR=proxy).status_code

    assert get("1.1.1.1") == 200
    assert get("2.2.2.2") == 200
    # A spoofed first hop does not buy a fresh budget: the proxy's own entry is read.
    assert get("9.9.9.9, 1.1.1.1") == 429


# --- Filing a request: per account per day, successes only -----------------------------------


def test_portal_filing_limits_an_account_per_day(
    client: Client, settings: LazySettings, applicant: Any, body: Any
) -> None:
    _limits(settings, request="100/h/ip,2/d/account")
    client.force_login(applicant)
    url = reverse("inforequests:create") + f"?badan={body.slug}"
    # A form sent back with errors is not a request and does not count.
    assert client.post(url, _portal_form(details="")).status_code == 200
    for _ in range(2):
        assert client.post(url, _portal_form()).status_code == 303
    response = client.post(url, _portal_form())
    _assert_html_429(response)
    assert InformationRequest.objects.count() == 2
    # The form itself still opens; only filing waits.
    assert client.get(url).status_code == 200


def test_portal_filing_limits_an_address_per_hour(settings: LazySettings, body: Any) -> None:
    _limits(settings, request="1/h/ip,100/d/account")
    url = reverse("inforequests:create") + f"?badan={body.slug}"
    first, second = Client(), Client()
    user_a: Any = UserFactory(email="a@example.test")
    user_b: Any = UserFactory(email="b@example.test")
    first.force_login(user_a)
    second.force_login(user_b)
    assert first.post(url, _portal_form()).status_code == 303
    _assert_html_429(second.post(url, _portal_form()))


def test_api_filing_limits_the_token_owner(
    settings: LazySettings, applicant: Any, body: Any
) -> None:
    _limits(settings, request="100/h/ip,1/d/account")
    client = Client()
    tokens = [api_token_create(user=applicant, actor=applicant)[1] for _ in range(2)]
    first = client.post(
        "/api/v1/requests/",
        _api_payload(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens[0]}"},
    )
    assert first.status_code == 201, first.content
    # A second token of the same account shares the account's budget.
    second = client.post(
        "/api/v1/requests/",
        _api_payload(),
        content_type="application/json",
        headers={"Authorization": f"Bearer {tokens[1]}"},
    )
    _assert_json_429(second)
    assert InformationRequest.objects.count() == 1


def test_officers_recording_requests_are_not_throttled(
    client: Client, settings: LazySettings, unit_officer: Any, body: Any
) -> None:
    _limits(settings, request="1/h/ip,1/d/account")
    client.force_login(unit_officer)
    url = reverse("inforequests:create") + f"?badan={body.slug}"
    for _ in range(3):
        assert client.post(url, _portal_form()).status_code == 303


# --- Token endpoint and sign-up --------------------------------------------------------------


def test_token_endpoint_limits_per_email_address(client: Client, settings: LazySettings) -> None:
    _limits(settings, token="100/h/ip,2/h/account")
    body = {"email": "Warga@Example.test", "password": "salah"}
    for address in ("10.0.0.1", "10.0.0.2"):
        response = client.post(
            "/api/v1/auth/token", body, content_type="application/json", REMOTE_ADDR=address
        )
        assert response.status_code == 401
    same = {"email": "warga@example.test", "password": "salah"}
    _assert_json_429(
        client.post(
            "/api/v1/auth/token", same, content_type="application/json", REMOTE_ADDR="10.0.0.3"
        )
    )
    other = {"email": "lain@example.test", "password": "salah"}
    response = client.post("/api/v1/auth/token", other, content_type="application/json")
    assert response.status_code == 401


def test_signup_limits_an_address(client: Client, settings: LazySettings) -> None:
    _limits(settings, signup="2/h/ip")
    for n in range(2):
        data = {
            "email": f"baru{n}@example.test",
            "password1": "kata-sandi-panjang-123",
            "password2": "kata-sandi-panjang-123",
        }
        assert client.post(reverse("account_signup"), data).status_code == 302
    data = {
        "email": "baru9@example.test",
        "password1": "kata-sandi-panjang-123",
        "password2": "kata-sandi-panjang-123",
    }
    _assert_html_429(client.post(reverse("account_signup"), data))


# --- Downloads and failure modes ------------------------------------------------------------


def test_open_data_downloads_per_address(client: Client, settings: LazySettings) -> None:
    _limits(settings, download="1/h/ip")
    assert client.get("/data/permohonan.csv").status_code == 200
    _assert_html_429(client.get("/data/permohonan.csv"))
    # The catalogue page is not a download.
    assert client.get("/data/").status_code == 200


def test_a_failing_cache_lets_requests_through(
    client: Client, settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _limits(settings, search="0/h/ip")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(ratelimits, "get_usage", broken)
    assert client.get("/cari/").status_code == 200
    settings.TERBUKA_RATE_LIMITS_FAIL_OPEN = False
    assert client.get("/cari/").status_code == 429


def test_a_malformed_spec_is_refused() -> None:
    with pytest.raises(ValueError, match="count/period/key"):
        ratelimits.parse_rules("search", "10/m/everyone")
    assert ratelimits.parse_rules("search", " ") == ()
    assert ratelimits.parse_rules("search", "6/d/account") == (
        ratelimits.Rule(limit="search", rate="6/d", key="account"),
    )


def test_default_limits_parse_and_start_from_alaveteli() -> None:
    from django.conf import settings

    for name, spec in settings.TERBUKA_RATE_LIMITS.items():
        assert name in ratelimits.ROUTES
        assert ratelimits.parse_rules(name, spec)
    assert "6/d/account" in settings.TERBUKA_RATE_LIMITS["request"]
