from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from terbuka.core import jobs
from terbuka.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

SEND_EMAIL = "terbuka.notifications.tasks.send_email"


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _local_id(pid: int) -> str:
    return f"host:{jobs.machine_key()}:{pid}:abcdefgh"


def _task(
    *,
    status: str = TaskResultStatus.RUNNING,
    started: timedelta = timedelta(0),
    worker_ids: list[str] | None = None,
    args: list[Any] | None = None,
) -> DBTaskResult[Any, Any]:
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": args if args is not None else [1], "kwargs": {}},
        task_path=SEND_EMAIL,
        backend_name="default",
        run_after=get_date_max(),
        started_at=timezone.now() - started,
        worker_ids=["elsewhere-1"] if worker_ids is None else worker_ids,
    )


def _status(task: DBTaskResult[Any, Any]) -> str:
    task.refresh_from_db()
    return str(task.status)


@pytest.fixture
def lease(settings: Any) -> timedelta:
    settings.TERBUKA_TASK_LEASE_SECONDS = 600
    return timedelta(seconds=600)


def test_running_task_past_its_lease_is_queued_again(lease: timedelta) -> None:
    task = _task(started=lease + timedelta(seconds=1))
    assert jobs.tasks_recover_stale() == {"requeued": 1, "failed": 0}
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY
    assert task.worker_ids == ["elsewhere-1"]
    assert DBTaskResult.objects.ready().filter(pk=task.pk).exists()


def test_fresh_running_task_of_another_machine_is_left_running(lease: timedelta) -> None:
    task = _task(started=lease - timedelta(seconds=5))
    assert jobs.tasks_recover_stale() == {"requeued": 0, "failed": 0}
    assert _status(task) == TaskResultStatus.RUNNING


def test_fresh_running_task_of_a_dead_local_worker_is_queued_at_once(lease: timedelta) -> None:
    task = _task(worker_ids=[_local_id(_dead_pid())])
    assert jobs.tasks_recover_stale()["requeued"] == 1
    assert _status(task) == TaskResultStatus.READY


def test_fresh_running_task_of_a_live_local_worker_is_left_running(lease: timedelta) -> None:
    task = _task(worker_ids=[_local_id(os.getppid())])
    assert jobs.tasks_recover_stale()["requeued"] == 0
    assert _status(task) == TaskResultStatus.RUNNING


@pytest.mark.parametrize(
    "status",
    [TaskResultStatus.READY, TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
)
def test_tasks_not_running_are_left_alone(lease: timedelta, status: str) -> None:
    task = _task(status=status, started=lease * 3, worker_ids=[_local_id(_dead_pid())])
    assert jobs.tasks_recover_stale() == {"requeued": 0, "failed": 0}
    assert _status(task) == status


def test_task_that_lost_max_runs_workers_fails(lease: timedelta) -> None:
    task = _task(started=lease * 2, worker_ids=[f"w{i}" for i in range(jobs.MAX_RUNS)])
    assert jobs.tasks_recover_stale() == {"requeued": 0, "failed": 1}
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED
    assert task.exception_class_path == "terbuka.core.jobs.WorkerLost"


def test_task_claimed_again_meanwhile_is_left_alone(
    lease: timedelta, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-check under lock compares started_at: a new claim is another run."""
    task = _task(started=lease * 2)
    real = DBTaskResult.objects.filter(pk=task.pk)
    snapshot = list(real.values_list("pk", "started_at", "worker_ids"))
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=timezone.now())

    class Running:
        def values_list(self, *fields: str) -> list[Any]:
            return snapshot

    original = DBTaskResult.objects.filter

    def stale_filter(*args: Any, **kwargs: Any) -> Any:
        if kwargs == {"status": TaskResultStatus.RUNNING}:
            return Running()
        return original(*args, **kwargs)

    monkeypatch.setattr(DBTaskResult.objects, "filter", stale_filter)
    assert jobs.tasks_recover_stale() == {"requeued": 0, "failed": 0}
    assert _status(task) == TaskResultStatus.RUNNING


def test_worker_ids_name_this_process() -> None:
    worker_id = jobs.new_worker_id()
    assert len(worker_id) <= 64
    _host, key, pid, _rand = worker_id.rsplit(":", 3)
    assert key == jobs.machine_key()
    assert int(pid) == os.getpid()
    jobs.set_own_worker_id(worker_id)
    assert not jobs.worker_is_gone(worker_id)
    # Another id with this PID is an earlier worker whose PID this process took over.
    assert jobs.worker_is_gone(_local_id(os.getpid()))
    assert not jobs.worker_is_gone("plain-id-from-the-command-line")


@pytest.fixture
def sweeps() -> Iterator[dict[str, jobs.Sweep]]:
    saved = dict(jobs._sweeps)
    yield jobs._sweeps
    jobs._sweeps.clear()
    jobs._sweeps.update(saved)


def test_recover_runs_every_sweep_and_survives_a_failing_one(
    sweeps: dict[str, jobs.Sweep],
) -> None:
    def broken(now: datetime) -> int:
        raise RuntimeError("boom")

    sweeps.clear()
    jobs.register_sweep("broken", broken)
    jobs.register_sweep("fine", lambda now: 2)
    assert jobs.recover() == {"broken": jobs.SWEEP_ERROR, "fine": 2}


@pytest.fixture
def database_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# The worker calls close_old_connections() as a request would; inside a test's transaction that
# closes the PostgreSQL connection (its autocommit differs from the settings), so this test
# commits for real.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_tasks")
def test_db_worker_reruns_the_task_of_a_killed_worker_once(
    lease: timedelta, mailoutbox: list[Any]
) -> None:
    """The worker recovers at start; the e-mail claimed by the dead run goes out once."""
    email = OutboundEmail.objects.create(
        to="siti@example.test", template="t", subject="S", body_text="B", dedupe_key="k"
    )
    task = _task(args=[email.pk], worker_ids=[_local_id(_dead_pid())])
    # The dead run had claimed the row (and counted the attempt) before SMTP answered.
    OutboundEmail.objects.filter(pk=email.pk).update(
        claimed_by=str(task.pk), claimed_at=timezone.now(), attempts=1
    )
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert _status(task) == TaskResultStatus.SUCCESSFUL
    email.refresh_from_db()
    assert (email.status, email.attempts, email.claimed_by) == ("sent", 2, "")
    assert len(mailoutbox) == 1
    task.refresh_from_db()
    assert len(task.worker_ids) == 2
    # A second worker finds nothing to redo.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(mailoutbox) == 1
