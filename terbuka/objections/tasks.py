"""The objection app's part of the daily job: lapses, reminders to the Atasan, compliance.

Run every day by cron through `terbuka daily` (see `terbuka.core.daily`). Idempotent: a lapse
happens once (the service locks and re-checks each row) and reminders carry the date in their
dedupe key, so a second run on the same day sends nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from terbuka.objections import notifications, selectors, services


@dataclass
class DailyResult:
    lapsed: int = 0
    reminders: int = 0
    compliance_reminders: int = 0


def daily_run(today: date | None = None) -> DailyResult:
    """Run the objection part of the daily job for `today` (default: the local date)."""
    today = today or timezone.localdate()
    result = DailyResult()
    # UU 14/2008 Pasal 36(2), 37(2): lapse first, so the requester hears today that the 14
    # working days to the Komisi Informasi have begun.
    result.lapsed = services.objection_mark_lapsed(today)
    for objection, kind in selectors.objection_reminders_due(today):
        with transaction.atomic():
            result.reminders += notifications.remind(objection=objection, kind=kind, today=today)
    for dispute, kind in selectors.dispute_compliance_reminders_due(today):
        with transaction.atomic():
            result.compliance_reminders += notifications.remind_compliance(
                dispute=dispute, kind=kind, today=today
            )
    return result


def daily_counts(today: date) -> dict[str, int]:
    """`daily_run` as registered with `terbuka.core.daily`."""
    return asdict(daily_run(today))
