"""Online, verified backups and their restore (quality.md section 6, F7; docs/operations.md).

A backup is one folder holding:

- the database: SQLite through the online backup API (one step under a read transaction, so it
  is consistent while the site writes, WAL included), or PostgreSQL through `pg_dump -Fc` on a
  snapshot exported by a repeatable-read transaction in which the rows are also counted;
- `media.tar` and `private.tar`: the public uploads and the private identity files (KTP scans,
  powers of attorney), which are stored encrypted and stay so in the backup;
- `manifest.json`: creation time, the migrations applied, the rows of every table, the sha256 of
  every part and of every file inside the tars, and fingerprints of the field keys.

The field keys (`TERBUKA_FIELD_KEYS`, `TERBUKA_HASH_KEY`, or `var/field_key` in debug) are never
in a backup: without them the identity data in it cannot be read, by a thief or by the restore.

A backup is written into `<name>.partial` and renamed once complete, so an interrupted run never
looks like a backup. The restore verifies every checksum before it touches anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_PART = "database.sqlite3"
PG_PART = "database.pgdump"
# Storage alias -> tar part. "default" holds public uploads (MEDIA_ROOT), "private" the
# encrypted identity documents (PRIVATE_ROOT), which the web server never serves.
FILE_PARTS = {"default": "media.tar", "private": "private.tar"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made, or a backup is damaged or does not fit this installation."""


@dataclass
class RestoreReport:
    """What a restore did and what it checked, printed by `terbuka restore`."""

    backup: Path
    created_at: str
    vendor: str
    tables: int = 0
    rows: int = 0
    files: dict[str, int] = field(default_factory=dict)
    checks: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [
            f"Restored {self.backup} (made {self.created_at}, {self.vendor}).",
            f"Database: {self.tables} tables, {self.rows:,} rows, as in the manifest.",
        ]
        out += [
            f"Files ({alias}): {n} restored, checksums match." for alias, n in self.files.items()
        ]
        out += [f"ok: {check}" for check in self.checks]
        out += [f"WARNING: {warning}" for warning in self.warnings]
        out.append(f"Took {self.seconds:.1f} s.")
        return out


# --- Checksums and keys ----------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def key_fingerprint(key: str) -> str:
    """Return a short, one-way fingerprint of a field key (safe to keep next to the data)."""
    return hashlib.sha256(f"terbuka-field-key:{key.strip()}".encode()).hexdigest()[:16]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- Files -----------------------------------------------------------------------------------


def storage_root(alias: str) -> Path | None:
    """Return the folder of a file-system storage, or None for another kind (e.g. S3)."""
    storage = storages[alias]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


class _HashingReader:
    """Read a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        self.digest.update(data)
        return data


def _tar_folder(root: Path, dest: Path) -> list[dict[str, Any]]:
    """Write every regular file under `root` into an uncompressed tar; return name/size/sha256.

    Uploads are already compressed (PDF, JPEG) or encrypted, so gzip would cost time for little.
    """
    entries: list[dict[str, Any]] = []
    with tarfile.open(dest, "w", format=tarfile.PAX_FORMAT) as tar:
        if not root.is_dir():
            return entries
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            name = path.relative_to(root).as_posix()
            try:
                fh = path.open("rb")
            except FileNotFoundError:
                continue  # deleted since the walk (a replaced upload): not part of this backup
            with fh:
                info = tar.gettarinfo(fileobj=fh, arcname=name)
                reader = _HashingReader(fh)
                tar.addfile(info, reader)
            entries.append({"name": name, "size": info.size, "sha256": reader.digest.hexdigest()})
    return entries


def _extract_folder(part: Path, root: Path, entries: list[dict[str, Any]]) -> int:
    """Extract a tar part into `root` (refusing links and paths outside it); verify each file."""
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(part, "r") as tar:
        for member in tar.getmembers():
            if not member.isfile():
                raise BackupError(f"{part.name}: {member.name!r} is not a regular file.")
        tar.extractall(root, filter="data")
    for entry in entries:
        path = root / entry["name"]
        if not path.is_file() or sha256_file(path) != entry["sha256"]:
            raise BackupError(f"{part.name}: restored file {entry['name']!r} does not match.")
    return len(entries)


# --- Databases -------------------------------------------------------------------------------


def _sqlite_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name"
    ).fetchall()
    return [str(r[0]) for r in rows]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _count_rows(execute: Callable[[str], Any], tables: list[str]) -> dict[str, int]:
    return {t: int(execute(f"SELECT count(*) FROM {_quote(t)}")[0][0]) for t in tables}  # noqa: S608 - quoted names from the catalogue


def _migrations(execute: Callable[[str], Any], tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
        applied.setdefault(str(app), []).append(str(name))
    return applied


def _sqlite_state(conn: sqlite3.Connection) -> dict[str, Any]:
    """Integrity, row counts and migrations of an SQLite database."""

    def execute(sql: str) -> list[Any]:
        return conn.execute(sql).fetchall()

    integrity = [str(r[0]) for r in execute("PRAGMA integrity_check")]
    tables = _sqlite_tables(conn)
    return {
        "integrity": integrity,
        "row_counts": _count_rows(execute, tables),
        "migrations": _migrations(execute, tables),
    }


def _sqlite_backup(alias: str, dest: Path) -> dict[str, Any]:
    connection = connections[alias]
    connection.ensure_connection()
    source: sqlite3.Connection = connection.connection
    with closing(sqlite3.connect(dest)) as copy:
        # pages=-1: the whole database in one step under one read transaction, so the copy
        # is one committed state; WAL readers never block the site's writers.
        source.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        state = _sqlite_state(copy)
    if state["integrity"] != ["ok"]:
        raise BackupError(f"integrity_check of the copy failed: {state['integrity'][:5]}")
    return state


def _pg_params(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore, and the environment with the password."""
    s = connections[alias].settings_dict
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


