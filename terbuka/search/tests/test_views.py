"""The search page /cari/ through the test client."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db

Add = Callable[..., SearchEntry]


def url(**params: object) -> str:
    return reverse("search:index") + ("?" + urlencode(params) if params else "")


def test_the_page_without_query_invites_to_search(client: Client, body, unit) -> None:
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Cari informasi publik</h1>" in html
    assert 'role="search"' in html
    assert "Ketik kata kunci untuk mulai mencari." in html
    for name in ["q", "body", "unit", "type", "class", "year"]:
        assert f'<label for="id_{name}">' in html
    # The only body's units are offered.
    assert f'<option value="{unit.pk}">Dinas Kesehatan</option>' in html


def test_results_are_listed_with_marked_snippets(client: Client, add: Add, body) -> None:
    add(
        "Penganggaran daerah",
        "Rincian anggaran belanja.",
        url="/informasi/kota-uji/1/",
        info_class="berkala",
        year=2025,
    )
    response = client.get(url(q="anggaran"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hasil untuk “anggaran”" in html
    assert '<ol class="stack archive-list search-results">' in html
    assert '<a href="/informasi/kota-uji/1/"><mark>Penganggaran</mark> daerah</a>' in html
    assert "<p>Rincian <mark>anggaran</mark> belanja.</p>" in html
    assert "Informasi publik · Pemerintah Kota Uji · Dinas Kesehatan · Berkala · tahun 2025" in html
    assert 'value="anggaran"' in html


def test_the_query_is_echoed_escaped(client: Client, add: Add) -> None:
    add("Anggaran")
    html = client.get(url(q="<script>anggaran</script>")).content.decode()
    assert "<script>anggaran" not in html
    assert "&lt;script&gt;anggaran&lt;/script&gt;" in html


def test_no_match_says_so(client: Client, add: Add) -> None:
    add("Anggaran")
    html = client.get(url(q="jembatan")).content.decode()
    assert "Tidak ada informasi yang cocok dengan semua kata kunci ini." in html


def test_punctuation_only_asks_for_words(client: Client) -> None:
    html = client.get(url(q="?!")).content.decode()
    assert "Kata kunci harus berisi huruf atau angka." in html


def test_next_link_carries_the_cursor_and_the_filters(client: Client, add: Add) -> None:
    for n in range(25):
        add(f"Anggaran {n}", year=2025)
    html = client.get(url(q="anggaran", year=2025)).content.decode()
    assert html.count('<li class="card">') == 20
    link = re.search(r'<a href="([^"]+)" rel="next">Berikutnya', html)
    assert link is not None
    next_url = unescape(link.group(1))
    assert next_url.startswith("?q=anggaran&year=2025&cursor=")
    second = client.get(reverse("search:index") + next_url).content.decode()
    assert second.count('<li class="card">') == 5
    assert 'rel="next"' not in second
    assert "« Halaman pertama" in second


def test_a_bad_cursor_shows_a_friendly_message(client: Client, add: Add) -> None:
    add("Anggaran")
    response = client.get(url(q="anggaran", cursor="rusak"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tautan halaman ini tidak berlaku lagi" in html
    assert '<a href="?q=anggaran">' in html


def test_filters_narrow_the_results(client: Client, add: Add, body, unit, ppid_utama_unit) -> None:
    add("Anggaran dinas")
    add("Anggaran utama", unit_id=ppid_utama_unit.pk, kind="document")
    html = client.get(url(q="anggaran", unit=unit.pk)).content.decode()
    assert "Anggaran</mark> dinas" in html
    assert "Anggaran</mark> utama" not in html
    html = client.get(url(q="anggaran", type="document", body=body.slug)).content.decode()
    assert "Anggaran</mark> dinas" not in html
    assert "Anggaran</mark> utama" in html


def test_units_are_offered_for_the_chosen_body_only(client: Client, body, unit) -> None:
    other = PublicBodyFactory.create(name="Kabupaten Lain", slug="kabupaten-lain")
    other_unit = UnitFactory.create(body=other, name="Dinas Lain")
    html = client.get(url()).content.decode()
    assert 'id="id_unit"' not in html
    html = client.get(url(body="kabupaten-lain")).content.decode()
    assert f'<option value="{other_unit.pk}">Dinas Lain</option>' in html
    assert "Dinas Kesehatan" not in html


def test_an_unknown_filter_value_is_a_form_error(client: Client, body) -> None:
    response = client.get(url(q="anggaran", body="tidak-ada"))
    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


def test_the_page_costs_a_bounded_number_of_queries(
    client: Client, add: Add, django_assert_max_num_queries
) -> None:
    for n in range(30):
        add(f"Anggaran {n}", "rincian anggaran")
    # Bodies and units for the form, then at most three for the search.
    with django_assert_max_num_queries(5):
        response = client.get(url(q="anggaran"))
    assert response.content.decode().count('<li class="card">') == 20


def test_a_capped_answer_says_so(client: Client, add: Add, monkeypatch) -> None:
    from terbuka.search import selectors

    monkeypatch.setattr(selectors, "CANDIDATES", 2)
    for n in range(3):
        add(f"Anggaran {n}")
    html = client.get(url(q="anggaran")).content.decode()
    assert "Lebih dari 2 hasil cocok." in html
    assert html.count('<li class="card">') == 2


def test_a_too_long_cursor_shows_the_friendly_message(client: Client, add: Add) -> None:
    add("Anggaran")
    response = client.get(url(q="anggaran", cursor="x" * 500))
    assert response.status_code == 400
    assert "Tautan halaman ini tidak berlaku lagi" in response.content.decode()
