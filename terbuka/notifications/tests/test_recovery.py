"""The durable hand-offs: owed event notifications and e-mails left without a task."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from terbuka.core import jobs
from terbuka.notifications import services
from terbuka.notifications.models import EventNotification, OutboundEmail

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Siti", "number": "0001/PPID-X/2026", "body_name": "Kota Uji", "due_on": None}
calls: list[int] = []


def notify_event(object_id: int) -> None:
    """A handler as the apps write them: idempotent through the dedupe key."""
    calls.append(object_id)
    for to in ("siti@example.test", "budi@example.test"):
        services.email_send(
            to=to, template="closed", context=CONTEXT, dedupe_key=f"test:{object_id}:{to}"
        )


def broken_handler(object_id: int) -> None:
    raise ValueError("template missing")


@pytest.fixture(autouse=True)
def _reset() -> None:
    calls.clear()


@pytest.fixture
def sweep(django_capture_on_commit_callbacks: Any) -> Callable[[datetime], int]:
    """Run the sweep with its on-commit hooks, as a worker does outside any transaction."""

    def run(now: datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            delivered = services.notifications_redeliver(now=now)
        with django_capture_on_commit_callbacks(execute=True):
            return delivered + services.emails_requeue(now=now)

    return run


def _later(seconds: int = 0) -> datetime:
    return timezone.now() + jobs.sweep_interval() + timedelta(seconds=seconds + 1)


def _lost(object_id: int = 7, handler: Any = notify_event) -> EventNotification:
    """An event committed by a process that died before its on-commit hook ran."""
    with transaction.atomic():
        return services.notification_schedule(handler, object_id)


def test_schedule_delivers_on_commit(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.notification_schedule(notify_event, 7)
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    assert entry.handler == "terbuka.notifications.tests.test_recovery.notify_event"
    assert calls == [7]
    assert len(mailoutbox) == 2


def test_lost_notification_is_delivered_once_by_the_sweep(
    mailoutbox: list[Any], sweep: Callable[[datetime], int]
) -> None:
    entry = _lost()
    assert mailoutbox == []
    assert sweep(_later()) == 1
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    assert entry.attempts == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["budi@example.test", "siti@example.test"]
    # Later sweeps find nothing owed.
    assert sweep(_later(120)) == 0
    assert len(mailoutbox) == 2
    assert calls == [7]


def test_fresh_owed_notification_is_left_to_its_on_commit_hook(
    sweep: Callable[[datetime], int],
) -> None:
    entry = _lost()
    assert sweep(timezone.now()) == 0
    entry.refresh_from_db()
    assert entry.delivered_at is None
    assert calls == []


def test_already_delivered_notification_is_not_repeated(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any], sweep: Callable[[datetime], int]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.notification_schedule(notify_event, 7)
    assert sweep(_later()) == 0
    assert services.notification_deliver(entry_id=entry.pk) is False
    assert calls == [7]
    assert len(mailoutbox) == 2


def test_half_delivered_notification_sends_only_what_is_missing(
    mailoutbox: list[Any], sweep: Callable[[datetime], int]
) -> None:
    """A process that died after logging one of the two e-mails: the sweep logs the other."""
    entry = _lost()
    services.email_send(
        to="siti@example.test",
        template="closed",
        context=CONTEXT,
        dedupe_key="test:7:siti@example.test",
    )
    sweep(_later())
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    assert OutboundEmail.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["budi@example.test", "siti@example.test"]


def test_concurrent_sweeps_deliver_once(
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    mailoutbox: list[Any],
) -> None:
    """A second sweep starting while the first is inside the handler finds the row claimed."""
    _lost()
    now = _later()
    inner: list[int] = []

    def handler_racing_a_second_sweep(object_id: int) -> None:
        inner.append(services.notifications_redeliver(now=now))
        notify_event(object_id)

    monkeypatch.setattr(
        "terbuka.notifications.services.import_string", lambda path: handler_racing_a_second_sweep
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notifications_redeliver(now=now) == 1
    assert inner == [0]
    assert calls == [7]
    assert len(mailoutbox) == 2


def test_failing_handler_is_recorded_and_retried_by_later_sweeps(
    django_capture_on_commit_callbacks: Any, sweep: Callable[[datetime], int]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.notification_schedule(broken_handler, 9)
    entry.refresh_from_db()
    assert entry.delivered_at is None
    assert (entry.attempts, entry.last_error) == (1, "ValueError: template missing")
    for minutes in range(1, services.MAX_NOTIFY_ATTEMPTS + 3):
        sweep(_later(minutes * 120))
    entry.refresh_from_db()
    assert entry.attempts == services.MAX_NOTIFY_ATTEMPTS
    assert entry.delivered_at is None


def test_lost_request_receipt_is_delivered_by_the_sweep(
    body: Any, applicant: Any, mailoutbox: list[Any], sweep: Callable[[datetime], int]
) -> None:
    """A real event: the receipt of a submitted request whose on-commit hook never ran."""
    from terbuka.inforequests import services as request_services
    from terbuka.inforequests.models import InformationRequest
    from terbuka.inforequests.tests.factories import identity_data

    request = request_services.request_submit(
        actor=applicant,
        body=body,
        details="Salinan DPA Dinas Kesehatan tahun 2025.",
        purpose="Penelitian skripsi.",
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        identity_data=identity_data(),
    )
    entry = EventNotification.objects.get(handler="terbuka.inforequests.notifications.notify")
    assert mailoutbox == []
    assert sweep(_later()) == 1
    [receipt] = mailoutbox
    assert request.registration_number in receipt.subject
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    sweep(_later(300))
    assert len(mailoutbox) == 1


# --- E-mails without a task --------------------------------------------------------------------


def _queued(key: str = "k", *, age: timedelta = timedelta(minutes=5)) -> OutboundEmail:
    """An e-mail logged by a process that died before enqueuing its task."""
    with transaction.atomic():
        email = services.email_send(
            to="siti@example.test", template="closed", context=CONTEXT, dedupe_key=key
        )
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - age)
    return email


def test_queued_email_without_a_task_is_enqueued_and_sent_once(mailoutbox: list[Any]) -> None:
    email = _queued()
    assert services.emails_requeue(now=timezone.now()) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1
    assert services.emails_requeue(now=timezone.now()) == 0
    assert len(mailoutbox) == 1


def test_young_or_finished_emails_are_left_alone(mailoutbox: list[Any]) -> None:
    _queued("young", age=timedelta(seconds=1))
    sent = _queued("sent")
    failed = _queued("failed")
    OutboundEmail.objects.filter(pk=sent.pk).update(status="sent")
    OutboundEmail.objects.filter(pk=failed.pk).update(status="failed")
    assert services.emails_requeue(now=timezone.now()) == 0
    assert mailoutbox == []


def test_email_claimed_by_a_live_task_is_left_to_it(mailoutbox: list[Any]) -> None:
    email = _queued()
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_by="task-1", claimed_at=timezone.now())
    assert services.emails_requeue(now=timezone.now()) == 0
    # Once the claim is older than the task lease its worker is taken to be dead.
    assert services.emails_requeue(now=timezone.now() + jobs.lease() + timedelta(seconds=1)) == 1


def test_email_with_a_queued_task_is_not_enqueued_again(monkeypatch: pytest.MonkeyPatch) -> None:
    email = _queued()
    other = _queued("other")
    DBTaskResult.objects.create(
        status=TaskResultStatus.READY,
        args_kwargs={"args": [email.pk], "kwargs": {}},
        task_path="terbuka.notifications.tasks.send_email",
        backend_name="default",
        run_after=get_date_max(),
    )
    monkeypatch.setattr(jobs, "database_backend_in_use", lambda: True)
    assert services.emails_requeue(now=timezone.now()) == 1
    email.refresh_from_db()
    other.refresh_from_db()
    assert (email.status, other.status) == ("queued", "sent")


def test_second_task_for_a_claimed_email_sends_nothing(mailoutbox: list[Any]) -> None:
    email = _queued()
    OutboundEmail.objects.filter(pk=email.pk).update(claimed_by="first", claimed_at=timezone.now())
    assert services.email_deliver(email_id=email.pk, token="second") == "queued"
    assert mailoutbox == []
    # The first task, run again after its worker died, takes its claim back.
    assert services.email_deliver(email_id=email.pk, token="first") == "sent"
    assert len(mailoutbox) == 1
    assert services.email_deliver(email_id=email.pk, token="first") == "sent"
    assert len(mailoutbox) == 1


def test_message_id_is_fixed_per_email(mailoutbox: list[Any]) -> None:
    email = _queued()
    services.email_deliver(email_id=email.pk)
    assert mailoutbox[0].extra_headers["Message-ID"] == services.message_id(email)
    assert services.message_id(email) == services.message_id(OutboundEmail.objects.get(pk=email.pk))


def test_daily_run_prunes_old_delivered_rows(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        old = services.notification_schedule(notify_event, 1)
        services.notification_schedule(notify_event, 2)
    EventNotification.objects.filter(pk=old.pk).update(
        delivered_at=timezone.now() - services.OUTBOX_KEPT - timedelta(days=1)
    )
    _lost(3)
    assert services.daily_run(timezone.localdate()) == {"outbox_pruned": 1}
    assert sorted(EventNotification.objects.values_list("object_id", flat=True)) == [2, 3]


def test_the_sweep_leaves_an_entry_to_its_queued_delivery_task(
    settings: Any, sweep: Callable[[datetime], int]
) -> None:
    """After a burst the worker's queue may be older than the sweep interval: an entry whose
    `deliver_notification` task still waits is not composed a second time by the sweep; once
    the task is gone (lost), the sweep delivers it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    entry = _lost()
    task = DBTaskResult.objects.get(task_path="terbuka.notifications.tasks.deliver_notification")
    assert task.args_kwargs["args"] == [entry.pk]
    assert sweep(_later()) == 0
    assert calls == []
    task.delete()
    assert sweep(_later()) == 1
    assert calls == [entry.object_id]
