"""`python -m bench` (`make bench`): each figure as a ratio to a baseline measured in the same run.

See bench/README.md for what every figure means and why its budget is what it is.
"""

from __future__ import annotations

import argparse
import io
import platform
import re
import shutil
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

from bench.measure import Sample
from bench.setup_env import prepare_environment

# quality.md section 5, B1: portal pages >= 0.25x served R0 (target) with p95 <= 50 ms and at
# most 8 SQL queries. B2: a list page at most 5x the bare SQL behind it, p95 <= 100 ms.
B1_RATIO_TARGET = 0.25
B1_P95_MS = 50.0
B1_MAX_QUERIES = 8
# Enforced floors of the served ratio (page req/s / R0 req/s): about half of what healthy runs
# measure on the 2-vCPU development machine (home 0.022x, unit page 0.034x, unit list 0.027x,
# calculator 0.066x), so only a real regression fails. See bench/README.md.
B1_SERVED_FLOORS = {"home": 0.010, "unit": 0.015, "list": 0.012, "calculator": 0.030}
# Served load: concurrent clients, and a cap on the requests of one subject in one round (the
# round's duration stops it first on a normal run).
SERVED_CLIENTS = 8
SERVED_MAX_REQUESTS = 10_000
# B9: the JSON API, a list of 50 units and a unit's detail, >= 0.25x served R0 (target) with
# p95 <= 50 ms and at most 5 queries (enforced, in process). Enforced served floors at about
# half of what runs here measure (list 0.067-0.099x, detail 0.087-0.106x). See bench/README.md.
B9_RATIO_TARGET = 0.25
B9_P95_MS = 50.0
B9_MAX_QUERIES = 5
B9_SERVED_FLOORS = {"list": 0.040, "detail": 0.045}
SCALE_RATIO_TARGET = 5.0
SCALE_RATIO_FAIL = 20.0
SCALE_P95_MS = 100.0


@dataclass
class Check:
    label: str
    ok: bool
    enforced: bool


@dataclass
class Figure:
    id: str
    name: str
    baseline: str
    app: str
    ratio: str
    checks: list[Check] = field(default_factory=list)
    # Raw numbers behind the text columns (req/s, seconds, MB ...), for the --json file.
    values: dict[str, float] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return any(not c.ok and c.enforced for c in self.checks)

    @property
    def result(self) -> str:
        if self.failed:
            return "FAIL"
        if any(not c.ok for c in self.checks):
            return "pass (below target)"
        return "pass" if self.checks else "recorded"

    @property
    def budget(self) -> str:
        return "; ".join(
            f"{c.label}{'' if c.ok else ' ✗'}{'' if c.enforced else ' (target)'}"
            for c in self.checks
        )


def ms(seconds: float) -> str:
    if seconds < 0.001:
        return f"{seconds * 1_000_000:.1f} µs"
    return f"{seconds * 1000:.2f} ms"


def setup(*, scale: bool) -> dict[str, Any]:
    """Create the throwaway installation: migrate, demo, static files, the 100k-unit body."""
    tmp = prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddemo", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", verbosity=0, interactive=False)
    info: dict[str, Any] = {"tmp": tmp, "setup_s": time.perf_counter() - started}
    if scale:
        from bench.scale import load_scale_body, scale_unit_count

        started = time.perf_counter()
        body = load_scale_body()
        info["scale_s"] = time.perf_counter() - started
        info["scale_units"] = scale_unit_count(body)
        info["scale_body"] = body.slug
    return info


