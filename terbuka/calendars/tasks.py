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


def daily_run(today: date) -> dict[str, int]:
    """The calendar's part of the daily job: in December, seed next year's holidays.

    The holiday table for next year must exist before the first clock runs into it; the seed is
    idempotent, so every December day re-checks it (and picks up a late SKB change in the
    package). Other months: nothing to do.
    """
    from terbuka.calendars.services import holidays_seed

    if today.month != 12:
        return {}
    seeded = holidays_seed(years=[today.year + 1])
    return {"holidays_seeded": len(seeded.created)}
