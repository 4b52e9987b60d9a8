"""The log of every e-mail the platform sends (one row per message and recipient)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """An e-mail composed by `services.email_send` and sent by the `send_email` task.

    `dedupe_key` is unique: a retried task or a second enqueue of the same notice finds the
    row and never sends twice. A task claims the row (`claimed_by`, `claimed_at`) before it talks
    to SMTP, so two tasks for one row never send at once. Bodies never carry a NIK, an address
    or a phone number.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Dalam antrean")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    to = models.EmailField(_("penerima"))
    template = models.CharField(_("templat"), max_length=100)
    language = models.CharField(_("bahasa"), max_length=10, default="id")
    subject = models.CharField(_("subjek"), max_length=255)
    body_text = models.TextField(_("isi (teks)"))
    body_html = models.TextField(_("isi (HTML)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    dedupe_key = models.CharField(_("kunci deduplikasi"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("waktu terkirim"), null=True, blank=True)
    # The task sending it now (its result id), or empty; a claim older than the task lease is
    # void (its worker died).
    claimed_by = models.CharField(_("diklaim oleh"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("waktu klaim"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail keluar")
        verbose_name_plural = _("e-mail keluar")
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "failed"]),
                name="outboundemail_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} -> {self.to} ({self.status})"


class EventNotification(models.Model):
    """The notifications of one event, owed until `delivered_at` (a transactional outbox).

    The service that writes the event writes this row in the same transaction; on commit the
    handler (a dotted path, called with `object_id`) logs the e-mails at once. If the process
    dies in between, the recovery sweep (terbuka.core.jobs) finds the row still undelivered and
    calls the handler again. Handlers are idempotent: every e-mail has a dedupe key.
    """

    handler = models.CharField(_("penangan"), max_length=200)
    object_id = models.PositiveBigIntegerField(_("ID objek"))
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    # Who delivers it may start at this time; a sweep takes it over once it is a sweep old.
    claimed_at = models.DateTimeField(_("waktu klaim"))
    delivered_at = models.DateTimeField(_("waktu terkirim"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("jumlah percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)

    class Meta:
        verbose_name = _("notifikasi peristiwa")
        verbose_name_plural = _("notifikasi peristiwa")
        ordering = ("-created_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["handler", "object_id"], name="eventnotification_once_per_event"
            )
        ]
        indexes = [
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(delivered_at__isnull=True),
                name="eventnotification_pending",
            )
        ]

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else "pending"
        return f"{self.handler}({self.object_id}) {state}"


class NotificationPreference(models.Model):
    """Which of a requester's e-mails about their own cases an account wants.

    Statutory notices are sent whatever is chosen here (`preferences.STATUTORY`); the levels
    only leave out the other updates. An account without a row gets every e-mail.
    """

    class EmailLevel(models.TextChoices):
        ALL = "all", _("Setiap perubahan status")
        DECISIONS = "decisions", _("Hanya keputusan dan batas waktu")
        STATUTORY = "statutory", _("Hanya pemberitahuan yang diwajibkan undang-undang")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("pengguna"),
    )
    email_level = models.CharField(
        _("e-mail tentang permohonan dan keberatan saya"),
        max_length=20,
        choices=EmailLevel.choices,
        default=EmailLevel.ALL,
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("pengaturan pemberitahuan")
        verbose_name_plural = _("pengaturan pemberitahuan")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email_level__in=["all", "decisions", "statutory"]),
                name="notificationpreference_level_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email_level}"
