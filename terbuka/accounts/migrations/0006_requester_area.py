"""The requester area: an identity may be deleted (UU 27/2022 Pasal 8), its access log stays.

The identity access log keeps who saw which value when; deleting an identity only detaches its
rows (ON DELETE SET NULL), as BodyEvent rows are detached from a removed unit. The append-only
triggers of 0005 are rebuilt to let exactly that update through (SQLite also loses a table's
triggers when Django rebuilds the table to change a column). Also the new account event kinds.
The SQL is written out here, not imported, so this migration never changes with the app code.
"""

from __future__ import annotations

import re
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

LOCKED = "NOT EXISTS (SELECT 1 FROM terbuka_audit_unlock)"
TABLE = "accounts_identityaccesslog"
# The only update allowed: the identity pointer set to NULL, everything else unchanged.
DETACH_ONLY = (
    "NEW.id = OLD.id AND NEW.viewer_id = OLD.viewer_id AND NEW.field = OLD.field"
    " AND NEW.reason = OLD.reason AND NEW.viewed_at = OLD.viewed_at"
    " AND same(NEW.ip, OLD.ip) AND NEW.identity_id IS NULL"
)
RUN = "EXECUTE FUNCTION terbuka_audit_append_only()"


def _refuse(name: str, event: str, when: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {TABLE} WHEN {when} "
        f"BEGIN SELECT RAISE(ABORT, '{TABLE} is append-only'); END"
    )


def _sqlite_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
    ]


def _sqlite_strict() -> list[str]:
    return [
        _refuse(f"{TABLE}_no_update", "UPDATE", LOCKED),
        _refuse(f"{TABLE}_no_delete", "DELETE", LOCKED),
    ]


def _sqlite_detachable() -> list[str]:
    detach = re.sub(r"same\(([^,]+), ([^)]+)\)", r"(\1 IS \2)", DETACH_ONLY)
    return [
        _refuse(f"{TABLE}_no_update", "UPDATE", f"{LOCKED} AND NOT ({detach})"),
        _refuse(f"{TABLE}_no_delete", "DELETE", LOCKED),
    ]


def _pg_drop() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}",
    ]


def _pg_strict() -> list[str]:
    return [f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} FOR EACH ROW {RUN}"]


def _pg_detachable() -> list[str]:
    detach = re.sub(r"same\(([^,]+), ([^)]+)\)", r"(\1 IS NOT DISTINCT FROM \2)", DETACH_ONLY)
    return [
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        f"FOR EACH ROW WHEN (NOT ({detach})) {RUN}",
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} FOR EACH ROW {RUN}",
    ]


def _run(schema_editor: Any, statements: dict[str, list[str]]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements:
        raise NotImplementedError(f"audit triggers exist for SQLite and PostgreSQL, not {vendor}")
    for sql in statements[vendor]:
        schema_editor.execute(sql, params=None)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, {"sqlite": _sqlite_drop(), "postgresql": _pg_drop()})


def restore_strict(apps: Any, schema_editor: Any) -> None:
    _run(
        schema_editor,
        {"sqlite": _sqlite_drop() + _sqlite_strict(), "postgresql": _pg_drop() + _pg_strict()},
    )


def create_detachable(apps: Any, schema_editor: Any) -> None:
    _run(
        schema_editor,
        {
            "sqlite": _sqlite_drop() + _sqlite_detachable(),
            "postgresql": _pg_drop() + _pg_detachable(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_audit_append_only"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, restore_strict),
        migrations.AlterField(
            model_name="identityaccesslog",
            name="identity",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="access_logs",
                to="accounts.requesteridentity",
                verbose_name="identitas",
            ),
        ),
        migrations.AlterField(
            model_name="accountevent",
            name="kind",
            field=models.CharField(
                choices=[
                    ("identity_created", "Identitas dibuat"),
                    ("identity_updated", "Identitas diubah"),
                    ("identity_ktp_attached", "Pindaian KTP diunggah"),
                    ("token_created", "Token API dibuat"),
                    ("token_revoked", "Token API dicabut"),
                    ("identity_deleted", "Identitas dihapus"),
                    ("identity_document_deleted", "Berkas identitas dihapus"),
                    ("notifications_changed", "Pengaturan pemberitahuan diubah"),
                    ("account_deactivated", "Akun dinonaktifkan atas permintaan"),
                ],
                max_length=32,
                verbose_name="jenis",
            ),
        ),
        migrations.RunPython(create_detachable, drop_triggers),
    ]
