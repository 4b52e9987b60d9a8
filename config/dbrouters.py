"""Routing between the primary database and the optional read replica.

Installed only when `TERBUKA_DATABASE_REPLICA_URL` adds the `replica` alias. The rule:

1. Every write goes to the primary (`default`).
2. A read may go to the replica only inside a GET or HEAD request whose path starts with one of
   `TERBUKA_REPLICA_PATHS` (public statistics, published reports, search, open data and their
   API), or inside an explicit `with replica_reads():` block.
3. Even there, the primary answers the read when
   - the primary has a transaction open (`transaction.atomic`), or
   - anything was written earlier in the same request or block (read-your-writes: from the
     first write on, every later read of that request goes to the primary), or
   - the model's rows must be current: sessions, users and their tokens, MFA, the task queue
     (`PRIMARY_ONLY_APPS`).

Everything else (the back office, forms, the request flows, task workers, management commands,
the shell) reads the primary, so no decision is ever made on rows a replica has not caught up
with. A lagging replica shows up only as public figures and search results a few seconds old.

Writes made with a raw cursor bypass the router; the read-mostly paths make none.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models import Model

PRIMARY = "default"
REPLICA = "replica"
# Apps whose rows decide who is signed in or which job runs next: never read from a replica.
PRIMARY_ONLY_APPS = frozenset(
    {"sessions", "auth", "accounts", "account", "mfa", "contenttypes", "django_tasks_database"}
)
READ_ONLY_METHODS = frozenset({"GET", "HEAD"})


@dataclass
class _Scope:
    """Whether reads may use the replica, and whether this scope has written yet."""

    replica: bool
    wrote: bool = False


_scope: ContextVar[_Scope | None] = ContextVar("terbuka_db_scope", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_path(method: str, path: str) -> bool:
    """Whether a request with this method and path may read the replica."""
    return method in READ_ONLY_METHODS and path.startswith(tuple(settings.TERBUKA_REPLICA_PATHS))


def _request_started(sender: Any, environ: dict[str, Any] | None = None, **kwargs: Any) -> None:
    if not replica_configured():
        return
    if environ is not None:
        method, path = environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", "")
    else:  # ASGI sends the scope instead of a WSGI environ
        scope = kwargs.get("scope") or {}
        method, path = scope.get("method", ""), scope.get("path", "")
    _scope.set(_Scope(replica=replica_path(method, path)))


def _request_finished(sender: Any, **kwargs: Any) -> None:
    _scope.set(None)


request_started.connect(_request_started, dispatch_uid="terbuka-db-scope-start")
request_finished.connect(_request_finished, dispatch_uid="terbuka-db-scope-finish")


@contextmanager
def replica_reads() -> Iterator[None]:
    """Let the reads of this block use the replica, under the same rule as a read-mostly path.

    Without a configured replica the block reads the primary as usual.
    """
    token = _scope.set(_Scope(replica=replica_configured()))
    try:
        yield
    finally:
        _scope.reset(token)


class PrimaryReplicaRouter:
    """Send reads of read-mostly requests to the replica and everything else to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if (
            scope is None
            or not scope.replica
            or scope.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or transaction.get_connection(PRIMARY).in_atomic_block
        ):
            return PRIMARY
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        scope = _scope.get()
        if scope is not None:
            scope.wrote = True
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # Both aliases hold the same rows.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        # The replica receives the schema from the primary through replication.
        return False if db == REPLICA else None
