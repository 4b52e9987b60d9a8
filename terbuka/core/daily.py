"""The daily job: what each app does once a day, run together by `terbuka daily`.

An app registers its job from `AppConfig.ready()`:

    from terbuka.core.daily import register_daily_job

    register_daily_job("requests", tasks.daily_run)

A job takes today's date and returns its counts (e.g. `{"overdue": 1, "reminders": 2}`); an
empty dict means it had nothing to do today. Jobs run in registration order, which follows
INSTALLED_APPS (the calendar first, so next year's holidays exist before any clock runs into
them). Every job must be idempotent: cron may run it twice, and a second run on the same day
sends nothing (reminders carry the date in their dedupe key). One failing job does not stop the
others; `run_daily` logs it and reports it as failed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

DailyCounts = dict[str, int]
DailyJob = Callable[[date], DailyCounts]

_jobs: dict[str, DailyJob] = {}


def register_daily_job(name: str, job: DailyJob) -> DailyJob:
    """Register `job` under `name`; registering the same name again replaces it."""
    _jobs[name] = job
    return job


def daily_jobs() -> tuple[tuple[str, DailyJob], ...]:
    """Return the registered (name, job) pairs in registration order."""
    return tuple(_jobs.items())


@dataclass
class DailyReport:
    today: date
    counts: dict[str, DailyCounts] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def run_daily(today: date | None = None) -> DailyReport:
    """Run every registered job for `today` (default: the local date)."""
    report = DailyReport(today=today or timezone.localdate())
    for name, job in daily_jobs():
        try:
            report.counts[name] = job(report.today)
        except Exception:
            # Each job commits its own work row by row; the rest of the day's jobs still run.
            logger.exception("Daily job %s failed on %s", name, report.today)
            report.failed.append(name)
    return report


def describe(counts: DailyCounts) -> str:
    """Return counts as text: `{"overdue": 1, "compliance_reminders": 0}` -> "1 overdue, ..."."""
    return ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in counts.items())


@task()
def daily(today: str | None = None) -> dict[str, DailyCounts]:
    """The daily job as a task (ISO date or today); returns the counts per job."""
    report = run_daily(date.fromisoformat(today) if today else None)
    if report.failed:
        raise RuntimeError(f"Daily jobs failed: {', '.join(report.failed)}")
    return report.counts
