"""Recovery of background jobs after a task worker dies (docs/operations.md, "Jobs").

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again: a
worker killed mid-job (`kill -9`, OOM, power loss) leaves it RUNNING for ever. `recover` puts such
tasks back in the queue:

- a task whose worker ran on this machine (same boot, same PID namespace) and whose process is
  gone is queued again at once;
- any other task RUNNING for longer than `TERBUKA_TASK_LEASE_SECONDS` is taken to have lost its
  worker (on another machine, or under an id this module cannot read) and is queued again;
- a task that has already cost `MAX_RUNS` workers is marked FAILED (`WorkerLost`) instead, so a
  job that kills its worker cannot loop for ever.

Jobs are idempotent (style.md section 5), so running one again is safe. After the tasks, the
sweeps registered by the apps run (e.g. notifications delivers what a dead process left pending).
`terbuka db_worker` (terbuka/core/management/commands/db_worker.py) calls `recover` when it starts
and every `TERBUKA_TASK_SWEEP_SECONDS`; the daily job calls it too.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

logger = logging.getLogger(__name__)

# Claims of one task (each appends its worker id) after which a lost task is failed, not re-run.
MAX_RUNS = 3
SWEEP_ERROR = -1

Sweep = Callable[[datetime], int]
_sweeps: dict[str, Sweep] = {}


class WorkerLost(RuntimeError):
    """The worker running a task died before finishing it."""


def register_sweep(name: str, sweep: Sweep) -> Sweep:
    """Register a recovery sweep (it takes `now`, returns how much it redid); idempotent."""
    _sweeps[name] = sweep
    return sweep


def lease() -> timedelta:
    """How long a task may stay RUNNING before it is taken to have lost its worker."""
    return timedelta(seconds=settings.TERBUKA_TASK_LEASE_SECONDS)


def sweep_interval() -> timedelta:
    """How often a worker sweeps; also how long the normal path has before a sweep steps in."""
    return timedelta(seconds=max(settings.TERBUKA_TASK_SWEEP_SECONDS, 1))


# --- Worker ids ------------------------------------------------------------------------------


def _read(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def machine_key() -> str:
    """Ten hex digits naming this boot of this machine and this PID namespace.

    Two workers with the same key see the same PIDs, so one can tell whether the other is alive.
    Host names are not enough: containers and cloned VMs share them.
    """
    try:
        namespace = str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        namespace = ""
    boot = _read("/proc/sys/kernel/random/boot_id")
    seed = f"{boot}:{namespace}" if boot else f"host:{socket.gethostname()}"
    return hashlib.sha256(seed.encode()).hexdigest()[:10]


def new_worker_id() -> str:
    """A worker id that records where the worker runs: `<host>:<machine key>:<pid>:<random>`."""
    host = "".join(c for c in socket.gethostname() if c.isalnum() or c in "-.")[:24] or "host"
    return f"{host}:{machine_key()}:{os.getpid()}:{get_random_string(8)}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_is_gone(worker_id: str) -> bool:
    """Return whether `worker_id` was a worker on this machine whose process has ended.

    False when it cannot be told (another machine, or an id given with `--worker-id`): the lease
    decides for those.
    """
    parts = worker_id.rsplit(":", 3)
    if len(parts) != 4 or parts[1] != machine_key() or not parts[2].isdigit():
        return False
    pid = int(parts[2])
    if pid == os.getpid():
        # This process is a worker; the id is someone else's only if it is not ours.
        return worker_id != _own.get("worker_id")
    return not _pid_alive(pid)


_own: dict[str, str] = {}


def set_own_worker_id(worker_id: str) -> None:
    """Remember the id of the worker running in this process."""
    _own["worker_id"] = worker_id


# --- Recovery --------------------------------------------------------------------------------


def tasks_recover_stale(*, now: datetime | None = None) -> dict[str, int]:
    """Queue again the RUNNING tasks whose worker is gone or whose lease ran out.

    Returns {"requeued": n, "failed": m}. Each task is locked and re-read first (SKIP LOCKED on
    PostgreSQL); a task claimed again meanwhile has another `started_at` and is left alone.
    """
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    expired = now - lease()
    counts = {"requeued": 0, "failed": 0}
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    for pk, started_at, worker_ids in running.values_list("pk", "started_at", "worker_ids"):
        last = worker_ids[-1] if worker_ids else ""
        if started_at is not None and started_at >= expired and not worker_is_gone(last):
            continue
        with transaction.atomic():
            task = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=TaskResultStatus.RUNNING, started_at=started_at)
                .first()
            )
            if task is None:
                continue
            if len(task.worker_ids) >= MAX_RUNS:
                task.set_failed(WorkerLost(f"{len(task.worker_ids)} workers died running it"))
                counts["failed"] += 1
                logger.error("Task %s (%s) lost %d workers: failed", pk, task.task_path, MAX_RUNS)
            else:
                task.status = TaskResultStatus.READY
                task.save(update_fields=["status"])
                counts["requeued"] += 1
                logger.warning(
                    "Task %s (%s) lost its worker %s: queued again", pk, task.task_path, last
                )
    return counts


def recover(*, now: datetime | None = None) -> dict[str, int]:
    """Queue lost tasks again, then run every registered sweep; return the counts.

    A failing sweep is logged and counted as -1; the others still run.
    """
    now = now or timezone.now()
    counts: dict[str, int] = {}
    if database_backend_in_use():
        counts.update({f"tasks_{k}": v for k, v in tasks_recover_stale(now=now).items()})
    for name, sweep in _sweeps.items():
        try:
            counts[name] = sweep(now)
        except Exception:
            logger.exception("Recovery sweep %s failed", name)
            counts[name] = SWEEP_ERROR
    return counts


def database_backend_in_use() -> bool:
    """Return whether a task backend stores tasks in the database (django-tasks-db)."""
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend

    return any(isinstance(backend, DatabaseBackend) for backend in task_backends.all())


def daily_run(today: date) -> dict[str, int]:
    """The daily job: a recovery sweep, for installations whose worker is not running."""
    return {name: value for name, value in recover().items() if value}
