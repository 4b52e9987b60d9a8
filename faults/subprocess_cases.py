"""Fault tests run in child processes on their own databases: F5 numbers under races (SQLite
and PostgreSQL), F11 migrations backward and forward on populated data."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from contextlib import closing
from typing import Any

from faults.server import ROOT
from faults.world import Result, database_path


def _child(module: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{module} failed ({done.returncode}): {done.stderr[-1500:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _psql(url: str, sql: str) -> None:
    subprocess.run(  # noqa: S603 - fixed program
        ["psql", f"{url}/postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql],  # noqa: S607
        check=True,
        capture_output=True,
    )


def f5_numbers_under_races(ctx: Any) -> Result:
    result = Result("F5", "concurrent submissions across 10 units: unique, gap-free numbers")
    total = 200 if ctx.quick else 1000
    runs: list[tuple[str, str, str | None]] = [
        ("SQLite", f"sqlite:///{ctx.tmp / 'f5.sqlite3'}", None)
    ]
    if ctx.quick:
        result.notes.append("--quick: SQLite only (CI runs the 200-submission test on PG)")
    elif ctx.pg_url:
        name = f"terbuka_faults_{uuid.uuid4().hex[:8]}"
        runs.append(("PostgreSQL", f"{ctx.pg_url}/{name}", name))
    for label, url, pg_name in runs:
        if pg_name:
            try:
                _psql(ctx.pg_url, f'CREATE DATABASE "{pg_name}"')
            except (subprocess.CalledProcessError, FileNotFoundError) as exc:
                result.notes.append(f"PostgreSQL skipped: {exc}")
                continue
        try:
            out = _child("faults.race", [str(total)], {"DATABASE_URL": url})
        finally:
            if pg_name:
                _psql(ctx.pg_url, f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        result.tried.append(f"{label}: {total} API submissions from 50 threads, 2 bodies x 5 units")
        result.figures.append(
            f"{label}: {out['statuses']} in {out['seconds']:.1f} s "
            f"({total / out['seconds']:.0f}/s); per body {sorted(out['per_body'].values())}"
        )
        if set(out["statuses"]) != {"201"}:
            result.lost.append(f"{label}: answers {out['statuses']}")
        result.lost += [f"{label}: {p}" for p in out["problems"]]
    return result


def f11_migrations(ctx: Any) -> Result:
    result = Result("F11", "every migration backward to zero and forward on populated data")
    path = ctx.tmp / "f11.sqlite3"
    if ctx.quick:
        # The suite's own database: the demo plus everything the earlier tests wrote.
        with (
            closing(sqlite3.connect(database_path())) as source,
            closing(sqlite3.connect(path)) as copy,
        ):
            source.backup(copy)
        args: list[str] = ["--latest"]
        what = (
            "a copy of the suite's database (demo bodies, units, accounts, requests): the "
            "newest migration of each project app back and forward"
        )
    else:
        args = ["--setup"]
        what = "a fresh `terbuka setup` (the full Kota Serang demo): every app to zero"
    began = time.perf_counter()
    out = _child(
        "faults.migrations_check",
        args,
        {
            "DATABASE_URL": f"sqlite:///{path}",
            "TERBUKA_MEDIA_ROOT": str(ctx.tmp / "f11-media"),
            "TERBUKA_PRIVATE_ROOT": str(ctx.tmp / "f11-private"),
        },
    )
    result.tried.append(f"{what}; then migrate")
    result.figures.append(
        f"{out['migrations']} migrations, {out['rows_before']:,} rows; backward "
        f"{out['backward_s']:.0f} s (left applied: {out['left_applied']}), forward "
        f"{out['forward_s']:.0f} s ({out['reapplied']} applied); "
        f"{time.perf_counter() - began:.0f} s in all"
    )
    result.notes += [f"irreversible (by design): {x}" for x in out["irreversible"]]
    result.failed += out["errors"]
    if out.get("integrity", ["ok"]) != ["ok"] or out.get("foreign_keys", 0):
        result.failed.append(
            f"integrity {out.get('integrity')}, FK errors {out.get('foreign_keys')}"
        )
    if out["reapplied"] != out["migrations"]:
        result.failed.append(f"{out['reapplied']} migrations after the round trip")
    return result
