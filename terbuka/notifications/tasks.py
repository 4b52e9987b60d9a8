"""Background work of the notifications app."""

from __future__ import annotations

from django_tasks import task

from terbuka.notifications import services


@task()
def send_email(email_id: int) -> str:
    """Send one logged `OutboundEmail`; on a transient SMTP error it re-enqueues itself.

    Returns the row's status after the attempt.
    """
    return services.email_deliver(email_id=email_id)
