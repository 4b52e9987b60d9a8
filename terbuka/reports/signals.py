"""The outbox: every request event queues its request for a statistics refresh.

The queue row is written in the event's own transaction, so a committed event always has its
refresh waiting; the task that drains the queue is scheduled after the commit. A lost task only
delays the refresh until the next task or the daily job.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from terbuka.inforequests.models import RequestEvent
from terbuka.reports.models import StatsQueue


def _queue_refresh(sender: Any, instance: RequestEvent, created: bool, raw: bool, **_: Any) -> None:
    if not created or raw:
        return
    StatsQueue.objects.create(request_id=instance.request_id)
    transaction.on_commit(_schedule)


def _schedule() -> None:
    from terbuka.reports.tasks import drain_statistics

    drain_statistics.enqueue()


def connect() -> None:
    post_save.connect(_queue_refresh, sender=RequestEvent, dispatch_uid="reports.queue_refresh")
