"""F8 (storage part): S3 file storage down, then back.

The server runs with TERBUKA_STORAGE=s3 pointed at a loopback port. First nothing listens there
(connection refused, as an unreachable endpoint): uploads and downloads must answer a friendly
503 with Retry-After, and nothing may be written, no row and no file. Then a small in-process
S3 stand-in (path-style PUT, GET, HEAD, DELETE and ListObjects, no signature check) starts on
the same port, without restarting the server: the same form must now file the request and
store the scan, and the scan must download. Then it stops again: the download answers 503.
"""

from __future__ import annotations

import threading
import xml.sax.saxutils
from contextlib import contextmanager
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from faults.disk import form_with_ktp
from faults.env import HOST, free_port
from faults.server import call, serving
from faults.world import Result, database_path, request_problems

BUCKET = "faults"


class _Bucket:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.lock = threading.Lock()


def _handler(bucket: _Bucket) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _key(self) -> str:
            path = unquote(urlsplit(self.path).path)
            return path.removeprefix(f"/{BUCKET}").lstrip("/")

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
            self.send_response(status)
            # One request per connection: once stopped, the stand-in must answer nothing more.
            self.close_connection = True
            headers = {"Connection": "close", **(headers or {})}
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _meta(self, data: bytes) -> dict[str, str]:
            return {
                "ETag": '"0"',
                "Last-Modified": formatdate(usegmt=True),
                "Content-Type": "application/octet-stream",
            }

        def do_PUT(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            with bucket.lock:
                bucket.objects[self._key()] = data
            self._send(200, headers={"ETag": '"0"'})

        def do_HEAD(self) -> None:
            data = bucket.objects.get(self._key())
            if data is None:
                self._send(404)
                return
            self.send_response(200)
            self.close_connection = True
            meta = {"Connection": "close", **self._meta(data)}
            for name, value in {"Content-Length": str(len(data)), **meta}.items():
                self.send_header(name, value)
            self.end_headers()

        def do_GET(self) -> None:
            key = self._key()
            if not key:
                self._list(parse_qs(urlsplit(self.path).query))
                return
            data = bucket.objects.get(key)
            if data is None:
                body = b"<Error><Code>NoSuchKey</Code><Message>missing</Message></Error>"
                self._send(404, body, {"Content-Type": "application/xml"})
                return
            self._send(200, data, self._meta(data))

        def do_DELETE(self) -> None:
            with bucket.lock:
                bucket.objects.pop(self._key(), None)
            self._send(204)

        def _list(self, query: dict[str, list[str]]) -> None:
            prefix = query.get("prefix", [""])[0]
            delimiter = query.get("delimiter", [""])[0]
            keys, prefixes = [], set()
            for key in sorted(bucket.objects):
                if not key.startswith(prefix):
                    continue
                rest = key[len(prefix) :]
                if delimiter and delimiter in rest:
                    prefixes.add(prefix + rest.split(delimiter, 1)[0] + delimiter)
                else:
                    keys.append(key)
            esc = xml.sax.saxutils.escape
            contents = "".join(
                f"<Contents><Key>{esc(k)}</Key><LastModified>2026-01-01T00:00:00.000Z"
                f"</LastModified><ETag>&quot;0&quot;</ETag><Size>{len(bucket.objects[k])}</Size>"
                "</Contents>"
                for k in keys
            )
            common = "".join(
                f"<CommonPrefixes><Prefix>{esc(p)}</Prefix></CommonPrefixes>"
                for p in sorted(prefixes)
            )
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult>'
                f"<Name>{BUCKET}</Name><Prefix>{esc(prefix)}</Prefix><IsTruncated>false"
                f"</IsTruncated>{contents}{common}</ListBucketResult>"
            ).encode()
            self._send(200, body, {"Content-Type": "application/xml"})

    return Handler


@contextmanager
def s3_up(port: int, bucket: _Bucket) -> Any:
    """Serve `bucket` as S3 on the loopback port until the block ends."""
    server = ThreadingHTTPServer((HOST, port), _handler(bucket))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def f8_storage_outage(ctx: Any) -> Result:
    from django.urls import reverse

    from terbuka.accounts.models import RequesterIdentity
    from terbuka.inforequests.models import InformationRequest

    result = Result("F8S", "S3 file storage down, then back, without a restart")
    port = free_port()
    env = {
        "TERBUKA_STORAGE": "s3",
        "TERBUKA_S3_BUCKET": BUCKET,
        "TERBUKA_S3_ENDPOINT_URL": f"http://{HOST}:{port}",
        "TERBUKA_S3_REGION": "us-east-1",
        "TERBUKA_S3_ADDRESSING_STYLE": "path",
        "TERBUKA_S3_ACCESS_KEY_ID": "faults",
        "TERBUKA_S3_SECRET_ACCESS_KEY": "faults-secret",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
        # A plain body (no aws-chunked trailer) for the stand-in.
        "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
    }
    email = "warga@demo.test"
    cookie = ctx.session(email)
    before = (InformationRequest.objects.count(), RequesterIdentity.objects.count())
    bucket = _Bucket()
    with serving(ctx.tmp, workers=1, env=env, name="f8-storage") as server:
        down = [form_with_ktp(ctx, server.port, email) for _ in range(3)]
        written_down = (
            InformationRequest.objects.count() - before[0],
            RequesterIdentity.objects.count() - before[1],
            len(bucket.objects),
        )
        with s3_up(port, bucket):
            back = [form_with_ktp(ctx, server.port, email) for _ in range(2)]
            latest = InformationRequest.objects.order_by("-pk").first()
            identity = latest.requester_identity if latest else None
            url = reverse("accounts:identity-ktp", args=[identity.pk]) if identity else "/"
            download_up = call(server.port, "GET", url, headers={"Cookie": cookie})[1]
        download_down = call(server.port, "GET", url, headers={"Cookie": cookie})[1]
    statuses = [a.status for a in down]
    friendly = all(
        a.status == 503
        and a.headers.get("retry-after")
        and "Penyimpanan berkas sedang tidak dapat dihubungi" in a.body.decode(errors="replace")
        for a in down
    )
    result.tried.append(
        "S3 endpoint refusing connections: 3 portal forms with a 300 KB KTP scan; then an S3 "
        "stand-in started on the same port (no restart): 2 forms and the scan's download; "
        "then S3 stopped again: the download"
    )
    result.figures.append(
        f"storage down: answers {statuses} (friendly page with Retry-After: {friendly}); "
        f"written while down: {written_down[0]} requests, {written_down[1]} identities, "
        f"{written_down[2]} objects"
    )
    result.figures.append(
        f"storage back: answers {[a.status for a in back]}, {len(bucket.objects)} objects "
        f"stored, scan download {download_up.status} ({len(download_up.body)} bytes); "
        f"S3 down again: download {download_down.status}"
    )
    if not friendly:
        result.failed.append(f"storage down answered {statuses}, not a friendly 503")
    if any(written_down):
        result.lost.append(f"half-written while storage was down: {written_down}")
    if [a.status for a in back] != [303, 303]:
        result.failed.append(f"after storage came back: {[a.status for a in back]}")
    if identity is None or not identity.ktp_scan_name:
        result.lost.append("the filed request has no KTP scan")
    elif f"private/{identity.ktp_scan_name}" not in bucket.objects:
        result.lost.append(f"{identity.ktp_scan_name} named by a row but not in S3")
    if download_up.status != 200:
        result.failed.append(f"scan download with storage back answered {download_up.status}")
    if download_down.status != 503:
        result.failed.append(f"scan download with storage down answered {download_down.status}")
    result.lost += request_problems(database_path())
    return result
