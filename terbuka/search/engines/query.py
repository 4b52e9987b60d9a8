"""What a search asks for, independent of the engine: terms parsed from the user's text, filters.

The user writes words, "quoted phrases" and prefixes (`anggar*`); every other character is
only a separator, so no engine syntax ever reaches the database from the user. Terms are
ANDed. Filters become facet tokens, indexed beside the text (their own FTS5 column; weight D
in PostgreSQL), so that a filter narrows the match inside the full-text index itself; no
text ever yields a facet token (stemming.RESERVED_RE).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from terbuka.search.stemming import FACET_NAMES, TOKEN_RE, fold, is_indexed, stem

MAX_QUERY_CHARS = 500
MAX_TERMS = 10
MAX_PHRASE_WORDS = 10
# Shorter prefixes match a good part of the vocabulary: `ab*` is read as the word `ab`.
MIN_PREFIX_CHARS = 3
# The facet name of the body filter; engines build its token from a slug in SQL.
BODY_FACET = "body"

TermKind = Literal["word", "phrase", "prefix"]

_PHRASE_RE = re.compile(r'"([^"]*)"')
_WORD_RE = re.compile(r"([a-z0-9]+)(\*?)")


@dataclass(frozen=True)
class Term:
    """One ANDed term: a word's stem, a phrase's stems in order, or prefixes (any may match).

    A prefix term holds the folded prefix and, when it differs, the prefix's own stem.
    """

    kind: TermKind
    stems: tuple[str, ...]


@dataclass(frozen=True)
class SearchQuery:
    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def _word_terms(segment: str) -> list[Term]:
    found: list[Term] = []
    for match in _WORD_RE.finditer(segment):
        word, star = match.group(1), match.group(2)
        if not is_indexed(word):
            continue
        if star and len(word) >= MIN_PREFIX_CHARS:
            # The index holds stems: `keseh*` must also be read as `seh*` to find kesehatan.
            stemmed = stem(word)
            alternatives = (word, stemmed) if len(stemmed) >= MIN_PREFIX_CHARS else (word,)
            found.append(Term("prefix", tuple(dict.fromkeys(alternatives))))
        else:
            found.append(Term("word", (stem(word),)))
    return found


def _phrase_term(inner: str) -> list[Term]:
    words = [w for w in TOKEN_RE.findall(inner) if is_indexed(w)]
    stems = tuple(stem(w) for w in words[:MAX_PHRASE_WORDS])
    if not stems:
        return []
    return [Term("word" if len(stems) == 1 else "phrase", stems)]


def parse_query(text: str) -> SearchQuery:
    """Parse the user's search text; never raises, whatever the text."""
    folded = fold(text[:MAX_QUERY_CHARS])
    found: list[Term] = []
    position = 0
    for match in _PHRASE_RE.finditer(folded):
        found += _word_terms(folded[position : match.start()])
        found += _phrase_term(match.group(1))
        position = match.end()
    # An unmatched quote is only a separator.
    found += _word_terms(folded[position:].replace('"', " "))
    unique = list(dict.fromkeys(found))
    return SearchQuery(tuple(unique[:MAX_TERMS]))


def title_score(query: SearchQuery, title_stems: str) -> float:
    """Return how many of the query's terms the stemmed title contains."""
    padded = f" {title_stems} "
    words = title_stems.split()
    score = 0
    for term in query.terms:
        if term.kind == "prefix":
            score += any(w.startswith(term.stems) for w in words)
        else:
            score += f" {' '.join(term.stems)} " in padded
    return float(score)


# --- Filters as facet tokens ------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """Exact filters; `body_slug` is resolved to an id inside the engine's own statement."""

    body_id: int | None = None
    body_slug: str | None = None
    unit_id: int | None = None
    kind: str | None = None
    info_class: str | None = None
    year: int | None = None
    doc_type: str | None = None

    def facet_tokens(self) -> list[str]:
        """Return the facet tokens a match must carry (the body slug excepted)."""
        found: list[str] = []
        if self.kind:
            found.append(facet_token("kind", self.kind))
        if self.body_id is not None:
            found.append(facet_token(BODY_FACET, self.body_id))
        if self.unit_id is not None:
            found.append(facet_token("unit", self.unit_id))
        if self.info_class:
            found.append(facet_token("class", self.info_class))
        if self.doc_type:
            found.append(facet_token("type", self.doc_type))
        if self.year is not None:
            found.append(facet_token("year", self.year))
        return found


def facet_token(name: str, value: int | str) -> str:
    """Return the token standing for `name = value`.

    Strings are hex-encoded so that any value is one run of letters and digits, which both
    engines keep as a single token; the name prefix keeps facets of different names apart.
    """
    assert name in FACET_NAMES  # noqa: S101 (stemming.RESERVED_RE must know every name)
    if isinstance(value, int):
        return f"{name}{value}"
    return f"{name}x{value.encode().hex()}"


def facet_tokens_for_entry(
    *,
    kind: str,
    body_id: int,
    unit_id: int | None,
    info_class: str,
    doc_type: str,
    year: int | None,
) -> list[str]:
    """Return the facet tokens an indexed row carries: the ones its filters would ask for."""
    return Filters(
        body_id=body_id,
        unit_id=unit_id,
        kind=kind,
        info_class=info_class or None,
        year=year,
        doc_type=doc_type or None,
    ).facet_tokens()
