"""GET /api/v1/reports/service through the client."""

from __future__ import annotations

from typing import Any

import pytest

from terbuka.inforequests.models import WrittenNotice
from terbuka.reports import facts
from terbuka.reports.tests.test_facts import at, notice

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/service"
KEYS = {
    "received",
    "granted_full",
    "granted_partial",
    "refused",
    "refused_by_ground",
    "not_held",
    "forwarded",
    "withdrawn",
    "extended",
    "overdue",
    "objections",
    "disputes",
    "median_days_to_notice",
}


@pytest.fixture
def history(body: Any, unit: Any, submit: Any, desk_officer: Any) -> None:
    with at(2026, 1, 5):
        first = submit()
        notice(
            first,
            desk_officer,
            decision=WrittenNotice.Decision.REFUSED,
            form=WrittenNotice.Form.NONE,
            material="",
            refusal_letters=["a", "b"],
            consequence_test_ref="UK/1",
        )
    with at(2026, 2, 2):
        second = submit(unit=unit)
    with at(2026, 2, 5):
        notice(second, desk_officer)
    with at(2026, 9, 1):
        submit()
    with at(2025, 9, 1):
        submit()
    facts.drain()


def test_the_answer_has_the_issue_fields(client: Any, history: None) -> None:
    response = client.get(URL, {"body": "kota-uji", "year": 2026})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= KEYS
    assert data["received"] == 3
    assert data["refused"] == 1
    assert data["granted_full"] == 1
    assert data["refused_by_ground"]["a"] == 1
    assert data["refused_by_ground"]["b"] == 1
    assert data["refused_by_ground"]["c"] == 0
    assert data["median_days_to_notice"] == 1.5
    assert data["objections"] == 0
    assert data["disputes"] == 0


def test_semester_unit_and_every_body(client: Any, history: None, unit: Any) -> None:
    first = client.get(URL, {"body": "kota-uji", "year": 2026, "semester": 1}).json()
    assert first["received"] == 2
    assert first["semester"] == 1
    second = client.get(URL, {"body": "kota-uji", "year": 2026, "semester": 2}).json()
    assert second["received"] == 1
    by_unit = client.get(URL, {"body": "kota-uji", "year": 2026, "unit": unit.slug}).json()
    assert by_unit["received"] == 1
    assert by_unit["unit"] == unit.pk
    everyone = client.get(URL, {"year": 2025}).json()
    assert everyone["received"] == 1
    assert everyone["body"] == ""


def test_no_identity_in_the_answer(client: Any, history: None) -> None:
    text = client.get(URL, {"body": "kota-uji", "year": 2026}).content.decode()
    assert "Pemohon Uji" not in text
    assert "pemohon@example.test" not in text


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"body": "kota-uji", "year": 2026, "semester": 3}, 422, "semester"),
        ({"body": "kota-uji", "year": 1999}, 422, "year"),
        ({"body": "kota-uji", "year": 2026, "unit": "tidak-ada"}, 422, "unit"),
        ({"year": 2026, "unit": "dinkes"}, 422, "unit"),
        ({"body": "tidak-ada", "year": 2026}, 404, None),
        ({"body": "kota-uji"}, 422, None),
    ],
)
def test_bad_input_is_refused_with_a_message(
    client: Any, body: Any, unit: Any, params: dict[str, Any], status: int, field: str | None
) -> None:
    response = client.get(URL, params)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["message"]
    if field:
        assert field in error["details"]["fields"]


def test_english_messages(client: Any, body: Any) -> None:
    response = client.get(
        URL, {"body": "kota-uji", "year": 2026, "semester": 5}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "The semester must be 1 or 2" in response.json()["error"]["message"]


def test_query_count_does_not_grow_with_history(
    client: Any, history: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(9):
        assert client.get(URL, {"body": "kota-uji", "year": 2026}).status_code == 200


def test_statistics_by_month_and_league(
    client: Any, history: None, unit: Any, settings: Any
) -> None:
    settings.TERBUKA_LEAGUE_MIN_REQUESTS = 1
    data = client.get("/api/v1/reports/statistics", {"body": "kota-uji", "year": 2026}).json()
    assert [m["received"] for m in data["months"]][:3] == [1, 1, 0]
    assert data["months"][0]["on_time"] == {
        "successes": 1,
        "n": 1,
        "rate": 1.0,
        "low": pytest.approx(0.2065, abs=1e-3),
        "high": 1.0,
    }
    assert data["league_threshold"] == 1
    ranked = [u for u in data["units"] if u["rank"] is not None]
    assert {u["unit"] for u in ranked} == {"ppid-utama", unit.slug}
    settings.TERBUKA_LEAGUE_MIN_REQUESTS = 5
    data = client.get("/api/v1/reports/statistics", {"body": "kota-uji", "year": 2026}).json()
    assert all(u["rank"] is None for u in data["units"])
    bad = client.get("/api/v1/reports/statistics", {"body": "kota-uji", "year": "x"})
    assert bad.status_code == 422
