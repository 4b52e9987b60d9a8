"""Compose, log and send e-mail (style.md section 5).

`email_send` renders `templates/notifications/<template>.{subject.txt,txt,html}` in the
recipient's language, logs an `OutboundEmail` row and enqueues the `send_email` task on commit.
`email_deliver` (run by the task) sends it; on a transient SMTP error it re-enqueues the task with
`run_after` and a growing delay, as Zulip's `zerver/worker/email_senders.py` does, because
`django.tasks` has no automatic retry.

Both hand-offs that happen after a commit are made durable here: `notification_schedule` writes
an `EventNotification` row and enqueues its `deliver_notification` task with the event, and the
recovery sweep (`sweep`, run by every task worker, see terbuka.core.jobs) delivers those a dead
process or a lost task left owed and re-enqueues queued e-mails that no task will send.

With the database task backend the `send_email` task row is written in the transaction that logs
its e-mail, so the two commit or vanish together; other backends enqueue on commit. An event's
delivery composes its e-mails first and then writes them, their tasks and the outbox row's
`delivered_at` in one short transaction: on SQLite every commit is a turn at the write lock and
an fsync, and one per e-mail and per task capped submissions at 20-30/s (quality.md F4).
"""

from __future__ import annotations

import hashlib
import logging
import re
import smtplib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, router, transaction
from django.db.models import F, Model, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from terbuka.core import jobs
from terbuka.notifications.models import EventNotification, NotificationPreference, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Delay before retry n (1-based): 1, 2, 4, 8 minutes.
RETRY_BASE_DELAY = timedelta(minutes=1)
# Errors worth another try: the server or the network may be back later.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)
DEFAULT_LANGUAGE = "id"
SMTP_TIMEOUT_SECONDS = 60


def _supported_language(language: str | None) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return language if language in codes else DEFAULT_LANGUAGE


def email_render(
    *, template: str, context: dict[str, Any], language: str = DEFAULT_LANGUAGE
) -> tuple[str, str, str]:
    """Return (subject, text, html) of a notification template in `language`."""
    base = f"notifications/{template}"
    with translation.override(_supported_language(language)):
        raw_subject = render_to_string(f"{base}.subject.txt", context)
        raw_text = render_to_string(f"{base}.txt", context)
        html = str(render_to_string(f"{base}.html", context))
    subject = " ".join(raw_subject.split())
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    text = re.sub(r"[ \t]+\n", "\n", str(raw_text))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return f"{prefix}{subject}"[:255], text.strip() + "\n", html.strip()


# The e-mails composed by the handler of the event being delivered, not yet written (None
# outside a delivery): `notification_deliver` writes them together.
_composed: ContextVar[list[OutboundEmail] | None] = ContextVar("composed_emails", default=None)


def email_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    language: str = DEFAULT_LANGUAGE,
) -> OutboundEmail:
    """Log an e-mail and enqueue its sending; a known `dedupe_key` sends nothing.

    Inside an event's delivery (`notification_deliver`) the row is only composed here and written
    with the event's other e-mails when the handler returns; until then it has no primary key.
    Callers must never put a NIK, an address or a phone number in `context`.
    """
    existing = OutboundEmail.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    composed = _composed.get()
    if composed is not None:
        for email in composed:
            if email.dedupe_key == dedupe_key:
                return email
    language = _supported_language(language)
    subject, text, html = email_render(template=template, context=context, language=language)
    email = OutboundEmail(
        to=to.strip().lower(),
        template=template,
        language=language,
        subject=subject,
        body_text=text,
        body_html=html,
        dedupe_key=dedupe_key,
    )
    # Its only constraint is the status check, which a new row passes and the database enforces;
    # Django would check it with a query per e-mail.
    email.full_clean(exclude=["dedupe_key"], validate_constraints=False)
    if composed is not None:
        composed.append(email)
        return email
    return _email_log(email)


def email_known(dedupe_key: str) -> bool:
    """Return whether an e-mail with `dedupe_key` is logged, or composed for the same delivery."""
    composed = _composed.get() or []
    return any(email.dedupe_key == dedupe_key for email in composed) or (
        OutboundEmail.objects.filter(dedupe_key=dedupe_key).exists()
    )


