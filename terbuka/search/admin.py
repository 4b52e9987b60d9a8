from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from terbuka.search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin[SearchEntry]):
    """Read-only: rows are written by the services of the apps that publish."""

    list_display = ("title", "kind", "object_id", "body", "unit", "published_at")
    list_filter = ("kind", "info_class")
    list_select_related = ("body", "unit")
    search_fields = ("=object_id",)
    ordering = ("-id",)
    show_full_result_count = False
    exclude = ("title_stems", "text_stems", "facets")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
