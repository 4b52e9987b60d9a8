"""Set-based recompute of open legal clocks after the holiday table changed.

Open clocks share a few dozen inputs (a body's region, a start date, a status, the stored dates
and their inputs), so a recomputer never walks rows in Python. Each batch of candidates:

1. is locked (PostgreSQL; SQLite serialises writers anyway);
2. is read as groups, `SELECT DISTINCT` the columns a clock depends on, one row per group;
3. gets each group's new values computed once by the app (`compute`); groups that move alike
   are merged, and each outcome gets one `INSERT ... SELECT` of an event per row, then one
   `UPDATE`. Both statements match the groups' old values, so a row changed since it was
   listed is left alone.

Used by `inforequests.services.request_recompute_clocks_for_dates` and
`objections.services.objection_recompute_clocks_for_dates`; `insert_from` also by
`reports.signals` (the statistics queue after a past-dated holiday change).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import connections, transaction
from django.db.models import Expression, Model, Q, QuerySet
from django.utils import timezone

# Rows per transaction. A batch costs a few statements per group, not per row, so it stays
# under the 500 ms an officer's write may wait behind it (bench B6: about 450 ms at S under load).
BATCH = 2500


@dataclass(frozen=True)
class Moved:
    """A group's new values and the event each of its rows gets."""

    values: dict[str, Any]
    # An unsaved event: every field but the link to the recomputed row is copied as is.
    event: Model
    # Whether the app wants the group's rows once they moved (`Recompute.follow_up`).
    follow_up: bool = False


@dataclass(frozen=True)
class Recompute:
    """How one app recomputes its clocks.

    `keys` names the columns a clock depends on, `derived` adds computed ones (e.g. the local
    date of a timestamp); `compute(group, now)` gets one group's values by those names and
    returns the new values and the event, or None if nothing moved. `event_link` is the
    attname of the event's foreign key to the recomputed row. `follow_up(pks, now)` runs
    inside the batch's transaction with the moved rows of the groups flagged `follow_up` and
    the time their events carry (e.g. to schedule e-mail on commit).
    """

    candidates: QuerySet[Any]
    keys: tuple[str, ...]
    compute: Callable[[dict[str, Any], datetime], Moved | None]
    event_link: str
    follow_up: Callable[[list[int], datetime], None] | None = None
    derived: Mapping[str, Expression] = field(default_factory=dict)
    batch: int | None = None  # rows per transaction; `BATCH` by default


def recompute(spec: Recompute) -> int:
    """Recompute every candidate in batches; return the number of rows whose values moved."""
    pks = list(spec.candidates.order_by("pk").values_list("pk", flat=True))
    moved = 0
    size = spec.batch or BATCH
    for offset in range(0, len(pks), size):
        chunk = pks[offset : offset + size]
        moved += _batch(spec, chunk[0], chunk[-1])
    return moved


@transaction.atomic
def _batch(spec: Recompute, first: int, last: int) -> int:
    rows = spec.candidates.filter(pk__gte=first, pk__lte=last).order_by()
    db = rows.db
    if connections[db].features.has_select_for_update:
        # Only the ids: a row decided since it was listed drops out of the groups below.
        list(rows.select_for_update(of=("self",)).values_list("pk", flat=True))
    groups = list(rows.values(*spec.keys, **spec.derived).distinct())
    now = timezone.now()
    # Groups that move alike (same new values, same event) are written by the same statements.
    outcomes: dict[str, tuple[Moved, Q]] = {}
    for group in groups:
        result = spec.compute(group, now)
        if result is None:
            continue
        # In the order given (positional Qs keep it): SQLite tests them in that order, so the
        # costly ones (a JSON column) go last and run on few rows.
        alike = Q(*(Q(**{name: group[name]}) for name in (*spec.derived, *spec.keys)))
        key = _outcome(result)
        seen = outcomes.get(key)
        outcomes[key] = (result, seen[1] | alike if seen else alike)
    base = rows.alias(**spec.derived) if spec.derived else rows
    moved = 0
    follow: list[int] = []
    for result, alike in outcomes.values():
        members = base.filter(alike)
        if result.follow_up:
            follow += members.values_list("pk", flat=True)
        insert_from(result.event, spec.event_link, members)
        moved += members.update(**result.values)
    if follow and spec.follow_up is not None:
        spec.follow_up(follow, now)
    return moved


def _outcome(result: Moved) -> str:
    event = result.event
    fields = {f.attname: f.value_from_object(event) for f in event._meta.concrete_fields}
    return json.dumps([result.values, fields, result.follow_up], sort_keys=True, default=str)


def insert_from(template: Model, link: str, rows: QuerySet[Any]) -> int:
    """Insert one copy of `template` per row of `rows`, its `link` foreign key set to the row.

    One `INSERT ... SELECT`: no model instance per row and no `post_save` signal (the callers
    say why none is needed). Every other concrete field is copied from `template` as saved
    (defaults and `auto_now_add` applied). Returns the number of rows inserted.
    """
    model = type(template)
    connection = connections[rows.db]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    linked = next(f for f in fields if f.attname == link)
    copied = [f for f in fields if f is not linked]
    values = [f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in copied]
    pk_name = rows.model._meta.pk.attname
    select_sql, select_params = rows.values(pk_name).query.get_compiler(using=rows.db).as_sql()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in [linked, *copied])
    placeholders = ", ".join("%s" for _ in copied)
    # Identifiers come from the models' metadata; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT r.{quote(pk_name)}, {placeholders} FROM ({select_sql}) r"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *select_params])
        return int(cursor.rowcount)