def _email_log(email: OutboundEmail) -> OutboundEmail:
    """Write a composed e-mail and enqueue its task; return the row that owns its dedupe key."""
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        # A concurrent caller logged the same notice first: it sends it.
        return OutboundEmail.objects.get(dedupe_key=email.dedupe_key)
    _enqueue_send(email.pk)
    return email


def _enqueue_send(email_id: int) -> None:
    """Enqueue `send_email` with its e-mail's row (see `_enqueue_with`)."""
    from terbuka.notifications.tasks import send_email as send_email_task

    _enqueue_with(send_email_task, OutboundEmail, email_id)


def _enqueue_with(task: Any, model: type[Model], object_id: int) -> None:
    """Enqueue `task(object_id)` in the current transaction if its row goes to the database
    that `model`'s row (written by the caller's transaction) goes to.

    The task row then commits or rolls back with the caller's row and costs no commit of its
    own. Another backend (the immediate one in tests, a broker) could run or publish the task
    before the row is visible, so it gets it on commit.
    """
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task.get_backend()
    if isinstance(backend, DatabaseBackend) and (
        router.db_for_write(DBTaskResult) == router.db_for_write(model)
    ):
        task.enqueue(object_id)
    else:
        transaction.on_commit(lambda: task.enqueue(object_id))


@contextmanager
def _composing() -> Iterator[list[OutboundEmail]]:
    """Collect the e-mails `email_send` composes inside, instead of writing each at once."""
    emails: list[OutboundEmail] = []
    token = _composed.set(emails)
    try:
        yield emails
    finally:
        _composed.reset(token)


def retry_delay(attempts: int) -> timedelta:
    """Return the delay before the next attempt after `attempts` failed ones."""
    factor: int = 2 ** max(attempts - 1, 0)
    return RETRY_BASE_DELAY * factor


def _schedule_retry(email: OutboundEmail) -> None:
    from terbuka.notifications.tasks import send_email as send_email_task

    if send_email_task.get_backend().supports_defer:
        run_after = timezone.now() + retry_delay(email.attempts)
        send_email_task.using(run_after=run_after).enqueue(email.pk)
    else:
        # Backends without deferral (ImmediateBackend in tests and development) retry at once.
        send_email_task.enqueue(email.pk)


def _claim(email_id: int, token: str, now: datetime) -> bool:
    """Claim a queued row for `token`; a claim by another task holds until the task lease."""
    free = Q(claimed_by="") | Q(claimed_by=token) | Q(claimed_at__lt=now - jobs.lease())
    claimed = (
        OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED)
        .filter(free)
        .update(claimed_by=token, claimed_at=now, attempts=F("attempts") + 1)
    )
    return claimed == 1


def email_deliver(*, email_id: int, token: str = "") -> str:
    """Send a queued e-mail once; count the attempt; retry transient errors up to MAX_ATTEMPTS.

    Returns the row's status afterwards. `token` names the sender (the task's result id): the
    row is claimed for it in a short transaction before SMTP, so a second task for the same row
    sends nothing while the first is at work, and the same task run again after its worker died
    takes its claim back. A row already sent or failed is left alone.
    """
    token = token or uuid.uuid4().hex
    if not _claim(email_id, token, timezone.now()):
        current = OutboundEmail.objects.filter(pk=email_id).values_list("status", flat=True)
        return current.first() or "missing"
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers={"Message-ID": message_id(email)},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    mine = OutboundEmail.objects.filter(pk=email_id, claimed_by=token)
    try:
        # A hung server must give up well within the task lease, or the task would run twice.
        timeout = getattr(settings, "EMAIL_TIMEOUT", None) or SMTP_TIMEOUT_SECONDS
        connection = get_connection(fail_silently=False, timeout=timeout)
        # Opened here so the row is marked sent as soon as the server accepts, before QUIT.
        connection.open()
        try:
            connection.send_messages([message])
            mine.update(status=OutboundEmail.Status.SENT, sent_at=timezone.now(), claimed_by="")
        finally:
            connection.close()
    except TRANSIENT_ERRORS as exc:
        error = f"{type(exc).__name__}: {exc}"[:2000]
        after = (
            OutboundEmail.Status.FAILED
            if email.attempts >= MAX_ATTEMPTS
            else OutboundEmail.Status.QUEUED
        )
        mine.update(status=after, last_error=error, claimed_by="")
        email.status = after
        if after == OutboundEmail.Status.QUEUED:
            transaction.on_commit(lambda: _schedule_retry(email))
        return after
    except Exception as exc:
        # Not an SMTP or network error: another try would fail alike.
        error = f"{type(exc).__name__}: {exc}"[:2000]
        mine.update(status=OutboundEmail.Status.FAILED, last_error=error, claimed_by="")
        raise
    return OutboundEmail.Status.SENT


