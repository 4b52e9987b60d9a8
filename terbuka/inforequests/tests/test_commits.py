"""Write commits of a submission with the database task backend (quality.md B5 and F4).

On SQLite every commit is a turn at the write lock and an fsync, so their number bounds the
submissions per second. Runs with real transactions, so the on-commit hooks run as in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections, transaction
from django_tasks_db.models import DBTaskResult

from terbuka.inforequests.models import InformationRequest
from terbuka.notifications.models import EventNotification, OutboundEmail
from terbuka.notifications.tasks import deliver_notification

pytestmark = pytest.mark.django_db(transaction=True)

# Statements that write nothing by themselves.
_NOT_WRITES = ("SELECT", "BEGIN", "SAVEPOINT", "RELEASE", "ROLLBACK", "PRAGMA", "EXPLAIN")


class WriteCommits:
    """Count commits that wrote: each write outside a transaction, each COMMIT after a write."""

    def __init__(self) -> None:
        self.count = 0
        self._dirty = False

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not sql.lstrip().upper().startswith(_NOT_WRITES):
            if context["connection"].in_atomic_block:
                self._dirty = True
            else:
                self.count += 1
        return execute(sql, params, many, context)

    def committed(self) -> None:
        if self._dirty:
            self.count += 1
        self._dirty = False

    def rolled_back(self) -> None:
        self._dirty = False


@pytest.fixture
def write_commits(monkeypatch: pytest.MonkeyPatch) -> Iterator[WriteCommits]:
    connection = connections["default"]
    counter = WriteCommits()
    commit, rollback = connection.commit, connection.rollback

    def counted_commit() -> None:
        commit()
        counter.committed()

    def counted_rollback() -> None:
        rollback()
        counter.rolled_back()

    monkeypatch.setattr(connection, "commit", counted_commit)
    monkeypatch.setattr(connection, "rollback", counted_rollback)
    with connection.execute_wrapper(counter):
        yield counter


def test_submission_commits_once_and_the_worker_delivers_its_notifications(
    settings: Any,
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    write_commits: WriteCommits,
) -> None:
    """The request with its outbox row and delivery task; the worker then writes every e-mail
    with its task and the outbox row's delivery in one commit."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = write_commits.count
    submit()
    # The request's transaction (with its outbox row, the delivery task and the statistics
    # queue row) and the statistics drain task enqueued on its commit (terbuka.reports.signals).
    # Before the delivery moved to the worker: 3, and 7 before its e-mails were batched.
    assert write_commits.count - before == 2
    entry = EventNotification.objects.get()
    assert entry.delivered_at is None
    delivery = DBTaskResult.objects.get(
        task_path="terbuka.notifications.tasks.deliver_notification"
    )
    assert delivery.args_kwargs["args"] == [entry.pk]
    assert not OutboundEmail.objects.exists()  # composed by the worker, not the web request

    before = write_commits.count
    deliver_notification.call(entry.pk)
    assert write_commits.count - before == 1
    # The receipt to the requester and the new request to the PPID Utama.
    emails = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(emails) == 2
    tasks = DBTaskResult.objects.filter(task_path="terbuka.notifications.tasks.send_email")
    assert {t.args_kwargs["args"][0] for t in tasks} == emails
    entry.refresh_from_db()
    assert entry.delivered_at is not None
    # A second run (the task retried, or the sweep after it) writes nothing.
    assert deliver_notification.call(entry.pk) is False
    assert OutboundEmail.objects.count() == 2


def test_a_rolled_back_submission_leaves_no_delivery_task(
    settings: Any, submit: Callable[..., InformationRequest], ppid_utama: Any
) -> None:
    """The delivery task is written in the event's transaction: a rollback takes it away."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    class Abort(Exception):
        pass

    def submit_then_fail() -> None:
        with transaction.atomic():
            submit()
            raise Abort

    with pytest.raises(Abort):
        submit_then_fail()
    assert not DBTaskResult.objects.exists()
    assert not EventNotification.objects.exists()
