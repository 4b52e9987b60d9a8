from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """An admin that never adds, changes or deletes rows: services are the only writers.

    Custom actions on subclasses call services.
    """

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnlyInlineMixin:
    """Inline rows shown for reading: nothing added, changed or deleted from the parent's page."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyTabularInline(_ReadOnlyInlineMixin, admin.TabularInline):  # type: ignore[type-arg]
    """A read-only inline in rows."""


class ReadOnlyStackedInline(_ReadOnlyInlineMixin, admin.StackedInline):  # type: ignore[type-arg]
    """A read-only inline in blocks (for one related row with long texts)."""
