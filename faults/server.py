"""gunicorn servers on loopback, each in its own process group, and a small HTTP client.

`serving()` always stops the whole group on the way out (SIGTERM, then SIGKILL), as
bench/served.py does; the fault tests may kill single workers or the whole group themselves.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.served import stop_group
from faults.env import HOST, free_port

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 60.0


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def workers(self) -> list[int]:
        """Return the pids of the master's live workers."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(p) for p in path.read_text().split()]
        except OSError:
            return []


@contextmanager
def serving(
    tmp: Path, *, workers: int = 2, env: dict[str, str] | None = None, name: str = "app"
) -> Iterator[Server]:
    """Run the project under gunicorn (sync workers, loopback) until the block ends."""
    port = free_port()
    log = tmp / f"gunicorn-{name}-{port}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--timeout",
        "30",
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
        "python:faults.gunicorn_conf",
        "config.wsgi:application",
    ]
    with open(log, "ab") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and gunicorn
            command,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
            try:
                if call(port, "GET", "/kalender/")[0]:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer:\n{log.read_text()}")
            time.sleep(0.2)
        yield Server(port, process, log)
    finally:
        stop_group(process)


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def call(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 30.0,
) -> tuple[int, Answer]:
    """One request on a new connection; return (status, answer). Raises OSError on resets."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        answer = Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, data)
        return response.status, answer
    except http.client.HTTPException as exc:
        raise OSError(str(exc)) from exc
    finally:
        conn.close()


def post_json(port: int, path: str, payload: Any, headers: dict[str, str]) -> Answer:
    return call(
        port,
        "POST",
        path,
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", **headers},
    )[1]


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    """Encode a form with files as multipart/form-data; return (body, content type)."""
    boundary = "faults" + os.urandom(8).hex()
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, ctype, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def csrf_form(port: int, path: str, cookie: str) -> tuple[str, str]:
    """GET a form as a signed-in user; return (cookie header with csrftoken, form token)."""
    _status, answer = call(port, "GET", path, headers={"Cookie": cookie})
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', answer.body)
    set_cookie = answer.headers.get("set-cookie", "")
    csrf = re.search(r"csrftoken=([^;]+)", set_cookie)
    if token is None or csrf is None:
        raise SystemExit(f"{path} gave no CSRF token (status {answer.status}).")
    return f"{cookie}; csrftoken={csrf.group(1)}", token.group(1).decode()
