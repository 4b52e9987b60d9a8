from __future__ import annotations

from django.contrib import admin

from terbuka.core.admin import ReadOnlyAdmin
from terbuka.notifications.models import EventNotification, OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "to", "template", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "template", "language")
    search_fields = ("to", "dedupe_key", "subject")
    date_hierarchy = "created_at"


@admin.register(EventNotification)
class EventNotificationAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "handler", "object_id", "delivered_at", "attempts")
    list_filter = ("handler",)
    search_fields = ("handler", "last_error")
    date_hierarchy = "created_at"
