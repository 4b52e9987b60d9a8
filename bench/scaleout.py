"""B13 (quality.md section 5): B1, B2, B3 and B9 on the scale-out stack, against SQLite.

`python -m bench.scaleout` builds two throwaway installations with the same data and settings
(`loadtest.settings`: the production profile, rate limits off because every client is
127.0.0.1):

- **sqlite**, the default stack: an SQLite file (WAL, `synchronous=FULL`), the per-process
  memory cache;
- **pg**, the scale-out stack: a new PostgreSQL database on `--pg-url` (dropped afterwards) and
  the Redis cache on `--redis-url` (`TERBUKA_CACHE_URL`, sessions `cached_db`; the run's keys
  are deleted afterwards).

Each gets `migrate`, `loaddemo` (Kota Serang, the B1 and B9 pages of `make bench`) and
`terbuka generate` (one synthetic body of 200 units with 10,000 documents: the DIP list and
the search index of B2 and B3), the two installs in parallel subprocesses.

Then, per page, in one subprocess per stack (`--inprocess`): the page called in process
(`config.wsgi.application`, no sockets) interleaved with the bare SQL the same request ran,
replayed on a raw cursor of the same database (B2's baseline), and the bytes the page answered
(for R0).

Served: four gunicorn servers on loopback, started side by side: R0 (`bench.raw_app`, the
PostgreSQL stack's bytes), SQLite with 1 sync worker, PostgreSQL with 1 sync worker and
PostgreSQL with 2 sync workers (one listening socket, the kernel hands each connection to an
idle worker). One closed-loop client process (`--client`: asyncio on raw non-blocking sockets,
no Django, a new connection per request as gunicorn's sync workers close each one) loads each
server in turn for `--seconds` per round, the four alternating round by round, so slow phases
of a shared machine hit each alike. During each load the orchestrator records the machine's
busy share (`/proc/stat`) and the CPU time spent by the servers' workers, by PostgreSQL and by
the client per request, which is what bounds the 1 -> 2 worker scaling on a small machine.

Figures per page: req/s and p50/p95 of each server; the served ratio to R0 on each stack (the
B1/B9 ratio); p95 of PostgreSQL over p95 of SQLite, 1 worker each (target <= 1.5x); req/s with
2 workers over 1 (target >= 1.7x); in process, app p50 over bare SQL p50 on each stack (the
B2/B3 ratio). No budget is enforced except 0 errors; the targets are recorded (quality.md
section 5 gives no floor for B13). `--json PATH` writes every figure.

Run: `python -m bench.scaleout [--quick] [--json PATH]`; `--skip-unreachable` exits 0 when
PostgreSQL does not answer (CI). See bench/README.md, "Scale-out stack (B13)".
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from bench.measure import Sample

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEMO_BODY = "kota-serang"
SYNTH_BODY = "sintetis-001"
# One synthetic body of 200 units (`terbuka generate`: one body per 200 units) holding 10,000
# documents in about 6,600 DIP entries: B2's "a register of 10k documents".
SYNTH_UNITS = 200
SYNTH_DOCUMENTS = 10_000
SYNTH_REQUESTS = 2_000
DEEP_PAGES = 60  # B2's deep page: follow the DIP list's "next" link this many times
CLIENTS = 8  # closed-loop clients, as `make bench`'s served figures
P95_VS_SQLITE_TARGET = 1.5  # quality.md B13: p95 <= 1.5x the SQLite figure
SCALING_TARGET = 1.7  # quality.md B13: throughput >= 1.7x from 1 to 2 workers
REQUEST_TIMEOUT_S = 10.0
READY_TIMEOUT_S = 90.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MEMORY_CACHE = "locmemcache://terbuka-scaleout"  # the default stack's per-process cache


@dataclass(frozen=True)
class Subject:
    """A page measured on every server: its figure id, name and URL."""

    id: str
    name: str
    url: str


@dataclass
class Load:
    """One server's load on one page, merged over rounds, plus the CPU it cost."""

    sample: Sample = field(default_factory=Sample)
    busy_s: float = 0.0  # machine busy CPU-seconds (all cores) during the loads
    wall_s: float = 0.0
    app_cpu_s: float = 0.0  # the server's worker processes
    pg_cpu_s: float = 0.0  # every `postgres` process of the machine
    client_cpu_s: float = 0.0

    def per_request_ms(self, seconds: float) -> float:
        n = len(self.sample.latencies)
        return seconds / n * 1000 if n else 0.0

    @property
    def busy_share(self) -> float:
        """Share of the machine's CPUs busy during the load (1.0 = every core)."""
        cores = os.cpu_count() or 1
        return self.busy_s / (self.wall_s * cores) if self.wall_s else 0.0


