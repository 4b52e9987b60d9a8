"""Budget imports and drill-down (issue 6): the app against the bare database work in the same run.

B-import: `terbuka.budget.services.budget_import` of a generated, valid LRA CSV of 50,000 lines
(10,000 with --quick): reading, checking every row and the code tree, the safety scan, storing
the file, the bulk insert and the events, in lines/s. The baseline is the bare `bulk_create`
of the same lines (model objects built from the already-parsed lines, batch_size=2000, in one
transaction). Both run in alternating rounds; each round's lines are deleted afterwards so the
table does not grow. Ratio = app time / bulk_create time.

B-drill: `selectors.lines_for(import, code)` evaluated to model objects, for the node with the
most children (a "jenis" with about 1,000 lines) and for a small node (a "kelompok" with 10),
against the same SQL statement run on a raw cursor and fetched in full. Ratio of p50s.

B-page: the public drill-down page itself (`/anggaran/lihat/<pk>/?kode=...`, the whole WSGI
request in process: URL routing, the view, every query, the template with its bars) for the
same two nodes, against the bare SQL of the statements that request ran, replayed on a raw
cursor. Ratio of p50s; the absolute p95 is the budget a reader feels.

Run alone with `python -m bench.budget [--quick]` (a throwaway SQLite file, migrated).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

# Budgets: about twice what the 2-vCPU development machine measures (SQLite). The import runs at
# 1.3-1.5x the bare bulk_create of its lines (50,000 lines: 5.2 s against 4.1 s). A drill-down
# pays Django's fixed per-query work (about 0.6 ms: building, compiling, converting) and about
# 18 µs per model object against an indexed SQL read: 10 children 9.8x (p50 1.0 ms), 999
# children 6.6x (p50 21 ms, p95 25 ms); the absolute p95 is what a page feels.
IMPORT_BUDGET = 3.0
DRILL_RATIO_BUDGET = 20.0
# p95 per node: about 1,000 children (model objects for each) and 10 children.
DRILL_P95_MS = {"5.1.01": 50.0, "5.1": 5.0}
# The whole page: up to 1,000 rows rendered with their bars and percentages, or 10. The SQL is
# under a millisecond, so the ratio (about 140x measured) is Django's URL routing, middleware
# and template rendering; it is recorded, and the absolute p95 is what is enforced.
PAGE_P95_MS = {"5.1.01": 400.0, "5.1": 100.0}
BENCH_EMAIL = "bench-budget@example.test"


def build_csv(lines: int) -> bytes:
    """A valid LRA of exactly `lines` lines (>= 56): 5, 5 kelompok, 50 jenis, the rest leaves.

    Every parent's allocation is the sum of its children's; amounts are written the Indonesian
    way with a `;` separator, as officers export them.
    """
    jenis = [f"5.{k}.{j:02d}" for k in range(1, 6) for j in range(1, 11)]
    leaves: dict[str, list[tuple[str, Decimal, Decimal]]] = {code: [] for code in jenis}
    for i in range(lines - 56):
        parent = jenis[i % len(jenis)]
        allocation = Decimal(2_500_000 + (i % 113) * 1_250) + Decimal("0.50")
        spent = (allocation * Decimal("0.87")).quantize(Decimal("0.01"))
        leaves[parent].append((f"{parent}.{i // len(jenis) + 1:04d}", allocation, spent))

    def money(value: Decimal) -> str:
        whole, cents = divmod(value * 100, 100)
        return f"{int(whole):,}".replace(",", ".") + f",{int(cents):02d}"

    def row(code: str, text: str, allocation: Decimal, spent: Decimal) -> str:
        return f"{code};{text};{money(allocation)};{money(spent)}"

    body: list[str] = []
    total = total_spent = Decimal(0)
    for k in range(1, 6):
        block: list[str] = []
        k_total = k_spent = Decimal(0)
        for j in range(1, 11):
            code = f"5.{k}.{j:02d}"
            kids = leaves[code]
            j_total = sum((a for _c, a, _s in kids), Decimal(0))
            j_spent = sum((s for _c, _a, s in kids), Decimal(0))
            block.append(row(code, f"Belanja jenis {k}.{j}", j_total, j_spent))
            block.extend(row(c, f"Belanja rincian objek {c}", a, s) for c, a, s in kids)
            k_total += j_total
            k_spent += j_spent
        body.append(row(f"5.{k}", f"Belanja kelompok {k}", k_total, k_spent))
        body.extend(block)
        total += k_total
        total_spent += k_spent
    text = "\n".join(
        [
            "kode_rekening;uraian;anggaran;realisasi",
            row("5", "Belanja Daerah", total, total_spent),
            *body,
        ]
    )
    return (text + "\n").encode()


def _setup_django() -> None:
    import django
    from django.utils import translation

    django.setup()
    translation.activate("id")


def _scope() -> tuple[Any, Any, Any]:
    """A superuser, a body and a unit of its own, created once per database."""
    from terbuka.accounts.models import User
    from terbuka.bodies import services as body_services
    from terbuka.bodies.models import PublicBody, Unit

    actor = User.objects.filter(email=BENCH_EMAIL).first()
    if actor is None:
        actor = User.objects.create_superuser(email=BENCH_EMAIL, password=None)
    body = PublicBody.objects.filter(slug="bench-anggaran").first()
    if body is None:
        body = body_services.body_create(
            actor=actor,
            name="Pemerintah Kota Bench Anggaran",
            slug="bench-anggaran",
            kind=PublicBody.Kind.PEMERINTAH_KOTA,
        )
    unit = Unit.objects.filter(body=body, slug="bpkad").first()
    if unit is None:
        unit = body_services.unit_create(
            actor=actor, body=body, kind=Unit.Kind.OPD, name="BPKAD", slug="bpkad"
        )
    return actor, body, unit


def _time(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def bench_import(*, lines: int, rounds: int) -> tuple[dict[str, object], Any]:
    """B-import; returns the figure and the last (kept) import for B-drill."""
    from django.db import transaction

    from terbuka.budget import services
    from terbuka.budget.imports import parse_table, read_table
    from terbuka.budget.models import BudgetImport, BudgetLine

    actor, body, unit = _scope()
    data = build_csv(lines)
    table = parse_table(read_table(data, "lra.csv"), needs_realisation=True)
    holder = services.budget_import(
        actor=actor,
        body=body,
        unit=unit,
        year=2024,
        kind="lra_yearly",
        data=build_csv(56),
        filename="kosong.csv",
        replace=True,
    )
    # The baseline inserts into this import; it starts empty.
    BudgetLine.objects.filter(budget_import=holder).delete()

    def app() -> None:
        services.budget_import(
            actor=actor,
            body=body,
            unit=unit,
            year=2025,
            kind="lra_yearly",
            data=data,
            filename="lra.csv",
            replace=True,
        )

    def bare() -> None:
        with transaction.atomic():
            BudgetLine.objects.bulk_create(
                [
                    BudgetLine(
                        budget_import=holder,
                        code=line.code,
                        parent_code=line.parent_code,
                        sort_key=line.sort_key,
                        depth=line.depth,
                        child_count=line.child_count,
                        description=line.description,
                        allocation=line.allocation,
                        realisation=line.realisation,
                        row_number=line.row,
                    )
                    for line in table.lines
                ],
                batch_size=2000,
            )

    def clean() -> None:
        # Only the active import keeps its lines (the next app round supersedes it).
        BudgetLine.objects.filter(budget_import=holder).delete()
        BudgetLine.objects.filter(
            budget_import__unit=unit,
            budget_import__year=2025,
            budget_import__status=BudgetImport.Status.SUPERSEDED,
        ).delete()

    app_times: list[float] = []
    base_times: list[float] = []
    for number in range(rounds):
        pair: list[tuple[list[float], Callable[[], object]]] = [
            (base_times, bare),
            (app_times, app),
        ]
        if number % 2:
            pair.reverse()
        for times, action in pair:
            times.append(_time(action))
            clean()
    app_s, base_s = statistics.median(app_times), statistics.median(base_times)
    ratio = app_s / base_s
    current = BudgetImport.objects.get(
        unit=unit, year=2025, kind="lra_yearly", status=BudgetImport.Status.ACTIVE
    )
    figure: dict[str, object] = {
        "id": "B-import",
        "name": f"budget import, {lines:,} lines CSV ({len(data) / 1_048_576:.1f} MB)",
        "baseline": f"bulk_create {lines / base_s:,.0f} lines/s ({base_s:.2f} s)",
        "app": f"{lines / app_s:,.0f} lines/s ({app_s:.2f} s)",
        "ratio": f"{ratio:.2f}x",
        "budget": f"<= {IMPORT_BUDGET:g}x bulk_create",
        "ok": ratio <= IMPORT_BUDGET and current.lines_count == lines,
    }
    return figure, current


def bench_drill(current: Any, *, rounds: int, per_round: int) -> list[dict[str, object]]:
    """B-drill: the children of a large and a small node against their raw SQL."""
    from django.db import connection

    from bench.measure import interleave
    from terbuka.budget import selectors

    figures: list[dict[str, object]] = []
    for code, p95_ms in DRILL_P95_MS.items():
        qs = selectors.lines_for(current, code)
        sql, params = qs.query.sql_with_params()

        def raw(sql: str = sql, params: Any = params) -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                cursor.fetchall()

        def app(code: str = code) -> None:
            list(selectors.lines_for(current, code))

        children = len(list(qs))
        samples = interleave(
            {"app": app, "sql": raw},
            rounds=rounds,
            per_round=per_round,
        )
        a, s = samples["app"], samples["sql"]
        ratio = a.p50 / s.p50 if s.p50 else 0.0
        figures.append(
            {
                "id": "B-drill",
                "name": f"drill-down {code} ({children:,} children)",
                "baseline": f"SQL p50 {_ms(s.p50)} · p95 {_ms(s.p95)}",
                "app": f"p50 {_ms(a.p50)} · p95 {_ms(a.p95)}",
                "ratio": f"{ratio:.1f}x",
                "budget": f"<= {DRILL_RATIO_BUDGET:g}x SQL, p95 <= {p95_ms:g} ms",
                "ok": ratio <= DRILL_RATIO_BUDGET and a.p95 * 1000 <= p95_ms,
            }
        )
    return figures


def bench_page(current: Any, *, rounds: int, per_round: int) -> list[dict[str, object]]:
    """B-page: the drill-down page through the WSGI app against its statements' bare SQL."""
    from django.core.wsgi import get_wsgi_application
    from django.urls import reverse

    from bench.__main__ import bare_sql, queries_of
    from bench.measure import call, interleave

    app = get_wsgi_application()
    figures: list[dict[str, object]] = []
    for code, p95_ms in PAGE_P95_MS.items():
        url = reverse("budget:detail", args=[current.pk]) + f"?kode={code}"
        statements = queries_of(app, url)

        def page(url: str = url) -> None:
            call(app, url)

        samples = interleave(
            {"app": page, "sql": bare_sql(statements)}, rounds=rounds, per_round=per_round
        )
        a, s = samples["app"], samples["sql"]
        ratio = a.p50 / s.p50 if s.p50 else 0.0
        figures.append(
            {
                "id": "B-page",
                "name": f"page ?kode={code} ({len(statements)} queries)",
                "baseline": f"SQL p50 {_ms(s.p50)} · p95 {_ms(s.p95)}",
                "app": f"p50 {_ms(a.p50)} · p95 {_ms(a.p95)}",
                "ratio": f"{ratio:.1f}x",
                "budget": f"p95 <= {p95_ms:g} ms (ratio recorded)",
                "ok": a.p95 * 1000 <= p95_ms,
            }
        )
    return figures


def bench_budget(*, quick: bool) -> list[dict[str, object]]:
    """B-import, B-drill and B-page in the current (migrated) database."""
    lines = 10_000 if quick else 50_000
    figure, current = bench_import(lines=lines, rounds=2 if quick else 3)
    drill = bench_drill(current, rounds=4 if quick else 8, per_round=10 if quick else 25)
    page = bench_page(current, rounds=3 if quick else 6, per_round=5 if quick else 15)
    return [figure, *drill, *page]


def main() -> int:
    from bench.setup_env import prepare_environment

    tmp = prepare_environment()
    try:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        rows = bench_budget(quick="--quick" in sys.argv[1:])
        columns = ["id", "name", "baseline", "app", "ratio", "budget", "ok"]
        widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
        print("  ".join(c.ljust(widths[c]) for c in columns))
        for row in rows:
            print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
