"""GET /api/v1/search through the test client: public, the result shape, errors, paging."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db

Add = Callable[..., SearchEntry]
URL = "/api/v1/search"


def test_search_answers_the_result_shape(client: Client, add: Add, body) -> None:
    entry = add(
        "Penganggaran daerah",
        "Rincian anggaran & belanja.",
        info_class="berkala",
        year=2025,
    )
    response = client.get(URL, {"q": "anggaran"})
    assert response.status_code == 200
    data = response.json()
    assert data == {
        "results": [
            {
                "type": "entry",
                "id": entry.object_id,
                "title": "Penganggaran daerah",
                "url": f"/informasi/{body.slug}/1/",
                "snippet": "Rincian <mark>anggaran</mark> &amp; belanja.",
                "published_at": "2025-01-02T01:00:00Z",
                "info_class": "berkala",
                "year": 2025,
            }
        ],
        "next_cursor": None,
    }


def test_empty_parameters_mean_no_filter(client: Client, add: Add) -> None:
    add("Anggaran")
    params = "type=&unit=&body=&class=&year=&doc_type=&cursor=&limit="
    response = client.get(f"{URL}?q=anggaran&{params}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_filters_by_every_parameter(client: Client, add: Add, body, unit) -> None:
    add("Anggaran A", kind="document", info_class="berkala", year=2024, doc_type="pdf")
    add("Anggaran B", kind="entry", unit_id=None, year=2025)
    query = {
        "q": "anggaran",
        "type": "document",
        "body": body.slug,
        "unit": unit.pk,
        "class": "berkala",
        "year": 2024,
        "doc_type": "pdf",
    }
    results = client.get(URL, query).json()["results"]
    assert [r["title"] for r in results] == ["Anggaran A"]
    assert client.get(URL, {**query, "year": 2025}).json()["results"] == []


def test_no_query_no_results(client: Client, add: Add) -> None:
    add("Anggaran")
    assert client.get(URL).json() == {"results": [], "next_cursor": None}


def test_pages_follow_next_cursor(client: Client, add: Add) -> None:
    for n in range(5):
        add(f"Anggaran {n}")
    first = client.get(URL, {"q": "anggaran", "limit": "3"}).json()
    cursor: str = first["next_cursor"]
    second = client.get(URL, {"q": "anggaran", "limit": "3", "cursor": cursor}).json()
    assert len(first["results"]) == 3
    assert len(second["results"]) == 2
    assert second["next_cursor"] is None
    seen = {r["id"] for r in first["results"] + second["results"]}
    assert seen == {1, 2, 3, 4, 5}


def test_a_bad_cursor_is_refused(client: Client, add: Add) -> None:
    add("Anggaran")
    response = client.get(URL, {"q": "anggaran", "cursor": "bukan-kursor"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_cursor"
    assert error["message"] == "Penanda halaman tidak valid. Mulai lagi dari halaman pertama."
    assert error["details"]["fields"] == {"cursor": [error["message"]]}


@pytest.mark.parametrize(
    ("param", "value", "message"),
    [
        ("type", "request", "Jenis hasil tidak dikenal."),
        ("unit", "abc", "Masukkan bilangan bulat dari 1 sampai 9223372036854775807."),
        ("unit", "0", "Masukkan bilangan bulat dari 1 sampai 9223372036854775807."),
        ("year", "20x5", "Masukkan bilangan bulat dari 1 sampai 9999."),
        ("limit", "51", "Masukkan bilangan bulat dari 1 sampai 50."),
        ("limit", "-1", "Masukkan bilangan bulat dari 1 sampai 50."),
    ],
)
def test_bad_filters_are_refused(client: Client, param: str, value: str, message: str) -> None:
    response = client.get(URL, {"q": "anggaran", param: value})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["details"]["fields"] == {param: [message]}


def test_a_too_long_query_is_refused(client: Client) -> None:
    response = client.get(URL, {"q": "a" * 201})
    assert response.status_code == 422
    assert response.json()["error"]["details"]["fields"] == {"q": ["Nilai terlalu panjang."]}


def test_injection_attempts_answer_200(client: Client, add: Add) -> None:
    add("Anggaran")
    for q in ['a" OR ) NEAR(', "'); DROP TABLE x; --", "{facets}: *", "anggaran:* | !x"]:
        assert client.get(URL, {"q": q}).status_code == 200


def test_a_page_costs_at_most_three_queries(
    client: Client, add: Add, django_assert_max_num_queries
) -> None:
    for n in range(25):
        add(f"Anggaran {n}")
    with django_assert_max_num_queries(3):
        response = client.get(URL, {"q": "anggaran", "body": "kota-uji"})
    assert len(response.json()["results"]) == 20