# --- The load client (a subprocess without Django) ----------------------------------------------


async def _exchange(port: int, request: bytes) -> bytes:
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setblocking(False)
    try:
        await loop.sock_connect(sock, (HOST, port))
        await loop.sock_sendall(sock, request)
        chunks = []
        while chunk := await loop.sock_recv(sock, 65536):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        sock.close()


async def _load(port: int, url: str, clients: int, seconds: float, max_requests: int) -> Sample:
    from bench.served import _parse, _request

    request = _request(port, url)
    sample = Sample()
    clock = time.perf_counter
    deadline = clock() + seconds
    started = 0

    async def client() -> None:
        nonlocal started
        while clock() < deadline and started < max_requests:
            started += 1
            began = clock()
            try:
                answer = await asyncio.wait_for(_exchange(port, request), REQUEST_TIMEOUT_S)
                ok = _parse(answer)[0] == 200
            except (OSError, ValueError, TimeoutError):
                ok = False
            if ok:
                sample.latencies.append(clock() - began)
            else:
                sample.errors += 1

    began = clock()
    await asyncio.gather(*(client() for _ in range(clients)))
    sample.elapsed = clock() - began
    return sample


def _cpu_self() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _client_main() -> int:
    """Read one JSON job a line on stdin, answer one JSON result a line on stdout."""
    for line in sys.stdin:
        job = json.loads(line)
        cpu = _cpu_self()
        sample = asyncio.run(
            _load(job["port"], job["url"], job["clients"], job["seconds"], job["max_requests"])
        )
        result = {
            "latencies": sample.latencies,
            "errors": sample.errors,
            "elapsed": sample.elapsed,
            "cpu_s": _cpu_self() - cpu,
        }
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()
    return 0


class Client:
    """The client subprocess, driven line by line."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.scaleout", "--client"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def load(
        self, port: int, url: str, *, clients: int, seconds: float, max_requests: int
    ) -> tuple[Sample, float]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        job = {
            "port": port,
            "url": url,
            "clients": clients,
            "seconds": seconds,
            "max_requests": max_requests,
        }
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"B13: the load client exited ({self.process.poll()}).")
        result = json.loads(line)
        sample = Sample(
            latencies=result["latencies"], elapsed=result["elapsed"], errors=result["errors"]
        )
        return sample, float(result["cpu_s"])

    def close(self) -> None:
        if self.process.stdin is not None:
            with suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


# --- CPU accounting from /proc -------------------------------------------------------------------


def _machine_busy() -> float:
    """Busy CPU-seconds of the whole machine so far (all cores; idle and iowait excluded)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    # user nice system idle iowait irq softirq steal (guest is counted in user)
    return (sum(fields[:8]) - idle) / CLOCK_TICKS


def _process_cpu(pid: int) -> float:
    """utime + stime of one process, in seconds (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with suppress(OSError):
                found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _postgres_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError):
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
    return pids


def _cpu_of(pids: list[int]) -> float:
    return sum(_process_cpu(pid) for pid in pids)


# --- Installations -------------------------------------------------------------------------------


def _install_main() -> int:
    """Subprocess: migrate and load the data of one stack (its environment says which)."""
    import io

    import django

    django.setup()
    from django.core.management import call_command

    out = io.StringIO()
    call_command("migrate", verbosity=0, interactive=False, stdout=out)
    call_command("loaddemo", verbosity=0, stdout=out)
    call_command(
        "generate",
        scale="S",
        units=SYNTH_UNITS,
        documents=SYNTH_DOCUMENTS,
        requests=SYNTH_REQUESTS,
        stdout=out,
    )
    return 0


def _subjects() -> list[Subject]:
    """The pages of B13: B1 and B9 as in `make bench`, B2's DIP list (page 1 and a deep keyset
    page) and B3's search (a very common term, two terms)."""
    from bench.__main__ import portal_pages
    from bench.measure import call
    from config.wsgi import application

    subjects = [Subject(page.id, page.name, page.url) for page in portal_pages()]
    dip = f"/informasi/{SYNTH_BODY}/"
    url = dip
    for _ in range(DEEP_PAGES):
        body = call(application, url).body.decode()
        found = re.search(r'href="\?([^"]*setelah=[^"]+)" rel="next"', body)
        if found is None:
            raise SystemExit(f"B13: {url} has no next page; did `generate` run?")
        url = f"{dip}?{found.group(1).replace('&amp;', '&')}"
    subjects += [
        Subject("B2", "DIP list page 1 (10k documents)", dip),
        Subject("B2", f"DIP list page {DEEP_PAGES + 1} (keyset)", url),
        Subject("B3", "search, very common term", "/cari/?q=anggaran"),
        Subject("B3", "search, two terms", "/cari/?q=laporan+keuangan"),
    ]
    return subjects


