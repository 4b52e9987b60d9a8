"""Stored files follow the rows that name them: none is left behind (quality.md F3).

A service stores an upload, then writes the row that names it, inside `transaction.atomic`.
When that transaction does not commit (a validation error after the save, a full disk on the
database write, a failed commit) the row is gone and the file would stay in storage forever,
named by nothing. Django has no rollback hook, so:

- `save_to_field()` and `save_new()` store the file and remember its name until the
  transaction commits (`transaction.on_commit` forgets it). A name still remembered once the
  connection has left its transaction belongs to a transaction that did not commit; it is
  deleted by `discard_uncommitted()` if no row names it. That runs at the end of every request
  (`StorageErrorMiddleware`), after each later commit of a stored file and whenever a file is
  stored outside a transaction. The final check against the database is what decides, so a
  commit hook that never ran (another hook raised before it) never costs a committed file.
- A process killed between the save and the commit leaves nobody to clean up. The safety net
  is `orphans_sweep()`: `terbuka files_sweep [--delete]`, and the `files` daily job, which
  deletes files that no row names and that are older than a day. It lists storage with
  `listdir`, so it works on the local disk and on S3 alike, and it looks only at names that a
  known writer gives (a FileField's `upload_to`, or a column registered with
  `register_stored_names`), never at anything else kept in the same storage.

A write that fails half-way (ENOSPC in the middle of the file) leaves a partial file whose final
name Django does not return; `save_new()` removes it (its name is random, so it can only be this
upload's), other partial files wait for the sweep.
"""

from __future__ import annotations

import itertools
import logging
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import Storage, default_storage, storages
from django.db import DEFAULT_DB_ALIAS, models, router, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

logger = logging.getLogger(__name__)

# How old an unnamed file must be before the daily job deletes it: far longer than any
# transaction, so a file whose row is still being written is never taken for an orphan.
DAILY_GRACE = timedelta(hours=24)

# --- Files stored inside a transaction ---------------------------------------------------------

_local = Local()
_sequence = itertools.count()


@dataclass(eq=False)
class _Stored:
    seq: int
    storage: Storage
    name: str
    model: type[models.Model]
    column: str
    using: str


def _pending() -> list[_Stored]:
    pending: list[_Stored] | None = getattr(_local, "pending", None)
    if pending is None:
        pending = []
        _local.pending = pending
    return pending


def save_to_field(field_file: FieldFile, name: str, content: File[Any]) -> None:
    """Store `content` in a FileField without saving the row; removed if the row never commits."""
    field_file.save(name, content, save=False)
    _follow_transaction(
        field_file.storage,
        str(field_file.name),
        model=type(field_file.instance),
        column=field_file.field.attname,
    )


def save_new(
    storage: Storage, name: str, content: File[Any], *, model: type[models.Model], column: str
) -> str:
    """Store `content` under a new random `name` that `model.column` will name.

    Removed if the row never commits; a partial file left by a failed write is removed at once.
    """
    try:
        saved = storage.save(name, content)
    except Exception:
        _delete_quietly(storage, name)
        raise
    _follow_transaction(storage, saved, model=model, column=column)
    return saved


def _follow_transaction(
    storage: Storage, name: str, *, model: type[models.Model], column: str
) -> None:
    using = router.db_for_write(model) or DEFAULT_DB_ALIAS
    if not transaction.get_connection(using).in_atomic_block:
        # Autocommit: the caller writes its row right away; there is no transaction to follow.
        discard_uncommitted(using)
        return
    stored = _Stored(next(_sequence), storage, name, model, column, using)
    _pending().append(stored)
    transaction.on_commit(partial(_committed, stored), using=using, robust=True)


def _committed(stored: _Stored) -> None:
    pending = _pending()
    if stored in pending:
        pending.remove(stored)
    # Names stored before this one that are still remembered did not commit (a savepoint or an
    # earlier transaction rolled back). Later ones wait for their own hook. Not while a test
    # runs hooks inside its own transaction (nothing has really committed there).
    if not transaction.get_connection(stored.using).in_atomic_block:
        _discard(lambda other: other.using == stored.using and other.seq < stored.seq)


