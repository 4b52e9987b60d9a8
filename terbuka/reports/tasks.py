"""Background work of the reports app: draining the statistics queue and the daily catch-up."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from terbuka.reports import facts


@task()
def drain_statistics() -> int:
    """Bring the statistics up to date with every queued request; return the rows taken."""
    return facts.drain()


def daily_run(today: date) -> dict[str, int]:
    """The daily job: catch up on anything a lost task left in the queue."""
    taken = facts.drain()
    return {"statistics_refreshed": taken} if taken else {}
