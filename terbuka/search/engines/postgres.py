"""PostgreSQL: a generated `tsvector` column of `search_searchentry` with a GIN index.

Migration 0002 adds `tsv`, generated from the stemmed columns with the `simple` configuration
(no stop words, no stemming of its own): the title at weight A, the text at B, the facet
tokens at D, so that filters are answered by the same GIN index. Query lexemes carry no
weight: text never yields a facet token, and an unweighted AND of lexemes needs no recheck
of the heap row after the GIN index.

A search is one statement: the newest `candidates` matching rows (`ORDER BY id DESC LIMIT`,
never the whole match set), then `ts_rank_cd()` of those rows only. `ts_rank_cd` needs no
corpus statistics, so a term found in most rows costs no more to rank than a rare one.

Known limit: the planner picks between walking the primary key backwards (cheap when the
matches are dense among recent rows) and the GIN bitmap plus a sort (cheap when they are
few). A filter correlated with age, such as a past year, defeats the first: at 1,000,000
rows `dan` with year=2020 walked 455,000 rows (about 0.5 s) where the bitmap took 0.15 s.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db.backends.base.base import BaseDatabaseWrapper

from terbuka.bodies.models import PublicBody
from terbuka.search.engines.query import BODY_FACET, Filters, SearchQuery, Term

ENTRY_TABLE = "search_searchentry"
# Migration 0002's index, for tools that load many rows at once (drop, COPY, create again).
GIN_INDEX = "search_entry_tsv"
GIN_INDEX_SQL = f"CREATE INDEX {GIN_INDEX} ON {ENTRY_TABLE} USING gin (tsv)"
# ts_rank_cd weights for D, C, B, A: facets, -, text, title.
RANK_WEIGHTS = "{0.0, 0.0, 0.4, 1.0}"
# Divide the rank by 1 + log(length), so that long documents do not win by length alone.
RANK_NORMALISATION = 1


def _lexeme(stem: str, *, prefix: bool = False) -> str:
    # Stems are runs of [a-z0-9] (stemming.TOKEN_RE): nothing in them can end the quotes.
    return f"'{stem}':*" if prefix else f"'{stem}'"


def _operand(term: Term) -> str:
    if term.kind == "prefix":
        return "(" + " | ".join(_lexeme(p, prefix=True) for p in term.stems) + ")"
    if term.kind == "phrase":
        return "(" + " <-> ".join(_lexeme(s) for s in term.stems) + ")"
    return _lexeme(term.stems[0])


def text_tsquery(terms: Sequence[Term]) -> str:
    """Return the `to_tsquery` text requiring every term in the title or the text."""
    return " & ".join(_operand(t) for t in terms)


def facet_tsquery(tokens: Sequence[str]) -> str:
    return " & ".join(f"'{t}'" for t in tokens)


# A table name is the only thing formatted into these statements; every value is a parameter.
_BODY_SLUG_SQL = (
    " AND tsv @@ to_tsquery('simple', (SELECT"  # noqa: S608 (see above)
    f" '{BODY_FACET}' || id FROM {PublicBody._meta.db_table} WHERE slug = %s))"
)
_SEARCH_SQL = (
    f"WITH cand AS MATERIALIZED (SELECT id, tsv FROM {ENTRY_TABLE}"  # noqa: S608 (see above)
    " WHERE tsv @@ to_tsquery('simple', %s){body} ORDER BY id DESC LIMIT %s)"
    f" SELECT id, ts_rank_cd('{RANK_WEIGHTS}', tsv, to_tsquery('simple', %s),"
    f" {RANK_NORMALISATION})::float8 FROM cand"
)


class PostgresEngine:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def rank(
        self, query: SearchQuery, filters: Filters, *, candidates: int
    ) -> list[tuple[int, float]]:
        ranked = text_tsquery(query.terms)
        facets = filters.facet_tokens()
        full = ranked + (" & " + facet_tsquery(facets) if facets else "")
        params: list[str | int] = [full]
        body_sql = ""
        if filters.body_slug is not None:
            # Resolved in the statement; an unknown slug gives NULL, which matches nothing.
            body_sql = _BODY_SLUG_SQL
            params.append(filters.body_slug)
        params += [candidates, ranked]
        with self.connection.cursor() as cursor:
            cursor.execute(_SEARCH_SQL.replace("{body}", body_sql), params)
            return [(int(pk), float(score)) for pk, score in cursor.fetchall()]
