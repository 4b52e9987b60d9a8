"""Timing primitives: in-process WSGI calls, interleaved rounds, percentiles."""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def environ_for(url: str) -> dict[str, Any]:
    """Return a wsgiref-style environ for an anonymous GET of `url` (path and query)."""
    parts = urlsplit(url)
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": parts.path,
        "QUERY_STRING": parts.query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "localhost",
        "HTTP_ACCEPT": "text/html,application/json",
        "HTTP_ACCEPT_LANGUAGE": "id",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }


@dataclass
class Response:
    status: str
    headers: list[tuple[str, str]]
    body: bytes


def call(app: WsgiApp, url: str) -> Response:
    """Call a WSGI app once, as a server would: start_response, read the body, close."""
    started: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started["status"], started["headers"] = status, headers
        return lambda data: None

    result = app(environ_for(url), start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Response(started["status"], list(started["headers"]), body)


@dataclass
class Sample:
    """Latencies (seconds) of one measured thing, gathered over interleaved rounds."""

    latencies: list[float] = field(default_factory=list)
    elapsed: float = 0.0
    errors: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, q: float) -> float:
        data = sorted(self.latencies)
        if not data:
            return 0.0
        k = min(len(data) - 1, max(0, round(q / 100 * (len(data) - 1))))
        return data[k]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p95(self) -> float:
        return self.percentile(95)


def interleave(
    subjects: dict[str, Callable[[], object]], *, rounds: int, per_round: int, warmup: int = 5
) -> dict[str, Sample]:
    """Time each subject `rounds * per_round` times, alternating subjects round by round.

    Interleaving spreads slow phases of a shared machine (other jobs, frequency changes) over
    every subject alike, so ratios between them stay meaningful even when absolutes drift.
    The order of subjects is reversed every other round.
    """
    for fn in subjects.values():
        for _ in range(warmup):
            fn()
    samples = {name: Sample() for name in subjects}
    names = list(subjects)
    clock = time.perf_counter
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            fn, sample = subjects[name], samples[name]
            begin = clock()
            for _ in range(per_round):
                t = clock()
                fn()
                sample.latencies.append(clock() - t)
            sample.elapsed += clock() - begin
    return samples
