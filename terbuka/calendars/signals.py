"""How other apps learn that the holiday table changed.

Every service that changes the table, once its transaction commits:

1. sends `holidays_changed(sender=Holiday, dates=[...])` synchronously, for cheap reactions
   (e.g. clearing a cache), and
2. enqueues `terbuka.calendars.tasks.recompute_open_clocks` with the same dates, which runs in
   the task worker and calls every function registered with `register_clock_recomputer`.

An app whose open legal clocks depend on working days (e.g. `inforequests`: UU 14/2008
Pasal 22(7)-(8), 36, 37) hooks in from its `AppConfig.ready()`:

    from terbuka.calendars.signals import register_clock_recomputer

    def recompute_request_clocks(dates: Sequence[date]) -> None:
        # Recompute `due_on` of every open request whose clock spans min(dates)..,
        # through the app's own service (which writes its own event rows).
        ...

    register_clock_recomputer(recompute_request_clocks)

`dates` holds every date whose working-day status may have changed (for an edit that moved a
holiday, both the old and the new date). A recomputer must be idempotent: the task may run
more than once for the same change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from django.dispatch import Signal

ClockRecomputer = Callable[[Sequence[date]], object]  # the return value (a count) is ignored

# Sent with `dates: list[date]` after the transaction that changed them commits.
holidays_changed = Signal()

_recomputers: list[ClockRecomputer] = []


def register_clock_recomputer(recomputer: ClockRecomputer) -> ClockRecomputer:
    """Register a function the recompute task calls with the changed dates; usable as decorator."""
    if recomputer not in _recomputers:
        _recomputers.append(recomputer)
    return recomputer


def unregister_clock_recomputer(recomputer: ClockRecomputer) -> None:
    """Remove a registered recomputer (tests)."""
    if recomputer in _recomputers:
        _recomputers.remove(recomputer)


def clock_recomputers() -> tuple[ClockRecomputer, ...]:
    """Return the registered recomputers in registration order."""
    return tuple(_recomputers)