# psycopg's server-side cursors (`QuerySet.iterator()` on PostgreSQL) log `DECLARE ... FOR
# <query>`; the bare baseline runs the query itself.
_DECLARE = re.compile(r"^\s*DECLARE\s+\S+\s+.*?CURSOR\s+WITH(?:OUT)?\s+HOLD\s+FOR\s+", re.I | re.S)


def bare_sql(statements: list[str]) -> Any:
    """A function running these statements on a raw cursor and fetching every row (the
    statements of server-side cursors as plain queries; FETCH and CLOSE of them skipped)."""
    from django.db import connection

    plain = [
        _DECLARE.sub("", sql)
        for sql in statements
        if not re.match(r"\s*(FETCH|CLOSE|MOVE)\b", sql, re.I)
    ]

    def run() -> None:
        with connection.cursor() as cursor:
            for sql in plain:
                cursor.execute(sql)
                if cursor.description is not None:
                    cursor.fetchall()

    return run


def _inprocess_main(out: Path, rounds: int, per_round: int) -> int:
    """Subprocess: each page in process against its bare SQL on this stack's database."""
    import base64

    import django

    django.setup()
    from bench.__main__ import queries_of
    from bench.measure import call, interleave
    from config.wsgi import application

    results: dict[str, Any] = {"subjects": [], "pages": {}}
    for subject in _subjects():
        response = call(application, subject.url)
        if not response.status.startswith("200"):
            raise SystemExit(f"B13: {subject.url} answered {response.status}.")
        statements = queries_of(application, subject.url)
        samples = interleave(
            {"app": partial(call, application, subject.url), "sql": bare_sql(statements)},
            rounds=rounds,
            per_round=per_round,
        )
        app, sql = samples["app"], samples["sql"]
        results["subjects"].append(subject.__dict__)
        results["pages"][subject.url] = {
            "queries": len(statements),
            "app_p50_s": app.p50,
            "app_p95_s": app.p95,
            "sql_p50_s": sql.p50,
            "status": response.status,
            "headers": response.headers,
            "body": base64.b64encode(response.body).decode(),
        }
    out.write_text(json.dumps(results))
    return 0


# --- The run -------------------------------------------------------------------------------------


def _stack_env(stack: str, tmp: Path, database_url: str, cache_url: str) -> dict[str, str]:
    from loadtest.__main__ import environment

    folder = tmp / stack
    (folder / "static").mkdir(parents=True, exist_ok=True)
    return {**os.environ, **environment(folder, database_url, replica=False, cache_url=cache_url)}


def _run_steps(tmp: Path, what: str, steps: dict[str, tuple[list[str], dict[str, str]]]) -> None:
    """Run `python -m bench.scaleout <args>` for each stack side by side (each in its own process
    group, stopped on the way out however the run ends); fail if one fails."""
    from loadtest.__main__ import process

    with ExitStack() as stack:
        running = {}
        for name, (args, env) in steps.items():
            log = tmp / f"{what}-{name}.log"
            command = [sys.executable, "-m", "bench.scaleout", *args]
            running[name] = (stack.enter_context(process(command, log=log, env=env)), log)
        for name, (proc, log) in running.items():
            if proc.wait() != 0:
                raise SystemExit(f"B13: {what} of {name} failed:\n{log.read_text()[-3000:]}")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    workers: int

    def worker_pids(self) -> list[int]:
        return _children(self.process.pid)


