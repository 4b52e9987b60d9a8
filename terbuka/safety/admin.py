"""Admin for scans: read-only. Findings change only through the services (supersede, override);
the admin shows masked samples only, as the scan never stores personal data itself."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from terbuka.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from terbuka.safety.models import Finding, FindingStatus, Scan, Severity


class FindingInline(ReadOnlyTabularInline):
    model = Finding
    fields = (
        "kind",
        "severity",
        "status",
        "detail",
        "location",
        "count",
        "masked_sample",
        "resolved_at",
        "resolved_by",
        "resolution_reason",
    )
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("resolved_by")


@admin.register(Scan)
class ScanAdmin(ReadOnlyAdmin):
    list_display = (
        "filename",
        "file_type",
        "size",
        "open_blocking",
        "scanner_version",
        "duration_ms",
        "created_at",
        "created_by",
    )
    list_filter = ("file_type", "scanner_version")
    search_fields = ("filename", "sha256")
    date_hierarchy = "created_at"
    list_select_related = ("created_by",)
    fields = (
        "filename",
        "file_type",
        "content_type",
        "size",
        "sha256",
        "scanner_version",
        "duration_ms",
        "created_at",
        "created_by",
        "superseded_by",
    )
    readonly_fields = fields
    inlines = [FindingInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)
        annotated: QuerySet[Any] = queryset.annotate(
            open_blocking_count=Count(
                "findings",
                filter=Q(findings__status=FindingStatus.OPEN, findings__severity=Severity.BLOCKING),
            )
        )
        return annotated

    @admin.display(description=_("temuan menghalangi"), ordering="open_blocking_count")
    def open_blocking(self, obj: Any) -> int:
        return int(getattr(obj, "open_blocking_count", 0))
