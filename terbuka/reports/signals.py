"""The outbox: every request event queues its request for a statistics refresh.

The queue row is written in the event's own transaction, so a committed event always has its
refresh waiting; the task that drains the queue is scheduled after the commit. A lost task only
delays the refresh until the next task or the daily job.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from terbuka.calendars.models import Holiday
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


def _holiday_changed(sender: Any, instance: Holiday, raw: bool = False, **_: Any) -> None:
    """A holiday added, moved, cancelled or deleted changes the working days of requests that
    ran over it: queue them (notice and fulfilment days are counted with the holiday table)."""
    # A holiday saved with its date as text (fixtures, the shell) is still a date here.
    day = Holiday._meta.get_field("date").to_python(instance.date)
    if raw or day is None or day > timezone.localdate():
        # Days counted so far all lie in the past: a future holiday changes none of them.
        return
    first = timezone.make_aware(datetime.combine(day - HOLIDAY_REACH, time.min))
    last = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    ids = InformationRequest.objects.filter(
        received_at__gte=first, received_at__lt=last
    ).values_list("pk", flat=True)
    queued = StatsQueue.objects.bulk_create([StatsQueue(request_id=pk) for pk in ids.iterator()])
    if queued:
        transaction.on_commit(_schedule)


def _schedule() -> None:
    from terbuka.reports.tasks import drain_statistics

    drain_statistics.enqueue()


def connect() -> None:
    post_save.connect(_queue_refresh, sender=RequestEvent, dispatch_uid="reports.queue_refresh")
    post_save.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports.holiday_saved")
    post_delete.connect(_holiday_changed, sender=Holiday, dispatch_uid="reports.holiday_deleted")