def discard_uncommitted(using: str | None = None) -> int:
    """Delete files stored by transactions that ended without a commit; return how many."""
    return _discard(
        lambda stored: (
            (using is None or stored.using == using)
            and not transaction.get_connection(stored.using).in_atomic_block
        )
    )


def _discard(select: Any) -> int:
    pending = _pending()
    chosen = [stored for stored in pending if select(stored)]
    deleted = 0
    for stored in chosen:
        pending.remove(stored)
        try:
            named = (
                stored.model._default_manager.db_manager(stored.using)
                .filter(**{stored.column: stored.name})
                .exists()
            )
        except Exception:
            logger.exception("Could not check whether %s is named by a row", stored.name)
            continue  # the sweep decides later
        if not named and _delete_quietly(stored.storage, stored.name):
            logger.info("Deleted %s: its transaction did not commit", stored.name)
            deleted += 1
    return deleted


def _delete_quietly(storage: Storage, name: str) -> bool:
    try:
        storage.delete(name)
    except Exception:
        # Storage down: the sweep deletes it later; the answer to the request must not change.
        logger.warning("Could not delete %s; the files sweep will", name, exc_info=True)
        return False
    return True


def delete_after_commit(storage: Storage, name: str, using: str = DEFAULT_DB_ALIAS) -> None:
    """Delete a file the current transaction stops naming, once (and only if) it commits.

    A rolled-back transaction keeps the row naming the old file, so the file must stay; a
    failed delete is left to the sweep and never changes the answer to the request.
    """
    transaction.on_commit(partial(_delete_quietly, storage, name), using=using)


# --- Which stored names rows refer to -----------------------------------------------------------


@dataclass(frozen=True)
class StoredNames:
    """The files one writer stores: where (storage, folder, name pattern) and which column
    names them."""

    model: type[models.Model]
    column: str
    storage: Storage
    folder: str
    pattern: re.Pattern[str]

    def names(self) -> set[str]:
        """The names the rows hold now (read on the primary, never on a lagging replica)."""
        using = router.db_for_write(self.model) or DEFAULT_DB_ALIAS
        values = self.model._default_manager.db_manager(using).values_list(self.column, flat=True)
        return {str(value) for value in values.exclude(**{self.column: ""}) if value}


_registered: list[tuple[str, str, str, str, str]] = []


def register_stored_names(
    model: str, column: str, *, storage: str, folder: str, pattern: str
) -> None:
    """Declare a plain column (not a FileField) that names files under `folder` of `storage`.

    `model` is an "app_label.Model" label and `pattern` a regular expression of the whole name;
    call it from the app's `AppConfig.ready()`.
    """
    entry = (model, column, storage, folder.strip("/"), pattern)
    if entry not in _registered:
        _registered.append(entry)


_STRFTIME = re.compile(r"%([a-zA-Z%])")
_DIGITS = {"Y": r"\d{4}", "m": r"\d{2}", "d": r"\d{2}", "H": r"\d{2}", "M": r"\d{2}"}


def _upload_to_pattern(upload_to: str) -> tuple[str, re.Pattern[str]]:
    """The fixed folder and the whole-name pattern of a FileField's `upload_to` string."""
    fixed, formatted, _rest = upload_to.partition("%")
    folder = posixpath.dirname(fixed) if formatted else upload_to
    parts = []
    last = 0
    for match in _STRFTIME.finditer(upload_to):
        parts.append(re.escape(upload_to[last : match.start()]))
        parts.append(_DIGITS.get(match.group(1), r"[^/]+"))
        last = match.end()
    parts.append(re.escape(upload_to[last:]))
    directory = "".join(parts)
    if directory and not directory.endswith("/"):
        directory += "/"
    return folder.strip("/"), re.compile(directory + r"[^/]+")


def _field_storage(file_field: models.FileField) -> Storage:
    # A storage given as a callable was called once, when the model was defined; call it again
    # so the sweep sees the storage as configured now.
    storage_callable = getattr(file_field, "_storage_callable", None)
    storage: Storage = storage_callable() if storage_callable else file_field.storage
    return storage