def message_id(email: OutboundEmail) -> str:
    """Return the row's fixed Message-ID.

    A message sent twice (its worker killed between the server's acceptance and the row's
    update) reaches the mailbox twice under one Message-ID, by which mail systems drop the copy.
    """
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> ") or "localhost"
    digest = hashlib.sha256(email.dedupe_key.encode()).hexdigest()[:24]
    return f"<terbuka.{email.pk}.{digest}@{domain}>"


# --- Durable hand-offs (recovery sweep, terbuka.core.jobs) -------------------------------------

# An event whose handler failed this many times is left for an operator (the admin shows it).
MAX_NOTIFY_ATTEMPTS = 5


def notification_schedule(handler: Callable[[int], object], object_id: int) -> EventNotification:
    """Record in the caller's transaction that an event's notifications are owed, and enqueue
    the task that delivers them (`deliver_notification`).

    `handler` is a module-level function taking the event's id (e.g.
    `inforequests.notifications.notify`); it must be idempotent. The e-mails are composed by
    the task worker, not in the web request that filed the event: rendering the requester's
    and the officers' e-mails was about half of a submission's time (quality.md B5, F4). With
    the database task backend the task row commits with the event, so no extra commit; the
    immediate backend (tests) delivers on commit, as a worker would right after it.
    """
    from terbuka.notifications.tasks import deliver_notification

    entry = EventNotification.objects.create(
        handler=f"{handler.__module__}.{handler.__qualname__}",
        object_id=object_id,
        claimed_at=timezone.now(),
    )
    _enqueue_with(deliver_notification, EventNotification, entry.pk)
    return entry


def notification_deliver(*, entry_id: int) -> bool:
    """Call the handler of an owed notification and mark it delivered; return whether it did.

    The handler's e-mails, their tasks and `delivered_at` are written in one transaction after
    the handler returns (reads and rendering stay outside the write lock): all or nothing, so a
    failure leaves the whole event to the sweep. A failing handler is logged and left for the
    sweep: the event itself is committed, so the caller (a web request) must not fail.
    """
    entry = EventNotification.objects.filter(pk=entry_id, delivered_at__isnull=True).first()
    if entry is None:
        return False
    try:
        handler = import_string(entry.handler)
        with _composing() as emails:
            handler(entry.object_id)
        with transaction.atomic():
            for email in emails:
                _email_log(email)
            EventNotification.objects.filter(pk=entry_id, delivered_at__isnull=True).update(
                delivered_at=timezone.now()
            )
    except Exception as exc:
        logger.exception("Notification %s(%s) failed", entry.handler, entry.object_id)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        EventNotification.objects.filter(pk=entry_id).update(
            last_error=error, attempts=F("attempts") + 1
        )
        return False
    return True


def notifications_redeliver(*, now: datetime) -> int:
    """Deliver owed notifications older than one sweep interval; return how many were delivered.

    Each is claimed first by a compare-and-set on `claimed_at`, so of two concurrent sweeps only
    one calls its handler; the e-mails' dedupe keys guard the rest.
    """
    from terbuka.notifications.tasks import deliver_notification

    cutoff = now - jobs.sweep_interval()
    owed = EventNotification.objects.filter(
        delivered_at__isnull=True, claimed_at__lt=cutoff, attempts__lt=MAX_NOTIFY_ATTEMPTS
    )
    candidates = list(owed.order_by("claimed_at").values_list("pk", "claimed_at")[:500])
    if not candidates:
        return 0
    # After a burst the worker's queue can be older than the interval: entries whose delivery
    # task still waits or runs are left to it, not composed twice.
    queued = (
        _ids_with_a_live_task(deliver_notification, "entry_id")
        if jobs.database_backend_in_use()
        else set()
    )
    delivered = 0
    for entry_id, claimed_at in candidates:
        if entry_id in queued:
            continue
        taken = EventNotification.objects.filter(
            pk=entry_id, delivered_at__isnull=True, claimed_at=claimed_at
        ).update(claimed_at=now)
        if taken and notification_deliver(entry_id=entry_id):
            delivered += 1
    return delivered


