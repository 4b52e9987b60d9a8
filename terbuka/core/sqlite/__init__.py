"""Django's SQLite backend with fair, short write locking (`ENGINE = "terbuka.core.sqlite"`).

See `base.DatabaseWrapper` and docs/operations.md ("SQLite under concurrent writes").
"""

from __future__ import annotations


def is_in_memory(alias: str = "default") -> bool:
    """Whether the database `alias` is SQLite in memory (Django's test database is): the threads
    of one process cannot share it the way they share a file."""
    from django.db import connections

    connection = connections[alias]
    return connection.vendor == "sqlite" and bool(connection.is_in_memory_db())  # type: ignore[attr-defined]
