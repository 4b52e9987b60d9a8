"""Compose, log and send e-mail (style.md section 5).

`email_send` renders `templates/notifications/<template>.{subject.txt,txt,html}` in the
recipient's language, logs an `OutboundEmail` row and enqueues the `send_email` task on commit.
`email_deliver` (run by the task) sends it; on a transient SMTP error it re-enqueues the task with
`run_after` and a growing delay, as Zulip's `zerver/worker/email_senders.py` does, because
`django.tasks` has no automatic retry.
"""

from __future__ import annotations

import re
import smtplib
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from terbuka.notifications.models import OutboundEmail

MAX_ATTEMPTS = 5
# Delay before retry n (1-based): 1, 2, 4, 8 minutes.
RETRY_BASE_DELAY = timedelta(minutes=1)
# Errors worth another try: the server or the network may be back later.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, OSError)
DEFAULT_LANGUAGE = "id"


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


def email_send(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    language: str = DEFAULT_LANGUAGE,
) -> OutboundEmail:
    """Log an e-mail and enqueue its sending on commit; a known `dedupe_key` sends nothing.

    Callers must never put a NIK, an address or a phone number in `context`.
    """
    from terbuka.notifications.tasks import send_email as send_email_task

    existing = OutboundEmail.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
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
    email.full_clean(exclude=["dedupe_key"])
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        # A concurrent caller logged the same notice first: it sends it.
        return OutboundEmail.objects.get(dedupe_key=dedupe_key)
    email_id = email.pk
    transaction.on_commit(lambda: send_email_task.enqueue(email_id))
    return email


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


def email_deliver(*, email_id: int) -> str:
    """Send a queued e-mail once; count the attempt; retry transient errors up to MAX_ATTEMPTS.

    Returns the row's status afterwards. A row already sent or failed is left alone, so a
    duplicate task never sends twice.
    """
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutboundEmail.Status.QUEUED:
            return email.status if email is not None else "missing"
        email.attempts += 1
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
        )
        if email.body_html:
            message.attach_alternative(email.body_html, "text/html")
        try:
            message.send(fail_silently=False)
        except TRANSIENT_ERRORS as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutboundEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status"])
            retry = email.status == OutboundEmail.Status.QUEUED
        else:
            email.status = OutboundEmail.Status.SENT
            email.sent_at = timezone.now()
            email.save(update_fields=["attempts", "status", "sent_at"])
            retry = False
        if retry:
            transaction.on_commit(lambda: _schedule_retry(email))
    return email.status
