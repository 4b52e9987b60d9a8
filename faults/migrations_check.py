"""Child process of F11: `python -m faults.migrations_check [--setup] [--latest]` on DATABASE_URL.

With --setup, `terbuka setup` first loads the full Kota Serang demo. Then every app is migrated
back to zero (Django unapplies the dependants first), or with --latest only the newest
migration of each project app, and forward again. A migration that says it
cannot be reversed is recorded, not an error; anything else is. Prints one JSON line.
"""

from __future__ import annotations

import io
import json
import sqlite3
import sys
import time


def main() -> None:
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.exceptions import IrreversibleError
    from django.db.migrations.recorder import MigrationRecorder

    out: dict[str, object] = {"errors": [], "irreversible": []}
    began = time.perf_counter()
    if "--setup" in sys.argv:
        call_command("setup", verbosity=0, stdout=io.StringIO())
    out["setup_s"] = time.perf_counter() - began

    def applied() -> int:
        return MigrationRecorder(connection).migration_qs.count()

    def rows() -> int:
        with connection.cursor() as cursor:
            total = 0
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - catalogue names
                total += cursor.fetchone()[0]
            return total

    out["migrations"] = applied()
    out["rows_before"] = rows()
    began = time.perf_counter()
    from django.db.migrations.loader import MigrationLoader

    graph = MigrationLoader(connection).graph
    labels = [a.label for a in apps.get_app_configs() if a.label not in ("contenttypes",)]
    targets = dict.fromkeys(labels, "zero")
    if "--latest" in sys.argv:
        # Only the newest migration of each project app: the ones a deploy may roll back.
        targets = {}
        for app, name in graph.leaf_nodes():
            if not apps.get_app_config(app).name.startswith("terbuka."):
                continue
            parents = [p for p in graph.node_map[(app, name)].parents if p.key[0] == app]
            targets[app] = parents[0].key[1] if parents else "zero"
    for label in reversed(labels):
        if label not in targets:
            continue
        try:
            call_command("migrate", label, targets[label], verbosity=0, interactive=False)
        except IrreversibleError as exc:
            out["irreversible"].append(f"{label}: {exc}")  # type: ignore[attr-defined]
        except Exception as exc:
            if "does not have migrations" in str(exc):
                continue
            out["errors"].append(f"{label} zero: {type(exc).__name__}: {exc}")  # type: ignore[attr-defined]
    out["backward_s"] = time.perf_counter() - began
    out["left_applied"] = applied()
    began = time.perf_counter()
    try:
        call_command("migrate", verbosity=0, interactive=False)
    except Exception as exc:
        out["errors"].append(f"forward: {type(exc).__name__}: {exc}")  # type: ignore[attr-defined]
    out["forward_s"] = time.perf_counter() - began
    out["reapplied"] = applied()
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit:
        out["errors"].append("models and migrations differ after the round trip")  # type: ignore[attr-defined]
    if connection.vendor == "sqlite":
        with sqlite3.connect(str(connection.settings_dict["NAME"])) as raw:
            out["integrity"] = [r[0] for r in raw.execute("PRAGMA integrity_check")]
            out["foreign_keys"] = len(raw.execute("PRAGMA foreign_key_check").fetchall())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
