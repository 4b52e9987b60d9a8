"""`python -m faults [--quick] [--only F1,F5] [--soak-seconds N]` (`make faults`).

The reliability fault suite of quality.md section 6 (F10, the calendar properties, runs with
the ordinary tests in terbuka/calendars/tests/test_workdays_properties.py). Each test prints
what it tried, what it measured and what was lost, which must be nothing; the exit code is
non-zero when anything was lost or a criterion failed. See docs/operations.md.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from faults.env import prepare_environment


@dataclass
class Context:
    tmp: Path
    smtp_port: int
    quick: bool
    soak_seconds: int
    pg_url: str | None
    units: list[tuple[str, str]] = field(default_factory=list)

    def citizens(self, prefix: str, count: int) -> list[str]:
        from faults.world import citizens

        return citizens(prefix, count)

    sessions: dict[str, str] = field(default_factory=dict)

    def session(self, email: str) -> str:
        """A signed-in session cookie of a demo user (one per user, reused)."""
        from faults.world import session_cookie

        if email not in self.sessions:
            self.sessions[email] = session_cookie(email)
        return self.sessions[email]


def _cases() -> dict[str, Callable[[Context], Any]]:
    from faults import contention, disk, http_cases, jobs, subprocess_cases

    return {
        "F1": http_cases.f1_kill_workers,
        "F2": http_cases.f2_crash_durability,
        "F3": disk.f3_disk_full,
        "F4": contention.f4_write_contention,
        "F5": subprocess_cases.f5_numbers_under_races,
        "F6": http_cases.f6_double_submits,
        "F7": http_cases.f7_backup_restore_drill,
        "F8": jobs.f8_outages,
        "F8S": disk.f8_storage_outage,
        "F9": jobs.f9_worker_crash,
        "F11": subprocess_cases.f11_migrations,
        "F12": http_cases.f12_soak,
    }


def _terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM into SystemExit, so `finally` blocks stop the servers and remove files."""
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m faults", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs (under 5 minutes)")
    parser.add_argument("--only", default="", help="comma-separated ids, e.g. F1,F5")
    parser.add_argument(
        "--soak-seconds",
        type=int,
        default=None,
        help="F12 duration (default 60, 15 with --quick; 3600 for the 1 h soak)",
    )
    parser.add_argument(
        "--pg-url",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server for F5 (a throwaway database is created); 'none' to skip",
    )
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    wanted = [x.strip().upper() for x in args.only.split(",") if x.strip()]

    began = time.perf_counter()
    tmp, smtp_port = prepare_environment()
    import django

    django.setup()
    from faults.world import install, units

    ctx = Context(
        tmp,
        smtp_port,
        args.quick,
        args.soak_seconds or (15 if args.quick else 60),
        None if args.pg_url == "none" else args.pg_url,
    )
    results = []
    try:
        install()
        ctx.units = units(10)
        print(f"Installation ready in {time.perf_counter() - began:.0f} s ({tmp}).")
        cases = _cases()
        unknown = set(wanted) - set(cases)
        if unknown:
            raise SystemExit(f"Unknown fault ids: {sorted(unknown)} (F10 runs with pytest).")
        for fid, case in cases.items():
            if wanted and fid not in wanted:
                continue
            started = time.perf_counter()
            print(f"\n== {fid} ...", flush=True)
            try:
                result = case(ctx)
            except Exception:
                from faults.world import Result

                result = Result(fid, "crashed")
                result.failed.append(traceback.format_exc(limit=6))
            result.seconds = time.perf_counter() - started
            _print(result)
            results.append(result)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    bad = [r.id for r in results if not r.ok]
    print(
        f"\n{len(results) - len(bad)} of {len(results)} passed"
        + (f"; FAILED: {', '.join(bad)}" if bad else "")
        + f"; total {time.perf_counter() - began:.0f} s."
    )
    return 1 if bad else 0


def _print(result: Any) -> None:
    print(f"{result.id} {result.title}: {'ok' if result.ok else 'FAIL'} ({result.seconds:.0f} s)")
    for line in result.tried:
        print(f"  tried:   {line}")
    for line in result.figures:
        print(f"  figure:  {line}")
    for line in result.notes:
        print(f"  note:    {line}")
    print(f"  lost:    {'; '.join(result.lost) if result.lost else 'nothing'}")
    for line in result.failed:
        print(f"  FAILED:  {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
