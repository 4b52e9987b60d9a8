"""The request app's part of the daily job: overdue flags, reminders and lapses.

Run every day by cron through `terbuka daily` (see `terbuka.core.daily`). Idempotent: an
overdue flag is set once, a lapse happens once and reminders carry the date in their dedupe
key, so a second run on the same day sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from terbuka.core.exceptions import DomainError
from terbuka.inforequests import notifications, selectors, services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status

logger = logging.getLogger(__name__)


@dataclass
class DailyResult:
    overdue: int = 0
    reminders: int = 0
    lapsed: int = 0


def _lapse_due(today: date) -> int:
    """Lapse incomplete requests whose completion window has passed (Perki 1/2021)."""
    due = InformationRequest.objects.filter(
        status=Status.INCOMPLETE, completion_due_on__lt=today
    ).order_by("pk")
    lapsed = 0
    for request in due:
        try:
            services.request_lapse(request=request, actor=None, today=today)
        except DomainError:
            logger.exception("Could not lapse request %s", request.pk)
            continue
        lapsed += 1
    return lapsed


def _send_reminders(today: date) -> int:
    sent = 0
    for reminder in selectors.deadline_reminders_due(today):
        with transaction.atomic():
            sent += notifications.remind(request=reminder.request, kind=reminder.kind, today=today)
    return sent


def daily_run(today: date | None = None) -> DailyResult:
    """Run the request part of the daily job for `today` (default: the local date)."""
    today = today or timezone.localdate()
    result = DailyResult()
    # Flag first, so the escalation to the Atasan PPID goes out with today's run.
    result.overdue = services.request_mark_overdue(today)
    result.reminders = _send_reminders(today)
    result.lapsed = _lapse_due(today)
    return result


def daily_counts(today: date) -> dict[str, int]:
    """`daily_run` as registered with `terbuka.core.daily`."""
    return asdict(daily_run(today))
