"""Keeping the statistics up to date: request facts and their monthly sums.

Every request event writes a `StatsQueue` row in its own transaction (`signals`), so a change is
never lost even when the worker is down. `drain()` takes queued requests in batches, recomputes
each request's fact from its current state, and applies the difference between the old and the
new fact to the sums (`MonthlyStat`, `DaysStat`), all in one transaction per batch. Recomputing
from state rather than replaying event payloads makes a repeat harmless: draining the same
request twice changes nothing the second time.

`rebuild()` throws the sums away and recomputes them with one GROUP BY over the facts (after
refreshing every fact when asked): the way to start on existing data, and the check that the
incremental path and the whole-history path agree.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum, Value
from django.utils import timezone

from terbuka.bodies.models import Unit
from terbuka.calendars.workdays import Calendar, CalendarRangeError, working_days_between
from terbuka.inforequests.models import InformationRequest, RequestRouting, WrittenNotice
from terbuka.inforequests.states import Status
from terbuka.reports.models import (
    CHANNEL_FIELDS,
    COUNTER_FIELDS,
    LETTER_FIELDS,
    LETTERS,
    DaysStat,
    Measure,
    MonthlyStat,
    Outcome,
    RequestFact,
    StatsQueue,
)

logger = logging.getLogger(__name__)

BATCH = 500
Cell = tuple[int, int, int, int]  # body_id, unit_key, year, month
FACT_FIELDS = (
    "body_id",
    "unit_key",
    "year",
    "month",
    "channel",
    "outcome",
    "refusal_letters",
    "extended",
    "overdue",
    "noticed_on_time",
    "notice_days",
    "fulfil_days",
)


# --- One request's fact ------------------------------------------------------------------------


def outcome_of(request: InformationRequest, notice: WrittenNotice | None) -> str:
    """The outcome the service report counts (UU 14/2008 Pasal 22(7) c; 22(7) a-b)."""
    possession = WrittenNotice.Possession
    if notice is not None:
        if notice.possession == possession.HELD_BY_OTHER:
            return Outcome.FORWARDED
        if notice.possession in (possession.NOT_HELD, possession.NOT_YET_DOCUMENTED):
            return Outcome.NOT_HELD
        decisions: dict[str, str] = {
            WrittenNotice.Decision.GRANTED_FULL: Outcome.GRANTED_FULL,
            WrittenNotice.Decision.GRANTED_PARTIAL: Outcome.GRANTED_PARTIAL,
            WrittenNotice.Decision.REFUSED: Outcome.REFUSED,
        }
        return decisions[notice.decision]
    return {
        Status.FORWARDED: Outcome.FORWARDED,
        Status.WITHDRAWN: Outcome.WITHDRAWN,
        Status.LAPSED: Outcome.LAPSED,
    }.get(Status(request.status), Outcome.PENDING)


def _local(moment: Any) -> date:
    return timezone.localtime(moment).date()


def _days(start: date, end: date, calendar: Calendar, region: str) -> int | None:
    try:
        return max(0, working_days_between(start, end, region_code=region, calendar=calendar))
    except CalendarRangeError:
        return None


def fact_values(
    request: InformationRequest,
    notice: WrittenNotice | None,
    unit_key: int,
    calendar: Calendar,
) -> dict[str, Any]:
    """The fact of `request` as field values (see `FACT_FIELDS`)."""
    received = _local(request.received_at)
    outcome = outcome_of(request, notice)
    start = request.clock_started_on or received
    region = request.body.region_code
    notice_on = _local(notice.issued_at) if notice is not None else None
    # UU 14/2008 Pasal 22(7)-(8): the notice is due in 10 working days, 17 when extended.
    due = request.extended_due_on if request.is_extended else request.notice_due_on
    late_notice = notice_on is not None and due is not None and notice_on > due
    overdue = bool(request.is_overdue or late_notice)
    letters = ""
    if outcome == Outcome.REFUSED and notice is not None:
        letters = "".join(sorted({x for x in notice.refusal_letters or [] if x in LETTERS}))
    return {
        "body_id": request.body_id,
        "unit_key": unit_key,
        "year": received.year,
        "month": received.month,
        "channel": request.channel,
        "outcome": outcome,
        "refusal_letters": letters,
        "extended": bool(request.is_extended),
        "overdue": overdue,
        "noticed_on_time": None if notice_on is None else not overdue,
        "notice_days": _days(start, notice_on, calendar, region) if notice_on else None,
        "fulfil_days": (
            _days(start, _local(request.fulfilled_at), calendar, region)
            if request.fulfilled_at is not None
            else None
        ),
    }


@dataclass
class Contribution:
    """What one fact adds to its cell: counters and (measure, days) pairs."""

    cell: Cell
    counters: dict[str, int]
    days: list[tuple[str, int]]


def contribution(values: dict[str, Any]) -> Contribution:
    counters: dict[str, int] = {"received": 1, values["outcome"]: 1}
    channel_field = CHANNEL_FIELDS.get(values["channel"])
    if channel_field:
        counters[channel_field] = 1
    for letter in values["refusal_letters"]:
        counters[LETTER_FIELDS[letter]] = 1
    for flag in ("extended", "overdue"):
        if values[flag]:
            counters[flag] = 1
    days: list[tuple[str, int]] = []
    if values["noticed_on_time"] is not None:
        counters["noticed"] = 1
    if values["noticed_on_time"]:
        counters["noticed_on_time"] = 1
    if values["notice_days"] is not None:
        counters["notice_days_sum"] = values["notice_days"]
        days.append((Measure.NOTICE, values["notice_days"]))
    if values["fulfil_days"] is not None:
        counters["fulfilled"] = 1
        counters["fulfil_days_sum"] = values["fulfil_days"]
        days.append((Measure.FULFIL, values["fulfil_days"]))
    cell = (values["body_id"], values["unit_key"], values["year"], values["month"])
    return Contribution(cell, counters, days)


def _fact_as_values(fact: RequestFact) -> dict[str, Any]:
    return {name: getattr(fact, name) for name in FACT_FIELDS}


# --- Applying differences ----------------------------------------------------------------------


@dataclass
class Delta:
    counters: dict[Cell, dict[str, int]]
    days: dict[tuple[Cell, str, int], int]

    @classmethod
    def empty(cls) -> Delta:
        return cls(defaultdict(lambda: defaultdict(int)), defaultdict(int))

    def add(self, part: Contribution, sign: int) -> None:
        cell = self.counters[part.cell]
        for name, value in part.counters.items():
            cell[name] += sign * value
        for measure, days in part.days:
            self.days[(part.cell, measure, days)] += sign


def _apply(delta: Delta) -> None:
    counters = {
        cell: {k: v for k, v in values.items() if v} for cell, values in delta.counters.items()
    }
    counters = {cell: values for cell, values in counters.items() if values}
    if counters:
        MonthlyStat.objects.bulk_create(
            [
                MonthlyStat(body_id=b, unit_key=u, year=y, month=m)
                for (b, u, y, m) in sorted(counters)
            ],
            ignore_conflicts=True,
        )
        for (b, u, y, m), values in sorted(counters.items()):
            MonthlyStat.objects.filter(body_id=b, unit_key=u, year=y, month=m).update(
                **{name: F(name) + value for name, value in values.items()}
            )
    days = {key: value for key, value in delta.days.items() if value}
    if days:
        DaysStat.objects.bulk_create(
            [
                DaysStat(body_id=b, unit_key=u, year=y, month=m, measure=measure, days=d)
                for ((b, u, y, m), measure, d) in sorted(days)
            ],
            ignore_conflicts=True,
        )
        for ((b, u, y, m), measure, d), value in sorted(days.items()):
            DaysStat.objects.filter(
                body_id=b, unit_key=u, year=y, month=m, measure=measure, days=d
            ).update(count=F("count") + value)


def unit_keys(requests: Sequence[InformationRequest]) -> dict[int, int]:
    """The answering unit of each request: its latest active disposisi, else its unit, else
    the body's PPID Utama (who handles a request that names no unit), else 0."""
    request_ids = [r.pk for r in requests]
    utama = dict(
        Unit.objects.filter(
            body_id__in={r.body_id for r in requests}, kind=Unit.Kind.PPID_UTAMA
        ).values_list("body_id", "pk")
    )
    keys: dict[int, int] = {r.pk: r.unit_id or utama.get(r.body_id, 0) for r in requests}
    rows = (
        RequestRouting.objects.filter(request_id__in=request_ids, is_active=True)
        .order_by("request_id", "routed_at", "id")
        .values_list("request_id", "unit_id")
    )
    for request_id, unit_id in rows:
        keys[request_id] = unit_id  # the last one wins
    return keys


