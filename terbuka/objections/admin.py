"""Admin for objections and disputes: read-only.

Objections, their answers, deliberations, disputes and the timeline change only through the
services (the state machines), so every page here is read-only and nothing can be added or
deleted: filing goes through `services.objection_file`. No page shows an identity value: the
requester appears by name and kind only (see `RequesterIdentity.__str__`); masked values live
on the identity's own admin page.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from terbuka.core.admin import ReadOnlyAdmin, ReadOnlyStackedInline, ReadOnlyTabularInline
from terbuka.objections.models import (
    AtasanResponse,
    Deliberation,
    Dispute,
    DisputeSession,
    Objection,
    ObjectionEvent,
)


class DeliberationInline(ReadOnlyTabularInline):
    model = Deliberation
    fields = ("held_at", "place", "participants", "outcome", "result", "recorded_by")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("recorded_by")


class AtasanResponseInline(ReadOnlyStackedInline):
    model = AtasanResponse
    fields = (
        "decision",
        "reasons",
        "order_details",
        "letter_number",
        "responded_on",
        "is_late",
        "fulfilment_due_on",
        "atasan_name",
        "atasan_position",
        "issued_by",
        "issued_at",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("issued_by")


class ObjectionEventInline(ReadOnlyTabularInline):
    model = ObjectionEvent
    fields = (
        "occurred_at",
        "kind",
        "subject",
        "from_status",
        "to_status",
        "actor",
        "note",
        "is_internal",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("actor")


class DisputeSessionInline(ReadOnlyTabularInline):
    model = DisputeSession
    fields = ("held_on", "kind", "agenda", "note", "recorded_by")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("recorded_by")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = (
        "registration_number",
        "body",
        "request",
        "status",
        "channel",
        "filed_at",
        "response_due_on",
        "is_overdue",
    )
    list_filter = ("status", "body", "registration_year", "channel", "is_overdue")
    list_select_related = ("body", "request")
    search_fields = ("registration_number", "request__registration_number")
    date_hierarchy = "filed_at"
    fields = (
        "registration_number",
        "registration_year",
        "registration_seq",
        "body",
        "request",
        "information_description",
        "requester_identity",
        "requester",
        "channel",
        "filed_at",
        "status",
        "grounds",
        "summary",
        "ground_arose_on",
        "window_due_on",
        "response_due_on",
        "dispute_due_on",
        "clock_inputs",
        "is_overdue",
        "requester_response",
        "requester_response_note",
        "requester_responded_at",
        "recorded_by",
        "closed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    # No select_related in get_queryset: the changelist would then ignore list_select_related.
    inlines = (DeliberationInline, AtasanResponseInline, ObjectionEventInline)


@admin.register(ObjectionEvent)
class ObjectionEventAdmin(ReadOnlyAdmin):
    list_display = (
        "occurred_at",
        "objection",
        "kind",
        "subject",
        "from_status",
        "to_status",
        "actor",
    )
    list_filter = ("kind", "subject", "is_internal")
    list_select_related = ("objection", "actor")
    search_fields = ("objection__registration_number",)
    date_hierarchy = "occurred_at"
    fields = (
        "objection",
        "occurred_at",
        "kind",
        "subject",
        "from_status",
        "to_status",
        "actor",
        "note",
        "is_internal",
        "data",
    )
    readonly_fields = fields


@admin.register(Dispute)
class DisputeAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "objection",
        "commission_name",
        "status",
        "filed_on",
        "is_late",
        "decision",
    )
    list_filter = ("status", "decision", "objection__body", "is_late")
    list_select_related = ("objection",)
    search_fields = ("case_number", "objection__registration_number")
    date_hierarchy = "filed_on"
    fields = (
        "objection",
        "status",
        "commission_name",
        "case_number",
        "filed_on",
        "filing_due_on",
        "is_late",
        "commission_start_due_on",
        "commission_settle_due_on",
        "clock_inputs",
        "decision",
        "decision_number",
        "decided_on",
        "decision_text",
        "compliance_due_on",
        "complied_on",
        "compliance_note",
        "court",
        "court_case_number",
        "court_filed_on",
        "court_filed_by",
        "court_outcome",
        "court_decided_on",
        "close_reason",
        "recorded_by",
        "closed_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields
    inlines = (DisputeSessionInline,)