def _servers(stack: ExitStack, tmp: Path, envs: dict[str, dict[str, str]]) -> list[Server]:
    from bench.raw_app import ENV_VAR
    from bench.served import free_port
    from loadtest.__main__ import gunicorn, process, wait_healthy

    plan = [
        ("R0", "pg", 1, "bench.raw_app:application"),
        ("sqlite 1w", "sqlite", 1, None),
        ("pg 1w", "pg", 1, None),
        ("pg 2w", "pg", 2, None),
    ]
    servers: list[tuple[Server, Path]] = []
    for name, stack_name, workers, app in plan:
        port = free_port()
        command = gunicorn(port, workers, tmp)
        env = envs[stack_name]
        if app is not None:
            command[-1] = app
            env = {**env, ENV_VAR: str(tmp / "raw-responses.json")}
        log = tmp / f"gunicorn-{name.replace(' ', '-')}.log"
        proc = stack.enter_context(process(command, log=log, env=env))
        servers.append((Server(name, port, proc, workers), log))
    for server, log in servers:
        if server.name == "R0":
            _wait_raw(server, log)
        else:
            wait_healthy(server.port, server.process, log)
    for server, _log in servers:  # every worker forked and warm before any figure
        deadline = time.monotonic() + READY_TIMEOUT_S
        while len(server.worker_pids()) < server.workers and time.monotonic() < deadline:
            time.sleep(0.1)
    return [server for server, _log in servers]


def _wait_raw(server: Server, log: Path) -> None:
    from bench.served import fetch

    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"B13: R0 exited:\n{log.read_text()[-3000:]}")
        with suppress(OSError):
            fetch(server.port, "/")
            return
        time.sleep(0.1)
    raise SystemExit("B13: R0 did not answer.")


def _measure(
    client: Client,
    servers: list[Server],
    subjects: list[Subject],
    *,
    rounds: int,
    seconds: float,
    clients: int,
    max_requests: int,
) -> dict[str, dict[str, Load]]:
    """Load every server with every page, servers alternating round by round."""
    from bench.served import warm

    loads = {s.url: {server.name: Load() for server in servers} for s in subjects}
    for subject in subjects:
        for server in servers:
            warm(server.port, subject.url, times=10)
    for subject in subjects:
        for r in range(rounds):
            for server in servers if r % 2 == 0 else list(reversed(servers)):
                load = loads[subject.url][server.name]
                workers = server.worker_pids()
                postgres = _postgres_pids()
                app0, pg0, busy0, t0 = (
                    _cpu_of(workers),
                    _cpu_of(postgres),
                    _machine_busy(),
                    time.perf_counter(),
                )
                part, client_cpu = client.load(
                    server.port,
                    subject.url,
                    clients=clients,
                    seconds=seconds,
                    max_requests=max_requests,
                )
                load.wall_s += time.perf_counter() - t0
                load.busy_s += _machine_busy() - busy0
                load.app_cpu_s += _cpu_of(workers) - app0
                load.pg_cpu_s += _cpu_of(postgres) - pg0
                load.client_cpu_s += client_cpu
                load.sample.latencies += part.latencies
                load.sample.elapsed += part.elapsed
                load.sample.errors += part.errors
    return loads


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def scaling_bound(*, app_ms: float, other_ms: float, cores: int | None = None) -> float:
    """The best 1 -> 2 worker scaling this machine allows, from CPU per request.

    Every request costs `app_ms` of a gunicorn worker and `other_ms` of PostgreSQL and the client,
    all on this machine's cores. n workers serve at best min(n / app, cores / (app + other))
    req/s: each is at most one busy core, and together with the rest they cannot use more than
    the machine. On two cores that is 2 * app / (app + other) when one worker could fill a core,
    below 2 by the other processes' share.
    """
    cores = cores or os.cpu_count() or 1
    if app_ms <= 0:
        return 0.0
    one = min(1 / app_ms, cores / (app_ms + other_ms))
    two = min(2 / app_ms, cores / (app_ms + other_ms))
    return two / one


