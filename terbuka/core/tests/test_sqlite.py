"""The SQLite backend's write queue and group commit (terbuka/core/sqlite, quality.md F4)."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, OperationalError, connections, transaction

from terbuka.core.sqlite.base import DatabaseWrapper
from terbuka.core.sqlite.locks import FairLock, FileLock, GroupSync, gate_for

ALIAS = "sqlite_file_test"
THREADS = 16
PER_THREAD = 25


def test_fair_lock_serves_waiters_in_arrival_order() -> None:
    lock = FairLock()
    assert lock.acquire(1)
    order: list[int] = []

    def waiter(i: int) -> None:
        assert lock.acquire(5)
        order.append(i)  # while holding the lock: the order is the order of hand-over
        lock.release()

    threads = []
    for i in range(5):
        thread = threading.Thread(target=waiter, args=(i,))
        thread.start()
        threads.append(thread)
        while lock.waiting() < i + 1:  # queue them one after another
            time.sleep(0.001)
    lock.release()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]
    assert not lock.locked()


def test_fair_lock_times_out_and_leaves_the_queue() -> None:
    lock = FairLock()
    assert lock.acquire(1)
    began = time.monotonic()
    assert not lock.acquire(0.05)
    assert time.monotonic() - began >= 0.05
    assert lock.waiting() == 0
    lock.release()
    assert lock.acquire(0)
    lock.release()


def test_fair_lock_refuses_a_release_when_unlocked() -> None:
    with pytest.raises(RuntimeError):
        FairLock().release()


def _hold_file_lock(path: str, held: Any, release: Any) -> None:
    lock = FileLock(path)
    assert lock.acquire(time.monotonic() + 5)
    held.set()
    release.wait(10)
    lock.release()


def test_file_lock_waits_for_another_process_and_times_out(tmp_path: Path) -> None:
    """A writer of another process holds the lock: this one waits for it, or gives up at its
    deadline; the lock is its as soon as the other releases it."""
    path = str(tmp_path / "db.sqlite3-writer.lock")
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold_file_lock, args=(path, held, release))
    other.start()
    try:
        assert held.wait(10)
        lock = FileLock(path)
        began = time.monotonic()
        assert not lock.acquire(began + 0.05)
        assert time.monotonic() - began >= 0.05
        release.set()
        assert lock.acquire(time.monotonic() + 5)
        lock.release()
    finally:
        release.set()
        other.join(10)
    assert other.exitcode == 0


def test_file_lock_of_a_dead_process_is_free(tmp_path: Path) -> None:
    """The kernel drops the flock of a process that dies while writing."""
    path = str(tmp_path / "db.sqlite3-writer.lock")
    context = multiprocessing.get_context("fork")
    held, release = context.Event(), context.Event()
    other = context.Process(target=_hold_file_lock, args=(path, held, release))
    other.start()
    assert held.wait(10)
    assert other.pid is not None
    os.kill(other.pid, 9)
    other.join(10)
    lock = FileLock(path)
    assert lock.acquire(time.monotonic() + 2)
    lock.release()


def test_file_lock_is_reopened_in_a_forked_child(tmp_path: Path) -> None:
    """A forked child shares its parent's open file and flock; the lock opens the file anew."""
    path = str(tmp_path / "db.sqlite3-writer.lock")
    lock = FileLock(path)
    assert lock.acquire(time.monotonic() + 1)
    context = multiprocessing.get_context("fork")
    result = context.Queue()

    def child() -> None:
        result.put(lock.acquire(time.monotonic() + 0.05))

    process = context.Process(target=child)
    process.start()
    process.join(10)
    assert result.get(timeout=5) is False  # the parent's lock holds the child off
    lock.release()


