"""Admin for the DIP: read-only.

Entries, documents and consequence tests change only through the services (the state machines
and the safety gate), so their admin pages only show them with their history.
"""

from __future__ import annotations

from django.contrib import admin

from terbuka.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from terbuka.registry.models import (
    ConsequenceTest,
    Document,
    DocumentVersion,
    InformationEntry,
    RegistryEvent,
)


class EntryEventInline(ReadOnlyTabularInline):
    model = RegistryEvent
    fk_name = "entry"
    fields = ("occurred_at", "kind", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class ConsequenceEventInline(ReadOnlyTabularInline):
    model = RegistryEvent
    fk_name = "test"
    fields = ("occurred_at", "kind", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


class DocumentInline(ReadOnlyTabularInline):
    model = Document
    fields = ("title", "current", "is_active", "created_at")
    readonly_fields = fields


class VersionInline(ReadOnlyTabularInline):
    model = DocumentVersion
    fields = (
        "version",
        "original_name",
        "file_type",
        "size",
        "sha256",
        "scan",
        "metadata_stripped",
        "uploaded_by",
        "uploaded_at",
    )
    readonly_fields = fields


@admin.register(InformationEntry)
class InformationEntryAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "body", "unit", "info_class", "status", "published_at")
    list_filter = ("status", "info_class", "legal_category", "body")
    list_select_related = ("body", "unit")
    search_fields = ("title", "summary")
    inlines = (DocumentInline, EntryEventInline)


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "entry", "current", "is_active")
    list_select_related = ("entry", "current")
    search_fields = ("title",)
    inlines = (VersionInline,)


@admin.register(ConsequenceTest)
class ConsequenceTestAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "body", "unit", "result", "status", "exempt_until", "decision_date")
    list_filter = ("status", "result", "trigger", "body")
    list_select_related = ("body", "unit")
    search_fields = ("information", "decision_number")
    inlines = (ConsequenceEventInline,)
