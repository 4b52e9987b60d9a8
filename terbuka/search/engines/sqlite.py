"""SQLite: an FTS5 table over the stemmed columns of `search_searchentry`.

`search_fts` is an external-content FTS5 table (rowid = SearchEntry.pk) over `title_stems`,
`text_stems` and `facets`, kept in step by triggers (migration 0002), so every write path,
cascading deletes included, updates it.

A search takes two statements:

1. The candidates: the newest `candidates` rowids matching the full expression (terms and
   facets), read newest first from the FTS index with a LIMIT, which FTS5 does without
   looking at older matches. The same statement samples the density of each stem of the
   query: the rowid of its 257th newest match says roughly how many rows contain it.
2. The scores of those candidates only: `bm25()` with the title weighted 10 to 1, over the
   terms that are not very frequent. FTS5's `bm25()` counts every row containing each of its
   terms to compute the IDF, so a term found in most rows costs as much as ranking the whole
   corpus (about 60 ms per million rows) while its IDF is close to zero: such terms (a
   phrase when each of its words is one), and prefixes, still filter but do not take part in
   `bm25()`. When no term is left, the candidates are scored by the number of terms found in
   their title (read from the table).

The cost is thus bounded by CANDIDATES and RANK_MAX_HITS, not by the corpus, except for
prefixes: FTS5 merges the rows of every stem a prefix covers, as the bare query does too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.db.backends.base.base import BaseDatabaseWrapper

from terbuka.bodies.models import PublicBody
from terbuka.search.engines.query import BODY_FACET, Filters, SearchQuery, Term, title_score

FTS_TABLE = "search_fts"
ENTRY_TABLE = "search_searchentry"
TEXT_COLUMNS = "{title_stems text_stems}"
# bm25() weights, in column order: title, text, facets.
BM25_WEIGHTS = "10.0, 1.0, 0.0"
# The 257th newest match of a term dates its density; above RANK_MAX_HITS estimated rows a
# term is left out of bm25() (its IDF is below log(N / RANK_MAX_HITS) there anyway).
DENSITY_SAMPLE = 256
RANK_MAX_HITS = 50_000

# The statements of migration 0002, for tools that must load many rows at once (the
# benchmark): drop the triggers, insert, then `rebuild` and create them again.
TRIGGERS = (
    """
    CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
      INSERT INTO search_fts(rowid, title_stems, text_stems, facets)
      VALUES (new.id, new.title_stems, new.text_stems, new.facets);
    END
    """,
    """
    CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_stems, text_stems, facets)
      VALUES ('delete', old.id, old.title_stems, old.text_stems, old.facets);
    END
    """,
    """
    CREATE TRIGGER search_fts_update AFTER UPDATE OF title_stems, text_stems, facets
    ON search_searchentry BEGIN
      INSERT INTO search_fts(search_fts, rowid, title_stems, text_stems, facets)
      VALUES ('delete', old.id, old.title_stems, old.text_stems, old.facets);
      INSERT INTO search_fts(rowid, title_stems, text_stems, facets)
      VALUES (new.id, new.title_stems, new.text_stems, new.facets);
    END
    """,
)
TRIGGER_NAMES = ("search_fts_insert", "search_fts_delete", "search_fts_update")


def _phrase(term: Term) -> str:
    # Stems are runs of [a-z0-9] (stemming.TOKEN_RE): nothing in them can close the string.
    if term.kind == "prefix":
        return "(" + " OR ".join(f'"{p}" *' for p in term.stems) + ")"
    return '"' + " ".join(term.stems) + '"'


def text_match(terms: Sequence[Term]) -> str:
    """Return the FTS5 expression requiring every term in the title or the text."""
    return TEXT_COLUMNS + " : (" + " AND ".join(_phrase(t) for t in terms) + ")"


def facet_match(tokens: Sequence[str]) -> str:
    return "{facets} : (" + " AND ".join(f'"{t}"' for t in tokens) + ")"


# A table name is the only thing formatted into these statements; every value is a parameter.
_BODY_SLUG_SQL = (
    f"(%s || ' AND {{facets}} : \"{BODY_FACET}' || coalesce("  # noqa: S608 (see above)
    f"(SELECT id FROM {PublicBody._meta.db_table} WHERE slug = %s), 0) || '\"')"
)
_SAMPLE_SQL = (
    f", (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 (see above)
    " ORDER BY rowid DESC LIMIT 1 OFFSET %s)"
)
_CANDIDATES_SQL = (
    f"WITH cand(id) AS (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {{match}}"  # noqa: S608
    " ORDER BY rowid DESC LIMIT %s)"
    f" SELECT (SELECT max(id) FROM {ENTRY_TABLE}), (SELECT json_group_array(id) FROM cand)"
    "{samples}"
)
_BM25_SQL = (
    f"SELECT rowid, -bm25({FTS_TABLE}, {BM25_WEIGHTS}) FROM {FTS_TABLE}"  # noqa: S608 (see above)
    f" WHERE {FTS_TABLE} MATCH %s AND rowid >= %s"
    # `+` keeps the IN list away from FTS5's planner: as rowid lookups, each one would
    # recompute bm25()'s IDF.
    " AND +rowid IN (SELECT value FROM json_each(%s))"
)
_TITLES_SQL = (
    f"SELECT id, title_stems FROM {ENTRY_TABLE}"  # noqa: S608 (see above)
    " WHERE id IN (SELECT value FROM json_each(%s))"
)


class SQLiteEngine:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def _full_match(self, query: SearchQuery, filters: Filters) -> tuple[str, list[str | int]]:
        """Return the SQL of the full MATCH string (terms and filters) and its parameters."""
        expression = text_match(query.terms)
        facets = filters.facet_tokens()
        if facets:
            expression += " AND " + facet_match(facets)
        if filters.body_slug is None:
            return "%s", [expression]
        # The slug is resolved inside the statement rather than by a query of its own; an
        # unknown slug gives the id 0, which no row carries.
        return _BODY_SLUG_SQL, [expression, filters.body_slug]

    def rank(
        self, query: SearchQuery, filters: Filters, *, candidates: int
    ) -> list[tuple[int, float]]:
        match_sql, params = self._full_match(query, filters)
        # Single stems are sampled, phrases' included: the cost of a phrase's IDF is that of
        # reading its words' rows.
        stems = list(dict.fromkeys(s for t in query.terms if t.kind != "prefix" for s in t.stems))
        params.append(candidates)
        for stem in stems:
            params += [text_match([Term("word", (stem,))]), DENSITY_SAMPLE]
        sql = _CANDIDATES_SQL.format(match=match_sql, samples=_SAMPLE_SQL * len(stems))
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            max_id, found, *sampled = cursor.fetchone()
            ids: list[int] = json.loads(found)
            if not ids:
                return []
            estimate = {
                stem: 0.0 if rowid is None else (DENSITY_SAMPLE + 1) * max_id / (max_id - rowid + 1)
                for stem, rowid in zip(stems, sampled, strict=True)
            }
            rankable = [
                t
                for t in query.terms
                if t.kind != "prefix" and min(estimate[s] for s in t.stems) <= RANK_MAX_HITS
            ]
            if rankable:
                cursor.execute(_BM25_SQL, [text_match(rankable), min(ids), found])
                return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
            cursor.execute(_TITLES_SQL, [found])
            return [(int(pk), title_score(query, title)) for pk, title in cursor.fetchall()]
