"""The DIP's part of the daily job: exemptions that ended go to review, and reminders of
periodic updates and of exemptions that end soon. Idempotent (see `terbuka.core.daily`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from terbuka.registry import notifications, selectors, services


@dataclass
class DailyResult:
    review_due: int = 0
    update_reminders: int = 0
    exemption_reminders: int = 0


def daily_run(today: date | None = None) -> DailyResult:
    today = today or timezone.localdate()
    result = DailyResult()
    # UU 14/2008 Pasal 20: an exemption under Pasal 17 a-f ends; the PPID reviews it.
    for test in services.consequence_tests_mark_review_due(today):
        result.review_due += 1
        with transaction.atomic():
            notifications.review_due(test=test, today=today)
    for reminder in selectors.update_reminders_due(today):
        with transaction.atomic():
            result.update_reminders += notifications.remind_update(
                entry=reminder.obj, kind=reminder.kind, today=today
            )
    for reminder in selectors.exemption_reminders_due(today):
        with transaction.atomic():
            result.exemption_reminders += notifications.remind_exemption(
                test=reminder.obj, kind=reminder.kind, today=today
            )
    return result


def daily_counts(today: date) -> dict[str, int]:
    """`daily_run` as registered with `terbuka.core.daily`."""
    return asdict(daily_run(today))
