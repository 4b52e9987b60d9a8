"""Writes of the accessible formats: scheduling, generating, replacing and deleting them.

Perki 1/2021 Pasal 24 and 47-48: announcements and the service charter must be accessible to
persons with disabilities, at least in audio, visual and/or braille formats.

A source app calls `accessible_refresh(kind=..., pk=...)` inside the transaction that publishes
or changes its text, and `accessible_forget(kind=..., pk=...)` inside the one that withdraws it.
Generation runs in a task after the commit, outside any transaction (the tools take seconds);
each finished format is written in a short transaction of its own that checks the text is still
the same, so an outdated file is never kept.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from terbuka.accessible import generators
from terbuka.accessible.models import AccessibleEvent, AccessibleFile, AccessibleVersion
from terbuka.accessible.registry import Source, candidate_ids, get_source, is_registered, kinds
from terbuka.core import jobs
from terbuka.core.files import delete_after_commit, save_to_field

logger = logging.getLogger(__name__)

Format = AccessibleFile.Format
Status = AccessibleFile.Status
Kind = AccessibleEvent.Kind


def text_sha256(title: str, text: str) -> str:
    """The digest that decides whether a source's text changed (title, then text)."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()


def _event(
    kind: str,
    *,
    version: AccessibleVersion,
    format: str = "",
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AccessibleEvent:
    return AccessibleEvent.objects.create(
        source_kind=version.kind,
        object_id=version.object_id,
        version=version,
        kind=kind,
        format=format,
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
        occurred_at=timezone.now(),
    )


def _enqueue(version_id: int, digest: str) -> None:
    from terbuka.accessible.tasks import generate_formats as generate_formats_task

    generate_formats_task.enqueue(version_id, digest)


def _schedule(version: AccessibleVersion) -> None:
    transaction.on_commit(partial(_enqueue, version.pk, version.text_sha256))


def _version_values(source: Source, digest: str) -> dict[str, Any]:
    return {
        "text_sha256": digest,
        "language": source.language if source.language in ("id", "en") else "id",
        "title": source.title[:500],
        "text": source.text,
    }


@transaction.atomic
def accessible_refresh(*, kind: str, pk: int) -> None:
    """Schedule the accessible formats of a source whose text is new or changed.

    Call it inside the source's write transaction. The same text never regenerates; a changed
    text resets every format and deletes the old files once the transaction commits. A source
    that is missing or not public is left alone (`accessible_forget` deletes what it had).
    """
    source = get_source(kind, pk)
    if source is None:
        return
    digest = text_sha256(source.title, source.text)
    version = AccessibleVersion.objects.select_for_update().filter(kind=kind, object_id=pk).first()
    if version is None:
        try:
            with transaction.atomic():
                version = AccessibleVersion.objects.create(
                    kind=kind, object_id=pk, **_version_values(source, digest)
                )
        except IntegrityError:
            # A concurrent call created it first: take its row and go on as for an old one.
            version = AccessibleVersion.objects.select_for_update().get(kind=kind, object_id=pk)
        else:
            AccessibleFile.objects.bulk_create(
                AccessibleFile(version=version, format=f, status=Status.PENDING) for f in Format
            )
            _event(Kind.SCHEDULED, version=version, data={"text_sha256": digest})
            _schedule(version)
            return
    if version.text_sha256 == digest:
        return
    old_digest = version.text_sha256
    for field, value in _version_values(source, digest).items():
        setattr(version, field, value)
    version.save(update_fields=["text_sha256", "language", "title", "text", "updated_at"])
    _reset_files(version, list(version.files.all()))
    _event(
        Kind.REPLACED,
        version=version,
        data={"from_text_sha256": old_digest, "text_sha256": digest},
    )
    _schedule(version)


def _reset_files(version: AccessibleVersion, files: list[AccessibleFile]) -> None:
    """Put formats back to pending; their old files are deleted once this commits."""
    for accessible_file in files:
        if accessible_file.file:
            delete_after_commit(accessible_file.file.storage, str(accessible_file.file.name))
        accessible_file.status = Status.PENDING
        accessible_file.file = ""
        accessible_file.content_type = ""
        accessible_file.size = None
        accessible_file.sha256 = ""
        accessible_file.duration_seconds = None
        accessible_file.tool = ""
        accessible_file.error = ""
        accessible_file.generated_at = None
        accessible_file.save()
    existing = set(version.files.values_list("format", flat=True))
    missing = [f for f in Format if f not in existing]
    AccessibleFile.objects.bulk_create(
        AccessibleFile(version=version, format=f, status=Status.PENDING) for f in missing
    )


@transaction.atomic
def accessible_retry(*, kind: str, pk: int) -> bool:
    """Make failed or unavailable formats of a source again (e.g. after installing a tool).

    Also schedules a source that has no formats yet, or whose text changed. Returns whether
    anything was scheduled.
    """
    source = get_source(kind, pk)
    if source is None:
        return False
    version = AccessibleVersion.objects.select_for_update().filter(kind=kind, object_id=pk).first()
    if version is None or version.text_sha256 != text_sha256(source.title, source.text):
        accessible_refresh(kind=kind, pk=pk)
        return True
    files = list(version.files.select_for_update())
    again = [f for f in files if f.status in (Status.FAILED, Status.UNAVAILABLE)]
    pending = any(f.status == Status.PENDING for f in files) or len(files) < len(Format)
    if not again and not pending:
        return False
    if again:
        _reset_files(version, again)
        _event(Kind.RETRIED, version=version, data={"formats": sorted(f.format for f in again)})
    elif len(files) < len(Format):
        _reset_files(version, [])
    _schedule(version)
    return True


@transaction.atomic
def accessible_forget(*, kind: str, pk: int) -> bool:
    """Delete the text copy and the files of a source that is no longer public.

    Call it inside the transaction that withdraws the source. The files are deleted once it
    commits (a rollback keeps them, with the rows that name them); a history event stays, without
    the text. A source that is (again) public is left alone. Returns whether anything was deleted.
    """
    version = AccessibleVersion.objects.select_for_update().filter(kind=kind, object_id=pk).first()
    if version is None or get_source(kind, pk) is not None:
        return False
    files = list(version.files.select_for_update())
    for accessible_file in files:
        if accessible_file.file:
            delete_after_commit(accessible_file.file.storage, str(accessible_file.file.name))
    _event(
        Kind.FORGOTTEN,
        version=version,
        data={"text_sha256": version.text_sha256, "formats": sorted(f.format for f in files)},
    )
    version.delete()  # its files' rows go with it; its events keep kind and id
    return True


# --- Generation (the task) ----------------------------------------------------------------------

Generator = Callable[[AccessibleVersion], generators.Output]

GENERATORS: dict[str, Generator] = {
    Format.AUDIO: lambda v: generators.audio(
        generators.compose(v.title, v.text), language=v.language
    ),
    Format.BRAILLE_BRF: lambda v: generators.braille_brf(
        generators.compose(v.title, v.text), language=v.language
    ),
    Format.BRAILLE_TEXT: lambda v: generators.braille_unicode(
        generators.compose(v.title, v.text), language=v.language
    ),
    Format.LARGE_PRINT: lambda v: generators.large_print(v.title, v.text, language=v.language),
}


def accessible_generate(*, version_id: int, digest: str) -> dict[str, str]:
    """Make every pending format of a version; return {format: status}.

    Runs outside a transaction: each format is generated in memory, then stored and recorded in
    one short transaction that re-checks the text, so a failure or a newer text never leaves a
    half-written or outdated file behind. Run twice, it does nothing the second time. A format
    whose generator raises is marked failed or unavailable; only a storage or database error
    while recording leaves it pending, for the next run.
    """
    version = AccessibleVersion.objects.filter(pk=version_id).first()
    if version is None or version.text_sha256 != digest:
        return {}
    pending = list(version.files.filter(status=Status.PENDING).values_list("format", flat=True))
    results: dict[str, str] = {}
    for file_format in pending:
        try:
            output: generators.Output | None = GENERATORS[file_format](version)
            status, tool, error = Status.READY, output.tool if output else "", ""
        except generators.ToolMissing as exc:
            output, status, tool, error = None, Status.UNAVAILABLE, exc.tool, str(exc)
        except generators.GenerationError as exc:
            output, status, tool, error = None, Status.FAILED, exc.tool, str(exc)
            logger.warning("Accessible %s of %s failed: %s", file_format, version, exc)
        except Exception as exc:
            # A bug or an unforeseen library error: this format fails (a retry can make it
            # again), the others are still made and none stays pending for the sweep to re-queue
            # for ever.
            logger.exception("Accessible %s of %s failed unexpectedly", file_format, version)
            output, status, tool = None, Status.FAILED, ""
            error = f"unexpected error: {type(exc).__name__}"
        results[file_format] = _record(version.pk, digest, file_format, status, tool, error, output)
    return results


@transaction.atomic
def _record(
    version_id: int,
    digest: str,
    file_format: str,
    status: str,
    tool: str,
    error: str,
    output: generators.Output | None,
) -> str:
    version = AccessibleVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None or version.text_sha256 != digest:
        return "stale"
    accessible_file = (
        AccessibleFile.objects.select_for_update()
        .filter(version=version, format=file_format)
        .first()
    )
    if accessible_file is None or accessible_file.status != Status.PENDING:
        # Another run of the task got here first.
        return accessible_file.status if accessible_file else "stale"
    accessible_file.status = status
    accessible_file.tool = tool[:100]
    accessible_file.error = error
    if output is not None:
        name = f"{version.kind}-{version.object_id}-{file_format}.{output.extension}"
        save_to_field(accessible_file.file, name, ContentFile(output.data))
        accessible_file.content_type = output.content_type
        accessible_file.size = len(output.data)
        accessible_file.sha256 = hashlib.sha256(output.data).hexdigest()
        accessible_file.duration_seconds = output.duration_seconds
        accessible_file.generated_at = timezone.now()
    accessible_file.full_clean(exclude=["version"])
    accessible_file.save()
    kind = {
        Status.READY: Kind.GENERATED,
        Status.FAILED: Kind.FAILED,
        Status.UNAVAILABLE: Kind.UNAVAILABLE,
    }[Status(status)]
    _event(
        kind,
        version=version,
        format=file_format,
        from_status=Status.PENDING,
        to_status=status,
        note=error,
        data={"size": accessible_file.size, "tool": tool} if output else {"tool": tool},
    )
    return status


# --- Rebuild and recovery -----------------------------------------------------------------------


_COUNTED: dict[str, str] = {
    Status.READY: "generated",
    Status.FAILED: "failed",
    Status.UNAVAILABLE: "unavailable",
}


def accessible_rebuild(*, kind: str | None = None, run_now: bool = False) -> dict[str, Any]:
    """Schedule every registered source (or those of one kind) that lacks current formats.

    With `run_now`, also make them in this process (the queued tasks then find nothing left).
    A source that is no longer public loses its version and files (`accessible_forget`).
    Returns counts: scheduled, current, not_public, and with `run_now` generated, failed,
    unavailable and seconds.
    """
    counts: dict[str, Any] = {"scheduled": 0, "current": 0, "not_public": 0}
    scheduled: list[tuple[str, int]] = []
    for source_kind in [kind] if kind else kinds():
        known = set(
            AccessibleVersion.objects.filter(kind=source_kind).values_list("object_id", flat=True)
        )
        for pk in sorted(set(candidate_ids(source_kind)) | known):
            if get_source(source_kind, pk) is None:
                counts["not_public"] += 1
                # Unregistered kind (its app not loaded): nothing says its sources are gone.
                if pk in known and is_registered(source_kind):
                    accessible_forget(kind=source_kind, pk=pk)
            elif accessible_retry(kind=source_kind, pk=pk):
                counts["scheduled"] += 1
                scheduled.append((source_kind, pk))
            else:
                counts["current"] += 1
    if run_now:
        counts.update(generated=0, failed=0, unavailable=0)
        started = time.monotonic()
        for source_kind, pk in scheduled:
            version = AccessibleVersion.objects.get(kind=source_kind, object_id=pk)
            results = accessible_generate(version_id=version.pk, digest=version.text_sha256)
            for status in results.values():
                key = _COUNTED.get(status)
                if key:
                    counts[key] += 1
        counts["seconds"] = time.monotonic() - started
    return counts


def _versions_with_a_task() -> set[int]:
    """Ids of versions that a READY or RUNNING `generate_formats` task will still make."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from terbuka.accessible.tasks import generate_formats as generate_formats_task

    live = DBTaskResult.objects.filter(
        task_path=generate_formats_task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    ids: set[int] = set()
    for args_kwargs in live.values_list("args_kwargs", flat=True):
        args = args_kwargs.get("args") or []
        version_id = args[0] if args else args_kwargs.get("kwargs", {}).get("version_id")
        if isinstance(version_id, int):
            ids.add(version_id)
    return ids


def sweep(now: datetime) -> int:
    """Recovery sweep: enqueue again versions with pending formats that no task will make.

    Such a version was scheduled but its task never reached the queue (the process died between
    the commit and the enqueue) or was lost. Rows younger than one sweep interval are left to
    their task.
    """
    cutoff = now - jobs.sweep_interval()
    stale = (
        AccessibleVersion.objects.filter(files__status=Status.PENDING, files__updated_at__lt=cutoff)
        .distinct()
        .values_list("pk", "text_sha256")[:1000]
    )
    candidates = list(stale)
    if not candidates:
        return 0
    with_task = _versions_with_a_task() if jobs.database_backend_in_use() else set()
    lost = [(pk, digest) for pk, digest in candidates if pk not in with_task]
    for pk, digest in lost:
        _enqueue(pk, digest)
    return len(lost)
