"""B11 (quality.md section 5): 10,000 queued e-mails through the project's own path.

Producer: `terbuka.notifications.services.email_send`, called in this process exactly as the
request services call it (render the three templates in the recipient's language, validate and
log the `OutboundEmail` row, enqueue `notifications.tasks.send_email` on commit) with the
production task backend, `django_tasks_db.DatabaseBackend`, on the benchmark's SQLite file.

Consumer: one `terbuka db_worker --interval 1` (the production unit in docs/deployment.md), in a
subprocess: `python -m bench.jobs --worker OUTBOX`
runs the `db_worker` management command itself (its `Worker` loop: claim a row in an exclusive
transaction, run the task, record the result) with the locmem e-mail backend
(`TERBUKA_EMAIL_URL=memorymail://`), and on SIGTERM writes the messages it sent to OUTBOX.

Two phases, one worker process:
1. Backlog: 10,000 e-mails (1,000 with `--quick`) are logged and queued with no worker running
   (the producer's own rate is recorded), then the worker starts and drains them. jobs/s =
   jobs / (last finished_at - first started_at), what one worker drains on its own.
2. Latency: with the worker polling an empty queue, a tenth as many e-mails again are enqueued
   evenly at half the rate the worker drained the backlog (a steady load it can sustain; the
   producer shares SQLite's one writer with it). Queue latency = finished_at - enqueued_at of
   each of those jobs (p50, p95, max), from the backend's rows.
Lost and duplicate e-mails over both phases: every recipient must appear exactly once in the
worker's outbox, every `OutboundEmail` row must be `sent` after one attempt, every job
successful.

Run alone with `python -m bench.jobs [--jobs N] [--workers N] [--stack pg]`: a throwaway SQLite
file, or with `--stack pg` a throwaway PostgreSQL database (dropped afterwards), migrated;
`--workers N` drains the queue with N `db_worker` processes (the scale-out deployment). Each
worker also reports its CPU time, so the run gives the worker's CPU per job, the figure that does
not depend on how busy the machine is.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from types import FrameType
from typing import Any

from bench.measure import Sample

JOBS = 10_000
QUICK_JOBS = 1_000
JOBS_PER_S_TARGET = 200.0  # quality.md B11: >= 200 jobs/s (recorded)
LATENCY_P95_TARGET_S = 5.0  # quality.md B11: queue latency p95 <= 5 s (recorded)
BURST_SHARE = 10  # the latency phase enqueues jobs / 10 more e-mails while the worker runs,
LATENCY_LOAD = 0.5  # evenly spaced at half the rate the worker drained the backlog
WORKER_INTERVAL_S = 1.0  # docs/deployment.md: `terbuka db_worker --interval 1`
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
TASK_PATH = "terbuka.notifications.tasks.send_email"
RECIPIENT = "b11-{}@bench.test"
DEDUPE = "bench-b11:{}"
ROOT = Path(__file__).resolve().parent.parent


def _worker_main(outbox: Path) -> int:
    """The worker subprocess: `db_worker` until SIGTERM, then its sent mail to `outbox`."""
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.core.management import call_command

    if settings.EMAIL_BACKEND != "django.core.mail.backends.locmem.EmailBackend":
        raise SystemExit(f"B11 needs the locmem e-mail backend, not {settings.EMAIL_BACKEND}.")
    mail.outbox = []
    cpu = _cpu_seconds()
    outbox.with_suffix(".ready").touch()
    try:
        call_command(
            "db_worker",
            interval=WORKER_INTERVAL_S,
            startup_delay=False,
            reload=False,
            verbosity=0,
        )
    except SystemExit:
        pass  # db_worker's own SIGTERM handler exits this way when it is idle
    finally:
        sent = [list(m.to) for m in mail.outbox]
        outbox.write_text(json.dumps({"sent": sent, "cpu_s": _cpu_seconds() - cpu}))
    return 0


def _cpu_seconds() -> float:
    """CPU time (user + system) of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _start_worker(tmp: Path, outbox: Path) -> subprocess.Popen[bytes]:
    log = tmp / f"{outbox.stem}.log"
    with open(log, "ab") as log_file:
        return subprocess.Popen(
            [sys.executable, "-m", "bench.jobs", "--worker", str(outbox)],
            cwd=ROOT,
            env={
                **os.environ,
                "TERBUKA_TASKS_BACKEND": DATABASE_BACKEND,
                "TERBUKA_EMAIL_URL": "memorymail://",
            },
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _stop_worker(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (db_worker finishes its task and exits), then SIGKILL after a grace period."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _wait_ready(ready: Path, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    """Wait until the worker has set Django up and is about to poll the queue."""
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"B11: the db_worker subprocess did not start ({process.returncode}).")
        time.sleep(0.05)


def _enqueue(start: int, stop: int, rate: float | None = None) -> float:
    """Log and enqueue e-mails `start` to `stop - 1` through `email_send`, at most `rate` a
    second if given (evenly spaced); return the seconds it took."""
    from datetime import date

    from django.test.utils import override_settings

    from terbuka.notifications.services import email_send

    context = {
        "number": "",
        "body_name": "Pemerintah Kota Serang",
        "name": "",
        "due_on": date(2026, 12, 15),
        "url": "https://terbuka.example/permohonan/1/",
    }
    with override_settings(TASKS={"default": {"BACKEND": DATABASE_BACKEND}}):
        began = time.perf_counter()
        for i in range(start, stop):
            if rate:
                pause = began + (i - start) / rate - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            context["number"] = f"B11/{i:05d}"
            context["name"] = f"Warga {i}"
            email_send(
                to=RECIPIENT.format(i),
                template="request_received",
                context=context,
                dedupe_key=DEDUPE.format(i),
            )
        return time.perf_counter() - began


def _wait_drained(processes: list[subprocess.Popen[bytes]], timeout: float) -> bool:
    """Wait until every job of the run has finished (or a worker died, or `timeout`)."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and all(p.poll() is None for p in processes):
        open_jobs = (
            DBTaskResult.objects.filter(task_path=TASK_PATH)
            .exclude(status__in=["SUCCESSFUL", "FAILED"])
            .count()
        )
        if open_jobs == 0:
            return True
        time.sleep(0.2)
    return False


def commit_rate(commits: int = 200) -> float:
    """The baseline: single-row INSERTs in autocommit on the same database (same PRAGMAs, so
    on SQLite each one waits for its fsync), per second. Every job costs five commits: the
    producer's two (the e-mail row, the job row) and the worker's three (claim, send, result)."""
    from django.db import connection

    with connection.cursor() as cursor:
        key = "INTEGER PRIMARY KEY" if connection.vendor == "sqlite" else "SERIAL PRIMARY KEY"
        cursor.execute(f"CREATE TABLE bench_b11_commit (id {key}, note TEXT)")
        try:
            began = time.perf_counter()
            for i in range(commits):
                cursor.execute("INSERT INTO bench_b11_commit (note) VALUES (%s)", [f"row {i}"])
            elapsed = time.perf_counter() - began
        finally:
            cursor.execute("DROP TABLE bench_b11_commit")
    return commits / elapsed if elapsed else 0.0


def _drain_rate() -> float:
    """Jobs per second of the worker so far: jobs / (last finished_at - first started_at)."""
    from django.db.models import Count, Max, Min
    from django_tasks_db.models import DBTaskResult

    span = DBTaskResult.objects.filter(task_path=TASK_PATH, status="SUCCESSFUL").aggregate(
        n=Count("id"), first=Min("started_at"), last=Max("finished_at")
    )
    if not span["n"] or span["first"] is None or span["last"] is None:
        return 0.0
    seconds = (span["last"] - span["first"]).total_seconds()
    return float(span["n"]) / seconds if seconds > 0 else 0.0


def run_jobs_benchmark(tmp: Path, jobs: int, burst: int, *, workers: int = 1) -> dict[str, Any]:
    """Queue `jobs` e-mails, drain them with `workers` db_worker processes, then enqueue `burst`
    more while they run; return the measured figures."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from terbuka.notifications.models import OutboundEmail

    total = jobs + burst
    timeout = max(300.0, total / 5)
    commits_per_s = commit_rate()
    enqueue_s = _enqueue(0, jobs)
    outboxes = [tmp / f"b11-outbox-{n}.json" for n in range(workers)]
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for outbox in outboxes:
            outbox.unlink(missing_ok=True)
            outbox.with_suffix(".ready").unlink(missing_ok=True)
            processes.append(_start_worker(tmp, outbox))
        for outbox, process in zip(outboxes, processes, strict=True):
            _wait_ready(outbox.with_suffix(".ready"), process)
        drained = _wait_drained(processes, timeout=timeout)
        offered = LATENCY_LOAD * _drain_rate()
        boundary = timezone.now()
        burst_s = _enqueue(jobs, total, rate=offered)
        drained = _wait_drained(processes, timeout=timeout) and drained
    finally:
        for process in processes:
            _stop_worker(process)
    rows = list(
        DBTaskResult.objects.filter(task_path=TASK_PATH).values_list(
            "status", "enqueued_at", "started_at", "finished_at"
        )
    )
    done = [
        (enqueued, started, finished)
        for status, enqueued, started, finished in rows
        if status == "SUCCESSFUL" and started is not None and finished is not None
    ]
    backlog = [row for row in done if row[0] < boundary]
    first = min((started for _e, started, _f in backlog), default=None)
    last = max((finished for _e, _s, finished in backlog), default=None)
    span = (last - first).total_seconds() if first is not None and last is not None else 0.0
    latency = Sample(
        latencies=[
            (finished - enqueued).total_seconds()
            for enqueued, _s, finished in done
            if enqueued >= boundary
        ]
    )
    emails = OutboundEmail.objects.filter(dedupe_key__startswith="bench-b11:")
    sent_once = emails.filter(status=OutboundEmail.Status.SENT, attempts=1).count()
    reports = [json.loads(outbox.read_text()) for outbox in outboxes if outbox.exists()]
    sent: list[list[str]] = [recipients for report in reports for recipients in report["sent"]]
    worker_cpu_s = sum(float(report["cpu_s"]) for report in reports)
    counts = Counter(to for recipients in sent for to in recipients)
    expected = {RECIPIENT.format(i) for i in range(total)}
    lost = len(expected - set(counts))
    duplicates = sum(n - 1 for to, n in counts.items() if n > 1)
    strangers = sum(n for to, n in counts.items() if to not in expected)
    problems: list[str] = []
    if not drained:
        codes = [process.returncode for process in processes]
        problems.append(f"the workers did not drain the queue (exit codes {codes})")
    if not all(outbox.exists() for outbox in outboxes):
        problems.append("a worker wrote no outbox")
    if len(rows) != total:
        problems.append(f"{len(rows)} jobs enqueued for {total} e-mails")
    if len(done) != total:
        problems.append(f"{total - len(done)} jobs not successful")
    if sent_once != total:
        problems.append(f"{total - sent_once} OutboundEmail rows not sent after one attempt")
    if strangers:
        problems.append(f"{strangers} messages to unknown recipients")
    return {
        "jobs": jobs,
        "burst": burst,
        "workers": workers,
        "commits_per_s": commits_per_s,
        "enqueue_s": enqueue_s,
        "enqueue_per_s": jobs / enqueue_s if enqueue_s else 0.0,
        "drain_s": span,
        "jobs_per_s": len(backlog) / span if span else 0.0,
        "burst_enqueue_per_s": burst / burst_s if burst_s else 0.0,
        "latency_p50_s": latency.p50,
        "latency_p95_s": latency.p95,
        "latency_max_s": max(latency.latencies, default=0.0),
        "worker_cpu_ms_per_job": worker_cpu_s / total * 1000 if total else 0.0,
        "sent": sum(counts.values()),
        "lost": lost,
        "duplicates": duplicates,
        "problems": problems,
    }


def bench_jobs(
    tmp: Path, *, quick: bool, jobs: int | None = None, workers: int = 1
) -> list[dict[str, Any]]:
    """The B11 rows for `python -m bench` (dicts read by `bench.__main__._from_dict`)."""
    from django.db import connection

    n = jobs or (QUICK_JOBS if quick else JOBS)
    f = run_jobs_benchmark(tmp, n, max(1, n // BURST_SHARE), workers=workers)
    stack = "" if connection.vendor == "sqlite" else f", {connection.vendor}"
    for problem in f["problems"]:
        print(f"B11: {problem}")
    intact = f["lost"] == 0 and f["duplicates"] == 0 and not f["problems"]
    return [
        {
            "id": "B11",
            "name": f"{n:,} queued e-mails drained by {workers} db_worker (locmem{stack})",
            "baseline": f"{f['commits_per_s']:,.0f} commits/s",
            "app": (
                f"{f['jobs_per_s']:,.0f} jobs/s · {f['drain_s']:.1f} s · "
                f"worker CPU {f['worker_cpu_ms_per_job']:.1f} ms/job · "
                f"email_send {f['enqueue_per_s']:,.0f}/s · {f['sent']:,} sent, "
                f"{f['lost']} lost, {f['duplicates']} duplicate"
            ),
            "ratio": f"{f['jobs_per_s'] / f['commits_per_s']:.3f}x" if f["commits_per_s"] else "-",
            "checks": [
                {
                    "label": f">= {JOBS_PER_S_TARGET:.0f} jobs/s",
                    "ok": f["jobs_per_s"] >= JOBS_PER_S_TARGET,
                    "enforced": False,
                },
                {"label": "0 lost, 0 duplicate", "ok": intact, "enforced": True},
            ],
            "values": {k: v for k, v in f.items() if k != "problems"},
        },
        {
            "id": "B11",
            "name": f"queue latency, {f['burst']:,} more at half that rate",
            "baseline": "-",
            "app": (
                f"p50 {f['latency_p50_s']:.2f} s · p95 {f['latency_p95_s']:.2f} s · "
                f"max {f['latency_max_s']:.2f} s · offered {f['burst_enqueue_per_s']:,.0f}/s"
            ),
            "ratio": "-",
            "checks": [
                {
                    "label": f"p95 <= {LATENCY_P95_TARGET_S:.0f} s",
                    "ok": f["latency_p95_s"] <= LATENCY_P95_TARGET_S,
                    "enforced": False,
                }
            ],
            "values": {
                "latency_p50_s": f["latency_p50_s"],
                "latency_p95_s": f["latency_p95_s"],
                "latency_max_s": f["latency_max_s"],
                "burst": f["burst"],
                "burst_enqueue_per_s": f["burst_enqueue_per_s"],
            },
        },
    ]


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    from loadtest.__main__ import add_service_arguments

    parser = argparse.ArgumentParser(prog="python -m bench.jobs", description=__doc__)
    parser.add_argument("--jobs", type=int, default=JOBS, help=f"e-mails (default {JOBS:,})")
    parser.add_argument(
        "--workers", type=int, default=1, help="db_worker processes draining the queue (default 1)"
    )
    parser.add_argument(
        "--stack",
        choices=["sqlite", "pg"],
        default="sqlite",
        help="sqlite: a throwaway file (default); pg: a throwaway database on --pg-url",
    )
    add_service_arguments(parser, redis=False)
    parser.add_argument("--worker", metavar="OUTBOX", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _worker_main(Path(args.worker))

    from bench.setup_env import prepare_environment

    signal.signal(signal.SIGTERM, _terminate)
    tmp = prepare_environment()
    rows: list[dict[str, Any]] = []
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, tmp, True)
        if args.stack == "pg":
            from loadtest.__main__ import pg_database, pg_reachable

            reason = pg_reachable(args.pg_url)
            if reason is not None:
                print(f"B11: PostgreSQL at {args.pg_url} is unreachable ({reason})")
                return 0 if args.skip_unreachable else 2
            os.environ["DATABASE_URL"] = stack.enter_context(pg_database(args.pg_url))
        rows = _run_alone(tmp, jobs=args.jobs, workers=args.workers)
    enforced = [c for row in rows for c in row["checks"] if c["enforced"]]
    return 0 if all(c["ok"] for c in enforced) else 1


def _run_alone(tmp: Path, *, jobs: int, workers: int) -> list[dict[str, Any]]:
    """Migrate the throwaway database, run B11 and print its rows."""
    rows: list[dict[str, Any]] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        rows = bench_jobs(tmp, quick=False, jobs=jobs, workers=workers)
        for row in rows:
            print(f"{row['id']}  {row['name']}: {row['app']} (baseline {row['baseline']})")
            for check in row["checks"]:
                print(f"     {check['label']}: {'ok' if check['ok'] else 'MISSED'}")
    finally:
        from django.db import connections

        connections.close_all()
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return rows


if __name__ == "__main__":
    sys.exit(main())