def stored_name_sources() -> list[StoredNames]:
    """Every FileField with a fixed `upload_to` and every registered name column."""
    sources = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if not isinstance(model_field, models.FileField):
                continue
            if not isinstance(model_field.upload_to, str) or not model_field.upload_to:
                continue  # a callable names files its own way: never guessed at
            folder, pattern = _upload_to_pattern(model_field.upload_to)
            storage = _field_storage(model_field)
            sources.append(StoredNames(model, model_field.attname, storage, folder, pattern))
    for label, column, alias, folder, regex in _registered:
        sources.append(
            StoredNames(apps.get_model(label), column, storages[alias], folder, re.compile(regex))
        )
    return sources


def storage_label(storage: Storage) -> str:
    """The alias of a configured storage (`default`, `private`), else its class name."""
    if storage is default_storage or storage is getattr(default_storage, "_wrapped", None):
        return "default"
    for alias in settings.STORAGES:
        if alias != "staticfiles" and storages[alias] is storage:
            return alias
    return type(storage).__name__


# --- The sweep ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Orphan:
    storage: str
    name: str
    modified_at: datetime
    size: int | None


@dataclass
class SweepReport:
    scanned: int = 0
    named: int = 0
    recent: int = 0
    orphans: list[Orphan] = field(default_factory=list)
    deleted: int = 0
    failed: list[str] = field(default_factory=list)

    @property
    def orphan_bytes(self) -> int:
        return sum(orphan.size or 0 for orphan in self.orphans)


def walk(storage: Storage, folder: str) -> Iterator[str]:
    """Every file name under `folder`, through `listdir` (local disk, S3 and the like)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        yield posixpath.join(folder, name) if folder else name
    for sub in folders:
        yield from walk(storage, posixpath.join(folder, sub) if folder else sub)


def _groups(sources: Iterable[StoredNames]) -> list[tuple[Storage, list[StoredNames]]]:
    groups: list[tuple[Storage, list[StoredNames]]] = []
    for source in sources:
        for storage, members in groups:
            if storage is source.storage:
                members.append(source)
                break
        else:
            groups.append((source.storage, [source]))
    return groups


def orphans_sweep(
    *, older_than: timedelta, delete: bool = False, now: datetime | None = None
) -> SweepReport:
    """Find stored files that no row names and that are older than `older_than`; delete them
    with `delete`."""
    now = now or timezone.now()
    report = SweepReport()
    for storage, sources in _groups(stored_name_sources()):
        label = storage_label(storage)
        # List first, then read the names: a file whose row commits in between counts as named.
        listed = {
            name
            for folder in dict.fromkeys(source.folder for source in sources)
            for name in walk(storage, folder)
            if any(source.pattern.fullmatch(name) for source in sources)
        }
        named: set[str] = set().union(*(source.names() for source in sources))
        report.scanned += len(listed)
        report.named += len(listed & named)
        for name in sorted(listed - named):
            orphan = _orphan_if_old(storage, label, name, now - older_than, report)
            if orphan is None:
                continue
            report.orphans.append(orphan)
            if delete:
                try:
                    storage.delete(name)
                except Exception as exc:
                    report.failed.append(f"{label}:{name}: {exc}")
                else:
                    report.deleted += 1
    if report.deleted:
        logger.warning("Files sweep deleted %d files that no row named", report.deleted)
    return report


def _orphan_if_old(
    storage: Storage, label: str, name: str, cutoff: datetime, report: SweepReport
) -> Orphan | None:
    try:
        modified = storage.get_modified_time(name)
    except FileNotFoundError:
        return None  # deleted meanwhile
    except NotImplementedError:
        report.failed.append(f"{label}:{name}: the storage cannot tell its age")
        return None
    if timezone.is_naive(modified):
        modified = timezone.make_aware(modified)
    if modified > cutoff:
        report.recent += 1
        return None
    try:
        size: int | None = storage.size(name)
    except (OSError, NotImplementedError):
        size = None
    return Orphan(label, name, modified, size)


def daily_counts(today: date) -> dict[str, int]:
    """The files daily job: delete files no row names that are more than a day old."""
    report = orphans_sweep(older_than=DAILY_GRACE, delete=True)
    if report.failed:
        raise RuntimeError(f"Files sweep could not finish: {report.failed[:3]}")
    return {"orphan_files_deleted": report.deleted}
