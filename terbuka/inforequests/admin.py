"""Admin for information requests: read-mostly.

Requests, their timeline and notices change only through the services (the state machine), so
their pages are read-only; only `RequestSettings`, which is configuration, is editable. No page
shows an identity value: the requester appears by name and kind only (see
`RequesterIdentity.__str__`); masked values live on the identity's own admin page.
"""

from __future__ import annotations

from django.contrib import admin

from terbuka.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from terbuka.inforequests.models import (
    InformationRequest,
    RequestEvent,
    RequestRouting,
    RequestSettings,
    WrittenNotice,
)


class RequestEventInline(ReadOnlyTabularInline):
    model = RequestEvent
    fields = ("occurred_at", "kind", "from_status", "to_status", "actor", "note", "is_internal")
    readonly_fields = fields


class RequestRoutingInline(ReadOnlyTabularInline):
    model = RequestRouting
    fields = ("unit", "routed_by", "routed_at", "note", "is_active", "returned_at")
    readonly_fields = fields


@admin.register(InformationRequest)
class InformationRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "registration_number",
        "body",
        "unit",
        "status",
        "channel",
        "received_at",
        "due_on",
        "is_overdue",
    )
    list_filter = ("status", "channel", "is_overdue", "is_extended", "body")
    list_select_related = ("body", "unit")
    search_fields = ("registration_number", "details")
    date_hierarchy = "received_at"
    fields = (
        "registration_number",
        "body",
        "unit",
        "requester_identity",
        "requester",
        "channel",
        "received_at",
        "status",
        "details",
        "purpose",
        "obtain_method",
        "delivery_method",
        "clock_started_on",
        "notice_due_on",
        "is_extended",
        "extension_reason",
        "extended_due_on",
        "due_on",
        "is_overdue",
        "completion_due_on",
        "completion_request",
        "forwarded_to_name",
        "is_public",
        "recorded_by",
        "fulfilled_at",
        "closed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (RequestRoutingInline, RequestEventInline)


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "request", "kind", "from_status", "to_status", "actor")
    list_filter = ("kind", "is_internal")
    list_select_related = ("request", "actor")
    search_fields = ("request__registration_number",)
    date_hierarchy = "occurred_at"


@admin.register(WrittenNotice)
class WrittenNoticeAdmin(ReadOnlyAdmin):
    list_display = ("request", "decision", "possession", "total_cost", "issued_at", "issued_by")
    list_filter = ("decision", "possession")
    list_select_related = ("request", "issued_by")
    search_fields = ("request__registration_number",)


@admin.register(RequestSettings)
class RequestSettingsAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("body", "number_format", "completion_days", "copy_fee_per_sheet")
    list_select_related = ("body",)
    search_fields = ("body__name",)
    autocomplete_fields = ("body",)
