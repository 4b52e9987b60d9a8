"""The open-data CSV export of the request register (issue 8): streamed, flat memory.

O-export: `GET /data/permohonan.csv?body=<bench body>` through the WSGI app in process (URL
routing, middleware, the view, the one chunked query with its joins and subqueries, the CSV
writer), its body read chunk by chunk and thrown away, as a server would send it. Measured:
time to first byte (the BOM and header leave before the query runs), time to the first data
chunk, total time, and the peak memory growth of the whole download (tracemalloc, in a second
pass so tracing does not slow the timed one; the process's peak RSS growth is recorded too).

The baseline is what `sqlite3 -csv` does, in Python: the same SELECT (the statement Django
compiles for the export) on a plain `sqlite3` connection to the same file, every row written by
the `csv` module to a sink. Its memory is flat too; the ratio of total times is Django's model
layer on the rows (converting each value) plus the per-row formatting of the export (dates in
WIB, phases, booleans, formula defusing).

The rows are bulk-inserted with one INSERT ... SELECT over a recursive sequence per table (a
request and its fact; one in ten in the public archive), about 3 s per 100,000 rows on SQLite.

Run alone with `python -m bench.opendata [rows]` (a throwaway SQLite file, migrated; 200,000
rows by default).
"""

from __future__ import annotations

import csv
import resource
import shutil
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from typing import Any

BENCH_BODY = "bench-data-terbuka"
BENCH_EMAIL = "bench-opendata@example.test"
# Budgets: the first byte must leave at once whatever the size (quality: "within about a
# second"), and memory must not grow with the rows. 64 MB is about 20x what a chunk of 2,000
# rows takes and far below what 1,000,000 rows would need if they were held (about 1 GB).
TTFB_BUDGET_S = 1.0
MEMORY_BUDGET_MB = 50.0  # quality.md B10: memory flat (<= +50 MB)
YEAR = 2026


def _setup_django() -> None:
    import django
    from django.utils import translation

    django.setup()
    translation.activate("id")


def _scope() -> tuple[Any, Any]:
    """The bench body (with its PPID Utama) and one requester identity, created once."""
    from terbuka.accounts import services as account_services
    from terbuka.accounts.models import RequesterIdentity, User
    from terbuka.bodies import services as body_services
    from terbuka.bodies.models import PublicBody, Unit

    actor = User.objects.filter(email=BENCH_EMAIL).first()
    if actor is None:
        actor = User.objects.create_superuser(email=BENCH_EMAIL, password=None)
    body = PublicBody.objects.filter(slug=BENCH_BODY).first()
    if body is None:
        body = body_services.body_create(
            actor=actor,
            name="Pemerintah Kota Bench Data Terbuka",
            slug=BENCH_BODY,
            kind=PublicBody.Kind.PEMERINTAH_KOTA,
        )
        body_services.unit_create(
            actor=actor, body=body, kind=Unit.Kind.PPID_UTAMA, name="PPID Utama", slug="ppid"
        )
    identity = RequesterIdentity.objects.filter(owner=None, full_name="Pemohon Bench").first()
    if identity is None:
        identity = account_services.identity_create(
            actor=actor,
            owner=None,
            kind="perorangan",
            full_name="Pemohon Bench",
            nik="3673011708900001",
            address="Jl. Contoh No. 1, Serang",
            phone="081200000000",
        )
    return body, identity


def _sequence(n: int) -> str:
    limit = int(n)
    return f"WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {limit}) "  # noqa: S608 - an integer


