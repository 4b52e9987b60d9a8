"""Full-text engines behind one interface: SQLite FTS5 or PostgreSQL `tsvector`, by vendor.

Every engine answers the same question at a bounded cost (quality.md 1.3): the newest
`candidates` rows matching every term and filter, each with a score (higher is better).
It never ranks, counts or returns the whole match set; ordering and paging are the caller's.
"""

from __future__ import annotations

from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.backends.base.base import BaseDatabaseWrapper

from terbuka.search.engines.query import Filters, SearchQuery, Term, parse_query

__all__ = ["Engine", "Filters", "Ranked", "SearchQuery", "Term", "engine_for", "parse_query"]

# (SearchEntry id, score), score higher is better.
Ranked = tuple[int, float]


class Engine(Protocol):
    def rank(self, query: SearchQuery, filters: Filters, *, candidates: int) -> list[Ranked]:
        """Return the newest `candidates` matches of `query` under `filters`, scored."""
        ...


def engine_for(connection: BaseDatabaseWrapper) -> Engine:
    """Return the engine for the database behind `connection`."""
    if connection.vendor == "sqlite":
        from terbuka.search.engines.sqlite import SQLiteEngine

        return SQLiteEngine(connection)
    if connection.vendor == "postgresql":
        from terbuka.search.engines.postgres import PostgresEngine

        return PostgresEngine(connection)
    raise ImproperlyConfigured(f"Full-text search does not support {connection.vendor}.")
