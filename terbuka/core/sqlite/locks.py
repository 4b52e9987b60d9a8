"""The primitives of the SQLite backend: a first-come-first-served lock, a lock between the
processes writing one file, and group commit.

They are per database file and per process (`gate_for`); they know nothing about Django.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sqlite3
import threading
import time
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


class FileLock:
    """An exclusive lock between the processes that write one database file: `flock` on a side
    file (`<database>-writer.lock`).

    Without it, the writers of several processes (gunicorn workers, `terbuka db_worker`) meet at
    SQLite's own lock, whose busy handler sleeps 1, 2, 5, ... up to 100 ms between tries: a
    writer that has waited long sleeps longest and keeps losing to newcomers (quality.md F4 saw
    p99 4 s with 4 processes). Here the one thread of each process at the head of its queue
    (`FairLock`) tries the file lock every `POLL` seconds at most, so a released lock is taken
    within about a millisecond by another process's waiter. An `flock` belongs to the open file,
    so the file is opened again in a forked child, and the kernel drops the lock of a process
    that dies.
    """

    POLL = 0.0005

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._pid = 0
        self._mutex = threading.Lock()

    def _file(self) -> int:
        with self._mutex:
            if self._fd is None or self._pid != os.getpid():
                # A child of fork() shares its parent's open file and so its flock: reopen.
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
                self._pid = os.getpid()
            return self._fd

    def acquire(self, deadline: float) -> bool:
        """Take the lock before the `time.monotonic()` `deadline`; False if it stayed taken."""
        fd = self._file()
        delay = self.POLL / 4
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            if time.monotonic() >= deadline:
                return False
            time.sleep(delay)
            delay = min(delay * 2, self.POLL)

    def release(self) -> None:
        fcntl.flock(self._file(), fcntl.LOCK_UN)


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
    between_processes: FileLock | None = None


_gates: dict[str, WriteGate] = {}
_gates_mutex = threading.Lock()


def gate_for(name: str, *, in_memory: bool) -> WriteGate:
    """The gate of the database `name` (a file path, or an in-memory database's URI)."""
    key = name if in_memory else os.path.realpath(name)
    with _gates_mutex:
        gate = _gates.get(key)
        if gate is None:
            if in_memory:
                gate = _gates[key] = WriteGate()
            else:
                gate = _gates[key] = WriteGate(
                    sync=GroupSync(key + "-wal"), between_processes=FileLock(key + "-writer.lock")
                )
        return gate