@contextmanager
def _pg_raw(alias: str) -> Iterator[Any]:
    """A new autocommit psycopg connection with the alias's parameters (not Django's own)."""
    connection = connections[alias]
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    try:
        yield raw
    finally:
        raw.close()


def _pg_tables(execute: Callable[[str], Any]) -> list[str]:
    rows = execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name"
    )
    return [str(r[0]) for r in rows]


def _pg_state(raw: Any) -> dict[str, Any]:
    cursor = raw.cursor()

    def execute(sql: str) -> list[Any]:
        cursor.execute(sql)
        return list(cursor.fetchall())

    tables = _pg_tables(execute)
    return {
        "integrity": ["ok"],
        "row_counts": _count_rows(execute, tables),
        "migrations": _migrations(execute, tables),
    }


def _pg_backup(alias: str, dest: Path) -> dict[str, Any]:
    name = str(connections[alias].settings_dict["NAME"])
    args, env = _pg_params(alias)
    with _pg_raw(alias) as raw:
        cursor = raw.cursor()
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        # The rows are counted in the very snapshot pg_dump copies.
        state = _pg_state(raw)
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                f"--snapshot={snapshot}",
                f"--file={dest}",
                *args,
                "--dbname",
                name,
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        cursor.execute("COMMIT")
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    return state


# --- Backup ----------------------------------------------------------------------------------


