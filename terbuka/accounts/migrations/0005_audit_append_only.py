"""Append-only audit logs: triggers refuse UPDATE and DELETE (ASVS 16.4.2; quality.md X12).

Covers the identity access log (every view of a NIK, address, phone or KTP scan; UU 27/2022
Pasal 16(2)) and the role-change log (bodies' BodyEvent: memberships granted and revoked).
Both sit here, in one migration, so the two logs always carry the same guarantee; it depends
on bodies' latest migration for that reason. See `terbuka.core.audit` for the maintenance door.
The SQL is written out here, not imported, so this migration never changes with the app code.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

UNLOCK = "terbuka_audit_unlock"
LOCKED = "NOT EXISTS (SELECT 1 FROM terbuka_audit_unlock)"

# BodyEvent may only lose its pointer to a deleted unit or membership (ON DELETE SET NULL).
BODYEVENT_DETACH_ONLY = (
    "NEW.id = OLD.id AND NEW.body_id = OLD.body_id AND NEW.kind = OLD.kind"
    " AND {same}(NEW.actor_id, OLD.actor_id) AND NEW.data = OLD.data"
    " AND NEW.occurred_at = OLD.occurred_at"
    " AND ({same}(NEW.unit_id, OLD.unit_id) OR NEW.unit_id IS NULL)"
    " AND ({same}(NEW.membership_id, OLD.membership_id) OR NEW.membership_id IS NULL)"
)


def _sqlite_same(expression: str) -> str:
    # SQLite's IS compares NULLs as equal; rewrite same(a, b) as (a IS b).
    return re.sub(r"same\(([^,]+), ([^)]+)\)", r"(\1 IS \2)", expression)


def _pg_same(expression: str) -> str:
    return re.sub(r"same\(([^,]+), ([^)]+)\)", r"(\1 IS NOT DISTINCT FROM \2)", expression)


def _sqlite_forward() -> list[str]:
    def refuse(name: str, event: str, table: str, when: str) -> str:
        return (
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN {when} "
            f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        )

    detach = _sqlite_same(BODYEVENT_DETACH_ONLY.format(same="same"))
    return [
        f"CREATE TABLE {UNLOCK} (reason varchar(100) NOT NULL)",
        refuse(
            "accounts_identityaccesslog_no_update", "UPDATE", "accounts_identityaccesslog", LOCKED
        ),
        refuse(
            "accounts_identityaccesslog_no_delete", "DELETE", "accounts_identityaccesslog", LOCKED
        ),
        refuse(
            "bodies_bodyevent_no_update",
            "UPDATE",
            "bodies_bodyevent",
            f"{LOCKED} AND NOT ({detach})",
        ),
        refuse("bodies_bodyevent_no_delete", "DELETE", "bodies_bodyevent", LOCKED),
    ]


def _sqlite_reverse() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS accounts_identityaccesslog_no_update",
        "DROP TRIGGER IF EXISTS accounts_identityaccesslog_no_delete",
        "DROP TRIGGER IF EXISTS bodies_bodyevent_no_update",
        "DROP TRIGGER IF EXISTS bodies_bodyevent_no_delete",
        f"DROP TABLE IF EXISTS {UNLOCK}",
    ]


PG_FUNCTION = """
CREATE FUNCTION terbuka_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM terbuka_audit_unlock) THEN
        IF TG_LEVEL = 'STATEMENT' THEN
            RETURN NULL;
        ELSIF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = '23000';
END
$$
"""


def _pg_forward() -> list[str]:
    detach = _pg_same(BODYEVENT_DETACH_ONLY.format(same="same"))
    run = "EXECUTE FUNCTION terbuka_audit_append_only()"
    return [
        f"CREATE TABLE {UNLOCK} (reason varchar(100) NOT NULL)",
        PG_FUNCTION,
        "CREATE TRIGGER accounts_identityaccesslog_append_only BEFORE UPDATE OR DELETE "
        f"ON accounts_identityaccesslog FOR EACH ROW {run}",
        "CREATE TRIGGER accounts_identityaccesslog_no_truncate BEFORE TRUNCATE "
        f"ON accounts_identityaccesslog FOR EACH STATEMENT {run}",
        "CREATE TRIGGER bodies_bodyevent_no_update BEFORE UPDATE ON bodies_bodyevent "
        f"FOR EACH ROW WHEN (NOT ({detach})) {run}",
        f"CREATE TRIGGER bodies_bodyevent_no_delete BEFORE DELETE ON bodies_bodyevent "
        f"FOR EACH ROW {run}",
        "CREATE TRIGGER bodies_bodyevent_no_truncate BEFORE TRUNCATE ON bodies_bodyevent "
        f"FOR EACH STATEMENT {run}",
    ]


def _pg_reverse() -> list[str]:
    return [
        "DROP TRIGGER IF EXISTS accounts_identityaccesslog_append_only "
        "ON accounts_identityaccesslog",
        "DROP TRIGGER IF EXISTS accounts_identityaccesslog_no_truncate "
        "ON accounts_identityaccesslog",
        "DROP TRIGGER IF EXISTS bodies_bodyevent_no_update ON bodies_bodyevent",
        "DROP TRIGGER IF EXISTS bodies_bodyevent_no_delete ON bodies_bodyevent",
        "DROP TRIGGER IF EXISTS bodies_bodyevent_no_truncate ON bodies_bodyevent",
        "DROP FUNCTION IF EXISTS terbuka_audit_append_only()",
        f"DROP TABLE IF EXISTS {UNLOCK}",
    ]


def _statements(vendor: str, *, forward: bool) -> list[str]:
    if vendor == "sqlite":
        return _sqlite_forward() if forward else _sqlite_reverse()
    if vendor == "postgresql":
        return _pg_forward() if forward else _pg_reverse()
    raise NotImplementedError(f"audit triggers exist for SQLite and PostgreSQL, not {vendor}")


def forward(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=True):
        schema_editor.execute(sql, params=None)


def reverse(apps: Any, schema_editor: Any) -> None:
    for sql in _statements(schema_editor.connection.vendor, forward=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_identity_proxy"),
        ("bodies", "0002_unit_tree_indexes"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