def _ids_with_a_live_task(task: Any, argument: str) -> set[int]:
    """The first argument (or `argument` by name) of every READY or RUNNING run of `task`."""
    from django_tasks_db.compat import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    live = DBTaskResult.objects.filter(
        task_path=task.module_path,
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    )
    ids: set[int] = set()
    for args_kwargs in live.values_list("args_kwargs", flat=True):
        args = args_kwargs.get("args") or []
        value = args[0] if args else args_kwargs.get("kwargs", {}).get(argument)
        if isinstance(value, int):
            ids.add(value)
    return ids


def emails_requeue(*, now: datetime) -> int:
    """Enqueue `send_email` again for queued e-mails that no task will send; return how many.

    Such a row was logged but its task never reached the queue (the process died between the
    commit and the enqueue) or was lost. Rows younger than one sweep interval, or claimed by a
    task within the task lease, are left to their task.
    """
    from terbuka.notifications.tasks import send_email as send_email_task

    cutoff = now - jobs.sweep_interval()
    stale = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.QUEUED, created_at__lt=cutoff
    ).filter(Q(claimed_by="") | Q(claimed_at__lt=now - jobs.lease()))
    candidates = list(stale.order_by("created_at").values_list("pk", flat=True)[:1000])
    if not candidates:
        return 0
    with_task = (
        _ids_with_a_live_task(send_email_task, "email_id")
        if jobs.database_backend_in_use()
        else set()
    )
    lost = [pk for pk in candidates if pk not in with_task]
    for email_id in lost:
        send_email_task.enqueue(email_id)
    return len(lost)


def sweep(now: datetime) -> int:
    """The notifications' recovery sweep: owed event notifications, then orphaned e-mails."""
    return notifications_redeliver(now=now) + emails_requeue(now=now)


# Delivered outbox rows are kept this long (the admin shows them), then deleted.
OUTBOX_KEPT = timedelta(days=30)


def daily_run(today: date) -> dict[str, int]:
    """The daily job: delete outbox rows delivered more than OUTBOX_KEPT ago."""
    cutoff = timezone.now() - OUTBOX_KEPT
    deleted, _ = EventNotification.objects.filter(delivered_at__lt=cutoff).delete()
    return {"outbox_pruned": deleted} if deleted else {}


# --- Requesters' preferences ----------------------------------------------------------------


def notification_preference_get(user: Any) -> NotificationPreference:
    """Return the user's preference, unsaved with the defaults when they never chose."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


@transaction.atomic
def notification_preference_set(
    *, user: Any, email_level: str, actor: Any
) -> NotificationPreference:
    """Choose which e-mails about the user's own cases are sent (statutory ones always are)."""
    from terbuka.accounts.models import AccountEvent
    from terbuka.core.exceptions import PermissionDenied, ValidationError

    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(gettext("Anda hanya dapat mengubah pengaturan akun Anda sendiri."))
    if email_level not in NotificationPreference.EmailLevel.values:
        message = gettext("Pilihan pemberitahuan tidak dikenal.")
        raise ValidationError(message, fields={"email_level": [message]})
    preference, _created = NotificationPreference.objects.select_for_update().get_or_create(
        user=user
    )
    before = preference.email_level if not _created else NotificationPreference.EmailLevel.ALL
    if preference.email_level != email_level or _created:
        preference.email_level = email_level
        preference.full_clean()
        preference.save()
    if before != email_level:
        AccountEvent.objects.create(
            kind=AccountEvent.Kind.NOTIFICATIONS_CHANGED,
            actor=actor,
            user=user,
            data={"email_level": email_level, "previous": before},
        )
    return preference
