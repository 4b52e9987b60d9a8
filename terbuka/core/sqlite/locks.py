"""The two primitives of the SQLite backend: a first-come-first-served lock and group commit.

Both are per database file and per process (`gate_for`); they know nothing about Django.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass, field


class FairLock:
    """A lock handed to its waiters in arrival order, with a timeout.

    `threading.Lock` makes no promise of order and SQLite's busy handler polls with a growing
    sleep, so a writer that has waited longest is the likeliest to lose to a newcomer. Here a
    release hands the lock straight to the oldest waiter: the wait is bounded by the queue ahead.
    The lock has no owner (like a semaphore): any thread may release it.
    """

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._locked = False
        self._waiters: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        """Take the lock within `timeout` seconds; False if it stayed taken."""
        with self._mutex:
            if not self._locked:
                self._locked = True
                return True
            gate = threading.Lock()
            gate.acquire()
            self._waiters.append(gate)
        if gate.acquire(timeout=max(timeout, 0.0)):
            return True
        with self._mutex:
            if gate in self._waiters:
                self._waiters.remove(gate)
                return False
        # Handed over while the wait timed out: the lock is ours after all.
        return True

    def release(self) -> None:
        with self._mutex:
            if not self._locked:
                raise RuntimeError("release of an unlocked FairLock")
            if self._waiters:
                self._waiters.popleft().release()  # stays locked, now by that waiter
            else:
                self._locked = False

    def locked(self) -> bool:
        return self._locked

    def waiting(self) -> int:
        return len(self._waiters)


class GroupSync:
    """Make commits durable with one `fsync` of the write-ahead log shared by all waiting.

    With `synchronous=NORMAL` in WAL mode SQLite does not sync the log at commit; `FULL` does,
    which is the only difference (sqlite.org/pragma.html#pragma_synchronous). The backend
    commits under NORMAL, takes a ticket while it still holds the write lock, releases the lock
    and then waits here until an `fsync` that started after its commit has finished. Commits
    that finish while one `fsync` runs share the next one, so writers no longer queue behind
    each other's disk flushes. A later commit is never durable without the earlier ones: the
    log is replayed as a checksummed prefix.
    """

    def __init__(self, wal_path: str) -> None:
        self.wal_path = wal_path
        self._cond = threading.Condition()
        self._issued = 0
        self._synced = 0
        self._syncing = False
        self.syncs = 0  # how many fsyncs ran (for tests and figures)

    def ticket(self) -> int:
        """Register a finished commit; call it before the write lock is released."""
        with self._cond:
            self._issued += 1
            return self._issued

    def wait(self, ticket: int) -> None:
        """Return once the commit of `ticket` is on disk."""
        with self._cond:
            while self._synced < ticket:
                if self._syncing:
                    self._cond.wait()
                    continue
                self._syncing = True
                target = self._issued
                self._cond.release()
                try:
                    _fsync(self.wal_path)
                except BaseException:
                    self._cond.acquire()
                    self._syncing = False
                    self._cond.notify_all()
                    raise
                self._cond.acquire()
                self._syncing = False
                self._synced = max(self._synced, target)
                self.syncs += 1
                self._cond.notify_all()


def _fsync(path: str) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        # The last connection checkpointed the log into the database (synced) and removed it.
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        message = "database or disk is full" if exc.errno == errno.ENOSPC else "disk I/O error"
        raise sqlite3.OperationalError(f"{message} (fsync of {path}: {exc})") from exc
    finally:
        os.close(fd)


@dataclass
class WriteGate:
    """What the connections of one process share for one database file."""

    lock: FairLock = field(default_factory=FairLock)
    sync: GroupSync | None = None


_gates: dict[str, WriteGate] = {}
_gates_mutex = threading.Lock()


def gate_for(name: str, *, in_memory: bool) -> WriteGate:
    """The gate of the database `name` (a file path, or an in-memory database's URI)."""
    key = name if in_memory else os.path.realpath(name)
    with _gates_mutex:
        gate = _gates.get(key)
        if gate is None:
            gate = _gates[key] = WriteGate(sync=None if in_memory else GroupSync(key + "-wal"))
        return gate