def queries_of(app: Any, url: str) -> list[str]:
    """Return the SQL statements one request to `url` runs (with parameters inlined)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bench.measure import call

    with CaptureQueriesContext(connection) as captured:
        response = call(app, url)
    if not response.status.startswith("200"):
        raise SystemExit(f"{url} answered {response.status}; the benchmark needs a 200.")
    return [q["sql"] for q in captured.captured_queries]


def bare_sql(statements: list[str]) -> Callable[[], object]:
    """Return a function running these statements on a raw cursor and fetching every row."""
    from django.db import connection

    def run() -> object:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        return None

    return run


@dataclass(frozen=True)
class Page:
    """A page of the served and in-process figures: its figure id and its budgets."""

    id: str
    name: str
    url: str
    floor: float  # enforced floor of the served ratio (page req/s / R0 req/s)
    target: float = B1_RATIO_TARGET
    p95_ms: float = B1_P95_MS
    max_queries: int = B1_MAX_QUERIES


def portal_pages() -> list[Page]:
    """Return the B1 pages (portal, HTML) and the B9 ones (JSON API), home first."""
    from terbuka.bodies.models import Unit

    kelurahan = Unit.objects.filter(body__slug="kota-serang", kind=Unit.Kind.KELURAHAN).first()
    if kelurahan is None:
        raise SystemExit("The demo has no kelurahan: did loaddemo run?")
    api = "/api/v1/bodies/kota-serang/units"

    def b9(name: str, url: str, floor: float) -> Page:
        return Page("B9", name, url, floor, B9_RATIO_TARGET, B9_P95_MS, B9_MAX_QUERIES)

    return [
        Page("B1", "home /", "/", B1_SERVED_FLOORS["home"]),
        Page("B1", "unit page", f"/b/kota-serang/unit/{kelurahan.slug}/", B1_SERVED_FLOORS["unit"]),
        Page("B1", "unit list", "/b/kota-serang/unit/", B1_SERVED_FLOORS["list"]),
        Page("B1", "calculator /kalender/", "/kalender/", B1_SERVED_FLOORS["calculator"]),
        b9("API unit list (50)", f"{api}?limit=50", B9_SERVED_FLOORS["list"]),
        b9("API unit detail", f"{api}/{kelurahan.slug}", B9_SERVED_FLOORS["detail"]),
    ]


def _static_url(home: bytes) -> str:
    """Return the hashed URL of the stylesheet the home page links to."""
    match = re.search(rb'href="(/static/css/terbuka\.[0-9a-f]+\.css)"', home)
    if match is None:
        raise SystemExit("The home page links no hashed stylesheet: did collectstatic run?")
    return match.group(1).decode()


def _kb(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} B"


def _served_values(sample: Sample) -> dict[str, float]:
    return {"rps": sample.rps, "p50_s": sample.p50, "p95_s": sample.p95, "errors": sample.errors}


def bench_served(
    app: Any, tmp: Path, *, rounds: int, seconds: float, clients: int, max_requests: int
) -> list[Figure]:
    """B0/B1 served: each page from gunicorn against R0 serving the same bytes (both loopback,
    one sync worker each), interleaved round by round."""
    from bench.measure import call
    from bench.raw_app import ENV_VAR
    from bench.served import interleave_served, serving, warm, write_responses

    pages = portal_pages()
    captured = {page.url: call(app, page.url) for page in pages}
    for url, response in captured.items():
        if not response.status.startswith("200"):
            raise SystemExit(f"{url} answered {response.status}; the benchmark needs a 200.")
    static = _static_url(captured["/"].body)
    captured[static] = call(app, static)
    raw_file = tmp / "raw-responses.json"
    write_responses(raw_file, captured)

    def run(port_app: int, port_raw: int, url: str) -> tuple[Sample, Sample]:
        samples = interleave_served(
            {"app": (port_app, url), "raw": (port_raw, url)},
            rounds=rounds,
            seconds=seconds,
            clients=clients,
            max_requests=max_requests,
        )
        return samples["app"], samples["raw"]

    figures: list[Figure] = []
    with (
        serving("config.wsgi:application", name="app", tmp=tmp) as django_server,
        serving(
            "bench.raw_app:application", name="raw", tmp=tmp, env={ENV_VAR: str(raw_file)}
        ) as raw_server,
    ):
        for url in captured:
            warm(django_server.port, url)
            warm(raw_server.port, url)
        for page in pages:
            url, floor = page.url, page.floor
            a, r = run(django_server.port, raw_server.port, url)
            ratio = a.rps / r.rps if r.rps else 0.0
            if not figures:
                figures.append(
                    Figure(
                        "B0",
                        f"R0 served ({_kb(len(captured[url].body))} home bytes)",
                        "-",
                        f"{r.rps:,.0f} req/s · p50 {ms(r.p50)} · p95 {ms(r.p95)}",
                        "1",
                        [Check("0 errors", r.errors == 0, enforced=True)],
                        values=_served_values(r),
                    )
                )
            figures.append(
                Figure(
                    page.id,
                    f"{page.name} served ({_kb(len(captured[url].body))})",
                    f"R0 {r.rps:,.0f} req/s",
                    f"{a.rps:,.0f} req/s · p50 {ms(a.p50)} · p95 {ms(a.p95)}",
                    f"{ratio:.3f}x",
                    [
                        Check(f">= {page.target}x R0", ratio >= page.target, False),
                        Check(f"fail < {floor:.3f}x", ratio >= floor, enforced=True),
                        Check("0 errors", a.errors + r.errors == 0, enforced=True),
                    ],
                    values={**_served_values(a), "r0_rps": r.rps, "ratio": ratio},
                )
            )
        a, r = run(django_server.port, raw_server.port, static)
        ratio = a.rps / r.rps if r.rps else 0.0
        figures.insert(
            1,
            Figure(
                "B0",
                f"static CSS via WhiteNoise ({_kb(len(captured[static].body))})",
                f"R0 {r.rps:,.0f} req/s",
                f"{a.rps:,.0f} req/s · p50 {ms(a.p50)} · p95 {ms(a.p95)}",
                f"{ratio:.3f}x",
                [Check("0 errors", a.errors + r.errors == 0, enforced=True)],
            ),
        )
    return figures


def bench_pages(app: Any, *, rounds: int, per_round: int) -> list[Figure]:
    """B1 in-process: the same pages called as WSGI callables (no sockets), for the absolute
    budgets (p95, SQL queries) and for profiling without network noise."""
    from bench.measure import call, interleave

    figures: list[Figure] = []
    pages = portal_pages()
    samples = interleave(
        {page.url: partial(call, app, page.url) for page in pages},
        rounds=rounds,
        per_round=per_round,
    )
    for page in pages:
        n_queries = len(queries_of(app, page.url))
        a = samples[page.url]
        figures.append(
            Figure(
                page.id,
                f"{page.name} in-process",
                "-",
                f"{a.rps:,.0f} calls/s · p50 {ms(a.p50)} · p95 {ms(a.p95)} · {n_queries} q",
                "-",
                [
                    Check(f"p95 <= {page.p95_ms:.0f} ms", a.p95 * 1000 <= page.p95_ms, True),
                    Check(
                        f"<= {page.max_queries} queries",
                        n_queries <= page.max_queries,
                        enforced=True,
                    ),
                ],
                values={**_served_values(a), "queries": n_queries},
            )
        )
    return figures


def bench_scale(app: Any, body_slug: str, *, rounds: int, per_round: int) -> list[Figure]:
    """Scale N: pages of the 100,000-unit body against the same page of the 104-unit demo
    (pages that must not grow with the number of units) or against the bare SQL behind them
    (list pages, whose cost is the query)."""
    from bench.measure import call, interleave
    from terbuka.bodies.models import Unit

    kecamatan = Unit.objects.filter(body__slug="kota-serang", kind=Unit.Kind.KECAMATAN).first()
    if kecamatan is None:
        raise SystemExit("The demo has no kecamatan: did loaddemo run?")
    same_page = [
        ("body page", f"/b/{body_slug}/", "/b/kota-serang/", 2.0, 10.0),
        (
            "unit page (kecamatan)",
            f"/b/{body_slug}/unit/kecamatan-500/",
            f"/b/kota-serang/unit/{kecamatan.slug}/",
            1.5,
            5.0,
        ),
    ]
    list_pages = [
        ("unit list page 1", f"/b/{body_slug}/unit/"),
        ("unit list page 1000", f"/b/{body_slug}/unit/?page=1000"),
        ("unit search q=Skala 123", f"/b/{body_slug}/unit/?q=Skala+123"),
        ("API units page 1", f"/api/v1/bodies/{body_slug}/units"),
    ]
    figures: list[Figure] = []
    for name, url, small_url, target, fail in same_page:
        n_queries = len(queries_of(app, url))
        samples = interleave(
            {"app": partial(call, app, url), "small": partial(call, app, small_url)},
            rounds=rounds,
            per_round=per_round,
        )
        a, b = samples["app"], samples["small"]
        ratio = a.p50 / b.p50 if b.p50 else 0.0
        figures.append(
            Figure(
                "N",
                f"{name} @100k",
                f"demo body p50 {ms(b.p50)}",
                f"p50 {ms(a.p50)} · p95 {ms(a.p95)} · {n_queries} q",
                f"{ratio:.1f}x",
                [
                    Check(f"<= {target}x demo", ratio <= target, enforced=False),
                    Check(f"fail > {fail:.0f}x", ratio <= fail, enforced=True),
                    Check(f"<= {B1_MAX_QUERIES} queries", n_queries <= B1_MAX_QUERIES, True),
                ],
            )
        )
    for name, url in list_pages:
        statements = queries_of(app, url)
        samples = interleave(
            {"app": partial(call, app, url), "sql": bare_sql(statements)},
            rounds=rounds,
            per_round=per_round,
        )
        a, s = samples["app"], samples["sql"]
        ratio = a.p50 / s.p50 if s.p50 else 0.0
        figures.append(
            Figure(
                "N",
                f"{name} @100k",
                f"SQL p50 {ms(s.p50)} ({len(statements)} q)",
                f"p50 {ms(a.p50)} · p95 {ms(a.p95)}",
                f"{ratio:.1f}x",
                [
                    Check(f"<= {SCALE_RATIO_TARGET:.0f}x SQL", ratio <= SCALE_RATIO_TARGET, False),
                    Check(f"fail > {SCALE_RATIO_FAIL:.0f}x", ratio <= SCALE_RATIO_FAIL, True),
                    Check(f"p95 <= {SCALE_P95_MS:.0f} ms", a.p95 * 1000 <= SCALE_P95_MS, False),
                ],
            )
        )
    return figures


# Issue 3, quality.md section 5. B4: a request page with 500 events <= 5x its bare SQL, p95
# <= 150 ms (targets). B5: >= 100 submissions/s with 32 clients, p95 <= 250 ms (targets), 0
# errors and gap-free numbers (enforced); the inbox is a list page (B2: 5x, p95 100 ms). The
# enforced ceilings sit well above a healthy run here, so only a real regression fails; the
# first measured figures are in bench/README.md.
INBOX_TARGET, INBOX_FAIL, INBOX_P95_MS = 5.0, 20.0, 100.0
PAGE_TARGET, PAGE_FAIL, PAGE_P95_MS = 5.0, 250.0, 150.0
SUBMIT_PER_S, SUBMIT_P95_MS, SUBMIT_RATIO_FLOOR = 100.0, 250.0, 0.005
REQUEST_MAX_QUERIES = 30


def _sql_figure(
    app: Any,
    fid: str,
    name: str,
    url: str,
    cookie: str,
    *,
    rounds: int,
    per_round: int,
    budget: tuple[float, float, float],
) -> Figure:
    from bench.measure import interleave
    from bench.requests import call_as, queries_as

    target, fail, p95_ms = budget
    statements = queries_as(app, url, cookie)
    samples = interleave(
        {
            "app": partial(call_as, app, url, cookie=cookie),
            "sql": bare_sql(statements),
        },
        rounds=rounds,
        per_round=per_round,
    )
    a, s = samples["app"], samples["sql"]
    ratio = a.p50 / s.p50 if s.p50 else 0.0
    return Figure(
        fid,
        name,
        f"SQL p50 {ms(s.p50)} ({len(statements)} q)",
        f"p50 {ms(a.p50)} · p95 {ms(a.p95)}",
        f"{ratio:.1f}x",
        [
            Check(f"<= {target:.0f}x SQL", ratio <= target, enforced=False),
            Check(f"p95 <= {p95_ms:.0f} ms", a.p95 * 1000 <= p95_ms, enforced=False),
            Check(f"fail > {fail:.0f}x", ratio <= fail, enforced=True),
            Check(
                f"<= {REQUEST_MAX_QUERIES} queries",
                len(statements) <= REQUEST_MAX_QUERIES,
                enforced=True,
            ),
        ],
    )


def bench_requests(app: Any, *, rounds: int, per_round: int, per_client: int) -> list[Figure]:
    """Issue 3: B5 submissions with 32 clients, B5 the inbox with 100,000 requests, B4 a request
    page with 500 events; each against bare SQL in the same run."""
    from bench.requests import (
        INBOX_REQUESTS,
        PAGE_EVENTS,
        SUBMIT_CLIENTS,
        bench_submissions,
        load_inbox_requests,
        request_with_events,
        session_cookie,
    )

    figures: list[Figure] = []
    a, s, problems = bench_submissions(app, per_client=per_client)
    ratio = a.rps / s.rps if s.rps else 0.0
    figures.append(
        Figure(
            "B5",
            f"submissions, {SUBMIT_CLIENTS} concurrent API clients",
            f"bare SQL {s.rps:,.0f}/s",
            f"{a.rps:,.0f}/s · p50 {ms(a.p50)} · p95 {ms(a.p95)} · {a.errors} errors",
            f"{ratio:.3f}x",
            [
                Check(f">= {SUBMIT_PER_S:.0f}/s", a.rps >= SUBMIT_PER_S, enforced=False),
                Check(f"p95 <= {SUBMIT_P95_MS:.0f} ms", a.p95 * 1000 <= SUBMIT_P95_MS, False),
                Check("0 errors", a.errors == 0 and s.errors == 0, enforced=True),
                Check("gap-free, unique numbers", not problems, enforced=True),
                Check(f"fail < {SUBMIT_RATIO_FLOOR}x", ratio >= SUBMIT_RATIO_FLOOR, True),
            ],
        )
    )
    for problem in problems:
        print(f"B5 submissions: {problem}")

    started = time.perf_counter()
    load_inbox_requests()
    print(f"{INBOX_REQUESTS:,} requests bulk-inserted in {time.perf_counter() - started:.1f} s.")
    utama = session_cookie("ppid-utama@demo.test")
    dinkes = session_cookie("pelaksana-dinkes@demo.test")
    from terbuka.inforequests.models import InformationRequest

    middle = InformationRequest.objects.order_by("-received_at", "-pk")[INBOX_REQUESTS // 2]
    cursor = f"{middle.received_at.isoformat()}~{middle.pk}".replace("+", "%2B")
    for name, url, cookie in (
        ("inbox page 1 (PPID Utama)", "/kantor/permohonan/", utama),
        ("inbox deep keyset page", f"/kantor/permohonan/?sesudah={cursor}", utama),
        ("inbox of a unit (Dinkes)", "/kantor/permohonan/", dinkes),
    ):
        figures.append(
            _sql_figure(
                app,
                "B5",
                f"{name} @100k",
                url,
                cookie,
                rounds=rounds,
                per_round=per_round,
                budget=(INBOX_TARGET, INBOX_FAIL, INBOX_P95_MS),
            )
        )

    request = request_with_events()
    citizen = session_cookie("warga@demo.test")
    for name, url, cookie in (
        ("request page, citizen", f"/permohonan/{request.pk}/", citizen),
        ("request page, officer", f"/kantor/permohonan/{request.pk}/", utama),
    ):
        figures.append(
            _sql_figure(
                app,
                "B4",
                f"{name} ({PAGE_EVENTS} events)",
                url,
                cookie,
                rounds=rounds,
                per_round=per_round,
                budget=(PAGE_TARGET, PAGE_FAIL, PAGE_P95_MS),
            )
        )
    return figures


def _from_dict(row: dict[str, Any]) -> Figure:
    """A figure reported by `bench/search.py` or `bench/safety.py` as a plain dict: one
    enforced budget (`budget`, `ok`), or a list of `checks` ({label, ok, enforced}); optional
    `values` (raw numbers for the --json file)."""
    if "checks" in row:
        checks = [Check(str(c["label"]), bool(c["ok"]), bool(c["enforced"])) for c in row["checks"]]
    else:
        checks = [Check(str(row["budget"]), bool(row["ok"]), enforced=True)]
    values = row.get("values") or {}
    return Figure(
        id=str(row["id"]),
        name=str(row["name"]),
        baseline=str(row["baseline"]),
        app=str(row["app"]),
        ratio=str(row["ratio"]),
        checks=checks,
        values={str(k): float(v) for k, v in values.items() if isinstance(v, int | float)},
    )


def _postgres_version() -> str | None:
    """The server version of the local PostgreSQL (quality.md's scale-out stack), if it answers."""
    try:
        import psycopg

        with psycopg.connect(
            "host=127.0.0.1 port=5432 user=postgres dbname=postgres", connect_timeout=2
        ) as conn:
            row = conn.execute("SHOW server_version").fetchone()
    except Exception:  # any failure only means "not recorded"
        return None
    return str(row[0]) if row else None


def write_json(path: Path, figures: list[Figure], options: dict[str, Any]) -> None:
    """Write every figure and the machine it ran on as JSON (`--json`; see bench/README.md)."""
    import datetime
    import json
    import os

    import django
    from django.db import connection

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    data = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu_count": os.cpu_count(),
            "platform": platform.platform(),
            "machine": platform.machine(),
            "python": platform.python_version(),
            "django": django.get_version(),
            "database": connection.vendor,
            "sqlite": sqlite3.sqlite_version,
            "postgresql": _postgres_version(),
            "load_average": list(load) if load else None,
        },
        "options": options,
        "failed": sum(1 for f in figures if f.failed),
        "figures": [
            {
                "id": f.id,
                "name": f.name,
                "baseline": f.baseline,
                "app": f.app,
                "ratio": f.ratio,
                "budget": f.budget,
                "result": f.result,
                "checks": [
                    {"label": c.label, "ok": c.ok, "enforced": c.enforced} for c in f.checks
                ],
                "values": f.values,
            }
            for f in figures
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"\nResults written to {path}.")


