"""Bulk writing for the generator: explicit ids, many rows per statement, no signals.

SQLite gets `executemany` on the raw connection (inside Django's transaction), PostgreSQL a
`COPY ... FROM STDIN`. Rows are tuples in the order of the field names given; dates and times
are ISO strings in UTC ("2024-03-01 02:15:00"), which both engines read as stored by Django
(the connection's time zone is UTC), and JSON values are already dumped to text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.db import connection, models


def columns(model: type[models.Model], fields: Sequence[str]) -> list[str]:
    """Return the quoted column names of `fields` (names or attnames such as `body_id`)."""
    quote = connection.ops.quote_name
    names = []
    for name in fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = model._meta.get_field(name.removesuffix("_id"))
        if not isinstance(field, models.Field):
            raise TypeError(f"{model.__name__}.{name} is not a column")
        names.append(quote(field.column))
    return names


def next_id(model: type[models.Model]) -> int:
    """Return the first free primary key above every row of the model's table."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) + 1 FROM {table}")  # noqa: S608
        row = cursor.fetchone()
    return int(row[0])


class Sink:
    """Counts what it wrote per model; `insert` must run inside a transaction."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.counts: dict[str, int] = {}
        self.touched: list[type[models.Model]] = []
        self.dropped: list[tuple[str, str]] = []

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> int:
        """Write `rows` into the model's table; return how many."""
        rows = rows if isinstance(rows, list) else list(rows)
        if not rows:
            return 0
        table = connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(columns(model, fields))
        connection.ensure_connection()
        raw: Any = connection.connection
        if self.vendor == "postgresql":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(fields))
            raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)  # noqa: S608
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(rows)
        if model not in self.touched:
            self.touched.append(model)
        return len(rows)

    def drop_indexes(self, models_: Sequence[type[models.Model]]) -> None:
        """Drop the plain (non-unique) secondary indexes of these tables until `restore_indexes`.

        Building an index once from sorted data after the load is much cheaper than millions
        of random inserts into it; unique indexes and constraints stay and are checked on
        every row. The schema ends as migrated.
        """
        tables = [m._meta.db_table for m in models_]
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute(
                    "SELECT name, sql, tbl_name FROM sqlite_master WHERE type = 'index' "
                    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
                )
            elif self.vendor == "postgresql":
                cursor.execute(
                    "SELECT i.indexname, i.indexdef, i.tablename FROM pg_indexes i "
                    "JOIN pg_class c ON c.relname = i.indexname "
                    "JOIN pg_index x ON x.indexrelid = c.oid "
                    "WHERE i.tablename = ANY(%s) AND NOT x.indisunique AND NOT x.indisprimary",
                    [tables],
                )
            else:
                return
            found = [(name, sql) for name, sql, table in cursor.fetchall() if table in tables]
            for name, _sql in found:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        self.dropped += found

    def restore_indexes(self) -> None:
        """Create the dropped indexes again, each from the loaded table in one pass."""
        with connection.cursor() as cursor:
            if self.vendor == "postgresql" and self.dropped:
                # PostgreSQL builds no index on a table with deferred key checks pending: run
                # them now (every foreign key of the load is checked here).
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, sql in self.dropped:
                cursor.execute(sql)
            if self.vendor == "postgresql" and self.dropped:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.dropped = []

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the explicit ids written."""
        if self.vendor != "postgresql" or not self.touched:
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), self.touched):
                cursor.execute(sql)

    def analyze(self) -> None:
        """Refresh the planner's statistics after a large load."""
        with connection.cursor() as cursor:
            if self.vendor == "sqlite":
                cursor.execute("PRAGMA analysis_limit=2000")
                cursor.execute("ANALYZE")
            elif self.vendor == "postgresql":
                for model in self.touched:
                    cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
