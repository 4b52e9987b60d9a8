"""B12 (quality.md section 5): the memory and start-up cost of one gunicorn sync worker.

One `gunicorn config.wsgi:application` with one sync worker (the same `bench.served.serving`
as the B1 figures: production settings, the benchmark's database) serves a read mix in turn:
the home page, a kelurahan's unit page, a search (`/cari/?q=...`) and the API unit list (50
items), 4 concurrent clients on new connections, until 10,000 requests (2,000 with `--quick`)
have been answered. Measured:
- cold start: from starting the gunicorn process to its first answer to `/` (master start,
  worker fork, `django.setup()`, the URLconf, the first page's templates and queries), read at
  a 0.1 s polling step;
- the worker's RSS (`VmRSS` in `/proc/<pid>/status`) after a warm-up of 50 requests of each
  page, and after the run; the worker must be the same process (no restart in between).

Budgets: RSS <= 150 MB after the run and growth <= 10% over the run, 0 errors (enforced); cold
start <= 2 s (recorded: on a shared machine it is mostly the load of the others).

Run alone with `python -m bench.footprint [--requests N]` (throwaway SQLite, migrated, demo).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from bench.measure import Sample

REQUESTS = 10_000
QUICK_REQUESTS = 2_000
WARMUP_PER_PAGE = 50
CHUNK = 250  # requests of one page before the next page of the mix
CLIENTS = 4
RSS_BUDGET_MB = 150.0
GROWTH_BUDGET = 0.10
COLD_START_TARGET_S = 2.0
SEARCH_QUERY = "informasi publik"
# Search is rate-limited per IP (120/min by default) and every request here comes from
# 127.0.0.1: the limit is raised, not switched off, so each search still counts its request.
SERVER_ENV = {"TERBUKA_RATE_LIMIT_SEARCH": "1000000/m/ip,1000000/m/account"}


def read_mix() -> list[tuple[str, str]]:
    """The pages of the mix as (name, URL)."""
    from terbuka.bodies.models import Unit

    kelurahan = Unit.objects.filter(body__slug="kota-serang", kind=Unit.Kind.KELURAHAN).first()
    if kelurahan is None:
        raise SystemExit("The demo has no kelurahan: did loaddemo run?")
    return [
        ("home", "/"),
        ("unit page", f"/b/kota-serang/unit/{kelurahan.slug}/"),
        ("search", "/cari/?q=" + SEARCH_QUERY.replace(" ", "+")),
        ("API unit list", "/api/v1/bodies/kota-serang/units?limit=50"),
    ]


def worker_pid(master: int) -> int:
    """The pid of the master's only child (the sync worker)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise SystemExit(f"B12: gunicorn master {master} has {len(children)} workers, not 1.")
    return int(children[0])