def json_path(value: str | None) -> Path | None:
    """`--json PATH`, or `var/bench/results-<date>.json` under the checkout for a bare `--json`."""
    if value is None:
        return None
    if value == "":
        import datetime

        root = Path(__file__).resolve().parent.parent
        return (
            root
            / "var"
            / "bench"
            / f"results-{datetime.datetime.now(datetime.UTC).date().isoformat()}.json"
        )
    return Path(value)


def print_table(figures: list[Figure]) -> None:
    headers = ("id", "figure", "baseline", "app", "ratio", "budget", "result")
    rows = [(f.id, f.name, f.baseline, f.app, f.ratio, f.budget, f.result) for f in figures]
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print(line)
    for row in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks stop the servers and remove files."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds (a smoke run)")
    parser.add_argument("--no-scale", action="store_true", help="skip the 100,000-unit figures")
    parser.add_argument(
        "--no-served", action="store_true", help="skip the gunicorn figures (in-process only)"
    )
    parser.add_argument(
        "--no-requests", action="store_true", help="skip the information-request figures"
    )
    parser.add_argument("--no-search", action="store_true", help="skip the search figures")
    parser.add_argument("--no-safety", action="store_true", help="skip the safety-scan figures")
    parser.add_argument("--no-budget", action="store_true", help="skip the budget figures")
    parser.add_argument("--no-monev", action="store_true", help="skip the monev figures")
    parser.add_argument(
        "--no-opendata", action="store_true", help="skip the open-data export figure"
    )
    parser.add_argument(
        "--no-reports", action="store_true", help="skip the statistics figures (B7)"
    )
    parser.add_argument("--no-jobs", action="store_true", help="skip the e-mail queue (B11)")
    parser.add_argument(
        "--no-footprint", action="store_true", help="skip the worker footprint (B12)"
    )
    parser.add_argument(
        "--no-scaleout",
        action="store_true",
        help="skip B13, PostgreSQL + Redis with 1 and 2 workers (8-13 min; skipped without PG)",
    )
    parser.add_argument(
        "--scale",
        choices=("S", "N"),
        default="S",
        help="data scale of the bulk figures (quality.md section 5): S (default) or N",
    )
    parser.add_argument("--no-dip", action="store_true", help="skip the DIP register list (B2)")
    parser.add_argument(
        "--no-pageweight", action="store_true", help="skip the public pages' weight (PW)"
    )
    parser.add_argument(
        "--no-deadlines", action="store_true", help="skip the deadline recompute (B6)"
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        default=None,
        metavar="PATH",
        help="also write every figure as JSON (default path var/bench/results-<date>.json)",
    )
    parser.add_argument(
        "--report-requests",
        type=int,
        default=None,
        help="synthetic requests for the statistics (default 400,000; 200,000 with --quick)",
    )
    parser.add_argument(
        "--monev-participants",
        type=int,
        default=None,
        help="participants scored and ranked (default 100,000; 5,000 with --quick)",
    )
    parser.add_argument(
        "--search-documents",
        type=int,
        default=None,
        help="documents in the search index (default 1,000,000; 100,000 with --quick)",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)

    began = time.perf_counter()
    info = setup(scale=not args.no_scale)
    try:
        failed = run(
            info,
            quick=args.quick,
            scale=not args.no_scale,
            served=not args.no_served,
            requests=not args.no_requests,
            search=not args.no_search,
            safety=not args.no_safety,
            budget=not args.no_budget,
            monev=not args.no_monev,
            opendata=not args.no_opendata,
            reports=not args.no_reports,
            jobs=not args.no_jobs,
            footprint=not args.no_footprint,
            scaleout=not args.no_scaleout,
            dip=not args.no_dip,
            deadlines=not args.no_deadlines,
            pageweight=not args.no_pageweight,
            scale_name=args.scale,
            json_file=json_path(args.json),
            options={k: v for k, v in vars(args).items() if k != "json"},
            report_requests=args.report_requests,
            monev_participants=args.monev_participants,
            search_documents=args.search_documents,
        )
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(info["tmp"], ignore_errors=True)
    print(f"{failed} failed; total {time.perf_counter() - began:.0f} s.")
    return 1 if failed else 0