def _calendar(requests: Sequence[InformationRequest]) -> Calendar:
    starts = [r.clock_started_on or _local(r.received_at) for r in requests]
    ends = [_local(r.notice.issued_at) for r in requests if _notice(r) is not None]
    ends += [_local(r.fulfilled_at) for r in requests if r.fulfilled_at is not None]
    first = min(starts) - timedelta(days=1)
    last = max([*ends, *starts]) + timedelta(days=1)
    return Calendar.load(first, last)


def _notice(request: InformationRequest) -> WrittenNotice | None:
    try:
        return request.notice
    except WrittenNotice.DoesNotExist:
        return None


def refresh(request_ids: Iterable[int]) -> int:
    """Recompute the facts of `request_ids` and apply their differences to the sums.

    Must run inside a transaction; locks the requests so two workers never apply the same
    request's difference twice. Returns how many facts changed.
    """
    ids = sorted(set(request_ids))
    if not ids:
        return 0
    requests = list(
        InformationRequest.objects.select_for_update(of=("self",))
        .select_related("notice", "body")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    old = {fact.request_id: fact for fact in RequestFact.objects.filter(request_id__in=ids)}
    routed = unit_keys(requests)
    delta = Delta.empty()
    changed = 0
    now = timezone.now()
    new_facts: list[RequestFact] = []
    updated: list[RequestFact] = []
    if requests:
        calendar = _calendar(requests)
        for request in requests:
            values = fact_values(request, _notice(request), routed[request.pk], calendar)
            previous = old.get(request.pk)
            if previous is not None and _fact_as_values(previous) == values:
                continue
            changed += 1
            if previous is not None:
                delta.add(contribution(_fact_as_values(previous)), -1)
                for name, value in values.items():
                    setattr(previous, name, value)
                previous.computed_at = now
                updated.append(previous)
            else:
                new_facts.append(RequestFact(request_id=request.pk, computed_at=now, **values))
            delta.add(contribution(values), +1)
    RequestFact.objects.bulk_create(new_facts)
    if updated:
        RequestFact.objects.bulk_update(updated, [*FACT_FIELDS, "computed_at"])
    _apply(delta)
    return changed


def drain(*, limit: int | None = None, batch: int = BATCH) -> int:
    """Process queued requests until the queue is empty (or `limit` rows); return rows taken."""
    taken = 0
    while limit is None or taken < limit:
        size = batch if limit is None else min(batch, limit - taken)
        with transaction.atomic():
            rows = StatsQueue.objects.order_by("id")
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            picked = list(rows.values_list("id", "request_id")[:size])
            if not picked:
                break
            refresh([request_id for _pk, request_id in picked])
            StatsQueue.objects.filter(id__in=[pk for pk, _r in picked]).delete()
        taken += len(picked)
    return taken


def enqueue(request_ids: Iterable[int]) -> None:
    """Queue requests for a refresh (in the caller's transaction)."""
    StatsQueue.objects.bulk_create([StatsQueue(request_id=pk) for pk in set(request_ids)])


# --- Rebuilding from the facts -------------------------------------------------------------------


def _count(condition: Q) -> Count:
    return Count("request_id", filter=condition)


def rollup_expressions() -> dict[str, Any]:
    """The SQL aggregate of each MonthlyStat counter over RequestFact rows."""
    expressions: dict[str, Any] = {
        "received": Count("request_id"),
        **{name: _count(Q(channel=channel)) for channel, name in CHANNEL_FIELDS.items()},
        **{outcome.value: _count(Q(outcome=outcome.value)) for outcome in Outcome},
        **{
            name: _count(Q(refusal_letters__contains=letter))
            for letter, name in LETTER_FIELDS.items()
        },
        "extended": _count(Q(extended=True)),
        "overdue": _count(Q(overdue=True)),
        "noticed": _count(Q(noticed_on_time__isnull=False)),
        "noticed_on_time": _count(Q(noticed_on_time=True)),
        "fulfilled": _count(Q(fulfil_days__isnull=False)),
        "notice_days_sum": Sum("notice_days", default=0),
        "fulfil_days_sum": Sum("fulfil_days", default=0),
    }
    assert set(expressions) == set(COUNTER_FIELDS)  # noqa: S101 - one list of counters
    return expressions


def refresh_all(*, batch: int = 2000) -> int:
    """Recompute every request's fact (in batches, one transaction each); return changes."""
    changed = 0
    last = 0
    while True:
        ids = list(
            InformationRequest.objects.filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return changed
        with transaction.atomic():
            changed += refresh(ids)
        last = ids[-1]


@transaction.atomic
def rebuild_sums(*, chunk: int = 5000) -> tuple[int, int]:
    """Replace the sums with one GROUP BY over the facts; return (month cells, day cells).

    On PostgreSQL the two tables are locked first, so a worker draining the queue meanwhile
    waits and applies its difference to the rebuilt cells, after the GROUP BY (which cannot
    see its uncommitted fact). SQLite has one writer at a time anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"LOCK TABLE {MonthlyStat._meta.db_table}, {DaysStat._meta.db_table} "
                "IN EXCLUSIVE MODE"
            )
    MonthlyStat.objects.all().delete()
    DaysStat.objects.all().delete()
    keys = ("body_id", "unit_key", "year", "month")
    months = _insert_select(
        MonthlyStat,
        RequestFact.objects.values(*keys).annotate(**rollup_expressions()).order_by(),
    )
    days = 0
    for measure, column in ((Measure.NOTICE, "notice_days"), (Measure.FULFIL, "fulfil_days")):
        days += _insert_select(
            DaysStat,
            RequestFact.objects.filter(**{f"{column}__isnull": False})
            .values(*keys, column)
            .annotate(measure=Value(measure.value), count=Count("request_id"))
            .order_by(),
            rename={column: "days"},
        )
    return months, days


def _insert_select(
    model: type[models.Model], rows: QuerySet[Any, Any], *, rename: Mapping[str, str] = {}
) -> int:
    """`INSERT INTO <model> (...) SELECT ...` of a grouped values() queryset; return rows.

    The database groups and writes in one statement: nothing crosses into Python (a national
    rebuild of ten million facts would otherwise build every cell as an object).
    """
    query = rows.query
    names = [*query.values_select, *query.annotation_select]
    quote = connection.ops.quote_name
    columns = []
    for name in names:
        field = model._meta.get_field(rename.get(name, name))
        if not isinstance(field, models.Field):
            raise TypeError(f"{model.__name__}.{field.name} is not a column")
        columns.append(quote(field.column))
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        table = quote(model._meta.db_table)
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) {sql}", params)
        return int(cursor.rowcount)


def rebuild(*, refresh_facts: bool = True) -> dict[str, int]:
    """Recompute the facts (optionally) and the sums from scratch; empty the queue first."""
    queued = StatsQueue.objects.aggregate(top=Max("id"))["top"]
    changed = refresh_all() if refresh_facts else 0
    months, days = rebuild_sums()
    if refresh_facts and queued is not None:
        # Every fact was recomputed after these rows were queued.
        StatsQueue.objects.filter(id__lte=queued).delete()
    return {"facts_changed": changed, "month_cells": months, "day_cells": days}