def _figures(
    subjects: list[Subject],
    loads: dict[str, dict[str, Load]],
    inproc: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """One row per page (dicts in the shape `bench.__main__._from_dict` reads)."""
    rows = []
    for subject in subjects:
        by = loads[subject.url]
        r0, lite, pg1, pg2 = by["R0"], by["sqlite 1w"], by["pg 1w"], by["pg 2w"]
        pg_in, lite_in = inproc["pg"][subject.url], inproc["sqlite"][subject.url]
        pg_ratio = pg1.sample.rps / r0.sample.rps if r0.sample.rps else 0.0
        lite_ratio = lite.sample.rps / r0.sample.rps if r0.sample.rps else 0.0
        p95_vs = pg1.sample.p95 / lite.sample.p95 if lite.sample.p95 else 0.0
        scaling = pg2.sample.rps / pg1.sample.rps if pg1.sample.rps else 0.0
        pg_sql = pg_in["app_p50_s"] / pg_in["sql_p50_s"] if pg_in["sql_p50_s"] else 0.0
        lite_sql = lite_in["app_p50_s"] / lite_in["sql_p50_s"] if lite_in["sql_p50_s"] else 0.0
        errors = sum(load.sample.errors for load in by.values())
        per_request_cpu = pg2.per_request_ms(pg2.app_cpu_s + pg2.pg_cpu_s + pg2.client_cpu_s)
        bound = scaling_bound(
            app_ms=pg1.per_request_ms(pg1.app_cpu_s),
            other_ms=pg1.per_request_ms(pg1.pg_cpu_s + pg1.client_cpu_s),
        )
        values = {
            "r0_rps": r0.sample.rps,
            "sqlite_rps": lite.sample.rps,
            "sqlite_p50_s": lite.sample.p50,
            "sqlite_p95_s": lite.sample.p95,
            "pg1_rps": pg1.sample.rps,
            "pg1_p50_s": pg1.sample.p50,
            "pg1_p95_s": pg1.sample.p95,
            "pg2_rps": pg2.sample.rps,
            "pg2_p50_s": pg2.sample.p50,
            "pg2_p95_s": pg2.sample.p95,
            "ratio_pg": pg_ratio,
            "ratio_sqlite": lite_ratio,
            "p95_pg_over_sqlite": p95_vs,
            "scaling_1_to_2": scaling,
            "pg_inprocess_p50_s": pg_in["app_p50_s"],
            "pg_inprocess_p95_s": pg_in["app_p95_s"],
            "pg_sql_p50_s": pg_in["sql_p50_s"],
            "pg_queries": pg_in["queries"],
            "pg_over_sql": pg_sql,
            "sqlite_inprocess_p50_s": lite_in["app_p50_s"],
            "sqlite_sql_p50_s": lite_in["sql_p50_s"],
            "sqlite_over_sql": lite_sql,
            "pg1_busy_share": pg1.busy_share,
            "pg2_busy_share": pg2.busy_share,
            "pg1_app_cpu_ms": pg1.per_request_ms(pg1.app_cpu_s),
            "pg1_pg_cpu_ms": pg1.per_request_ms(pg1.pg_cpu_s),
            "pg1_client_cpu_ms": pg1.per_request_ms(pg1.client_cpu_s),
            "pg2_cpu_per_request_ms": per_request_cpu,
            "scaling_bound": bound,
            "pg1_worker_cores": pg1.app_cpu_s / pg1.wall_s if pg1.wall_s else 0.0,
            "pg2_worker_cores": pg2.app_cpu_s / pg2.wall_s if pg2.wall_s else 0.0,
            "errors": errors,
        }
        rows.append(
            {
                "id": "B13",
                "name": f"{subject.id} {subject.name}",
                "baseline": (
                    f"SQLite 1w {lite.sample.rps:,.0f} req/s p95 {_ms(lite.sample.p95)} "
                    f"({lite_ratio:.3f}x R0, {lite_sql:.1f}x SQL)"
                ),
                "app": (
                    f"PG 1w {pg1.sample.rps:,.0f} req/s p95 {_ms(pg1.sample.p95)} "
                    f"({pg_ratio:.3f}x R0, {pg_sql:.1f}x SQL, {pg_in['queries']} q) · "
                    f"2w {pg2.sample.rps:,.0f} req/s p95 {_ms(pg2.sample.p95)} · "
                    f"busy {pg1.busy_share:.0%}/{pg2.busy_share:.0%}"
                ),
                "ratio": f"p95 {p95_vs:.2f}x · {scaling:.2f}x 1->2w",
                "checks": [
                    {
                        "label": f"p95 <= {P95_VS_SQLITE_TARGET}x SQLite",
                        "ok": p95_vs <= P95_VS_SQLITE_TARGET,
                        "enforced": False,
                    },
                    {
                        "label": f">= {SCALING_TARGET}x from 1 to 2 workers",
                        "ok": scaling >= SCALING_TARGET,
                        "enforced": False,
                    },
                    {"label": "0 errors", "ok": errors == 0, "enforced": True},
                ],
                "values": values,
            }
        )
    return rows


def bench_scaleout(
    *,
    quick: bool = False,
    pg_url: str = "postgres://postgres@127.0.0.1:5432",
    redis_url: str = "redis://127.0.0.1:6379/14",
    clients: int = CLIENTS,
) -> list[dict[str, Any]]:
    """Build both stacks, measure every page, tear everything down; return the B13 rows.

    Needs PostgreSQL (SystemExit otherwise; check `loadtest.__main__.pg_reachable` first) and
    uses Redis when it answers (the memory cache otherwise, said in the rows' names). It does not
    touch the calling process's Django settings: every Django step runs in a subprocess.
    """
    from loadtest.__main__ import pg_database, redis_prefix, redis_reachable

    rounds, seconds = (2, 0.5) if quick else (4, 0.75)
    in_rounds, per_round = (3, 10) if quick else (5, 20)
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="terbuka-scaleout-"))
        stack.callback(shutil.rmtree, tmp, True)
        cache_url = MEMORY_CACHE
        if redis_reachable(redis_url):
            prefix = stack.enter_context(redis_prefix(redis_url))
            cache_url = f"{redis_url}?key_prefix={prefix}"
        envs = {
            "sqlite": _stack_env("sqlite", tmp, f"sqlite:///{tmp / 'b13.sqlite3'}", MEMORY_CACHE),
            "pg": _stack_env("pg", tmp, stack.enter_context(pg_database(pg_url)), cache_url),
        }
        began = time.perf_counter()
        _run_steps(tmp, "install", {name: (["--install"], env) for name, env in envs.items()})
        print(f"B13: both stacks installed in {time.perf_counter() - began:.0f} s.", flush=True)
        inproc: dict[str, dict[str, Any]] = {}
        subjects: list[Subject] = []
        for name, env in envs.items():  # one at a time: each is a timing
            out = tmp / f"inprocess-{name}.json"
            args = ["--inprocess", str(out), "--rounds", str(in_rounds), "--per-round"]
            _run_steps(tmp, "inprocess", {name: ([*args, str(per_round)], env)})
            data = json.loads(out.read_text())
            inproc[name] = data["pages"]
            subjects = [Subject(**s) for s in data["subjects"]]
        _write_raw(tmp / "raw-responses.json", inproc["pg"])
        client = Client({**os.environ})
        stack.callback(client.close)
        servers = _servers(stack, tmp, envs)
        began = time.perf_counter()
        loads = _measure(
            client,
            servers,
            subjects,
            rounds=rounds,
            seconds=seconds,
            clients=clients,
            max_requests=10_000,
        )
        print(f"B13: served figures in {time.perf_counter() - began:.0f} s.", flush=True)
        rows = _figures(subjects, loads, inproc)
        if not cache_url.startswith("redis"):
            for row in rows:
                row["name"] += " (no Redis: memory cache)"
        return rows
    return []