def run(
    info: dict[str, Any],
    *,
    quick: bool,
    scale: bool,
    served: bool,
    requests: bool = True,
    search: bool = True,
    safety: bool = True,
    budget: bool = True,
    monev: bool = True,
    opendata: bool = True,
    reports: bool = True,
    jobs: bool = True,
    footprint: bool = True,
    scaleout: bool = True,
    dip: bool = True,
    deadlines: bool = True,
    pageweight: bool = True,
    scale_name: str = "S",
    json_file: Path | None = None,
    options: dict[str, Any] | None = None,
    report_requests: int | None = None,
    monev_participants: int | None = None,
    search_documents: int | None = None,
) -> int:
    """Measure every figure, print the table and return the number of failed figures."""
    from django.db import connection

    from config.wsgi import application

    rounds, per_round = (4, 25) if quick else (8, 50)
    served_rounds, seconds = (2, 0.3) if quick else (4, 0.75)
    print(
        f"Terbuka benchmarks: Python {platform.python_version()}, {connection.vendor} "
        f"{sqlite3.sqlite_version if connection.vendor == 'sqlite' else ''}, "
        f"{platform.machine()}; setup {info['setup_s']:.1f} s"
        + (
            f", {info['scale_units']:,} units bulk-inserted in {info['scale_s']:.1f} s"
            if "scale_s" in info
            else ""
        )
    )
    figures: list[Figure] = []
    if served:
        print(
            f"Served: gunicorn, 1 sync worker each, {SERVED_CLIENTS} concurrent clients, a new "
            f"connection per request, {served_rounds} interleaved rounds of {seconds} s per "
            "subject."
        )
        figures += bench_served(
            application,
            info["tmp"],
            rounds=served_rounds,
            seconds=seconds,
            clients=SERVED_CLIENTS,
            max_requests=SERVED_MAX_REQUESTS,
        )
    print(
        "In-process: WSGI calls (no network), anonymous GET, interleaved rounds of "
        f"{rounds} x {per_round} calls.\n"
    )
    figures += bench_pages(application, rounds=rounds, per_round=per_round)
    if scale:
        figures += bench_scale(
            application, info["scale_body"], rounds=max(2, rounds // 2), per_round=per_round // 2
        )
    if requests:
        figures += bench_requests(
            application,
            rounds=max(2, rounds // 2),
            per_round=per_round // 2,
            per_client=5 if quick else 20,
        )
    if dip:
        from bench.dip import bench_dip

        figures += [
            _from_dict(row) for row in bench_dip(application, scale=scale_name, quick=quick)
        ]
    if deadlines:
        from bench.deadlines import bench_deadlines

        figures += [_from_dict(row) for row in bench_deadlines(scale=scale_name, quick=quick)]
    if safety:
        from bench.safety import bench_safety

        figures += [_from_dict(row) for row in bench_safety(quick=quick)]
    if budget:
        from bench.budget import bench_budget

        figures += [_from_dict(row) for row in bench_budget(quick=quick)]
    if monev:
        from bench.monev import bench_monev

        figures += [
            _from_dict(row) for row in bench_monev(quick=quick, participants=monev_participants)
        ]
    if opendata:
        from bench.opendata import bench_opendata

        figures += [_from_dict(row) for row in bench_opendata(quick=quick)]
    if reports:
        from bench.reports import bench_reports

        figures += [_from_dict(row) for row in bench_reports(quick=quick, requests=report_requests)]
    if jobs:
        from bench.jobs import bench_jobs

        figures += [_from_dict(row) for row in bench_jobs(info["tmp"], quick=quick)]
    if footprint:
        from bench.footprint import bench_footprint

        figures += [_from_dict(row) for row in bench_footprint(info["tmp"], quick=quick)]
    if scaleout:
        from bench.scaleout import bench_scaleout
        from loadtest.__main__ import pg_reachable

        reason = pg_reachable("postgres://postgres@127.0.0.1:5432")
        if reason is None:
            figures += [_from_dict(row) for row in bench_scaleout(quick=quick)]
        else:
            print(f"B13 skipped: PostgreSQL unreachable ({reason}).")
    if search:
        from bench.search import bench_search

        documents = search_documents or (100_000 if quick else 1_000_000)
        print(f"Search: {documents:,} documents in the index.")
        figures += [_from_dict(row) for row in bench_search(documents=documents, quick=quick)]
    if pageweight:
        from bench.pageweight import bench_pageweight

        figures += [_from_dict(row) for row in bench_pageweight(quick=quick)]
    print_table(figures)
    failed = [f for f in figures if f.failed]
    if served:
        print(
            f"\nB1/B9 target (quality.md): each page >= {B1_RATIO_TARGET}x served R0, recorded; "
            "the enforced floors are about half of a healthy run here (bench/README.md)."
        )
    if json_file is not None:
        write_json(json_file, figures, options or {})
    return len(failed)


if __name__ == "__main__":
    sys.exit(main())
