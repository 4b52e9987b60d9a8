"""Statistics at national scale (issue 8, quality.md B7): the app against raw GROUP BY SQL.

Data. `--requests` synthetic requests (400,000 by default in `make bench`, 200,000 with
--quick; quality.md's 10,000,000 with `--requests 10000000`), seeded and deterministic, spread
over 500 bodies x 20 units (one PPID Utama and 19 OPD each; bodies and units Zipf-like, so a
few are busy and most are quiet) and five years (2016-2020, which no demo data touches),
received in office hours. The mix: web 55%, e-mail 15%, walk-in 12%, letter 12%, phone 6%;
granted in full 55%, in part 10%, refused 8% (one or two Pasal 17 letters), information not
held 7%, forwarded 3% (half by a notice naming the other body, half without a notice),
withdrawn 3%, lapsed 2%, pending 12% (still open, overdue); written notices after 0-25
working days, mostly within 10, some extended (UU 14/2008 Pasal 22(7)-(8)); fulfilment 0-3
working days after the notice.

Shortcut. The rows are inserted with raw `executemany` in big transactions: the requests, a
written notice for each decided request and the matching `reports_requestfact` rows. The facts
are written directly, computed in the generator from the same choices (working days on a
weekends-only calendar: the throwaway database has no holidays) rather than by `facts.drain()`
one request at a time; a sample of 500 requests is then recomputed through `facts.refresh()`
and must give exactly the stored facts (the run fails otherwise). No events, no routings, no
stats queue rows, no registration counters; every request names its unit (one in ten the
PPID Utama). Foreign keys are not checked during the load (the generator builds them).

Figures.
- B7-build: `facts.rebuild_sums()`, the full recomputation of `MonthlyStat` and `DaysStat`
  from every fact: what "the national report in a job" costs, against the same sums computed
  by bare SQL in the same run (`INSERT ... SELECT ... GROUP BY` into the same tables, rolled
  back). The two results must be equal (row counts and column totals). quality.md's 30 s at
  10M is recorded (met or missed); the enforced ceiling is generous (BUILD_RATIO_BUDGET).
- B7-report: `figures.service_figures(None, Period(2020, 0))` (national, one year) and
  `service_figures(busiest body, ...)` against the bare SQL a system without precomputed sums
  must run on a raw cursor: the requests of that year LEFT JOIN their notices, grouped by month
  and grouped by unit (received, per channel, per outcome, per Pasal 17 letter with `instr`,
  extended, overdue, noticed, on time, fulfilled), fetched in full. The SQL does not count
  working days (it cannot without the holiday calendar) or medians; the app does both. Every
  count the SQL gives is checked against the app's. Alternate rounds; ratio of p50s, budget
  <= 1.5x (quality.md B7).
- B7-page: the unit statistics page `/statistik/<body>/<unit>/?tahun=2020` of the busiest unit
  and the body page `/statistik/<body>/?tahun=2020`, through the WSGI app in process, against
  the bare SQL of the statements the page ran, replayed on a raw cursor. Unit page p95 <= 100 ms
  (enforced, quality.md B7); body page p95 <= 200 ms (enforced; 100 ms is the target); the
  ratio is recorded.

Run alone with `python -m bench.reports [--quick] [--requests N]` (a throwaway SQLite file,
migrated).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import statistics
import sys
import time
from bisect import bisect
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from functools import partial
from itertools import accumulate
from types import FrameType
from typing import Any

REQUESTS = 400_000
QUICK_REQUESTS = 200_000
BODIES = 500
UNITS_PER_BODY = 20
FIRST_YEAR, LAST_YEAR = 2016, 2020
REPORT_YEAR = LAST_YEAR
SEED = 20261208
CHUNK = 100_000
# quality.md B7: the national report in a job <= 30 s at 10M requests; the run fails only above
# a generous ceiling that grows with the data (a regression, not the machine's noise).
BUILD_TARGET_S_PER_10M = 30.0
BUILD_RATIO_BUDGET = 1.5
REPORT_RATIO_BUDGET = 1.5
UNIT_PAGE_P95_MS = 100.0
BODY_PAGE_P95_MS = 200.0
FACT_SAMPLE = 500
BENCH_EMAIL = "bench-reports@example.test"
NIK = "3673011708900001"
UTC_OFFSET = "+7 hours"  # Asia/Jakarta, the project's TIME_ZONE

# (value, weight) mixes.
CHANNELS = (("web", 55), ("email", 15), ("walk_in", 12), ("letter", 12), ("phone", 6))
OUTCOMES = (
    ("granted_full", 55),
    ("granted_partial", 10),
    ("refused", 8),
    ("not_held", 7),
    ("forwarded", 3),
    ("withdrawn", 3),
    ("lapsed", 2),
    ("pending", 12),
)
# UU 14/2008 Pasal 17 a-j, as refusals cite them (b, h and j the most).
LETTER_WEIGHTS = (
    ("a", 4),
    ("b", 25),
    ("c", 8),
    ("d", 6),
    ("e", 4),
    ("f", 3),
    ("g", 3),
    ("h", 20),
    ("i", 2),
    ("j", 25),
)
# Working days to the written notice: mostly within the 10 of Pasal 22(7), a tail to 25.
NOTICE_DAYS = tuple(range(26))
NOTICE_WEIGHTS = (
    2, 6, 9, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2.5, 2, 1.8, 1.5, 1.3, 1.1, 0.8, 0.6,
    0.5, 0.4, 0.3, 0.3, 0.2, 0.2,
)  # fmt: skip

REQUEST_SQL = (
    "INSERT INTO inforequests_informationrequest (id, created_at, updated_at, channel, "
    "received_at, registration_number, registration_year, registration_seq, details, purpose, "
    "obtain_method, delivery_method, status, clock_started_on, notice_due_on, extended_due_on, "
    "due_on, is_extended, extension_reason, completion_due_on, completion_request, clock_inputs, "
    "is_overdue, is_public, forwarded_to_name, fulfilled_at, closed_at, body_id, recorded_by_id, "
    "requester_id, requester_identity_id, unit_id, order_due_on) VALUES (?1, ?2, ?2, ?3, ?2, "
    "printf('%06d/PPID/%d', ?5, ?4), ?4, ?5, 'Salinan dokumen uji kinerja statistik.', "
    "'Uji kinerja.', 'salinan_softcopy', 'email', ?6, ?7, ?8, ?9, coalesce(?9, ?8), ?10, "
    "CASE WHEN ?10 THEN 'Perlu waktu tambahan.' ELSE '' END, NULL, '', '{}', ?11, 0, ?12, ?13, "
    "?14, ?15, NULL, NULL, ?16, ?17, NULL)"
)
NOTICE_SQL = (
    "INSERT INTO inforequests_writtennotice (possession, other_body_name, documented_by, "
    "decision, material, redaction_explanation, form, copy_sheets, copy_fee_per_sheet, "
    "copy_cost, delivery_cost, other_cost, total_cost, payment_method, provide_within_days, "
    "refusal_letters, refusal_other_law, consequence_test_ref, objection_statement, "
    "objection_due_on, signatory_name, signatory_position, issued_at, issued_by_id, request_id) "
    "VALUES (?1, ?2, '', ?3, '', '', 'softcopy', 0, 0, 0, 0, 0, 0, '', NULL, ?4, '', '', '', "
    "NULL, 'Pejabat PPID', 'PPID', ?5, NULL, ?6)"
)
FACT_SQL = (
    "INSERT INTO reports_requestfact (request_id, unit_key, year, month, channel, outcome, "
    "refusal_letters, extended, overdue, noticed_on_time, notice_days, fulfil_days, computed_at, "
    "body_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01 00:00:00', ?)"
)


def _table(pairs: tuple[tuple[Any, float], ...], size: int) -> list[Any]:
    """A lookup table of `size` entries where each value fills its share of the weights."""
    total = sum(w for _v, w in pairs)
    bounds = list(accumulate(w / total for _v, w in pairs))
    values = [v for v, _w in pairs]
    return [values[min(len(values) - 1, bisect(bounds, (i + 0.5) / size))] for i in range(size)]


# --- The synthetic country --------------------------------------------------------------------


def _profiles(rng: random.Random, count: int = 4096) -> list[tuple[Any, ...]]:
    """Request histories without dates: what happened and after how many working days.

    Each is (channel, outcome, status, possession or None, decision, letters, notice_days or
    None, extended, fulfil_extra or None, is_overdue).
    """
    channels = _table(CHANNELS, 1000)
    outcomes = _table(OUTCOMES, 1000)
    letter_table = _table(LETTER_WEIGHTS, 1000)
    profiles = []
    for _ in range(count):
        channel = rng.choice(channels)
        outcome = rng.choice(outcomes)
        days = rng.choices(NOTICE_DAYS, NOTICE_WEIGHTS)[0]
        extended = rng.random() < (0.7 if days > 10 else 0.03)
        late = days > (17 if extended else 10)
        possession, decision, letters = None, "", ""
        notice: int | None = days
        fulfil: int | None = None
        status = "closed"
        overdue = late
        if outcome in ("granted_full", "granted_partial"):
            possession, decision = "held", outcome
            fulfil = rng.randrange(4)
            status = rng.choice(("closed", "fulfilled"))
        elif outcome == "refused":
            possession, decision = "held", "refused"
            picked = {rng.choice(letter_table) for _ in range(rng.choice((1, 1, 2)))}
            letters = "".join(sorted(picked))
        elif outcome == "not_held":
            possession = rng.choice(("not_held", "not_yet_documented"))
            decision = "refused"
        elif outcome == "forwarded" and rng.random() < 0.5:
            possession, decision = "held_by_other_body", "refused"
        else:
            notice, extended, overdue = None, False, False
            status = {
                "forwarded": "forwarded",
                "withdrawn": "withdrawn",
                "lapsed": "lapsed",
                "pending": rng.choice(("in_progress", "registered", "routed")),
            }[outcome]
            # A request still open years later is overdue (UU 14/2008 Pasal 22(7)).
            overdue = outcome == "pending"
        profiles.append(
            (channel, outcome, status, possession, decision, letters, notice, extended, fulfil,
             overdue)
        )  # fmt: skip
    return profiles


class Days:
    """Dates of the five years as strings, with weekday counts for working-day arithmetic.

    The throwaway database has no holidays, so a working day is Monday to Friday; the count
    matches `terbuka.calendars.workdays.working_days_between` (days after start through end).
    """

    def __init__(self, first: date, last: date) -> None:
        self.first = first
        self.dates: list[str] = []
        self.through: list[int] = []  # weekdays from `first` through each date
        self.kth: list[str] = [""]  # the date string of the k-th weekday from `first`
        count = 0
        day = first
        while day <= last + timedelta(days=120):
            if day.weekday() < 5:
                count += 1
                self.kth.append(day.isoformat())
            self.dates.append(day.isoformat())
            self.through.append(count)
            day += timedelta(days=1)


def _weights(count: int, exponent: float, offset: float) -> list[float]:
    return [1 / (i + offset) ** exponent for i in range(count)]


def create_scope() -> tuple[list[int], list[list[int]], list[str], list[list[str]], int]:
    """500 bodies with 20 units each (ORM bulk_create) and one shared requester identity.

    Returns body ids, unit ids per body, body slugs, unit slugs per body and the identity id.
    """
    from django.db.models import Max

    from terbuka.accounts import services as account_services
    from terbuka.accounts.models import User
    from terbuka.bodies import tree
    from terbuka.bodies.models import PublicBody, Unit

    actor = User.objects.create_superuser(email=BENCH_EMAIL, password=None)
    identity = account_services.identity_create(
        actor=actor,
        owner=None,
        kind="perorangan",
        full_name="Pemohon Uji Statistik",
        nik=NIK,
        address="Jl. Contoh No. 1",
        phone="081200000000",
    )
    kinds = [PublicBody.Kind.PEMERINTAH_KABUPATEN, PublicBody.Kind.PEMERINTAH_KOTA]
    bodies = PublicBody.objects.bulk_create(
        [
            PublicBody(
                name=f"Badan Publik Statistik {b:03d}",
                slug=f"bench-statistik-{b:03d}",
                kind=PublicBody.Kind.KEMENTERIAN if b < 20 else kinds[b % 2],
                region_code="",
            )
            for b in range(BODIES)
        ]
    )
    body_ids = list(
        PublicBody.objects.filter(slug__startswith="bench-statistik-")
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    next_id = (Unit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
    units: list[Unit] = []
    unit_ids: list[list[int]] = []
    unit_slugs: list[list[str]] = []
    for body_id in body_ids:
        root = tree.child_path("", next_id)
        ids = [next_id]
        slugs = ["ppid-utama"]
        units.append(
            Unit(
                id=next_id,
                body_id=body_id,
                kind=Unit.Kind.PPID_UTAMA,
                name="PPID Utama",
                slug="ppid-utama",
                path=root,
                depth=0,
            )
        )
        parent = next_id
        next_id += 1
        for j in range(1, UNITS_PER_BODY):
            units.append(
                Unit(
                    id=next_id,
                    body_id=body_id,
                    parent_id=parent,
                    kind=Unit.Kind.OPD,
                    name=f"Dinas Statistik {j:02d}",
                    slug=f"dinas-{j:02d}",
                    path=tree.child_path(root, next_id),
                    depth=1,
                )
            )
            ids.append(next_id)
            slugs.append(f"dinas-{j:02d}")
            next_id += 1
        unit_ids.append(ids)
        unit_slugs.append(slugs)
    Unit.objects.bulk_create(units, batch_size=2000)
    return body_ids, unit_ids, [b.slug for b in bodies], unit_slugs, identity.pk


def generate(
    count: int, body_ids: list[int], unit_ids: list[list[int]], first_id: int, identity: int
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Yield chunks of (request rows, notice rows, fact rows), oldest request first."""
    rng = random.Random(SEED)  # noqa: S311 (a reproducible country, not a secret)
    profiles = _profiles(rng)
    body_table = _table(tuple(zip(range(BODIES), _weights(BODIES, 1.0, 8), strict=True)), 65536)
    # Unit 0 is the PPID Utama: one request in ten; the OPD Zipf-like.
    opd = _weights(UNITS_PER_BODY - 1, 0.9, 1)
    unit_table = _table(((0, 10.0), *((j + 1, 90 * w / sum(opd)) for j, w in enumerate(opd))), 1024)
    days = Days(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31))
    span = (date(LAST_YEAR, 12, 31) - days.first).days + 1
    times = [f" {1 + m // 60:02d}:{m % 60:02d}:00" for m in range(480)]  # 08:00-16:00 WIB
    years = [int(d[:4]) for d in days.dates]
    months = [int(d[5:7]) for d in days.dates]
    seq: dict[int, int] = {}
    current_year = 0
    request_rows: list[tuple[Any, ...]] = []
    notice_rows: list[tuple[Any, ...]] = []
    fact_rows: list[tuple[Any, ...]] = []
    getrandbits = rng.getrandbits
    for i in range(count):
        pk = first_id + i
        d = i * span // count
        year = years[d]
        if year != current_year:
            seq, current_year = {}, year
        bits = getrandbits(64)
        b = body_table[bits & 0xFFFF]
        body_id = body_ids[b]
        unit_id = unit_ids[b][unit_table[(bits >> 16) & 0x3FF]]
        (channel, outcome, status, possession, decision, letters, notice, extended, fulfil,
         overdue) = profiles[(bits >> 26) & 0xFFF]  # fmt: skip
        number = seq.get(b, 0) + 1
        seq[b] = number
        received = days.dates[d] + times[(bits >> 38) % 480]
        wd = days.through[d]
        notice_due = days.kth[wd + 10]
        extended_due = days.kth[wd + 17] if extended else None
        issued = fulfilled = None
        fulfil_days = None
        if notice is not None:
            issued = days.kth[wd + notice] + " 03:00:00" if notice else days.dates[d] + " 09:00:00"
            if fulfil is not None:
                fulfil_days = notice + fulfil
                fulfilled = (
                    days.kth[wd + fulfil_days] + " 05:00:00"
                    if fulfil_days
                    else days.dates[d] + " 09:30:00"
                )
            notice_rows.append(
                (
                    possession,
                    "Badan Publik Lain" if possession == "held_by_other_body" else "",
                    decision,
                    json.dumps(list(letters)),
                    issued,
                    pk,
                )
            )
        closed = fulfilled or issued if status == "closed" else None
        request_rows.append(
            (
                pk,
                received,
                channel,
                year,
                number,
                status,
                days.dates[d],
                notice_due,
                extended_due,
                extended,
                overdue,
                "Badan Publik Lain" if status == "forwarded" else "",
                fulfilled,
                closed,
                body_id,
                identity,
                unit_id,
            )
        )
        fact_rows.append(
            (
                pk,
                unit_id,
                year,
                months[d],
                channel,
                outcome,
                letters,
                extended,
                overdue,
                None if notice is None else not overdue,
                notice,
                fulfil_days,
                body_id,
            )
        )
        if len(request_rows) >= CHUNK:
            yield request_rows, notice_rows, fact_rows
            request_rows, notice_rows, fact_rows = [], [], []
    if request_rows:
        yield request_rows, notice_rows, fact_rows


