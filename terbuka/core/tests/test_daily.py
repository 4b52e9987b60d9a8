"""The daily job registry: order, counts, and one failing job not stopping the others."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from terbuka.core import daily

DAY = dt.date(2026, 6, 10)


@pytest.fixture
def only_test_jobs(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """Replace the registered jobs with test jobs; yield the days the first one saw."""
    seen: list[dt.date] = []
    monkeypatch.setattr(daily, "_jobs", {})

    def first(today: dt.date) -> dict[str, int]:
        seen.append(today)
        return {"done": 2, "compliance_reminders": 1}

    def idle(today: dt.date) -> dict[str, int]:
        return {}

    daily.register_daily_job("first", first)
    daily.register_daily_job("idle", idle)
    return seen


def test_apps_register_their_jobs_in_app_order() -> None:
    assert [name for name, _job in daily.daily_jobs()] == [
        "calendar",
        "recovery",
        "notifications",
        "registry",
        "budget",
        "requests",
        "objections",
        "statistics",
        "files",
    ]


def test_the_command_prints_one_line_per_job_with_counts(only_test_jobs: list[dt.date]) -> None:
    out = StringIO()
    call_command("daily", "--date", DAY.isoformat(), stdout=out)
    assert out.getvalue() == "first: 2 done, 1 compliance reminders.\n"
    assert only_test_jobs == [DAY]


def test_a_failing_job_does_not_stop_the_others(
    only_test_jobs: list[dt.date], caplog: pytest.LogCaptureFixture
) -> None:
    def broken(today: dt.date) -> dict[str, int]:
        raise RuntimeError("database gone")

    daily.register_daily_job("broken", broken)
    daily.register_daily_job("last", lambda today: {"done": 1})
    report = daily.run_daily(DAY)
    assert report.failed == ["broken"]
    assert report.counts == {
        "first": {"done": 2, "compliance_reminders": 1},
        "idle": {},
        "last": {"done": 1},
    }
    assert "Daily job broken failed on 2026-06-10" in caplog.text
    out = StringIO()
    with pytest.raises(CommandError, match=r"^Failed: broken \(see the log\)\.$"):
        call_command("daily", "--date", DAY.isoformat(), stdout=out)
    assert "last: 1 done." in out.getvalue()


def test_registering_a_name_again_replaces_the_job(only_test_jobs: list[dt.date]) -> None:
    daily.register_daily_job("first", lambda today: {"done": 9})
    assert daily.run_daily(DAY).counts["first"] == {"done": 9}
    assert [name for name, _job in daily.daily_jobs()] == ["first", "idle"]


def test_the_task_returns_the_counts_and_fails_loudly(only_test_jobs: list[dt.date]) -> None:
    assert daily.daily.call(DAY.isoformat()) == {
        "first": {"done": 2, "compliance_reminders": 1},
        "idle": {},
    }

    def broken(today: dt.date) -> dict[str, int]:
        raise RuntimeError("database gone")

    daily.register_daily_job("broken", broken)
    with pytest.raises(RuntimeError, match="Daily jobs failed: broken"):
        daily.daily.call(DAY.isoformat())
