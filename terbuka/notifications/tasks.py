"""Background work of the notifications app."""

from __future__ import annotations

from django_tasks import TaskContext, task

from terbuka.notifications import services


@task(takes_context=True)
def send_email(context: TaskContext, email_id: int) -> str:
    """Send one logged `OutboundEmail`; on a transient SMTP error it re-enqueues itself.

    The task's result id claims the row, so this task run again after its worker died takes
    the e-mail back. Returns the row's status after the attempt.
    """
    return services.email_deliver(email_id=email_id, token=str(context.task_result.id))


@task()
def deliver_notification(entry_id: int) -> bool:
    """Compose and log the e-mails an event calls for (`services.notification_deliver`).

    Enqueued with the event by `services.notification_schedule`; the recovery sweep delivers
    an entry whose task was lost. Returns whether this run delivered it (False: already done).
    """
    return services.notification_deliver(entry_id=entry_id)
