"""R0 for the served benchmarks: a bare WSGI callable replaying responses captured from Django.

`gunicorn bench.raw_app:application` serves, for each captured URL, exactly the status, headers
and body bytes Django answered; any other URL gets an empty 404. The captures are read once,
at import, from the JSON file named by `TERBUKA_BENCH_RAW_RESPONSES`:
`{"<path?query>": {"status": "200 OK", "headers": [[name, value], ...], "body": "<base64>"}}`.
Serving costs one dictionary look-up, so this is the ceiling of the server and the client.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ENV_VAR = "TERBUKA_BENCH_RAW_RESPONSES"

Captured = tuple[str, list[tuple[str, str]], bytes]


def load_responses(path: Path) -> dict[str, Captured]:
    """Read the captured responses written by `bench.served.write_responses`."""
    data = json.loads(path.read_text())
    return {
        url: (item["status"], [(k, v) for k, v in item["headers"]], base64.b64decode(item["body"]))
        for url, item in data.items()
    }


_RESPONSES: dict[str, Captured] = (
    load_responses(Path(os.environ[ENV_VAR])) if os.environ.get(ENV_VAR) else {}
)
_NOT_FOUND: Captured = ("404 Not Found", [("Content-Length", "0")], b"")


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    query = environ.get("QUERY_STRING", "")
    url = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
    status, headers, body = _RESPONSES.get(url, _NOT_FOUND)
    start_response(status, headers)
    return [body]
