"""Write commits of a submission with the database task backend (quality.md B5 and F4).

On SQLite every commit is a turn at the write lock and an fsync, so their number bounds the
submissions per second. Runs with real transactions, so the on-commit hooks run as in production.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from django_tasks_db.models import DBTaskResult

from terbuka.inforequests.models import InformationRequest
from terbuka.notifications.models import EventNotification, OutboundEmail

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


def test_submission_writes_its_notifications_in_one_commit(
    settings: Any,
    submit: Callable[..., InformationRequest],
    ppid_utama: Any,
    write_commits: WriteCommits,
) -> None:
    """The request, its statistics task, then every e-mail with its task and the outbox row."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    before = write_commits.count
    submit()
    # The receipt to the requester and the new request to the PPID Utama.
    emails = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert len(emails) == 2
    tasks = DBTaskResult.objects.filter(task_path="terbuka.notifications.tasks.send_email")
    assert {t.args_kwargs["args"][0] for t in tasks} == emails
    assert EventNotification.objects.get().delivered_at is not None
    # The request's transaction, the statistics drain task enqueued on its commit
    # (terbuka.reports.signals), and the event's delivery: 7 before the delivery was batched.
    assert write_commits.count - before == 3