def test_group_sync_shares_one_fsync_among_waiting_commits(tmp_path: Path) -> None:
    wal = tmp_path / "db.sqlite3-wal"
    wal.write_bytes(b"x")
    sync = GroupSync(str(wal))
    tickets = [sync.ticket() for _ in range(10)]
    threads = [threading.Thread(target=sync.wait, args=(t,)) for t in tickets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert 1 <= sync.syncs < len(tickets)
    sync.wait(tickets[-1])  # already durable: no further fsync
    assert sync.syncs <= len(tickets) - 1


def test_group_sync_without_a_log_file_has_nothing_to_sync(tmp_path: Path) -> None:
    sync = GroupSync(str(tmp_path / "gone.sqlite3-wal"))
    sync.wait(sync.ticket())
    assert sync.syncs == 1


@pytest.fixture
def file_db(tmp_path: Path, django_db_blocker: Any) -> Iterator[str]:
    """An extra database alias on a SQLite file, with the production OPTIONS."""
    conf = connections.configure_settings(
        {
            "default": {"ENGINE": "django.db.backends.dummy"},
            ALIAS: {
                "ENGINE": "terbuka.core.sqlite",
                "NAME": str(tmp_path / "writes.sqlite3"),
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "group_commit": True,
                    "init_command": "PRAGMA journal_mode=WAL;PRAGMA foreign_keys=ON;",
                },
            },
        }
    )[ALIAS]
    connections.settings[ALIAS] = conf
    with django_db_blocker.unblock():
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT UNIQUE)")
        try:
            yield ALIAS
        finally:
            connections[ALIAS].close()
            del connections[ALIAS]
            del connections.settings[ALIAS]


def _insert(name: str) -> None:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("INSERT INTO item (name) VALUES (%s)", [name])


def _count() -> int:
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM item")
        return int(cursor.fetchone()[0])


class Discarded(Exception):
    """Raised inside a transaction to roll it back."""


def _insert_and_fail(name: str, *, check: Any = None) -> None:
    with transaction.atomic(using=ALIAS):
        _insert(name)
        if check is not None:
            check()
        raise Discarded


def _gate() -> Any:
    wrapper = connections[ALIAS]
    return gate_for(wrapper.settings_dict["NAME"], in_memory=False)


def test_connection_uses_normal_sync_with_group_commit(file_db: str) -> None:
    wrapper = connections[file_db]
    assert isinstance(wrapper, DatabaseWrapper)
    with wrapper.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL; the backend syncs the log itself
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_concurrent_transactions_with_nested_blocks_all_commit(file_db: str) -> None:
    """Threads writing through nested atomic blocks, some rolled back, never deadlock."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def writer(t: int) -> None:
        try:
            barrier.wait()
            for i in range(PER_THREAD):
                with transaction.atomic(using=file_db):
                    _insert(f"{t}-{i}")
                    with transaction.atomic(using=file_db):
                        _insert(f"{t}-{i}-inner")
                    try:
                        with transaction.atomic(using=file_db):
                            _insert(f"{t}-{i}")  # duplicate: the savepoint rolls back
                    except IntegrityError:
                        pass
                if i % 5 == 0:
                    _insert(f"{t}-{i}-autocommit")  # a write outside any transaction
                if i % 7 == 0:
                    with pytest.raises(Discarded):
                        _insert_and_fail(f"{t}-{i}-discarded")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections[file_db].close()

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    autocommits = len([i for i in range(PER_THREAD) if i % 5 == 0])
    assert _count() == THREADS * (2 * PER_THREAD + autocommits)
    gate = _gate()
    assert not gate.lock.locked()
    assert gate.sync is not None
    assert gate.sync.syncs > 0


def test_lock_is_released_after_rollback_and_close(file_db: str) -> None:
    gate = _gate()
    held: list[bool] = []
    with pytest.raises(Discarded):
        _insert_and_fail("a", check=lambda: held.append(gate.lock.locked()))
    assert held == [True]
    assert not gate.lock.locked()
    wrapper = connections[file_db]
    wrapper.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert gate.lock.locked()
    wrapper.close()
    assert not gate.lock.locked()
    assert _count() == 0


def test_reads_outside_a_transaction_do_not_wait_for_the_write_lock(file_db: str) -> None:
    _insert("a")
    gate = _gate()
    assert gate.lock.acquire(1)  # another writer of this process holds the lock
    try:
        assert _count() == 1
    finally:
        gate.lock.release()


def test_writer_waiting_too_long_gets_database_is_locked(file_db: str) -> None:
    wrapper = connections[file_db]
    assert isinstance(wrapper, DatabaseWrapper)
    wrapper.ensure_connection()
    wrapper.lock_timeout = 0.05
    gate = _gate()
    assert gate.lock.acquire(1)
    try:
        with pytest.raises(OperationalError, match="database is locked"):
            _insert("late")
        with (
            pytest.raises(OperationalError, match="database is locked"),
            transaction.atomic(using=file_db),
        ):
            pass
    finally:
        gate.lock.release()
    assert not gate.lock.locked()
    _insert("on time")
    assert _count() == 1
