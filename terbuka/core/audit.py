"""Audit rows are append-only in the database itself (ASVS 16.4.2; quality.md X12).

Migration `accounts.0005_audit_append_only` puts triggers on the identity access log and the
role-change log (bodies' BodyEvent) that refuse UPDATE and DELETE, on SQLite and PostgreSQL,
so no code path of the application (ORM, admin, raw SQL on its connection) can rewrite them.
BodyEvent may still lose its pointer to a removed unit or membership (ON DELETE SET NULL);
who, what and when stay.

The one door is `audit_maintenance()`: while a row sits in `terbuka_audit_unlock` the triggers
let changes through. Only `flush` (the test suite's reset) and an operator's documented
maintenance use it (docs/security.md); on PostgreSQL an operator can instead give the
application a role without rights on that table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections

UNLOCK_TABLE = "terbuka_audit_unlock"
APPEND_ONLY_TABLES = ("accounts_identityaccesslog", "bodies_bodyevent")


@contextmanager
def audit_maintenance(using: str = DEFAULT_DB_ALIAS, *, reason: str = "flush") -> Iterator[None]:
    """Let the audit tables be changed for the duration (tests' flush, operator maintenance)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        present = UNLOCK_TABLE in connection.introspection.table_names(cursor)
        if present:
            cursor.execute(f"INSERT INTO {UNLOCK_TABLE} (reason) VALUES (%s)", [reason])  # noqa: S608 (constant name)
    try:
        yield
    finally:
        if present:
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {UNLOCK_TABLE}")  # noqa: S608 (constant name)
