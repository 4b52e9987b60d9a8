"""Fault tests of jobs: F8 dependency outages, F9 a killed task worker (F4 is in
faults/contention.py and uses the helpers here)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import timedelta
from functools import partial
from typing import Any

from faults.server import ROOT, call, post_json, serving
from faults.smtp import FakeSmtp
from faults.world import NIK, URL, Result, database_path, payload, request_problems


def _worker(ctx: Any, *args: str) -> subprocess.Popen[bytes]:
    log = open(ctx.tmp / "db_worker.log", "ab")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "terbuka", "db_worker", "--no-startup-delay", "--no-reload", *args],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _batch(ctx: Any) -> None:
    process = _worker(ctx, "--batch")
    process.wait(600)


def _submit_direct(actor: Any, n: int) -> Any:
    from terbuka.bodies.models import PublicBody
    from terbuka.inforequests import services

    return services.request_submit(
        actor=actor,
        body=PublicBody.objects.get(slug="kota-serang"),
        details=f"Salinan DPA tahun 2025, uji {n}.",
        purpose="Uji keandalan.",
        obtain_method="salinan_softcopy",
        delivery_method="email",
        identity_data={
            "kind": "perorangan",
            "full_name": f"Pemohon {n}",
            "nik": NIK,
            "address": "Jl. Jenderal Sudirman No. 5, Serang",
            "phone": "081234567890",
        },
    )


def _users(prefix: str, count: int) -> list[Any]:
    from terbuka.accounts.models import User

    return [
        User.objects.create_user(email=f"{prefix}-{i}-{uuid.uuid4().hex[:6]}@example.test")
        for i in range(count)
    ]


def _drop_backlog(result: Result) -> None:
    """Start a jobs test with an empty queue: drop what earlier tests of the run left owed.

    F4, F5 and F7 file tens of thousands of requests; their notifications are composed and sent
    by the task worker, which trails such bursts (four jobs per submission). A test that runs
    `db_worker --batch` and counts its own e-mails would first wait for that whole backlog.
    Their tasks are deleted, their outbox rows marked delivered and their queued e-mails failed
    (this is the suite's throwaway installation); the figure says how many.
    """
    from django.db import transaction
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from terbuka.notifications.models import EventNotification, OutboundEmail

    with transaction.atomic():
        tasks, _kinds = DBTaskResult.objects.filter(status="READY").delete()
        owed = EventNotification.objects.filter(delivered_at__isnull=True).update(
            delivered_at=timezone.now()
        )
        emails = OutboundEmail.objects.filter(status="queued").update(
            status="failed", last_error="fault suite: left by an earlier test, dropped"
        )
    if tasks or owed or emails:
        result.tried.append(
            f"backlog of earlier tests dropped first: {tasks} queued tasks, {owed} owed "
            f"notifications, {emails} queued e-mails"
        )


# --- F8 --------------------------------------------------------------------------------------


def _bring_retries_forward() -> int:
    """Make deferred retries due now (the real delays are 1, 2, 4 and 8 minutes)."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    return int(
        DBTaskResult.objects.filter(status="READY").update(
            run_after=timezone.now() - timedelta(seconds=1)
        )
    )


