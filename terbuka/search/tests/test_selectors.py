"""Searching: stemming, phrases, prefixes, filters, the candidate cap, keyset pages, snippets."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from django.db import connection

from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.core.exceptions import ValidationError
from terbuka.search import selectors
from terbuka.search.models import SearchEntry

pytestmark = pytest.mark.django_db

Add = Callable[..., SearchEntry]


def ids(q: str, **filters: object) -> list[int]:
    return [hit.id for hit in selectors.search(q=q, **filters).results]  # type: ignore[arg-type]


def test_a_derived_word_finds_its_stem(add: Add) -> None:
    entry = add("Rencana anggaran daerah")
    assert ids("penganggaran") == [entry.object_id]
    assert ids("ANGGARAN") == [entry.object_id]


def test_every_term_must_match(add: Add) -> None:
    both = add("Anggaran dinas kesehatan")
    add("Anggaran dinas pendidikan")
    assert ids("anggaran kesehatan") == [both.object_id]


def test_a_phrase_needs_its_words_in_order(add: Add) -> None:
    phrase = add("Laporan keuangan tahunan")
    add("Keuangan daerah dan laporan kinerja")
    assert ids('"laporan keuangan"') == [phrase.object_id]
    assert sorted(ids("laporan keuangan")) == sorted([phrase.object_id, phrase.object_id + 1])


def test_a_prefix_matches_the_start_of_stems(add: Add) -> None:
    health = add("Profil kesehatan kota")
    add("Profil pendidikan kota")
    assert ids("keseh*") == [health.object_id]
    assert ids("sehat*") == [health.object_id]
    assert ids("profil keseh*") == [health.object_id]


def test_a_short_prefix_is_read_as_a_word(add: Add) -> None:
    add("Rencana anggaran")
    assert ids("an*") == []


def test_a_title_match_ranks_above_a_text_match(add: Add) -> None:
    in_text = add("Rencana kerja", "Memuat ringkasan pengadaan barang dan jasa.")
    in_title = add("Pengadaan barang dan jasa", "Rencana umum.")
    assert ids("pengadaan") == [in_title.object_id, in_text.object_id]


@pytest.mark.parametrize(
    "query",
    [
        'a" OR ) NEAR(',
        '"',
        '""',
        "*",
        "***",
        "NEAR(anggaran kota, 2)",
        "{title_stems}: anggaran",
        "facets: body1",
        "anggaran OR NOT kota",
        "'); DROP TABLE search_searchentry; --",
        "anggaran:* & !kota | x <-> y",
        "\\ ^ : ( ) - + ~",
        "\x00anggaran",
        '"anggaran',
        "anggaran\"'",
    ],
)
def test_engine_syntax_in_the_query_is_only_text(add: Add, query: str) -> None:
    add("Rencana anggaran kota", "Teks.")
    selectors.search(q=query)


def test_a_facet_token_typed_as_a_word_matches_nothing(add: Add, body) -> None:
    add("Rencana anggaran kota")
    assert ids(f"body{body.pk}") == []
    assert ids("kindx656e747279") == []


def test_an_empty_or_punctuation_query_touches_no_table(
    add: Add, django_assert_num_queries
) -> None:
    add("Rencana anggaran")
    with django_assert_num_queries(0):
        for q in ["", "   ", "!!! ... ---", '"" * *']:
            page = selectors.search(q=q)
            assert page.results == []
            assert page.next_cursor is None


def test_filters(add: Add, body, unit, ppid_utama_unit) -> None:
    other_body = PublicBodyFactory.create(slug="kabupaten-lain")
    other_unit = UnitFactory.create(body=other_body)
    entry = add("Anggaran A", info_class="berkala", year=2024)
    document = add("Anggaran B", kind="document", doc_type="pdf", year=2025)
    answer = add("Anggaran C", kind="answer", unit_id=ppid_utama_unit.pk, info_class="serta_merta")
    elsewhere = add("Anggaran D", body_id=other_body.pk, unit_id=other_unit.pk)
    assert sorted(ids("anggaran")) == [1, 2, 3, 4]
    assert sorted(ids("anggaran", body=body.slug)) == [1, 2, 3]
    assert sorted(ids("anggaran", body=body.pk)) == [1, 2, 3]
    assert sorted(ids("anggaran", body=str(other_body.pk))) == [elsewhere.object_id]
    assert ids("anggaran", body="tidak-ada") == []
    assert sorted(ids("anggaran", unit_id=unit.pk)) == [entry.object_id, document.object_id]
    assert ids("anggaran", unit_id=unit.pk, body=other_body.slug) == []
    assert ids("anggaran", kind="document") == [document.object_id]
    assert ids("anggaran", kind="answer") == [answer.object_id]
    assert ids("anggaran", info_class="berkala") == [entry.object_id]
    assert ids("anggaran", info_class="serta_merta") == [answer.object_id]
    assert ids("anggaran", year=2025) == [document.object_id]
    assert ids("anggaran", doc_type="pdf") == [document.object_id]
    assert ids("anggaran", doc_type="xlsx") == []
    assert ids("anggaran", kind="entry", year=2024, body=body.slug) == [entry.object_id]


def test_only_the_newest_candidates_are_ranked(add: Add, monkeypatch) -> None:
    monkeypatch.setattr(selectors, "CANDIDATES", 5)
    # The older rows would rank first (the word in their title), were they candidates.
    for n in range(12):
        add("Anggaran daerah" if n < 7 else "Rencana kerja", "anggaran" if n >= 7 else "")
    page = selectors.search(q="anggaran", limit=20)
    assert sorted(hit.id for hit in page.results) == [8, 9, 10, 11, 12]
    assert page.capped
    assert selectors.search(q="daerah").capped
    exactly = selectors.search(q="rencana")
    assert not exactly.capped
    assert len(exactly.results) == 5


def test_keyset_pages_return_each_result_once(add: Add) -> None:
    for n in range(12):
        # Ties on purpose: several rows share a score, the id breaks them.
        add(f"Anggaran {n % 3}", "anggaran " * (n % 4))
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = selectors.search(q="anggaran", cursor=cursor, limit=5)
        seen += [hit.id for hit in page.results]
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == list(range(1, 13))
    assert seen == ids("anggaran", limit=50)


def test_a_page_ends_without_cursor_when_nothing_follows(add: Add) -> None:
    for _ in range(5):
        add("Anggaran")
    assert selectors.search(q="anggaran", limit=5).next_cursor is None
    assert selectors.search(q="anggaran", limit=4).next_cursor is not None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "x",
        "!!!!",
        "a" * 500,
        _b64(b"not json"),
        _b64(b"[1, 2]"),
        _b64(b'{"s": 1.0}'),
        _b64(b'{"s": "1", "i": 2}'),
        _b64(b'{"s": 1.0, "i": "2"}'),
        _b64(b'{"s": 1.0, "i": 0}'),
        _b64(b'{"s": 1.0, "i": true}'),
        _b64(b'{"s": NaN, "i": 2}'),
        _b64(b'{"s": 1.0, "i": 2, "x": 3}'),
        _b64(b'{"s": 1.0, "i": 99999999999999999999999}'),
        _b64(b"\xff\xfe"),
    ],
)
def test_a_bad_cursor_is_a_validation_error(add: Add, cursor: str) -> None:
    add("Anggaran")
    with pytest.raises(ValidationError) as caught:
        selectors.search(q="anggaran", cursor=cursor)
    assert caught.value.code == "invalid_cursor"


def test_a_cursor_round_trips() -> None:
    cursor = selectors.encode_cursor(0.1 + 0.2, 42)
    assert selectors.decode_cursor(cursor) == (0.1 + 0.2, 42)


def test_a_page_takes_at_most_three_queries(add: Add, django_assert_max_num_queries, body) -> None:
    for n in range(30):
        add(f"Anggaran belanja {n}", "Rincian anggaran belanja daerah. " * 20, year=2025)
    with django_assert_max_num_queries(3):
        page = selectors.search(q="anggaran belanja", body=body.slug, year=2025)
    assert len(page.results) == 20
    assert page.results[0].body_name == body.name
    assert page.results[0].unit_name == "Dinas Kesehatan"


def test_snippets_mark_the_matches_and_escape_the_rest(add: Add) -> None:
    add(
        "Penganggaran <b>kota</b>",
        "Pembukaan. " * 60
        + "Dokumen ini memuat <script>alert(1)</script> rincian anggaran & belanja daerah. "
        + "Penutup. " * 60,
    )
    hit = (
        selectors.search(q="anggaran belanja")[0]
        if False
        else selectors.search(q="anggaran belanja").results[0]
    )
    assert "<mark>anggaran</mark> &amp; <mark>belanja</mark>" in hit.snippet
    assert "&lt;script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert hit.snippet.startswith("… ")
    assert hit.snippet.endswith(" …")
    assert len(hit.snippet) < 400
    assert hit.title_html == "<mark>Penganggaran</mark> &lt;b&gt;kota&lt;/b&gt;"


def test_a_snippet_prefers_the_window_with_most_terms(add: Add) -> None:
    add(
        "Dokumen",
        "Anggaran disebut di awal. "
        + "Isi lain. " * 50
        + "Di sini anggaran dan belanja pegawai bersama. "
        + "Isi lain. " * 50,
    )
    snippet = selectors.search(q="anggaran belanja").results[0].snippet
    assert "<mark>anggaran</mark> dan <mark>belanja</mark> pegawai" in snippet


def test_a_snippet_without_match_shows_the_beginning(add: Add) -> None:
    add("Anggaran kota", "Teks pembuka dokumen.\n\nParagraf kedua.")
    hit = selectors.search(q="anggaran").results[0]
    assert hit.snippet == "Teks pembuka dokumen. Paragraf kedua."


def test_a_prefix_is_marked_in_the_snippet(add: Add) -> None:
    add("Profil", "Dinas Kesehatan kota.")
    assert "<mark>Kesehatan</mark>" in selectors.search(q="keseh*").results[0].snippet


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's bm25() strategy")
def test_very_frequent_terms_rank_by_title_on_sqlite(add: Add, monkeypatch) -> None:
    """Terms too frequent for bm25() still filter; hits with them in the title come first."""
    from terbuka.search.engines import sqlite

    monkeypatch.setattr(sqlite, "RANK_MAX_HITS", 0)
    in_text = add("Rencana", "anggaran kota")
    in_title = add("Anggaran kota", "rencana")
    older_in_title = add("Anggaran", "kota")
    assert ids("anggaran kota") == [in_title.object_id, older_in_title.object_id, in_text.object_id]
    assert ids("anggaran kota rencana") == [in_title.object_id, in_text.object_id]
