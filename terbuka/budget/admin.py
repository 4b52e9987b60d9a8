"""Admin for budgets: read-only.

Imports and their lines change only through `services.budget_import` (all or nothing, one
active import per unit, year and kind) and documents through `documents.py`, so the admin only
shows them with their history.
"""

from __future__ import annotations

from django.contrib import admin

from terbuka.budget.models import BudgetDocument, BudgetEvent, BudgetImport, BudgetLine
from terbuka.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline


class BudgetEventInline(ReadOnlyTabularInline):
    model = BudgetEvent
    fk_name = "budget_import"
    fields = ("occurred_at", "kind", "actor", "note", "data")
    readonly_fields = fields


class DocumentEventInline(BudgetEventInline):
    fk_name = "budget_document"


@admin.register(BudgetDocument)
class BudgetDocumentAdmin(ReadOnlyAdmin):
    """Documents change through `documents.py` (the DIP's safety gate) only."""

    list_display = ("title", "body", "unit", "year", "kind", "bpk_opinion", "updated_at")
    list_filter = ("kind", "year", "body")
    list_select_related = ("body", "unit")
    search_fields = ("title", "unit__name")
    inlines = (DocumentEventInline,)


@admin.register(BudgetImport)
class BudgetImportAdmin(ReadOnlyAdmin):
    list_display = (
        "__str__",
        "body",
        "unit",
        "year",
        "kind",
        "status",
        "lines_count",
        "total_allocation",
        "created_at",
    )
    list_filter = ("status", "kind", "year", "body")
    list_select_related = ("body", "unit")
    search_fields = ("original_name", "unit__name")
    inlines = (BudgetEventInline,)


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ("code", "description", "depth", "allocation", "realisation", "budget_import")
    list_select_related = ("budget_import",)
    search_fields = ("=code", "description")
    # Imports hold tens of thousands of lines: no full count on every page.
    show_full_result_count = False
    ordering = ("budget_import", "sort_key")