def load(count: int) -> dict[str, Any]:
    """Create the bodies and units and insert `count` requests with their notices and facts."""
    from django.db import connection, transaction

    started = time.perf_counter()
    body_ids, unit_ids, body_slugs, unit_slugs, identity = create_scope()
    raw = connection.connection
    with connection.cursor() as cursor:
        first_id = (cursor.execute(
            "SELECT coalesce(max(id), 0) + 1 FROM inforequests_informationrequest"
        ).fetchone() or (1,))[0]  # fmt: skip
        # Bulk-load settings of this connection only: a large page cache (every index in
        # memory), no fsync per commit, no foreign-key checks (the generator builds the keys).
        cursor.execute("PRAGMA cache_size=-4000000")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA foreign_keys=OFF")
        # The secondary indexes of the three tables are dropped and built again after the
        # load (a sort each, much cheaper than 10M random inserts into each); the schema ends
        # as migrated. The unique constraints stay and are checked on every row.
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('inforequests_informationrequest', 'inforequests_writtennotice', "
            "'reports_requestfact')"
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    notices = 0
    done = 0
    for requests, notice_rows, facts in _timed(
        generate(count, body_ids, unit_ids, first_id, identity)
    ):
        with transaction.atomic():
            raw.executemany(REQUEST_SQL, requests)
            raw.executemany(NOTICE_SQL, notice_rows)
            raw.executemany(FACT_SQL, facts)
        notices += len(notice_rows)
        done += len(requests)
        if done % 1_000_000 == 0:
            print(f"  {done:,} requests inserted ({time.perf_counter() - started:.0f} s)")
    generated = _timed.spent
    inserted = time.perf_counter() - started
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
    indexed = time.perf_counter() - started - inserted
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # Back to the production settings (base.py's init_command; SQLite's default cache).
        cursor.execute("PRAGMA cache_size=-2000")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA analysis_limit=2000")
        cursor.execute("ANALYZE")
    return {
        "first_id": first_id,
        "load_s": time.perf_counter() - started,
        "generate_s": generated,
        "index_s": indexed,
        "notices": notices,
        "body_ids": body_ids,
        "unit_ids": unit_ids,
        "body_slugs": body_slugs,
        "unit_slugs": unit_slugs,
    }


class _Timed:
    """Iterate a generator, adding up the time spent inside it (the Python side of the load)."""

    spent = 0.0

    def __call__(self, source: Iterator[Any]) -> Iterator[Any]:
        self.spent = 0.0
        while True:
            began = time.perf_counter()
            try:
                item = next(source)
            except StopIteration:
                self.spent += time.perf_counter() - began
                return
            self.spent += time.perf_counter() - began
            yield item


_timed = _Timed()


def check_facts(first_id: int, count: int) -> int:
    """Recompute a sample of facts through `facts.refresh`; return how many differ (0 wanted).

    Runs in a transaction that is rolled back, so the sums are untouched either way.
    """
    from django.db import transaction

    from terbuka.reports import facts

    rng = random.Random(SEED + 1)  # noqa: S311 (idem)
    sample = rng.sample(range(first_id, first_id + count), min(FACT_SAMPLE, count))

    class Rollback(Exception):
        pass

    changed = 0
    try:
        with transaction.atomic():
            changed = facts.refresh(sample)
            raise Rollback
    except Rollback:
        pass
    return changed


# --- The build's baseline: the same sums in bare SQL ---------------------------------------------

CELL = "body_id, unit_key, year, month"


def raw_rebuild(*, keep: bool = False) -> tuple[float, tuple[int, ...]]:
    """Recompute MonthlyStat and DaysStat with `INSERT ... SELECT ... GROUP BY` on a raw cursor
    (one transaction, rolled back unless `keep`); return the time and the tables' checksum."""
    from django.db import connection, transaction

    from terbuka.reports.models import CHANNEL_FIELDS, COUNTER_FIELDS, OUTCOME_FIELDS

    channel_sums = [f"sum(channel = '{c}')" for c in CHANNEL_FIELDS]
    letter_sums = [f"sum(instr(refusal_letters, '{x}') > 0)" for x in "abcdefghij"]
    counters = [
        "count(*)",
        *channel_sums,
        *(f"sum(outcome = '{o}')" for o in OUTCOME_FIELDS),
        *letter_sums,
        "sum(extended)",
        "sum(overdue)",
        "sum(noticed_on_time IS NOT NULL)",
        "coalesce(sum(noticed_on_time), 0)",
        "sum(fulfil_days IS NOT NULL)",
        "coalesce(sum(notice_days), 0)",
        "coalesce(sum(fulfil_days), 0)",
    ]
    statements = [
        "DELETE FROM reports_monthlystat",
        "DELETE FROM reports_daysstat",
        "".join(
            [
                f"INSERT INTO reports_monthlystat ({CELL}, {', '.join(COUNTER_FIELDS)}) SELECT ",
                CELL,
                ", ",
                ", ".join(counters),
                " FROM reports_requestfact GROUP BY ",
                CELL,
            ]
        ),
        *(
            "".join(
                [
                    f"INSERT INTO reports_daysstat ({CELL}, measure, days, count) SELECT ",
                    f"{CELL}, '{measure}', {column}, count(*) FROM reports_requestfact ",
                    f"WHERE {column} IS NOT NULL GROUP BY {CELL}, {column}",
                ]
            )
            for measure, column in (("notice", "notice_days"), ("fulfil", "fulfil_days"))
        ),
    ]

    class Rollback(Exception):
        pass

    spent = 0.0
    checksum: tuple[int, ...] = ()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            began = time.perf_counter()
            for sql in statements:
                cursor.execute(sql)
            spent = time.perf_counter() - began
            checksum = sums_checksum(cursor)
            if not keep:
                raise Rollback
    except Rollback:
        pass
    return spent, checksum


def sums_checksum(cursor: Any) -> tuple[int, ...]:
    """Row counts and column totals of the two sums tables (equal sums, equal checksums)."""
    from terbuka.reports.models import COUNTER_FIELDS

    totals = ", ".join(f"sum({name})" for name in COUNTER_FIELDS)
    cursor.execute(f"SELECT count(*), {totals} FROM reports_monthlystat")  # noqa: S608
    month = cursor.fetchone()
    cursor.execute(
        "SELECT count(*), sum(count), sum(days * count), sum(measure = 'notice') "
        "FROM reports_daysstat"
    )
    days = cursor.fetchone()
    return tuple(int(v or 0) for v in (*month, *days))


# --- The raw baseline ---------------------------------------------------------------------------

OUTCOME_CASE = (
    "CASE WHEN n.possession = 'held_by_other_body' THEN 'forwarded' "
    "WHEN n.possession IN ('not_held', 'not_yet_documented') THEN 'not_held' "
    "WHEN n.id IS NOT NULL THEN n.decision "
    "WHEN r.status IN ('forwarded', 'withdrawn', 'lapsed') THEN r.status "
    "ELSE 'pending' END"
)
# UU 14/2008 Pasal 22(7)-(8): late when the notice came after the (extended) due date.
OVERDUE_CASE = (
    "(r.is_overdue OR (n.id IS NOT NULL AND date(n.issued_at, '+7 hours') > "
    "CASE WHEN r.is_extended THEN r.extended_due_on ELSE r.notice_due_on END))"
)
RAW_COLUMNS = (
    "received",
    *(f"ch_{c}" for c, _w in CHANNELS),
    *(o for o, _w in OUTCOMES),
    *(f"refused_{x}" for x, _w in LETTER_WEIGHTS),
    "extended",
    "overdue",
    "noticed",
    "noticed_on_time",
    "fulfilled",
)


def raw_sql(group: str, *, body: bool) -> str:
    """The GROUP BY a system without precomputed sums runs: by month or by unit of a year."""
    sums = ", ".join(
        [
            "count(*)",
            *(f"sum(channel = '{c}')" for c, _w in CHANNELS),
            *(f"sum(outcome = '{o}')" for o, _w in OUTCOMES),
            *(
                f"sum(outcome = 'refused' AND instr(letters, '\"{x}\"') > 0)"
                for x, _w in LETTER_WEIGHTS
            ),
            "sum(extended)",
            "sum(overdue)",
            "sum(noticed)",
            "sum(noticed AND NOT overdue)",
            "sum(fulfilled)",
        ]
    )
    key = (
        f"CAST(strftime('%m', r.received_at, '{UTC_OFFSET}') AS INTEGER)"
        if group == "month"
        else "r.unit_id"
    )
    where = "r.received_at >= %s AND r.received_at < %s" + (" AND r.body_id = %s" if body else "")
    # Constants only: the period and the body are parameters.
    inner = "".join(
        [
            "SELECT ",
            key,
            " AS grp, r.channel AS channel, ",
            OUTCOME_CASE,
            " AS outcome, n.refusal_letters AS letters, r.is_extended AS extended, ",
            OVERDUE_CASE,
            " AS overdue, n.id IS NOT NULL AS noticed, r.fulfilled_at IS NOT NULL AS fulfilled ",
            "FROM inforequests_informationrequest r ",
            "LEFT JOIN inforequests_writtennotice n ON n.request_id = r.id WHERE ",
            where,
        ]
    )
    return "".join(["SELECT grp, ", sums, " FROM (", inner, ") GROUP BY grp"])


def _year_bounds(year: int) -> tuple[str, str]:
    """The UTC bounds of a local (WIB) year, as the database stores datetimes."""
    return f"{year - 1}-12-31 17:00:00", f"{year}-12-31 17:00:00"


def raw_report(body_id: int | None, year: int) -> dict[str, dict[Any, tuple[int, ...]]]:
    """Run the two GROUP BYs on a raw cursor and fetch every row."""
    from django.db import connection

    params: list[Any] = [*_year_bounds(year)]
    if body_id is not None:
        params.append(body_id)
    found: dict[str, dict[Any, tuple[int, ...]]] = {}
    with connection.cursor() as cursor:
        for group in ("month", "unit"):
            cursor.execute(raw_sql(group, body=body_id is not None), params)
            found[group] = {row[0]: tuple(int(v or 0) for v in row[1:]) for row in cursor}
    return found


def app_counts(fig: Any) -> dict[str, dict[Any, tuple[int, ...]]]:
    """The same counts out of the app's figures, keyed like `raw_report`, for the check."""
    total = (
        fig.received,
        *(fig.by_channel.get(c, 0) for c, _w in CHANNELS),
        *(fig.outcomes[o] for o, _w in OUTCOMES),
        *(fig.refused_by_ground[x] for x, _w in LETTER_WEIGHTS),
        fig.extended,
        fig.overdue,
        fig.noticed,
        fig.on_time.successes,
        fig.fulfilled,
    )
    months = {
        row.month: (row.received, row.granted, row.refused, row.pending)
        for row in fig.by_month
        if row.received
    }
    units = {
        row.unit_key: (row.received, *(row.outcomes[o] for o, _w in OUTCOMES))
        for row in fig.by_unit
    }
    return {"total": {0: total}, "month": months, "unit": units}


def agree(fig: Any, raw: dict[str, dict[Any, tuple[int, ...]]]) -> list[str]:
    """Where the app's counts and the raw SQL's differ (empty when they agree)."""
    app = app_counts(fig)
    problems = []
    total = tuple(sum(col) for col in zip(*raw["month"].values(), strict=True))
    if total != app["total"][0]:
        pairs = zip(RAW_COLUMNS, total, app["total"][0], strict=True)
        problems.append(
            "total: " + ", ".join(f"{n} SQL {s} app {a}" for n, s, a in pairs if s != a)
        )
    outcome_at = {o: 1 + len(CHANNELS) + k for k, (o, _w) in enumerate(OUTCOMES)}
    months = {
        m: (
            v[0],
            v[outcome_at["granted_full"]] + v[outcome_at["granted_partial"]],
            v[outcome_at["refused"]],
            v[outcome_at["pending"]],
        )
        for m, v in raw["month"].items()
    }
    if months != app["month"]:
        problems.append("per month differs")
    units = {u: (v[0], *(v[outcome_at[o]] for o, _w in OUTCOMES)) for u, v in raw["unit"].items()}
    if units != app["unit"]:
        problems.append(f"per unit differs ({len(units)} SQL rows, {len(app['unit'])} app rows)")
    return problems


# --- Measuring ----------------------------------------------------------------------------------


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 1 else f"{seconds:,.2f} s"


def _p95(values: list[float]) -> float:
    data = sorted(values)
    return data[min(len(data) - 1, round(0.95 * (len(data) - 1)))]


def alternate(
    subjects: dict[str, Callable[[], object]], *, rounds: int, per_round: int = 1
) -> dict[str, list[float]]:
    """Time each subject `rounds * per_round` times, alternating (order reversed every other
    round), after one warm-up call each."""
    for fn in subjects.values():
        fn()
    times: dict[str, list[float]] = {name: [] for name in subjects}
    names = list(subjects)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            for _ in range(per_round):
                began = time.perf_counter()
                subjects[name]()
                times[name].append(time.perf_counter() - began)
    return times


def bench_report(
    name: str, body: Any, *, rounds: int, per_round: int
) -> tuple[dict[str, object], list[str]]:
    """B7-report for one scope (body None: national) against its raw GROUP BY."""
    from terbuka.reports import figures

    period = figures.Period(REPORT_YEAR, 0)
    body_id = body.pk if body is not None else None
    problems = agree(figures.service_figures(body, period), raw_report(body_id, REPORT_YEAR))
    times = alternate(
        {
            "app": lambda: figures.service_figures(body, period),
            "sql": lambda: raw_report(body_id, REPORT_YEAR),
        },
        rounds=rounds,
        per_round=per_round,
    )
    a, s = times["app"], times["sql"]
    a50, s50 = statistics.median(a), statistics.median(s)
    ratio = a50 / s50 if s50 else 0.0
    return (
        {
            "id": "B7-report",
            "name": name,
            "baseline": f"SQL GROUP BY month + unit p50 {_ms(s50)} · p95 {_ms(_p95(s))}",
            "app": f"p50 {_ms(a50)} · p95 {_ms(_p95(a))} ({len(a)} runs)",
            "ratio": f"{ratio:.3f}x",
            "budget": f"<= {REPORT_RATIO_BUDGET:g}x SQL; counts = SQL's",
            "ok": ratio <= REPORT_RATIO_BUDGET and not problems,
        },
        problems,
    )


def bench_pages(
    pages: list[tuple[str, str, float]], *, rounds: int, per_round: int
) -> list[dict[str, object]]:
    """B7-page: statistics pages through the WSGI app against their statements' bare SQL."""
    from django.core.wsgi import get_wsgi_application

    from bench.__main__ import bare_sql, queries_of
    from bench.measure import call, interleave

    app = get_wsgi_application()
    rows: list[dict[str, object]] = []
    for name, url, p95_ms in pages:
        statements = queries_of(app, url)
        samples = interleave(
            {"app": partial(call, app, url), "sql": bare_sql(statements)},
            rounds=rounds,
            per_round=per_round,
        )
        a, s = samples["app"], samples["sql"]
        ratio = a.p50 / s.p50 if s.p50 else 0.0
        rows.append(
            {
                "id": "B7-page",
                "name": f"{name} ({len(statements)} queries)",
                "baseline": f"SQL p50 {_ms(s.p50)} · p95 {_ms(s.p95)}",
                "app": f"p50 {_ms(a.p50)} · p95 {_ms(a.p95)}",
                "ratio": f"{ratio:.1f}x",
                "budget": f"p95 <= {p95_ms:g} ms (ratio recorded)",
                "ok": a.p95 * 1000 <= p95_ms,
            }
        )
    return rows


def bench_reports(
    *, quick: bool, requests: int | None = None, app_build: bool = True
) -> list[dict[str, object]]:
    """B7: load the synthetic country, rebuild the sums, then the report and page figures.

    `app_build=False` fills the sums with the bare SQL build and skips timing
    `facts.rebuild_sums()` (which costs about 0.25 ms per cell through the ORM: hours at 10M).
    """
    from django.db import connection

    from terbuka.bodies.models import PublicBody
    from terbuka.reports import facts
    from terbuka.reports.models import DaysStat, MonthlyStat

    count = requests or (QUICK_REQUESTS if quick else REQUESTS)
    print(
        f"Statistics (B7): {count:,} synthetic requests, {BODIES} bodies x {UNITS_PER_BODY} units."
    )
    info = load(count)
    print(
        f"  loaded {count:,} requests, {info['notices']:,} notices and {count:,} facts in "
        f"{info['load_s']:.1f} s (generating the rows in Python {info['generate_s']:.1f} s, "
        f"rebuilding the secondary indexes {info['index_s']:.1f} s)."
    )
    differ = check_facts(info["first_id"], count)
    print(f"  facts.refresh of {min(FACT_SAMPLE, count)} sampled requests: {differ} differ.")

    target = BUILD_TARGET_S_PER_10M * count / 10_000_000
    sql_s, sql_checksum = raw_rebuild(keep=not app_build)
    print(f"  bare SQL INSERT ... SELECT ... GROUP BY of the same sums: {sql_s:.1f} s.")
    if app_build:
        began = time.perf_counter()
        months, days = facts.rebuild_sums()
        build_s = time.perf_counter() - began
        print(
            f"  facts.rebuild_sums(): {build_s:.1f} s ({months:,} month cells, {days:,} day cells)."
        )
        if (MonthlyStat.objects.count(), DaysStat.objects.count()) != (months, days):
            raise SystemExit("rebuild_sums() did not leave the cells it reported.")
        with connection.cursor() as cursor:
            same = sums_checksum(cursor) == sql_checksum
        if not same:
            print("  B7 build: the sums differ from the bare SQL's.")
        ratio = build_s / sql_s if sql_s else 0.0
        build_row: dict[str, object] = {
            "id": "B7-build",
            "name": f"facts.rebuild_sums() over {count:,} facts (the national report job)",
            "baseline": f"SQL INSERT...SELECT {sql_s:.1f} s",
            "app": (
                f"{build_s:.1f} s · {months:,} month + {days:,} day cells "
                f"(target {target:.0f} s: {'met' if build_s <= target else 'missed'})"
            ),
            "ratio": f"{ratio:.1f}x",
            "budget": f"<= {BUILD_RATIO_BUDGET:g}x SQL; sums = SQL's; facts = refresh",
            "ok": ratio <= BUILD_RATIO_BUDGET and same and differ == 0,
        }
    else:
        # --sums-by-sql: the bare SQL's sums are kept (equal to the app's wherever both ran).
        build_row = {
            "id": "B7-build",
            "name": f"sums of {count:,} facts by bare SQL (--sums-by-sql)",
            "baseline": f"SQL INSERT...SELECT {sql_s:.1f} s",
            "app": "facts.rebuild_sums() not run",
            "ratio": "-",
            "budget": "facts = refresh",
            "ok": differ == 0,
        }
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=2000")
        cursor.execute("ANALYZE")
    rows: list[dict[str, object]] = [build_row]

    # The busiest body and its busiest unit (the Zipf head): the largest cells.
    busiest = PublicBody.objects.get(pk=info["body_ids"][0])
    national, problems = bench_report(
        f"national report {REPORT_YEAR} (service_figures(None))", None, rounds=3, per_round=1
    )
    for problem in problems:
        print(f"  B7 national: {problem}")
    body_row, problems = bench_report(
        f"body report {REPORT_YEAR} ({busiest.slug})",
        busiest,
        rounds=4 if quick else 6,
        per_round=2,
    )
    for problem in problems:
        print(f"  B7 body: {problem}")
    rows += [national, body_row]

    unit_slug = info["unit_slugs"][0][1]
    pages = [
        (
            f"unit stats page {busiest.slug}/{unit_slug}",
            f"/statistik/{busiest.slug}/{unit_slug}/?tahun={REPORT_YEAR}",
            UNIT_PAGE_P95_MS,
        ),
        (
            f"body stats page {busiest.slug}",
            f"/statistik/{busiest.slug}/?tahun={REPORT_YEAR}",
            BODY_PAGE_P95_MS,
        ),
    ]
    rows += bench_pages(pages, rounds=4 if quick else 8, per_round=10 if quick else 20)
    return rows


def _setup_django() -> None:
    import django
    from django.utils import translation

    django.setup()
    translation.activate("id")


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    from bench.setup_env import prepare_environment

    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, 200,000 requests")
    parser.add_argument(
        "--requests",
        type=int,
        default=None,
        help=f"synthetic requests (default {REQUESTS:,}; {QUICK_REQUESTS:,} with --quick)",
    )
    parser.add_argument(
        "--sums-by-sql",
        action="store_true",
        help="fill the sums with bare SQL instead of timing facts.rebuild_sums() (large runs)",
    )
    args = parser.parse_args(argv)
    # SIGTERM ends the run through the `finally` below, which removes the temporary folder.
    signal.signal(signal.SIGTERM, _terminate)
    began = time.perf_counter()
    tmp = prepare_environment()
    rows: list[dict[str, object]] = []
    try:
        _setup_django()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        rows = bench_reports(
            quick=args.quick, requests=args.requests, app_build=not args.sums_by_sql
        )
        columns = ["id", "name", "baseline", "app", "ratio", "budget", "ok"]
        widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
        print("  ".join(c.ljust(widths[c]) for c in columns))
        for row in rows:
            print("  ".join(str(row[c]).ljust(widths[c]) for c in columns).rstrip())
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"total {time.perf_counter() - began:.0f} s.")
    return 0 if rows and all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
