"""The query parser: words, phrases, prefixes; whatever the text, it never raises and never
lets engine syntax through."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbuka.search import selectors
from terbuka.search.engines import postgres, sqlite
from terbuka.search.engines.query import MAX_TERMS, SearchQuery, Term, parse_query, title_score
from terbuka.search.stemming import fold, stem_text

STEM_RE = re.compile(r"[a-z0-9]+")
# Text with the characters engines give meaning to, often.
queries = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("\"*(){}:^-+~!&|<>'\\,. NEARORANDNOT")),
        st.characters(),
    ),
    max_size=300,
)


def terms(text: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(t.kind, t.stems) for t in parse_query(text).terms]


def test_words_are_stemmed() -> None:
    assert terms("Penganggaran DAERAH") == [("word", ("anggar",)), ("word", ("daerah",))]


def test_a_quoted_phrase_keeps_its_order() -> None:
    assert terms('"laporan keuangan" 2024') == [
        ("phrase", ("lapor", "uang")),
        ("word", ("2024",)),
    ]


def test_a_one_word_phrase_is_a_word() -> None:
    assert terms('"anggaran"') == [("word", ("anggar",))]


def test_a_trailing_star_makes_a_prefix_with_its_stem() -> None:
    assert terms("keseh* anggar*") == [("prefix", ("keseh", "seh")), ("prefix", ("anggar",))]


def test_a_short_prefix_is_a_word() -> None:
    assert terms("ab*") == [("word", ("ab",))]


def test_an_unmatched_quote_is_a_separator() -> None:
    assert terms('a" OR ) NEAR(') == [("word", ("a",)), ("word", ("or",)), ("word", ("near",))]


def test_terms_are_unique_and_at_most_ten() -> None:
    text = "anggaran penganggaran " + " ".join(f"kata{n}" for n in range(20))
    found = terms(text)
    assert len(found) == MAX_TERMS
    assert found[0] == ("word", ("anggar",))
    assert found[1] == ("word", ("kata0",))


def test_accents_and_case_fold() -> None:
    assert terms("Anggarán") == terms("anggaran")
    assert fold("ÉÀ straße") == "ea strasse"


def test_words_shaped_like_filters_are_neither_indexed_nor_searched() -> None:
    assert terms("body12 kindx656e anggaran year2025 unit7") == [("word", ("anggar",))]
    assert stem_text("Tahun year2025 body12 body") == "tahun body"


def test_punctuation_only_is_empty() -> None:
    assert not parse_query(" !?.,;:()[]{}*\"' ")


def test_title_score_counts_terms_in_the_title() -> None:
    query = parse_query('anggaran "belanja daerah" keseh*')
    assert title_score(query, stem_text("Anggaran belanja daerah dinas kesehatan")) == 3
    assert title_score(query, stem_text("Daerah belanja")) == 0


@given(queries)
def test_parsing_never_raises_and_keeps_only_plain_tokens(text: str) -> None:
    query = parse_query(text)
    assert len(query.terms) <= MAX_TERMS
    for term in query.terms:
        assert term.stems
        assert all(STEM_RE.fullmatch(s) for s in term.stems)
        assert term.kind != "phrase" or 2 <= len(term.stems) <= 10


@given(queries)
def test_engine_expressions_quote_every_stem(text: str) -> None:
    query = parse_query(text)
    if not query:
        return
    fts = sqlite.text_match(query.terms)
    # Outside the quoted stems there is only the expression's own syntax.
    assert set(re.sub(r'"[a-z0-9 ]+"', "", fts)) <= set("{}_abcdegilmnostx :()AND*OR")
    tsquery = postgres.text_tsquery(query.terms)
    assert set(re.sub(r"'[a-z0-9]+'", "", tsquery)) <= set(":*&|()<-> ")


@pytest.fixture
def indexed(add) -> None:
    add("Rencana anggaran kota", "Laporan keuangan dan belanja daerah.", year=2025)
    add("Near or and not", "a b c", kind="document")


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_searching_any_text_never_raises(indexed: None, text: str) -> None:
    selectors.search(q=text, body="kota-uji", kind="entry", year=2025)
    selectors.search(q=text)
    selectors.search(q=text + " anggaran*")


def test_search_query_is_falsy_without_terms() -> None:
    assert not SearchQuery(())
    assert SearchQuery((Term("word", ("a",)),))