def backup_create(*, output: Path, using: str = "default") -> Path:
    """Write a verified backup folder under `output` and return its path."""
    started = time.monotonic()
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"No backup method for the {vendor} database.")
    created = timezone.now()
    final = output / f"terbuka-{created:%Y%m%dT%H%M%S%fZ}"
    work = final.with_name(final.name + ".partial")
    work.mkdir(parents=True)
    try:
        parts: dict[str, dict[str, Any]] = {}
        db_part = SQLITE_PART if vendor == "sqlite" else PG_PART
        state = (_sqlite_backup if vendor == "sqlite" else _pg_backup)(using, work / db_part)
        parts[db_part] = {"kind": "database"}
        files: dict[str, Any] = {}
        for alias, part in FILE_PARTS.items():
            root = storage_root(alias)
            if root is None:
                files[alias] = {"part": None, "note": "not a file-system storage: not included"}
                continue
            files[alias] = {"part": part, "entries": _tar_folder(root, work / part)}
            parts[part] = {"kind": "files", "storage": alias}
        for name, part_info in parts.items():
            part_info["bytes"] = (work / name).stat().st_size
            part_info["sha256"] = sha256_file(work / name)
        manifest = {
            "format": FORMAT,
            "created_at": created.isoformat(),
            "vendor": vendor,
            "django": django.get_version(),
            "migrations": state["migrations"],
            "row_counts": state["row_counts"],
            "parts": parts,
            "files": files,
            "field_key_fingerprints": [key_fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS],
            "seconds": round(time.monotonic() - started, 3),
        }
        with (work / MANIFEST).open("w") as fh:
            json.dump(manifest, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        for name in parts:
            with (work / name).open("rb") as fh:
                os.fsync(fh.fileno())
        work.rename(final)
        _fsync_dir(output)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


# --- Verify and restore ----------------------------------------------------------------------


def backup_verify(path: Path) -> dict[str, Any]:
    """Return the manifest of a backup folder once every part's checksum matches it."""
    manifest_path = path / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{path} has no {MANIFEST}: not a backup, or an interrupted one.")
    try:
        manifest: dict[str, Any] = json.loads(manifest_path.read_text())
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    for name, part in manifest["parts"].items():
        file = path / name
        if not file.is_file():
            raise BackupError(f"Part {name} is missing.")
        if file.stat().st_size != part["bytes"] or sha256_file(file) != part["sha256"]:
            raise BackupError(f"Part {name} is damaged: its sha256 differs from the manifest.")
    return manifest


def database_tables(using: str = "default") -> list[str]:
    """Return the tables of a configured database (empty for a fresh one)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def _restore_sqlite(part: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    connection.close()
    connection.ensure_connection()
    target: sqlite3.Connection = connection.connection
    with closing(sqlite3.connect(f"file:{part}?mode=ro", uri=True)) as source:
        # The backup API writes through the target's own pager: its WAL and any other
        # connection's view stay coherent, unlike copying the file over.
        source.backup(target, pages=-1)
    state = _sqlite_state(target)
    connection.close()
    return state


def _restore_pg(part: Path, using: str) -> dict[str, Any]:
    connection = connections[using]
    connection.close()
    args, env = _pg_params(using)
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [
            shutil.which("pg_restore") or "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            *args,
            "--dbname",
            str(connection.settings_dict["NAME"]),
            str(part),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    with _pg_raw(using) as raw:
        return _pg_state(raw)


def backup_restore(path: Path, *, using: str = "default", replace: bool = False) -> RestoreReport:
    """Restore a backup folder into the configured database and file storages.

    Refuses a database that already has tables unless `replace`. Verifies the parts first, then
    after restoring: integrity, the rows of every table and the checksum of every file.
    """
    started = time.monotonic()
    manifest = backup_verify(path)
    vendor = connections[using].vendor
    if manifest["vendor"] != vendor:
        raise BackupError(
            f"The backup is of a {manifest['vendor']} database; this one is {vendor}."
        )
    existing = database_tables(using)
    if existing and not replace:
        raise BackupError(
            f"The database already has {len(existing)} tables. A restore replaces its content: "
            "restore into an empty database, or confirm with --yes."
        )
    report = RestoreReport(path, manifest["created_at"], vendor)
    report.checks.append(f"{len(manifest['parts'])} parts match their sha256")
    if vendor == "sqlite":
        state = _restore_sqlite(path / SQLITE_PART, using)
    else:
        state = _restore_pg(path / PG_PART, using)
    if state["integrity"] != ["ok"]:
        raise BackupError(f"integrity_check of the restored database: {state['integrity'][:5]}")
    report.checks.append("integrity_check ok" if vendor == "sqlite" else "pg_restore ok")
    expected: dict[str, int] = manifest["row_counts"]
    got: dict[str, int] = state["row_counts"]
    wrong = {t: (n, got.get(t)) for t, n in expected.items() if got.get(t) != n}
    if wrong:
        raise BackupError(f"Row counts differ from the manifest (expected, got): {wrong}")
    extra = sorted(set(got) - set(expected))
    if extra:
        report.warnings.append(f"Tables not in the backup were left in place: {extra}")
    report.tables, report.rows = len(expected), sum(expected.values())
    report.checks.append("row counts of every table match the manifest")
    if state["migrations"] != manifest["migrations"]:
        raise BackupError("The restored migration state differs from the manifest.")
    for alias, info in manifest["files"].items():
        root = storage_root(alias)
        if info["part"] is None:
            report.warnings.append(f"Storage {alias!r} was not in the backup ({info['note']}).")
        elif root is None:
            report.warnings.append(f"Storage {alias!r} is not a folder here: files not restored.")
        else:
            report.files[alias] = _extract_folder(path / info["part"], root, info["entries"])
    keys = {key_fingerprint(k) for k in settings.FIELD_ENCRYPTION_KEYS}
    if not keys & set(manifest.get("field_key_fingerprints", [])):
        report.warnings.append(
            "None of the configured TERBUKA_FIELD_KEYS was in use when the backup was made: "
            "identity data (NIK, address, phone, KTP scans) will not decrypt. Restore the keys "
            "from their separate backup."
        )
    else:
        report.checks.append("a configured field key matches the backup's")
    report.seconds = time.monotonic() - started
    return report
