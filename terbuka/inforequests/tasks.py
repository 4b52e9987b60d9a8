"""The daily job of the request app: overdue flags, reminders, lapses and next year's holidays.

Run every day by cron through `terbuka daily` (see the management command). Idempotent: an
overdue flag is set once, a lapse happens once, reminders carry the date in their dedupe key
and the holiday seed never duplicates rows, so a second run on the same day sends nothing.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from terbuka.calendars.services import holidays_seed
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
    holidays_seeded: int | None = None


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
    """Run the daily job for `today` (default: the local date)."""
    today = today or timezone.localdate()
    result = DailyResult()
    # Flag first, so the escalation to the Atasan PPID goes out with today's run.
    result.overdue = services.request_mark_overdue(today)
    result.reminders = _send_reminders(today)
    result.lapsed = _lapse_due(today)
    if today.month == 12:
        # The holiday table for next year must exist before the first clock runs into it.
        try:
            seeded = holidays_seed(years=[today.year + 1])
        except DomainError:
            logger.exception("Could not seed the holidays of %s", today.year + 1)
        else:
            result.holidays_seeded = len(seeded.created)
    return result


@task()
def daily(today: str | None = None) -> dict[str, int | None]:
    """The daily job as a task (ISO date or today); returns the counts."""
    return asdict(daily_run(date.fromisoformat(today) if today else None))