def load_register(rows: int) -> Any:
    """Bulk-insert `rows` requests of the bench body with their facts; return the body.

    SQLite only (the bench's database): one INSERT ... SELECT over a recursive sequence for the
    requests, one for their facts. Earlier bench rows of the body are deleted first.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from terbuka.inforequests.models import InformationRequest
    from terbuka.reports.models import RequestFact

    if connection.vendor != "sqlite":
        raise SystemExit("bench.opendata loads its rows with SQLite SQL; run it on SQLite.")
    body, identity = _scope()
    requests = InformationRequest._meta.db_table
    fact_table = RequestFact._meta.db_table
    now = timezone.now().isoformat(sep=" ")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {fact_table} WHERE request_id IN "  # noqa: S608 - table names only
            f"(SELECT id FROM {requests} WHERE body_id = %s)",
            [body.pk],
        )
        cursor.execute(f"DELETE FROM {requests} WHERE body_id = %s", [body.pk])  # noqa: S608
        cursor.execute(
            _sequence(rows)  # noqa: S608 - table names and integers only
            + f"""INSERT INTO {requests} (
                created_at, updated_at, body_id, unit_id, requester_identity_id, requester_id,
                channel, received_at, registration_number, registration_year, registration_seq,
                details, purpose, obtain_method, delivery_method, status, clock_started_on,
                notice_due_on, extended_due_on, due_on, order_due_on, is_extended,
                extension_reason, completion_due_on, completion_request, clock_inputs,
                is_overdue, is_public, forwarded_to_name, recorded_by_id, fulfilled_at, closed_at
            )
            SELECT %s, %s, %s, NULL, %s, NULL,
                CASE n % 5 WHEN 0 THEN 'web' WHEN 1 THEN 'walk_in' WHEN 2 THEN 'email'
                    WHEN 3 THEN 'letter' ELSE 'phone' END,
                datetime('{YEAR}-01-01 01:00:00', '+' || (n % 8760) || ' hours'),
                printf('%%07d/PPID-BENCH/{YEAR}', n), {YEAR}, n,
                'Salinan dokumen anggaran nomor ' || n || ' tahun {YEAR}.',
                'Penelitian.', 'salinan_softcopy', 'email',
                CASE n % 4 WHEN 0 THEN 'closed' WHEN 1 THEN 'notice_issued'
                    WHEN 2 THEN 'in_progress' ELSE 'registered' END,
                NULL, NULL, NULL, NULL, NULL, n % 9 = 0, '', NULL, '', '{{}}',
                0, n % 10 = 0, '', NULL, NULL, NULL
            FROM seq""",  # noqa: S608 - table names and integers only
            [now, now, body.pk, identity.pk],
        )
        cursor.execute(
            f"""INSERT INTO {fact_table} (
                request_id, body_id, unit_key, year, month, channel, outcome, refusal_letters,
                extended, overdue, noticed_on_time, notice_days, fulfil_days, computed_at
            )
            SELECT id, body_id, 0, {YEAR}, 1 + registration_seq % 12, channel,
                CASE registration_seq % 4 WHEN 0 THEN 'granted_full' WHEN 1 THEN 'refused'
                    ELSE 'pending' END,
                CASE registration_seq % 4 WHEN 1 THEN 'ah' ELSE '' END,
                is_extended, 0,
                CASE WHEN registration_seq % 4 < 2 THEN registration_seq % 7 <> 0 END,
                CASE WHEN registration_seq % 4 < 2 THEN registration_seq % 15 END,
                NULL, %s
            FROM {requests} WHERE body_id = %s""",  # noqa: S608 - table names and integers
            [now, body.pk],
        )
        cursor.execute("ANALYZE")
    return body


def _consume(chunks: Iterable[bytes]) -> tuple[float, float, int]:
    """Read a stream to the end; return (seconds to first byte, to first data chunk, bytes)."""
    started = time.perf_counter()
    first = first_data = 0.0
    size = 0
    for index, chunk in enumerate(chunks):
        if index == 0:
            first = time.perf_counter() - started
        elif not first_data:
            first_data = time.perf_counter() - started
        size += len(chunk)
    return first, first_data or first, size


def _app_stream(url: str) -> Callable[[], tuple[float, float, int]]:
    from bench.measure import environ_for
    from config.wsgi import application

    def run() -> tuple[float, float, int]:
        status: dict[str, str] = {}

        def start_response(code: str, headers: list[tuple[str, str]], exc: Any = None) -> Any:
            status["code"] = code
            return lambda data: None

        result = application(environ_for(url), start_response)
        try:
            timings = _consume(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not status["code"].startswith("200"):
            raise SystemExit(f"{url} answered {status['code']}; the benchmark needs a 200.")
        return timings

    return run


class _Sink:
    """A file that counts what is written and keeps nothing."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def _baseline(sql: str, params: tuple[Any, ...], database: str) -> Callable[[], Any]:
    """`sqlite3 -csv` in Python: the same SELECT, every row through `csv.writer`."""
    import sqlite3

    def run() -> tuple[float, float, int]:
        started = time.perf_counter()
        sink = _Sink()
        writer = csv.writer(sink, lineterminator="\r\n")
        connection = sqlite3.connect(database)
        try:
            # Django's SQL uses the "format" paramstyle; sqlite3 wants "qmark".
            cursor = connection.execute(sql % tuple("?" * len(params)), params)
            writer.writerow([column[0] for column in cursor.description])
            first = time.perf_counter() - started
            first_row = 0.0
            for row in cursor:
                writer.writerow(row)
                if not first_row:
                    first_row = time.perf_counter() - started
        finally:
            connection.close()
        return first, first_row or first, sink.size

    return run