def rss_mb(pid: int) -> float:
    """The resident set size of a process (VmRSS), in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise SystemExit(f"B12: no VmRSS for process {pid}.")


def run_footprint(tmp: Path, requests: int) -> dict[str, Any]:
    """Start one worker, warm it up, serve `requests` of the mix; return the figures."""
    from bench.served import fetch, load, serving

    mix = read_mix()
    sample = Sample()
    began = time.perf_counter()
    with serving("config.wsgi:application", name="footprint", tmp=tmp, env=SERVER_ENV) as server:
        cold_s = time.perf_counter() - began
        first_status, _body = fetch(server.port, "/")
        pid = worker_pid(server.process.pid)
        for _name, url in mix:
            for _ in range(WARMUP_PER_PAGE):
                status, _body = fetch(server.port, url)
                if status != 200:
                    raise SystemExit(f"B12: {url} answered {status}; the benchmark needs 200.")
        rss_warm = rss_mb(pid)
        served = 0
        while served < requests:
            for _name, url in mix:
                n = min(CHUNK, requests - served)
                if n <= 0:
                    break
                part = load(server.port, url, clients=CLIENTS, seconds=600.0, max_requests=n)
                sample.latencies += part.latencies
                sample.elapsed += part.elapsed
                sample.errors += part.errors
                served += n
        rss_after = rss_mb(pid)
        same_worker = worker_pid(server.process.pid) == pid
    return {
        "requests": requests,
        "cold_start_s": cold_s,
        "first_status": first_status,
        "rss_warm_mb": rss_warm,
        "rss_after_mb": rss_after,
        "growth": (rss_after - rss_warm) / rss_warm if rss_warm else 0.0,
        "rps": sample.rps,
        "p50_s": sample.p50,
        "p95_s": sample.p95,
        "errors": sample.errors,
        "same_worker": same_worker,
    }


def bench_footprint(tmp: Path, *, quick: bool, requests: int | None = None) -> list[dict[str, Any]]:
    """The B12 rows for `python -m bench` (dicts read by `bench.__main__._from_dict`)."""
    n = requests or (QUICK_REQUESTS if quick else REQUESTS)
    f = run_footprint(tmp, n)
    values = {k: float(v) for k, v in f.items()}
    return [
        {
            "id": "B12",
            "name": f"1 sync worker, {n:,} requests (home, unit, search, API list)",
            "baseline": f"RSS {f['rss_warm_mb']:.1f} MB after warm-up",
            "app": (
                f"RSS {f['rss_after_mb']:.1f} MB ({f['growth'] * 100:+.1f}%) · "
                f"{f['rps']:,.0f} req/s · p95 {f['p95_s'] * 1000:.1f} ms · {f['errors']} errors"
            ),
            "ratio": f"{f['rss_after_mb'] / f['rss_warm_mb']:.3f}x" if f["rss_warm_mb"] else "-",
            "checks": [
                {
                    "label": f"RSS <= {RSS_BUDGET_MB:.0f} MB",
                    "ok": f["rss_after_mb"] <= RSS_BUDGET_MB,
                    "enforced": True,
                },
                {
                    "label": f"growth <= {GROWTH_BUDGET * 100:.0f}%",
                    "ok": f["growth"] <= GROWTH_BUDGET,
                    "enforced": True,
                },
                {
                    "label": "0 errors, same worker",
                    "ok": f["errors"] == 0 and bool(f["same_worker"]),
                    "enforced": True,
                },
            ],
            "values": values,
        },
        {
            "id": "B12",
            "name": "cold start: gunicorn process start -> first 200 of /",
            "baseline": "-",
            "app": f"{f['cold_start_s']:.2f} s",
            "ratio": "-",
            "checks": [
                {
                    "label": f"<= {COLD_START_TARGET_S:.0f} s",
                    "ok": f["cold_start_s"] <= COLD_START_TARGET_S,
                    "enforced": False,
                },
                {"label": "200", "ok": f["first_status"] == 200, "enforced": True},
            ],
            "values": {"cold_start_s": f["cold_start_s"]},
        },
    ]


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    import io

    parser = argparse.ArgumentParser(prog="python -m bench.footprint", description=__doc__)
    parser.add_argument("--requests", type=int, default=REQUESTS, help="requests of the mix")
    args = parser.parse_args(argv)
    from bench.setup_env import prepare_environment

    signal.signal(signal.SIGTERM, _terminate)
    tmp = prepare_environment()
    rows: list[dict[str, Any]] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddemo", verbosity=0, stdout=io.StringIO())
        call_command("collectstatic", verbosity=0, interactive=False)
        rows = bench_footprint(tmp, quick=False, requests=args.requests)
        for row in rows:
            print(f"{row['id']}  {row['name']}: {row['app']} (baseline {row['baseline']})")
            for check in row["checks"]:
                print(f"     {check['label']}: {'ok' if check['ok'] else 'MISSED'}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    enforced = [c for row in rows for c in row["checks"] if c["enforced"]]
    return 0 if rows and all(c["ok"] for c in enforced) else 1


if __name__ == "__main__":
    sys.exit(main())
