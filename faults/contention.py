"""F4 write contention: 32 writers and a task worker on SQLite (quality.md section 6).

Two layouts of the same 32 writers, each filing requests through the service as fast as it
can (each thread its own connection), while `terbuka db_worker` sends their e-mails:
- one process with 32 threads (the in-process write queue of terbuka/core/sqlite serves all);
- four processes with 8 threads each, as gunicorn's workers would be: writers of different
  processes meet at SQLite's own lock.

A write is one `request_submit`, from the call to its return: the request's transaction and
the commit hooks that queue its e-mails (four more commits). Pass: no "database is locked" in
writers or worker, p99 write <= 1 s in each layout. Child processes run
`python -m faults.contention SECONDS THREADS USER_ID...` and print one JSON line.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO, Any, cast

from bench.served import stop_group
from faults.jobs import _submit_direct, _users, _worker
from faults.server import ROOT
from faults.smtp import FakeSmtp
from faults.world import Result, database_path, request_problems

WRITERS = 32
PROCESSES = 4
P99_LIMIT_S = 1.0


def write_loop(users: list[Any], seconds: float, first: int) -> dict[str, Any]:
    """One thread per user filing requests for `seconds`; latencies and errors."""
    from django.db import OperationalError, connections

    latencies: list[float] = []
    locked: list[str] = []
    other: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(i: int) -> None:
        n = 0
        try:
            while not stop.is_set():
                n += 1
                began = time.perf_counter()
                try:
                    _submit_direct(users[i], first + i * 100_000 + n)
                except OperationalError as exc:
                    with lock:
                        (locked if "locked" in str(exc) else other).append(str(exc))
                    continue
                with lock:
                    latencies.append(time.perf_counter() - began)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(len(users))]
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(60)
    return {"latencies": latencies, "locked": locked, "other": other}


def _in_processes(users: list[Any], seconds: float) -> dict[str, Any]:
    """Run the writers in PROCESSES child processes; merge what they report."""
    per = len(users) // PROCESSES
    children = [
        subprocess.Popen(  # noqa: S603 - our own module
            [
                sys.executable,
                "-m",
                "faults.contention",
                str(seconds),
                str((p + 1) * 10_000_000),
                *[str(u.pk) for u in users[p * per : (p + 1) * per]],
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for p in range(PROCESSES)
    ]
    # Start together: each child says it is set up, then all are told to go.
    for child in children:
        cast("IO[bytes]", child.stdout).readline()
    for child in children:
        cast("IO[bytes]", child.stdin).write(b"go\n")
        cast("IO[bytes]", child.stdin).flush()
    merged: dict[str, Any] = {"latencies": [], "locked": [], "other": []}
    for child in children:
        out, _err = child.communicate(timeout=seconds + 300)
        if child.returncode != 0:
            merged["other"].append(f"writer process exited {child.returncode}")
            continue
        part = json.loads(out.decode().strip().splitlines()[-1])
        for key in merged:
            merged[key] += part[key]
    return merged


def _locked_in(log: Path) -> int:
    return log.read_text(errors="replace").count("database is locked") if log.exists() else 0


def _quantile(ordered: list[float], q: float) -> float:
    return ordered[int(q * (len(ordered) - 1))] if ordered else 0.0


def f4_write_contention(ctx: Any) -> Result:
    from django.db import connection, connections

    result = Result("F4", f"{WRITERS} writers and a task worker on SQLite")
    seconds = 10 if ctx.quick else 60
    users = _users("f4", WRITERS)
    connections.close_all()
    layouts: list[tuple[str, Callable[[], dict[str, Any]]]] = [
        (f"1 process x {WRITERS} threads", partial(write_loop, users, seconds, 0)),
        (
            f"{PROCESSES} processes x {WRITERS // PROCESSES} threads",
            partial(_in_processes, users, seconds),
        ),
    ]
    result.tried.append(
        f"{seconds} s per layout: {WRITERS} threads filing requests through the service (each "
        "its own connection), `terbuka db_worker` sending their e-mails and statistics jobs; "
        f"backend {connection.settings_dict['ENGINE']}"
    )
    worker_locked = 0
    with FakeSmtp(ctx.smtp_port):
        for name, run in layouts:
            log = ctx.tmp / "db_worker.log"
            before = _locked_in(log)
            worker = _worker(ctx, "--interval", "0.2")
            try:
                found = run()
            finally:
                stop_group(worker)
            in_worker = _locked_in(log) - before
            worker_locked += in_worker
            ordered = sorted(found["latencies"])
            p99 = _quantile(ordered, 0.99)
            result.figures.append(
                f"{name}: {len(ordered)} writes ({len(ordered) / seconds:.0f}/s), p50 "
                f"{_quantile(ordered, 0.5) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, max "
                f"{(ordered[-1] if ordered else 0) * 1000:.0f} ms; 'database is locked': "
                f"{len(found['locked'])} in writers, {in_worker} in the worker"
            )
            if found["locked"] or in_worker:
                result.failed.append(
                    f"{name}: database is locked: {len(found['locked']) + in_worker}"
                )
            if found["other"]:
                result.failed.append(f"{name}: other database errors: {found['other'][:3]}")
            if p99 > P99_LIMIT_S:
                result.failed.append(f"{name}: p99 write {p99:.2f} s > {P99_LIMIT_S:.0f} s")
    result.lost += request_problems(database_path())
    return result


def main() -> None:
    import django

    django.setup()
    from terbuka.accounts.models import User

    seconds, first, *ids = sys.argv[1:]
    users = list(User.objects.filter(pk__in=[int(i) for i in ids]).order_by("pk"))
    print("ready", flush=True)
    sys.stdin.readline()
    print(json.dumps(write_loop(users, float(seconds), int(first))), flush=True)


if __name__ == "__main__":
    main()
