from __future__ import annotations

from django.contrib import admin

from terbuka.core.admin import ReadOnlyAdmin
from terbuka.notifications.models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "to", "template", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "template", "language")
    search_fields = ("to", "dedupe_key", "subject")
    date_hierarchy = "created_at"
