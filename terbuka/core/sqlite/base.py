"""SQLite backend: writers of one process queue in arrival order; commits share their fsync.

SQLite lets one writer in at a time. Django's backend leaves the waiting to SQLite's busy
handler, which sleeps 1, 2, 5, ... up to 100 ms between tries: under 32 concurrent writers the
longest waiters keep losing to newcomers and a write can wait for seconds (quality.md F4). Here:

- every write transaction (Django's `BEGIN IMMEDIATE`) and every write statement outside one
  first takes the process's `FairLock` for the database file, released at COMMIT or ROLLBACK,
  so a thread waits behind the writers that came before it and no longer polls;
- with `OPTIONS["group_commit"]` the connection runs `synchronous=NORMAL` and the backend
  itself syncs the write-ahead log after each commit that changed something, outside the
  lock and shared by the commits waiting at that moment (`GroupSync`): a commit is still on
  disk before `commit()` returns, as with `synchronous=FULL`, but the lock is no longer held
  for the flush.

Other processes (more gunicorn workers, `terbuka db_worker`) take turns through `FileLock`, an
`flock` on `<database>-writer.lock` that the head of each process's queue tries every half
millisecond, before SQLite's own lock (then free, unless a program outside Terbuka writes).
Left to SQLite's busy handler, whose sleeps grow to 100 ms, 4 processes of 8 writers saw a p99
of 4 s (quality.md F4). (Polling SQLite's own lock every millisecond was tried too: the pollers
burnt CPU and starved the writers left in the busy handler.) The queue times out like SQLite
does, after `OPTIONS["timeout"]` seconds, with "database is locked".
"""

from __future__ import annotations

import sqlite3
import time
from functools import partial
from typing import Any

from django.db.backends.sqlite3 import base

from terbuka.core.sqlite.locks import WriteGate, gate_for

# Statements that never write; anything else outside a transaction takes the write lock.
_READS = ("SELECT", "PRAGMA", "EXPLAIN")


def _is_read(sql: str) -> bool:
    return sql.lstrip()[:7].upper().startswith(_READS)


class DatabaseWrapper(base.DatabaseWrapper):
    group_commit = False
    lock_timeout = 5.0
    _holds_write = False
    _changes_at_begin = 0
    _gate: WriteGate | None = None

    def get_connection_params(self) -> dict[str, Any]:
        params: dict[str, Any] = super().get_connection_params()
        self.group_commit = bool(params.pop("group_commit", False))
        self.lock_timeout = float(params.get("timeout", 5.0))
        return params

    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        conn: sqlite3.Connection = super().get_new_connection(conn_params)
        in_memory = bool(self.is_in_memory_db())
        self._gate = gate_for(str(self.settings_dict["NAME"]), in_memory=in_memory)
        if self.group_commit and not in_memory:
            conn.execute("PRAGMA synchronous=NORMAL")
        return conn

    def create_cursor(self, name: str | None = None) -> Any:
        return self.connection.cursor(factory=partial(GatedCursor, wrapper=self))

    # --- the write lock ---------------------------------------------------------------------

    def acquire_write(self) -> None:
        """Take the process's write lock of this database (queued, first come first served)."""
        if self._holds_write or self._gate is None:
            return
        deadline = time.monotonic() + self.lock_timeout
        if not self._gate.lock.acquire(self.lock_timeout):
            raise sqlite3.OperationalError("database is locked")
        other_processes = self._gate.between_processes
        if other_processes is not None and not other_processes.acquire(deadline):
            self._gate.lock.release()
            raise sqlite3.OperationalError("database is locked")
        self._holds_write = True
        self._changes_at_begin = self.connection.total_changes

    def release_write(self) -> None:
        """Release the write lock once the connection is out of its transaction; then sync."""
        if not self._holds_write or self._gate is None:
            return
        conn = self.connection
        if conn is not None and conn.in_transaction:
            return
        changed = conn is not None and conn.total_changes != self._changes_at_begin
        sync = self._gate.sync if self.group_commit and changed else None
        ticket = sync.ticket() if sync is not None else 0
        self._holds_write = False
        self._release_gate()
        if sync is not None:
            sync.wait(ticket)

    def _release_gate(self) -> None:
        assert self._gate is not None  # noqa: S101 - only called while holding it
        try:
            if self._gate.between_processes is not None:
                self._gate.between_processes.release()
        finally:
            self._gate.lock.release()

    def _start_transaction_under_autocommit(self) -> None:
        with self.wrap_database_errors:
            self.acquire_write()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private, not in django-stubs
        except BaseException:
            self.release_write()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            with self.wrap_database_errors:
                self.release_write()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._drop_write(force=False)

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private, not in django-stubs
        finally:
            self._drop_write(force=True)

    def _drop_write(self, *, force: bool) -> None:
        """Release without syncing (nothing was committed), unless still in a transaction."""
        if not self._holds_write or self._gate is None:
            return
        conn = self.connection
        if not force and conn is not None and conn.in_transaction:
            return
        self._holds_write = False
        self._release_gate()


class GatedCursor(base.SQLiteCursorWrapper):
    """Takes the write lock for a write statement run outside a transaction (autocommit)."""

    def __init__(self, connection: sqlite3.Connection, *, wrapper: DatabaseWrapper) -> None:
        super().__init__(connection)
        self.wrapper = wrapper

    def execute(self, query: str, params: Any = None) -> Any:
        if self.wrapper._holds_write or _is_read(query):
            return super().execute(query, params)
        self.wrapper.acquire_write()
        try:
            return super().execute(query, params)
        finally:
            self.wrapper.release_write()

    def executemany(self, query: str, param_list: Any) -> Any:
        if self.wrapper._holds_write:
            return super().executemany(query, param_list)
        self.wrapper.acquire_write()
        try:
            return super().executemany(query, param_list)
        finally:
            self.wrapper.release_write()