def _write_raw(path: Path, pages: dict[str, dict[str, Any]]) -> None:
    """R0's responses file (`bench.raw_app`): the PostgreSQL stack's bytes for every page."""
    path.write_text(
        json.dumps(
            {
                url: {"status": p["status"], "headers": p["headers"], "body": p["body"]}
                for url, p in pages.items()
            }
        )
    )


def _print(rows: list[dict[str, Any]], clients: int) -> None:
    load = os.getloadavg()
    print(
        f"\nB13: {clients} closed-loop clients (one asyncio process, a new connection per "
        f"request); load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}; "
        f"{os.cpu_count()} CPUs\n"
    )
    header = (
        f"{'page':<38} {'R0':>6} {'SQLite':>7} {'p95':>7} {'PG 1w':>6} {'p95':>7} {'PG 2w':>6} "
        f"{'p95':>7} {'p95 x':>6} {'1->2':>5} {'R0x sq':>7} {'R0x pg':>7} {'SQLx sq':>7} "
        f"{'SQLx pg':>7} {'busy 2w':>7} {'cpu/req':>7} {'cores 1w':>8} {'2w':>5} {'bound':>5}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        v = row["values"]
        print(
            f"{row['name']:<38.38} {v['r0_rps']:>6.0f} {v['sqlite_rps']:>7.0f} "
            f"{v['sqlite_p95_s'] * 1000:>7.1f} {v['pg1_rps']:>6.0f} {v['pg1_p95_s'] * 1000:>7.1f} "
            f"{v['pg2_rps']:>6.0f} {v['pg2_p95_s'] * 1000:>7.1f} {v['p95_pg_over_sqlite']:>6.2f} "
            f"{v['scaling_1_to_2']:>5.2f} {v['ratio_sqlite']:>7.3f} {v['ratio_pg']:>7.3f} "
            f"{v['sqlite_over_sql']:>7.1f} {v['pg_over_sql']:>7.1f} "
            f"{v['pg2_busy_share']:>7.0%} {v['pg2_cpu_per_request_ms']:>7.1f} "
            f"{v['pg1_worker_cores']:>8.2f} {v['pg2_worker_cores']:>5.2f} "
            f"{v['scaling_bound']:>5.2f}"
        )
    print(
        "\nreq/s per server; p95 in ms; p95 x = PG 1w p95 / SQLite 1w p95 (target <= "
        f"{P95_VS_SQLITE_TARGET}); 1->2 = PG 2w req/s / PG 1w req/s (target >= {SCALING_TARGET}); "
        "R0x = req/s / R0 req/s; SQLx = in-process p50 / bare SQL p50 on that stack; busy 2w = "
        "share of the machine's CPUs busy during the 2-worker loads; cpu/req = CPU ms per "
        "request of the 2 workers + PostgreSQL + the client; cores = CPU the PostgreSQL "
        "stack's gunicorn workers used (CPU-seconds per second) with 1 and with 2 workers; "
        "bound = the best 1->2 scaling the CPU allows on an otherwise idle machine of this "
        "size, from the 1-worker CPU per request (scaling_bound)."
    )


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    from loadtest.__main__ import add_service_arguments

    parser = argparse.ArgumentParser(prog="python -m bench.scaleout", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    parser.add_argument("--clients", type=int, default=CLIENTS, help="closed-loop clients")
    add_service_arguments(parser)
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    parser.add_argument("--client", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--install", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--inprocess", metavar="OUT", help=argparse.SUPPRESS)
    parser.add_argument("--rounds", type=int, default=5, help=argparse.SUPPRESS)
    parser.add_argument("--per-round", type=int, default=20, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.client:
        return _client_main()
    if args.install:
        return _install_main()
    if args.inprocess:
        return _inprocess_main(Path(args.inprocess), args.rounds, args.per_round)

    from loadtest.__main__ import pg_reachable

    reason = pg_reachable(args.pg_url)
    if reason is not None:
        print(f"B13: PostgreSQL at {args.pg_url} is unreachable ({reason})", file=sys.stderr)
        return 0 if args.skip_unreachable else 2
    signal.signal(signal.SIGTERM, _terminate)
    began = time.perf_counter()
    rows = bench_scaleout(
        quick=args.quick, pg_url=args.pg_url, redis_url=args.redis_url, clients=args.clients
    )
    _print(rows, args.clients)
    if args.json:
        _write_json(Path(args.json), rows, vars(args))
    print(f"B13: total {time.perf_counter() - began:.0f} s.")
    failed = [c for row in rows for c in row["checks"] if c["enforced"] and not c["ok"]]
    return 1 if failed else 0


def _write_json(path: Path, rows: list[dict[str, Any]], options: dict[str, Any]) -> None:
    import datetime
    import platform

    data = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average": list(os.getloadavg()),
        },
        "options": {k: v for k, v in options.items() if k not in {"client", "install"}},
        "figures": rows,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"B13: results written to {path}.")


if __name__ == "__main__":
    sys.exit(main())
