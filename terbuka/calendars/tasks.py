"""Background work of the calendar app."""

from __future__ import annotations

from datetime import date

from django_tasks import task

from terbuka.calendars.signals import clock_recomputers


@task()
def recompute_open_clocks(dates: list[str]) -> int:
    """Call every registered clock recomputer with the changed dates (ISO strings).

    Enqueued on commit by every holiday service; see `terbuka.calendars.signals` for how an app
    registers its recomputer. Returns the number of recomputers called.
    """
    parsed = sorted({date.fromisoformat(value) for value in dates})
    recomputers = clock_recomputers()
    for recomputer in recomputers:
        recomputer(parsed)
    return len(recomputers)
