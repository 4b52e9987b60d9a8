"""Served benchmarks: gunicorn servers on loopback and a bounded Python load client.

Two servers run side by side, each `gunicorn` with one sync worker on 127.0.0.1 and a free
port: the project (`config.wsgi:application`, same settings and database as the in-process
figures) and R0 (`bench.raw_app:application`, replaying the bytes Django answered). Each
server runs in its own process group, which `serving()` always kills on the way out.

The client is threads on raw sockets: one new connection per request (the sync worker closes
every connection, so there is no keep-alive to reuse), `Connection: close`, read to EOF. It
checks every answer (status and Content-Length) and costs less per request than
`http.client`, so R0 measures the server rather than the client's header parsing.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from bench.measure import Response, Sample

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"  # loopback only: the benchmarks never open a port to the network
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 5.0
REQUEST_TIMEOUT_S = 10.0


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    """Return a TCP port on loopback that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def write_responses(path: Path, responses: dict[str, Response]) -> None:
    """Write captured responses for `bench.raw_app` (see its docstring for the format)."""
    path.write_text(
        json.dumps(
            {
                url: {
                    "status": r.status,
                    "headers": r.headers,
                    "body": base64.b64encode(r.body).decode(),
                }
                for url, r in responses.items()
            }
        )
    )


def stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop a server's whole process group: SIGTERM, then SIGKILL after a grace period."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        process.wait(timeout=STOP_TIMEOUT_S)
    # The master is gone (or stuck); take any worker left in the group with it.
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    if process.poll() is None:
        process.wait(timeout=STOP_TIMEOUT_S)


@contextmanager
def serving(
    app: str, *, name: str, tmp: Path, env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Run `gunicorn <app>` (one sync worker, loopback) until the block ends, however it ends."""
    port = free_port()
    log = tmp / f"gunicorn-{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "1",
        "--worker-class",
        "sync",
        "--no-control-socket",
        "--worker-tmp-dir",
        str(tmp),
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
        "--graceful-timeout",
        "2",
        "--config",
        "python:bench.gunicorn_conf",
        app,
    ]
    with open(log, "ab") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop_group() reaches the worker
        )
    try:
        _wait_ready(process, port, log)
        yield Server(name, port, process, log)
    finally:
        stop_group(process)


def _wait_ready(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            status, _body = fetch(port, "/")
        except OSError:
            time.sleep(0.1)
            continue
        if status:
            return
    raise SystemExit(f"gunicorn did not answer within {READY_TIMEOUT_S:.0f} s:\n{log.read_text()}")


def _request(port: int, url: str) -> bytes:
    return (
        f"GET {url} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAccept: text/html\r\n"
        "Accept-Language: id\r\nConnection: close\r\n\r\n"
    ).encode("ascii")


def _exchange(request: bytes, port: int) -> bytes:
    """Send one request on a new connection and return the raw answer, read to EOF."""
    with socket.create_connection((HOST, port), timeout=REQUEST_TIMEOUT_S) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _parse(answer: bytes) -> tuple[int, bytes]:
    """Return (status, body) of a raw HTTP/1.1 answer; status 0 when it is malformed."""
    head, sep, body = answer.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"HTTP/1."):
        return 0, b""
    lines = head.split(b"\r\n")
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and int(value) != len(body):
            return 0, b""
    return int(lines[0][9:12]), body


def fetch(port: int, url: str) -> tuple[int, bytes]:
    """GET `url` once from a loopback server; return (status, body)."""
    return _parse(_exchange(_request(port, url), port))


def warm(port: int, url: str, *, times: int = 20) -> None:
    """Request `url` a few times (template and URL caches, first connections) and check it."""
    for _ in range(times):
        status, _body = fetch(port, url)
        if status != 200:
            raise SystemExit(
                f"http://{HOST}:{port}{url} answered {status}; the benchmark needs 200."
            )


def load(port: int, url: str, *, clients: int, seconds: float, max_requests: int) -> Sample:
    """Run `clients` concurrent clients against `url` until `seconds` pass or `max_requests`
    requests started; return latencies, wall time and the number of failed requests."""
    request = _request(port, url)
    sample = Sample()
    tickets = itertools.count()
    lock = threading.Lock()
    clock = time.perf_counter
    deadline = clock() + seconds

    def client() -> None:
        latencies: list[float] = []
        errors = 0
        while clock() < deadline and next(tickets) < max_requests:
            began = clock()
            try:
                ok = _parse(_exchange(request, port))[0] == 200
            except (OSError, ValueError):
                ok = False
            if ok:
                latencies.append(clock() - began)
            else:
                errors += 1
        with lock:
            sample.latencies.extend(latencies)
            sample.errors += errors

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    began = clock()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT_S)
    sample.elapsed = clock() - began
    return sample


def interleave_served(
    subjects: dict[str, tuple[int, str]],
    *,
    rounds: int,
    seconds: float,
    clients: int,
    max_requests: int,
) -> dict[str, Sample]:
    """Load each (port, url) subject for `seconds` per round, alternating subjects round by round
    (order reversed every other round), and merge each subject's rounds into one sample."""
    merged = {name: Sample() for name in subjects}
    names = list(subjects)
    for r in range(rounds):
        for name in names if r % 2 == 0 else reversed(names):
            port, url = subjects[name]
            part = load(port, url, clients=clients, seconds=seconds, max_requests=max_requests)
            merged[name].latencies += part.latencies
            merged[name].elapsed += part.elapsed
            merged[name].errors += part.errors
    return merged
