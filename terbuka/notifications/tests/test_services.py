from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone, translation
from django_tasks import task_backends

from terbuka.notifications import services
from terbuka.notifications.models import OutboundEmail
from terbuka.notifications.tasks import send_email

pytestmark = pytest.mark.django_db

CONTEXT = {"name": "Siti", "number": "0001/PPID-X/2026", "body_name": "Kota Uji", "due_on": None}


def _send(key: str = "k1", **overrides: Any) -> OutboundEmail:
    kwargs: dict[str, Any] = {
        "to": "Siti@Example.test",
        "template": "closed",
        "context": CONTEXT,
        "dedupe_key": key,
    }
    kwargs.update(overrides)
    return services.email_send(**kwargs)


def _flaky(monkeypatch: pytest.MonkeyPatch, failures: int) -> list[int]:
    """Make the locmem backend raise an SMTP error `failures` times, then deliver."""
    calls: list[int] = []
    original = EmailBackend.send_messages

    def send_messages(self: EmailBackend, messages: Any) -> int:
        calls.append(1)
        if len(calls) <= failures:
            raise smtplib.SMTPServerDisconnected("connection lost")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return calls


def test_email_send_logs_and_sends_on_commit(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        email = _send()
        assert mailoutbox == []
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.to == "siti@example.test"
    assert email.subject == "[Terbuka] Permohonan 0001/PPID-X/2026 selesai"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["siti@example.test"]
    assert message.subject == email.subject
    assert "Yth. Siti," in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="id">' in html


def test_email_render_in_english_sets_the_language() -> None:
    _subject, _text, html = services.email_render(template="closed", context=CONTEXT, language="en")
    assert '<html lang="en">' in html


def test_email_send_in_english_renders_english_and_restores_the_language(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with translation.override("id"), django_capture_on_commit_callbacks(execute=True):
        email = _send(language="en")
        assert translation.get_language() == "id"
    assert email.language == "en"
    assert email.subject == "[Terbuka] Request 0001/PPID-X/2026 closed"
    [message] = mailoutbox
    assert message.subject == email.subject
    assert "Sign in to the Terbuka portal" in message.body


def test_unknown_language_falls_back_to_indonesian() -> None:
    email = _send(language="xx")
    assert email.language == "id"


def test_same_dedupe_key_sends_once(
    django_capture_on_commit_callbacks: Any, mailoutbox: list[Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _send()
        second = _send()
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_sent_email_is_not_sent_again_by_a_duplicate_task(mailoutbox: list[Any]) -> None:
    email = _send()
    assert send_email.enqueue(email.pk).return_value == "sent"
    assert send_email.enqueue(email.pk).return_value == "sent"
    assert len(mailoutbox) == 1


def test_transient_error_is_retried_until_sent(
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _flaky(monkeypatch, failures=1)
    with django_capture_on_commit_callbacks(execute=True):
        email = _send()
    email.refresh_from_db()
    assert len(calls) == 2
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == "SMTPServerDisconnected: connection lost"
    assert len(mailoutbox) == 1


def test_gives_up_after_max_attempts(
    django_capture_on_commit_callbacks: Any,
    mailoutbox: list[Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _flaky(monkeypatch, failures=99)
    with django_capture_on_commit_callbacks(execute=True):
        email = _send()
    email.refresh_from_db()
    assert len(calls) == services.MAX_ATTEMPTS == 5
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 5
    assert email.sent_at is None
    assert mailoutbox == []


def test_os_error_counts_as_transient(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: EmailBackend, messages: Any) -> int:
        raise ConnectionRefusedError("refused")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    email = _send()
    assert services.email_deliver(email_id=email.pk) == "queued"
    email.refresh_from_db()
    assert email.attempts == 1
    assert email.last_error == "ConnectionRefusedError: refused"


def test_retry_is_deferred_with_backoff_on_a_deferring_backend(
    settings: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _flaky(monkeypatch, failures=1)
    email = _send()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.email_deliver(email_id=email.pk) == "queued"
    backend = task_backends["default"]
    [result] = backend.results  # type: ignore[attr-defined]
    assert result.args == [email.pk]
    run_after = result.task.run_after
    assert before + timedelta(minutes=1) <= run_after <= timezone.now() + timedelta(minutes=1)
    backend.clear()  # type: ignore[attr-defined]


def test_retry_delay_doubles() -> None:
    assert [services.retry_delay(n).total_seconds() for n in range(1, 5)] == [60, 120, 240, 480]
