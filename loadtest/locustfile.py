"""The journey mix of quality.md section 5, run by `python -m loadtest` (locust, headless).

Each simulated visitor runs one task a second (`LOADTEST_PACE`), picked by weight:
70% portal (home, units, DIP, search, statistics, budget, open data), 20% API reads, 8% citizens
filing a request through the API with their token and reading it back, 2% officers reading their
inbox and a request. Every answer is checked (status, and a marker of the page where cheap); any
other answer is a failure. At the end the figures per journey are written to `LOADTEST_SUMMARY`.

The URLs, tokens and officers' session cookies come from `LOADTEST_FIXTURE` (written by the
runner after loading the demo).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, constant_throughput, events, task
from locust.env import Environment
from locust.stats import StatsEntry

FIXTURE: dict[str, Any] = json.loads(Path(os.environ["LOADTEST_FIXTURE"]).read_text())
PACE = float(os.environ.get("LOADTEST_PACE", "1"))
JOURNEYS = ("portal", "api", "filing", "officer")
_tokens = itertools.cycle(FIXTURE["tokens"])
_officers = itertools.cycle(FIXTURE["officers"])


class Visitor(HttpUser):
    wait_time = constant_throughput(PACE)

    def on_start(self) -> None:
        self.token: str = next(_tokens)
        self.login: dict[str, str] = next(_officers)
        self.filed: list[int] = []

    def _get(self, journey: str, label: str, url: str, *, expect: str = "", **kw: Any) -> Any:
        with self.client.get(url, name=f"{journey}: {label}", catch_response=True, **kw) as r:
            if r.status_code != 200:
                r.failure(f"{url} answered {r.status_code}")
            elif expect and expect not in r.text:
                r.failure(f"{url} lacks {expect!r}")
            else:
                r.success()
            return r

    @task(70)
    def portal(self) -> None:
        label, url, expect = random.choice(FIXTURE["portal"])  # noqa: S311 (load mix, not crypto)
        self._get("portal", label, url, expect=expect)

    @task(20)
    def api(self) -> None:
        label, url = random.choice(FIXTURE["api"])  # noqa: S311
        self._get("api", label, url, headers={"Accept": "application/json"})

    @task(8)
    def filing(self) -> None:
        n = uuid.uuid4().hex[:8]
        payload = {**FIXTURE["request_payload"], "details": f"Permohonan uji beban {n}."}
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": str(uuid.uuid4())}
        with self.client.post(
            "/api/v1/requests/",
            json=payload,
            headers=headers,
            name="filing: POST /api/v1/requests/",
            catch_response=True,
        ) as r:
            if r.status_code != 201:
                r.failure(f"filing answered {r.status_code}: {r.text[:200]}")
                return
            r.success()
            request_id = r.json()["id"]
        self._get(
            "filing", "GET /api/v1/requests/{id}", f"/api/v1/requests/{request_id}", headers=headers
        )

    @task(2)
    def officer(self) -> None:
        cookies = {self.login["cookie_name"]: self.login["cookie"]}
        self._get("officer", "inbox", "/kantor/permohonan/", cookies=cookies, expect="<table")
        self._get(
            "officer", "request page", self.login["request_url"], cookies=cookies, expect="<h1"
        )
        # The portal journeys stay anonymous.
        self.client.cookies.clear()


def _percentile(entry: StatsEntry, q: float) -> float:
    return float(entry.get_response_time_percentile(q) or 0) if entry.num_requests else 0.0


def _write_summary(environment: Environment, **kwargs: Any) -> None:
    path = os.environ.get("LOADTEST_SUMMARY")
    if not path or environment.stats is None:
        return
    stats = environment.stats
    seconds = max(stats.last_request_timestamp - stats.start_time, 1e-9) if stats.total else 0
    rows: dict[str, dict[str, float]] = {}
    for journey in JOURNEYS:
        merged = StatsEntry(stats, journey, "")
        for (name, _method), entry in stats.entries.items():
            if name.startswith(f"{journey}:"):
                merged.extend(entry)
        rows[journey] = _row(merged, seconds)
    rows["total"] = _row(stats.total, seconds)
    posted = stats.entries.get(("filing: POST /api/v1/requests/", "POST"))
    filed = posted.num_requests - posted.num_failures if posted else 0
    errors = [
        {"name": e.name, "error": str(e.error), "count": e.occurrences}
        for e in stats.errors.values()
    ]
    summary = {"seconds": seconds, "rows": rows, "errors": errors, "filed": filed}
    Path(path).write_text(json.dumps(summary))


def _row(entry: StatsEntry, seconds: float) -> dict[str, float]:
    return {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.num_requests / seconds if seconds else 0.0,
        "p50": _percentile(entry, 0.5),
        "p95": _percentile(entry, 0.95),
        "max": float(entry.max_response_time or 0),
    }


events.quitting.add_listener(_write_summary)  # type: ignore[no-untyped-call]
