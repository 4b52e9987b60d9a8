"""The outbox: every request event queues its request for a statistics refresh.

The queue row is written in the event's own transaction, so a committed event always has its
refresh waiting; the task that drains the queue is scheduled after the commit. A lost task only
delays the refresh until the next task or the daily job.

A past-dated holiday change touches months of requests: they are queued by the holiday
recompute job in the task worker (`holiday_statistics_refresh`), never in the officer's
request. Holiday rows written outside `calendars.services` (the shell) are not seen, as for
the legal clocks; `facts.rebuild` catches up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from terbuka.calendars.recompute import insert_from
from terbuka.calendars.signals import register_clock_recomputer
from terbuka.inforequests.models import InformationRequest, RequestEvent
from terbuka.reports.models import StatsQueue

# A request's working days run from its receipt to its fulfilment; a holiday changed on a day
# can only change the counts of requests received in the months before it.
HOLIDAY_REACH = timedelta(days=120)


def _queue_refresh(sender: Any, instance: RequestEvent, created: bool, raw: bool, **_: Any) -> None:
    if not created or raw:
        return
    StatsQueue.objects.create(request_id=instance.request_id)
    transaction.on_commit(_schedule)


def holiday_statistics_refresh(dates: Sequence[date]) -> int:
    """Queue for a statistics refresh every request that ran over a changed holiday date.

    Notice and fulfilment days are counted with the holiday table, so a holiday added, moved,
    cancelled or deleted on a past day changes the counts of the requests received in the
    `HOLIDAY_REACH` before it; a future day changes none (days counted so far all lie in the
    past). A clock recomputer (registered in `apps.py`): it runs in the task worker after every
    holiday service, so the officer's request only writes the holiday and enqueues. One
    `INSERT ... SELECT`; the queue is drained on commit. Returns the rows queued.
    """
    today = timezone.localdate()
    windows = Q()
    for day in sorted({d for d in dates if d <= today}):
        first = timezone.make_aware(datetime.combine(day - HOLIDAY_REACH, time.min))
        last = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
        windows |= Q(received_at__gte=first, received_at__lt=last)
    if not windows:
        return 0
    with transaction.atomic():
        queued = insert_from(StatsQueue(), "request_id", InformationRequest.objects.filter(windows))
        if queued:
            transaction.on_commit(_schedule)
    return queued


def _schedule() -> None:
    """Enqueue a drain unless one is already waiting in the database queue.

    A waiting drain has not read the queue yet, so it takes this transaction's rows too: under
    a burst of submissions most of them skip the enqueue, a write and a commit each (on SQLite,
    the single writer's lock). Backends that run tasks at once (tests, benchmarks) always run it.
    """
    from terbuka.core.jobs import database_backend_in_use
    from terbuka.reports.tasks import drain_statistics

    if database_backend_in_use() and _drain_waiting(drain_statistics.module_path):
        return
    drain_statistics.enqueue()


def _drain_waiting(task_path: str) -> bool:
    from django_tasks_db.models import DBTaskResult

    # The partial index on READY rows keeps this a read of the few waiting tasks.
    return DBTaskResult.objects.ready().filter(task_path=task_path).exists()


def connect() -> None:
    post_save.connect(_queue_refresh, sender=RequestEvent, dispatch_uid="reports.queue_refresh")
    register_clock_recomputer(holiday_statistics_refresh)
