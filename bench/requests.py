"""Information-request figures (issue 3): submissions under concurrency, the officer inbox with
100,000 requests, and a request page with 500 events, each against bare SQL in the same run.

- B5 submissions: 32 threads POST `/api/v1/requests/` through the WSGI app in-process, each
  with its own database connection (the real write path: token auth, identity encryption, the
  gap-free counter, the request, its event, the idempotency key, the outbox row and its task on
  the production database task backend, with `terbuka db_worker` composing and sending the
  e-mails in another process at the same time), against 32 threads running
  the bare SQL core of a submission (BEGIN IMMEDIATE, counter UPDATE, request INSERT, COMMIT)
  on the same SQLite file. Zero errors and gap-free numbers are enforced.
- B5 inbox: `/kantor/permohonan/` page 1, a deep keyset page and a unit officer's inbox, with
  100,000 requests in the body, against the statements Django ran for the same request.
- B4 request page: the citizen's page and the officer's page of a request with 500 events,
  against the statements Django ran for them.
"""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.measure import Response, Sample, WsgiApp, environ_for

SUBMIT_CLIENTS = 32
INBOX_REQUESTS = 100_000
PAGE_EVENTS = 500
DEMO_BODY = "kota-serang"
NIK = "3673011708900001"


def call_as(
    app: WsgiApp,
    url: str,
    *,
    cookie: str = "",
    method: str = "GET",
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Response:
    """Call the WSGI app once with a session cookie and/or extra headers (HTTP_*)."""
    environ = environ_for(url)
    environ["REQUEST_METHOD"] = method
    environ["wsgi.input"] = io.BytesIO(body)
    environ["wsgi.multithread"] = True
    if body:
        environ["CONTENT_TYPE"] = "application/json"
        environ["CONTENT_LENGTH"] = str(len(body))
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    for name, value in (headers or {}).items():
        environ["HTTP_" + name.upper().replace("-", "_")] = value
    started: dict[str, Any] = {}

    def start_response(status: str, hdrs: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started["status"], started["headers"] = status, hdrs
        return lambda data: None

    result = app(environ, start_response)
    try:
        data = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    return Response(started["status"], list(started["headers"]), data)


def session_cookie(email: str) -> str:
    """Sign the user in (as the test client does) and return the session cookie header."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from terbuka.accounts.models import User

    user = User.objects.get(email=email)
    # Officers reach the back office only with TOTP enrolled (production profile): give the
    # benchmark's officer an authenticator instead of switching the rule off.
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def queries_as(app: WsgiApp, url: str, cookie: str) -> list[str]:
    """Return the SQL statements one signed-in request to `url` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = call_as(app, url, cookie=cookie)
    if not response.status.startswith("200"):
        raise SystemExit(f"{url} answered {response.status}; the benchmark needs a 200.")
    return [q["sql"] for q in captured.captured_queries]


# --- Data ------------------------------------------------------------------------------------


def load_inbox_requests(count: int = INBOX_REQUESTS) -> dict[str, Any]:
    """Bulk-insert `count` requests spread over the demo's units (benchmark data only).

    A few identities are shared (each is encrypted once through the service); a tenth of the
    requests are routed to a unit. Returns the body and the officers to sign in as.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from terbuka.accounts import services as account_services
    from terbuka.accounts.models import User
    from terbuka.bodies.models import PublicBody, Unit
    from terbuka.inforequests.models import InformationRequest, RegistrationCounter, RequestRouting
    from terbuka.inforequests.states import Status

    body = PublicBody.objects.get(slug=DEMO_BODY)
    officer = User.objects.get(email="ppid-utama@demo.test")
    units = list(Unit.objects.filter(body=body).exclude(kind=Unit.Kind.PPID_UTAMA).order_by("pk"))
    identities = [
        account_services.identity_create(
            actor=officer,
            owner=None,
            kind="perorangan",
            full_name=f"Pemohon Skala {i}",
            nik=NIK,
            address="Jl. Contoh No. 1, Serang",
            phone="081200000000",
        )
        for i in range(20)
    ]
    now = timezone.now()
    year = timezone.localdate(now).year
    statuses = [Status.REGISTERED, Status.ROUTED, Status.IN_PROGRESS, Status.CLOSED]
    # After whatever the body already numbered this year (the submissions figure runs first).
    base = (
        RegistrationCounter.objects.filter(body=body, year=year)
        .values_list("last_seq", flat=True)
        .first()
        or 0
    )
    with transaction.atomic():
        rows = (
            InformationRequest(
                body=body,
                unit=units[i % len(units)] if i % 3 else None,
                requester_identity=identities[i % len(identities)],
                channel=InformationRequest.Channel.WEB,
                received_at=now - timedelta(minutes=count - i),
                registration_number=f"{base + i + 1:06d}/PPID-BENCH/{year}",
                registration_year=year,
                registration_seq=base + i + 1,
                details=f"Permohonan uji kinerja nomor {i + 1}.",
                purpose="Uji kinerja.",
                obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
                delivery_method=InformationRequest.DeliveryMethod.EMAIL,
                status=statuses[i % len(statuses)],
                due_on=timezone.localdate(now) + timedelta(days=i % 20),
            )
            for i in range(count)
        )
        InformationRequest.objects.bulk_create(rows, batch_size=2000)
        RegistrationCounter.objects.update_or_create(
            body=body, year=year, defaults={"last_seq": base + count}
        )
        dinkes = next(u for u in units if u.slug == "dinkes")
        routed = InformationRequest.objects.filter(body=body).values_list("pk", flat=True)[::10]
        RequestRouting.objects.bulk_create(
            (
                RequestRouting(request_id=pk, unit=dinkes, routed_by=officer, routed_at=now)
                for pk in routed
            ),
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"body": body, "officer": officer}


def request_with_events(events: int = PAGE_EVENTS) -> Any:
    """Return a citizen's request with `events` timeline events (notes and one transition)."""
    from django.utils import timezone

    from terbuka.accounts.models import User
    from terbuka.bodies.models import PublicBody
    from terbuka.inforequests import services
    from terbuka.inforequests.models import RequestEvent

    body = PublicBody.objects.get(slug=DEMO_BODY)
    citizen = User.objects.get(email="warga@demo.test")
    request = services.request_submit(
        actor=citizen,
        body=body,
        details="Permohonan dengan riwayat panjang untuk uji kinerja.",
        purpose="Uji kinerja.",
        obtain_method="salinan_softcopy",
        delivery_method="email",
        identity_data={
            "kind": "perorangan",
            "full_name": "Warga Uji",
            "nik": NIK,
            "address": "Jl. Contoh No. 2, Serang",
            "phone": "081200000001",
        },
    )
    now = timezone.now()
    RequestEvent.objects.bulk_create(
        RequestEvent(
            request=request,
            kind=RequestEvent.Kind.NOTE,
            note=f"Catatan nomor {i}.",
            is_internal=i % 2 == 0,
            occurred_at=now + timedelta(seconds=i),
        )
        for i in range(events - 1)
    )
    return request


# --- Submissions -----------------------------------------------------------------------------


def _run_threads(clients: int, per_client: int, work: Callable[[int, int], bool]) -> Sample:
    """Run `work(client, i)` `per_client` times in each of `clients` threads at once."""
    sample = Sample()
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)

    def worker(client: int) -> None:
        from django.db import connection

        latencies: list[float] = []
        errors = 0
        barrier.wait()
        for i in range(per_client):
            t0 = time.perf_counter()
            ok = work(client, i)
            latencies.append(time.perf_counter() - t0)
            errors += 0 if ok else 1
        connection.close()
        with lock:
            sample.latencies += latencies
            sample.errors += errors

    threads = [threading.Thread(target=worker, args=(c,)) for c in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    sample.elapsed = time.perf_counter() - t0
    return sample


def _submit_with_worker(per_client: int, submit: Callable[[int, int], bool]) -> Sample:
    """Run the submissions as production runs them: the database task backend, with one
    `terbuka db_worker` composing and sending their e-mails alongside (bench.jobs's worker).

    The immediate backend of the other figures would compose, log and send every e-mail inside
    the submitting request (ten commits per submission instead of one): not what a citizen's
    request costs on a running site.
    """
    from django.test.utils import override_settings

    from bench.jobs import DATABASE_BACKEND, _start_worker, _stop_worker, _wait_ready
    from terbuka.notifications.models import EventNotification, OutboundEmail

    tmp = Path(tempfile.mkdtemp(prefix="terbuka-b5-"))
    outbox = tmp / "b5-worker.json"
    worker = _start_worker(tmp, outbox)
    try:
        _wait_ready(outbox.with_suffix(".ready"), worker)
        with override_settings(TASKS={"default": {"BACKEND": DATABASE_BACKEND}}):
            sample = _run_threads(SUBMIT_CLIENTS, per_client, submit)
            owed = EventNotification.objects.count()
            delivered = EventNotification.objects.filter(delivered_at__isnull=False).count()
            sent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count()
    finally:
        _stop_worker(worker)
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"B5: while the submissions ran the worker composed the e-mails of {delivered:,} of "
        f"{owed:,} events and sent {sent:,}; the rest wait in the queue."
    )
    return sample


def bench_submissions(app: WsgiApp, *, per_client: int) -> tuple[Sample, Sample, list[str]]:
    """32 concurrent API clients against 32 threads of bare SQL inserts; return both samples
    and the problems found in the numbering afterwards (none expected)."""
    from django.db import connection

    from terbuka.accounts.models import User
    from terbuka.accounts.services import api_token_create
    from terbuka.bodies.models import PublicBody
    from terbuka.inforequests.models import InformationRequest

    # One citizen per client, each with a token of their own.
    citizens = [
        User.objects.create_user(email=f"bench-{c}@example.test", full_name=f"Warga {c}")
        for c in range(SUBMIT_CLIENTS)
    ]
    tokens = [api_token_create(user=u, actor=u)[1] for u in citizens]
    body = PublicBody.objects.get(slug=DEMO_BODY)
    before = set(
        InformationRequest.objects.filter(body=body).values_list("registration_seq", flat=True)
    )

    def submit(client: int, i: int) -> bool:
        payload = {
            "body": DEMO_BODY,
            "unit": None,
            "requester": {
                "kind": "individual",
                "name": f"Pemohon {client}-{i}",
                "nik": NIK,
                "address": "Jl. Contoh No. 3, Serang",
                "phone": "081200000002",
                "email": "pemohon@example.test",
            },
            "details": f"Permohonan serentak {client}-{i}.",
            "purpose": "Uji kinerja.",
            "obtain_method": "salinan_softcopy",
            "delivery_method": "email",
        }
        response = call_as(
            app,
            "/api/v1/requests/",
            method="POST",
            body=json.dumps(payload).encode(),
            headers={
                "Authorization": f"Bearer {tokens[client]}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        )
        return response.status.startswith("201")

    app_sample = _submit_with_worker(per_client, submit)

    after = list(
        InformationRequest.objects.filter(body=body).values_list("registration_seq", flat=True)
    )
    problems: list[str] = []
    new = sorted(set(after) - before)
    if len(after) != len(set(after)):
        problems.append("duplicate registration numbers")
    expected = list(range(max(before, default=0) + 1, max(before, default=0) + 1 + len(new)))
    if new != expected:
        problems.append(f"numbers not gap-free: {len(new)} new, {new[:3]}...{new[-3:]}")
    if len(new) != SUBMIT_CLIENTS * per_client - app_sample.errors:
        problems.append(f"{len(new)} requests stored for {SUBMIT_CLIENTS * per_client} posts")

    # Bare SQL: the core of one submission on the same file, each thread its own connection.
    database = str(connection.settings_dict["NAME"])
    with sqlite3.connect(database) as setup_conn:
        setup_conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_counter (id INTEGER PRIMARY KEY, last INTEGER)"
        )
        setup_conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_request (id INTEGER PRIMARY KEY, seq INTEGER "
            "UNIQUE, number TEXT, details TEXT, received_at TEXT)"
        )
        setup_conn.execute("INSERT OR REPLACE INTO bench_counter VALUES (1, 0)")
    local = threading.local()

    def bare(client: int, i: int) -> bool:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(database, timeout=20, isolation_level=None)
            conn.execute("PRAGMA synchronous=FULL")
            local.conn = conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE bench_counter SET last = last + 1 WHERE id = 1")
        (seq,) = conn.execute("SELECT last FROM bench_counter WHERE id = 1").fetchone()
        conn.execute(
            "INSERT INTO bench_request (seq, number, details, received_at) "
            "VALUES (?, ?, ?, datetime('now'))",
            (seq, f"{seq:04d}/PPID/2026", f"Permohonan serentak {client}-{i}."),
        )
        conn.execute("COMMIT")
        if i == per_client - 1:
            conn.close()
            local.conn = None
        return True

    sql_sample = _run_threads(SUBMIT_CLIENTS, per_client, bare)
    return app_sample, sql_sample, problems
