"""The synthetic world: its size, building it in one transaction, and removing it.

Scale S is what CI can afford (1,000 units, 10,000 documents, 100,000 requests); scale N is
national (100,000 units, 1,000,000 documents, 10,000,000 requests). Everything lives in bodies
whose slug starts with `sintetis-` and in accounts under `@sintetis.test`, so it never mixes
with real or demo data, and its files under `sintetis/` in the private storage (`files.py`).
One seed gives the same rows (the encrypted values aside: Fernet adds a random IV, so the
ciphertext differs while the clear values are equal). `files=False` (`--no-files`) writes the
same rows and no file.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from terbuka.accounts.models import AccountEvent, RequesterIdentity, User
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit
from terbuka.budget.models import BudgetEvent, BudgetImport, BudgetLine
from terbuka.inforequests.models import (
    Delivery,
    InformationRequest,
    Payment,
    RegistrationCounter,
    RequestEvent,
    RequestRouting,
    RequestSettings,
    WrittenNotice,
)
from terbuka.monev.models import (
    Answer,
    EvaluationCycle,
    Evidence,
    HistoricalResult,
    Participant,
    Result,
    Rubric,
)
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    Objection,
    ObjectionCounter,
    ObjectionEvent,
)
from terbuka.registry.models import Document, DocumentVersion, EntryCounter, InformationEntry
from terbuka.reports import facts
from terbuka.reports.models import DaysStat, MonthlyStat, RequestFact, StatsQueue
from terbuka.safety.models import Scan
from terbuka.search.models import SearchEntry
from terbuka.synth import files, finance, objections, people, registry, requests
from terbuka.synth.clock import WorkDays
from terbuka.synth.sink import Sink

DEFAULT_SEED = 20080430  # UU 14/2008 was enacted on 30 April 2008
UNITS_PER_BODY = 200
YEARS = 5


@dataclass(frozen=True)
class Plan:
    units: int
    documents: int
    requests: int
    bodies: int = 0  # 0: one body per UNITS_PER_BODY units
    seed: int = DEFAULT_SEED
    until: date = field(default_factory=date.today)
    years: int = YEARS
    files: bool = True

    @property
    def body_count(self) -> int:
        return self.bodies or max(1, -(-self.units // UNITS_PER_BODY))


SCALES = {
    "S": Plan(units=1_000, documents=10_000, requests=100_000),
    "N": Plan(units=100_000, documents=1_000_000, requests=10_000_000),
}


def plan_for(scale: str, **overrides: Any) -> Plan:
    """The plan of a named scale with some of its numbers replaced (None keeps them)."""
    return replace(SCALES[scale], **{k: v for k, v in overrides.items() if v is not None})


def exists() -> bool:
    return PublicBody.objects.filter(slug__startswith=people.SLUG_PREFIX).exists()


@dataclass
class Summary:
    counts: dict[str, int]
    seconds: dict[str, float]
    files: int = 0
    file_bytes: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def build(plan: Plan, *, progress: Callable[[str], None] = lambda _m: None) -> Summary:
    """Write the whole world in one transaction, then fill the statistics and the index."""
    rng = random.Random(plan.seed)  # noqa: S311 - reproducible synthetic data, not a secret
    first_year = plan.until.year - plan.years + 1
    first = date(first_year, 1, 1)
    # The clocks of the last requests run past the end; the monev year ends in November.
    wd = WorkDays(first, max(plan.until, date(plan.until.year, 12, 31)) + timedelta(days=200))
    cutoff_day = wd.index(plan.until)
    created = wd.utc(0, 8 * 60)
    sink = Sink()
    store = files.Writer(enabled=plan.files)
    seconds: dict[str, float] = {}
    counts: dict[str, int] = {}
    years = list(range(first_year, plan.until.year + 1))
    # Five announced cycles: this year's counts once its results were announced (30 November).
    last_cycle = (
        plan.until.year if plan.until > date(plan.until.year, 11, 30) else plan.until.year - 1
    )
    monev_years = list(range(last_cycle - plan.years + 1, last_cycle + 1))

    def stage(name: str, work: Callable[[], Any]) -> Any:
        began = time.perf_counter()
        result = work()
        seconds[name] = time.perf_counter() - began
        progress(f"{name}: {seconds[name]:.1f} s")
        return result

    # Bulk-load settings of this connection, only outside a transaction (SQLite refuses them
    # inside one, and a caller's transaction is not ours to change).
    sqlite = connection.vendor == "sqlite" and not connection.in_atomic_block
    if sqlite:
        # Outside the transaction: SQLite ignores this pragma inside one. The generator builds
        # its keys itself; the tests run `PRAGMA foreign_key_check` over a small world.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys=OFF")
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-500000")
    try:
        with transaction.atomic():
            sink.drop_indexes(
                [InformationRequest, RequestEvent, WrittenNotice, RequestRouting, Delivery,
                 Payment, RequestFact, ObjectionEvent, Objection, BudgetLine, Answer, Result,
                 Participant, HistoricalResult, RequesterIdentity, AccountEvent, DocumentVersion,
                 Document, InformationEntry, Scan, Evidence, SearchEntry]
            )  # fmt: skip
            # The requests stage indexes archive answers already: no trigger from here on.
            registry.drop_triggers()
            bodies = stage(
                "bodies and units",
                lambda: people.create_bodies(
                    sink, bodies=plan.body_count, units=plan.units, created=created
                ),
            )
            citizens = max(10, plan.requests // 10)
            walk_ins = max(10, plan.requests // 20)
            folk = stage(
                "accounts and identities",
                lambda: people.create_people(
                    sink,
                    rng,
                    bodies,
                    citizens=citizens,
                    walk_ins=walk_ins,
                    created=created,
                    store=store,
                ),
            )
            out = stage(
                "requests",
                lambda: requests.generate(
                    sink, rng, wd, bodies, folk, count=plan.requests, first_day=0,
                    cutoff_day=cutoff_day, progress=progress,
                ),
            )  # fmt: skip
            counts.update(
                stage(
                    "objections and disputes",
                    lambda: objections.generate(
                        sink, rng, wd, bodies, out.objectable, cutoff_day=cutoff_day
                    ),
                )
            )
            counts.update(
                stage(
                    "DIP, documents and search index",
                    lambda: registry.generate(
                        sink, rng, wd, bodies, documents=plan.documents, first_day=0,
                        cutoff_day=cutoff_day, progress=progress, store=store,
                    ),
                )
            )  # fmt: skip
            counts.update(
                stage(
                    "budgets",
                    lambda: finance.budgets(
                        sink, rng, wd, bodies, years=years, lines_per_import=80,
                        cutoff_year=plan.until.year, store=store,
                    ),
                )
            )  # fmt: skip
            counts.update(
                stage(
                    "monev",
                    lambda: finance.monev(sink, rng, wd, bodies, years=monev_years, store=store),
                )
            )
            stage("indexes", sink.restore_indexes)
            sink.finish()
            stage("statistics (rebuild_sums)", facts.rebuild_sums)
    finally:
        if sqlite:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA synchronous=FULL")
                cursor.execute("PRAGMA cache_size=-2000")
    stage("ANALYZE", sink.analyze)
    return Summary(
        counts={**sink.counts}, seconds=seconds, files=store.files, file_bytes=store.bytes
    )


# --- Removing the world --------------------------------------------------------------------------


def _delete(model: type[Any], condition: Q) -> int:
    """Delete rows with one statement, no signals and no cascade collection."""
    return int(model._base_manager.filter(condition)._raw_delete(connection.alias))


@transaction.atomic
def drop() -> dict[str, int]:
    """Remove every synthetic body, its rows, the synthetic accounts and files; return rows
    removed. The files go at once (not on commit, which could follow a new build's writes)."""
    body_ids = list(
        PublicBody.objects.filter(slug__startswith=people.SLUG_PREFIX).values_list("pk", flat=True)
    )
    bodies = Q(body_id__in=body_ids)
    in_requests = Q(request__body_id__in=body_ids)
    in_objections = Q(objection__body_id__in=body_ids)
    synthetic_users = Q(email__endswith=people.EMAIL_DOMAIN)
    user_ids = User.objects.filter(synthetic_users).values("pk")
    removed: dict[str, int] = {}
    steps: list[tuple[type[Any], Q]] = [
        (MonthlyStat, bodies),
        (DaysStat, bodies),
        (RequestFact, bodies),
        (StatsQueue, Q(request_id__in=InformationRequest.objects.filter(bodies).values("pk"))),
        (SearchEntry, bodies),
        (ObjectionEvent, in_objections),
        (AtasanResponse, in_objections),
        (Deliberation, in_objections),
        (Dispute, in_objections),
        (Objection, bodies),
        (ObjectionCounter, bodies),
        (RequestEvent, in_requests),
        (WrittenNotice, in_requests),
        (RequestRouting, in_requests),
        (Delivery, in_requests),
        (Payment, in_requests),
        (InformationRequest, bodies),
        (RegistrationCounter, bodies),
        (RequestSettings, bodies),
        # Circular keys (a document names its current version): deferred to the commit.
        (DocumentVersion, Q(document__entry__body_id__in=body_ids)),
        (Document, Q(entry__body_id__in=body_ids)),
        (Scan, Q(created_by__in=user_ids)),
        (InformationEntry, bodies),
        (EntryCounter, bodies),
        (BudgetEvent, Q(budget_import__body_id__in=body_ids)),
        (BudgetLine, Q(budget_import__body_id__in=body_ids)),
        (BudgetImport, bodies),
        (HistoricalResult, bodies),
        (Evidence, Q(answer__participant__cycle__body_id__in=body_ids)),
        (Answer, Q(participant__cycle__body_id__in=body_ids)),
        (Result, Q(participant__cycle__body_id__in=body_ids)),
        (Participant, Q(cycle__body_id__in=body_ids)),
        (EvaluationCycle, bodies),
        (Rubric, bodies),
        (AccountEvent, Q(identity__created_by__in=user_ids) | Q(user__in=user_ids)),
        (RequesterIdentity, Q(created_by__in=user_ids) | Q(owner__in=user_ids)),
        (Membership, Q(unit__body_id__in=body_ids)),
        (BodyEvent, bodies),
    ]
    for model, condition in steps:
        removed[model._meta.label] = _delete(model, condition)
    # Children before parents: the deepest units first (PROTECT on `parent`).
    depth = Unit.objects.filter(bodies).order_by("-depth").values_list("depth", flat=True).first()
    units = 0
    for level in range(depth or 0, -1, -1):
        units += _delete(Unit, bodies & Q(depth=level))
    removed["bodies.Unit"] = units
    removed["accounts.User"] = _delete(User, synthetic_users)
    removed["bodies.PublicBody"] = _delete(PublicBody, Q(pk__in=body_ids))
    files.remove_all()
    return {k: v for k, v in removed.items() if v}