def _timed(run: Callable[[], tuple[float, float, int]]) -> dict[str, float]:
    started = time.perf_counter()
    first, first_data, size = run()
    return {
        "ttfb": first,
        "first_data": first_data,
        "total": time.perf_counter() - started,
        "bytes": float(size),
    }


def _peak_memory(run: Callable[[], Any]) -> tuple[float, float]:
    """Peak traced allocation growth (MB) of one run, and the growth of the peak RSS (MB)."""
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        baseline, _peak = tracemalloc.get_traced_memory()
        run()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return (peak - baseline) / 1_048_576, (rss_after - rss_before) / 1024


def run_export_benchmark(rows: int) -> dict[str, Any]:
    """O-export for a register of `rows` requests: the app's CSV against sqlite3 + csv."""
    from django.conf import settings
    from django.db import connection
    from django.urls import reverse

    from terbuka.reports import opendata

    started = time.perf_counter()
    body = load_register(rows)
    load_s = time.perf_counter() - started
    url = reverse("opendata:download", kwargs={"key": "permohonan", "fmt": "csv"})
    url += f"?body={body.slug}"
    sql, params = opendata.request_queryset(opendata.Filters(body=body)).query.sql_with_params()
    database = str(settings.DATABASES["default"]["NAME"])
    connection.close()  # the app's request opens its own, as a server's would
    app_run = _app_stream(url)
    base_run = _baseline(sql, tuple(params), database)
    app = _timed(app_run)
    base = _timed(base_run)
    app_mb, app_rss = _peak_memory(app_run)
    base_mb, base_rss = _peak_memory(base_run)
    ratio = app["total"] / base["total"] if base["total"] else 0.0
    ok = app["ttfb"] <= TTFB_BUDGET_S and app_mb <= MEMORY_BUDGET_MB
    return {
        "id": "O-export",
        "name": f"/data/permohonan.csv, {rows:,} rows ({app['bytes'] / 1_048_576:.0f} MB)",
        "baseline": (
            f"sqlite3+csv {base['total']:.2f} s · first row {base['first_data'] * 1000:.0f} ms"
            f" · peak +{base_mb:.1f} MB"
        ),
        "app": (
            f"{app['total']:.2f} s ({rows / app['total']:,.0f} rows/s) · TTFB "
            f"{app['ttfb'] * 1000:.1f} ms · first rows {app['first_data'] * 1000:.0f} ms"
            f" · peak +{app_mb:.1f} MB (RSS +{app_rss:.0f} MB)"
        ),
        "ratio": f"{ratio:.1f}x",
        "budget": (
            f"TTFB <= {TTFB_BUDGET_S:g} s, peak memory <= {MEMORY_BUDGET_MB:g} MB (ratio recorded)"
        ),
        "ok": ok,
        "rows": rows,
        "load_s": load_s,
        "app_ttfb_s": app["ttfb"],
        "app_first_data_s": app["first_data"],
        "app_total_s": app["total"],
        "app_peak_mb": app_mb,
        "app_rss_growth_mb": app_rss,
        "baseline_first_row_s": base["first_data"],
        "baseline_total_s": base["total"],
        "baseline_peak_mb": base_mb,
        "baseline_rss_growth_mb": base_rss,
        "bytes": int(app["bytes"]),
    }


def bench_opendata(*, quick: bool, rows: int | None = None) -> list[dict[str, Any]]:
    """O-export at 100,000 rows (`--quick`) or 1,000,000."""
    return [run_export_benchmark(rows or (100_000 if quick else 1_000_000))]


def main() -> int:
    from bench.setup_env import prepare_environment

    tmp = prepare_environment()
    rows = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 200_000
    try:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        figure = run_export_benchmark(rows)
        for key, value in figure.items():
            print(f"{key:24} {value}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if figure["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