def f8_outages(ctx: Any) -> Result:
    from terbuka.inforequests.models import InformationRequest
    from terbuka.notifications.models import OutboundEmail

    result = Result("F8", "SMTP, Redis and storage down")
    _drop_backlog(result)
    # SMTP down: nothing listens on the configured port.
    users = _users("f8", 5)
    ids = [_submit_direct(user, 800_000 + i).pk for i, user in enumerate(users)]
    addresses = {u.email for u in users}
    _batch(ctx)
    queued = OutboundEmail.objects.filter(to__in=addresses)
    waiting = queued.filter(status="queued", attempts__gte=1).count()
    result.tried.append(
        f"SMTP down: 5 requests filed, the worker tried their {queued.count()} e-mails"
    )
    stored = InformationRequest.objects.filter(pk__in=ids).count()
    if stored != len(ids):
        result.lost.append(f"SMTP down: {stored} of {len(ids)} requests stored")
    if waiting != queued.count():
        result.lost.append(f"SMTP down: {waiting} of {queued.count()} e-mails waiting to retry")
    with FakeSmtp(ctx.smtp_port) as smtp:
        _bring_retries_forward()
        _batch(ctx)
        received = smtp.recipients()
    sent = queued.filter(status="sent").count()
    dupes = {a: n for a, n in received.items() if a in addresses and n > 1}
    result.figures.append(
        f"SMTP down: {waiting} e-mails kept queued with their error; once SMTP was back and "
        f"the retry due: {sent} sent, {sum(received[a] for a in addresses)} received, "
        f"{len(dupes)} duplicates"
    )
    if sent != queued.count() or dupes:
        result.lost.append(f"SMTP back: {sent} of {queued.count()} sent, duplicates {dupes}")

    # Redis down: the cache points at a Redis that is not there, then at one that stops.
    pages = ["/", "/b/kota-serang/", "/kalender/", "/api/v1/bodies/"]
    dead = f"rediscache://127.0.0.1:{_free()}/0"
    env = {"TERBUKA_CACHE_URL": dead, "TERBUKA_RATE_LIMITS_ENABLED": "true"}
    with serving(ctx.tmp, workers=1, env=env, name="f8-redis") as server:
        statuses = [call(server.port, "GET", p)[0] for p in pages]
    result.tried.append(f"Redis down (cache and rate-limit counters on Redis): {statuses}")
    if set(statuses) != {200}:
        result.failed.append(f"portal with Redis down answered {statuses}")

    # Storage down: S3 storage whose endpoint does not answer.
    before = InformationRequest.objects.count()
    s3 = {
        "TERBUKA_STORAGE": "s3",
        "TERBUKA_S3_BUCKET": "faults",
        "TERBUKA_S3_ENDPOINT_URL": f"http://127.0.0.1:{_free()}",
        "TERBUKA_S3_ACCESS_KEY_ID": "faults",
        "TERBUKA_S3_SECRET_ACCESS_KEY": "faults-secret",
        "AWS_MAX_ATTEMPTS": "1",
    }
    from faults.disk import form_with_ktp

    with serving(ctx.tmp, workers=1, env=s3, name="f8-s3") as server:
        upload = form_with_ktp(ctx, server.port)
        token = ctx.citizens("f8s3", 1)[0]
        api = post_json(
            server.port,
            URL,
            payload(880_001),
            {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
        )
    created = InformationRequest.objects.count() - before
    result.tried.append(
        f"storage (S3) down: portal form with a KTP scan answered {upload.status}; "
        f"API submission without a file answered {api.status}"
    )
    if upload.status >= 500 and upload.status not in (503, 507):
        result.failed.append(
            f"upload with storage down answered {upload.status}, not a clear error"
        )
    if created != (1 if api.status == 201 else 0):
        result.lost.append(f"storage down: {created} requests created (a half-written upload?)")
    result.lost += request_problems(database_path())
    return result


def _free() -> int:
    from faults.env import free_port

    return free_port()


# --- F9 --------------------------------------------------------------------------------------

# Files a request and dies in its first on-commit hook, before the receipt is logged: the
# request is committed, its notification owed (the F1/F2 window, on purpose).
_DIE_AFTER_COMMIT = """
import os, sys
import django
django.setup()
from django.db import transaction
from terbuka.accounts.models import User
from faults.jobs import _submit_direct
user = User.objects.get(pk=int(sys.argv[1]))
with transaction.atomic():
    transaction.on_commit(lambda: os._exit(0))
    _submit_direct(user, int(sys.argv[2]))
"""


def _message_ids(smtp: FakeSmtp, addresses: set[str]) -> Counter[tuple[str, str]]:
    with smtp.lock:
        return Counter(
            (str(m["To"]).lower(), str(m["Message-ID"]))
            for m in smtp.messages
            if str(m["To"]).lower() in addresses
        )


def _sweep_due() -> None:
    """Make owed notifications and orphaned e-mails a sweep old (the interval is a minute)."""
    from django.utils import timezone

    from terbuka.notifications.models import EventNotification, OutboundEmail

    past = timezone.now() - timedelta(minutes=5)
    EventNotification.objects.filter(delivered_at__isnull=True).update(claimed_at=past)
    OutboundEmail.objects.filter(status="queued").update(created_at=past)


def _lost_hooks(ctx: Any, result: Result) -> None:
    """Processes killed between a request's commit and its notification hook."""
    from terbuka.inforequests.models import InformationRequest
    from terbuka.notifications.models import EventNotification, OutboundEmail

    users = _users("f9hook", 3)
    addresses = {u.email for u in users}
    for i, user in enumerate(users):
        subprocess.run(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", _DIE_AFTER_COMMIT, str(user.pk), str(900_000 + i)],
            cwd=ROOT,
            env=os.environ.copy(),
            check=False,
            timeout=120,
        )
    requests = InformationRequest.objects.filter(requester__in=users)
    owed = EventNotification.objects.filter(
        delivered_at__isnull=True, object_id__in=_event_ids(requests)
    ).count()
    logged_before = OutboundEmail.objects.filter(to__in=addresses).count()
    with FakeSmtp(ctx.smtp_port) as smtp:
        _sweep_due()
        _batch(ctx)
        _sweep_due()
        _batch(ctx)  # a second worker start must find nothing left to do
        received = smtp.recipients()
    result.tried.append(
        "3 processes filed a request and died in their first on-commit hook (before the "
        "receipt was logged); `db_worker --batch` twice, the sweep due"
    )
    result.figures.append(
        f"lost hooks: {requests.count()} requests committed, {owed} notifications owed, "
        f"{logged_before} receipts logged before the sweep; after it "
        f"{sum(received[a] for a in addresses)} receipts delivered, duplicates "
        f"{sum(1 for a in addresses if received[a] > 1)}"
    )
    missing = [a for a in addresses if received[a] == 0]
    if requests.count() != len(users):
        result.lost.append(f"lost hooks: {requests.count()} of {len(users)} requests committed")
    if missing or any(received[a] > 1 for a in addresses):
        result.lost.append(f"lost hooks: receipts {dict(received)} for {sorted(addresses)}")


def _event_ids(requests: Any) -> list[int]:
    from terbuka.inforequests.models import RequestEvent

    return list(RequestEvent.objects.filter(request__in=requests).values_list("pk", flat=True))


def f9_worker_crash(ctx: Any) -> Result:
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from terbuka.notifications.models import OutboundEmail
    from terbuka.notifications.tasks import send_email as send_email_task

    result = Result("F9", "kill -9 the task worker mid-batch, then run it again")
    _drop_backlog(result)
    count = 40
    run = uuid.uuid4().hex[:6]
    addresses = [f"f9-{run}-{i}@example.test" for i in range(count)]
    # The rows email_send would log (rendering is not what this test is about), enqueued alike.
    with transaction.atomic():
        for i, to in enumerate(addresses):
            email = OutboundEmail.objects.create(
                to=to,
                template="f9",
                subject=f"Uji F9 {i}",
                body_text="Uji pekerja tugas.",
                dedupe_key=f"f9:{run}:{i}",
            )
            transaction.on_commit(partial(send_email_task.enqueue, email.pk))
    with FakeSmtp(ctx.smtp_port, delay=0.1) as smtp:
        worker = _worker(ctx, "--interval", "0.1")
        deadline = time.monotonic() + 120
        target = random.randint(5, count // 2)  # noqa: S311
        while sum(smtp.recipients()[a] for a in addresses) < target:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        # Half the server's delay later: mid-job, the next e-mail's DATA held by the server.
        time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        at_kill = sum(smtp.recipients()[a] for a in addresses)
        stuck_at_kill = DBTaskResult.objects.filter(status="RUNNING").count()
        _batch(ctx)
        received = smtp.recipients()
        ids = _message_ids(smtp, set(addresses))
    rows = OutboundEmail.objects.filter(to__in=addresses)
    copies = [a for a in addresses if received[a] > 1]
    # Two different messages to one address would be a real duplicate; one message delivered
    # twice under its fixed Message-ID is the send in flight at the kill (SMTP has no
    # idempotent submission: the server kept the DATA its client never saw acknowledged).
    distinct = [a for a in addresses if len({mid for (to, mid) in ids if to == a}) > 1]
    missing = [a for a in addresses if received[a] == 0]
    stuck = DBTaskResult.objects.filter(status="RUNNING").count()
    rerun = DBTaskResult.objects.filter(
        args_kwargs__args__0__in=list(rows.values_list("pk", flat=True))
    )
    rerun_count = sum(1 for w in rerun.values_list("worker_ids", flat=True) if len(w) > 1)
    result.tried.append(
        f"{count} e-mails queued, SMTP answering in 100 ms; SIGKILL to the worker mid-job after "
        f"{at_kill} were delivered; `db_worker --batch` run again (it recovers at start)"
    )
    result.figures.append(
        f"tasks RUNNING at the kill {stuck_at_kill}, re-run after recovery {rerun_count}, left "
        f"RUNNING {stuck}; delivered {sum(received[a] for a in addresses)} for {count}, never "
        f"delivered {len(missing)}, different messages to one address {len(distinct)}, one "
        f"message (same Message-ID) delivered twice {len(copies)}; rows sent "
        f"{rows.filter(status='sent').count()}, still queued "
        f"{rows.filter(status='queued').count()}"
    )
    if distinct:
        result.lost.append(f"{len(distinct)} addresses got two different messages")
    if len(copies) > 1:
        result.lost.append(f"{len(copies)} e-mails delivered twice (at most the one in flight)")
    if missing:
        result.lost.append(f"{len(missing)} e-mails never delivered")
    if stuck:
        result.lost.append(f"{stuck} tasks left RUNNING after the recovery")
    _lost_hooks(ctx, result)
    return result
