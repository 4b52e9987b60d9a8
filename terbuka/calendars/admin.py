"""Read-mostly admin: the back office (/kalender/kelola/) is where holidays are edited, so that
every change goes through a service and leaves a HolidayEvent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terbuka.calendars import services
from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.core.exceptions import DomainError


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin[Holiday]):
    list_display = ("date", "name", "kind", "region_code", "source", "is_cancelled", "is_edited")
    list_filter = ("kind", "source", "is_cancelled", "is_edited")
    search_fields = ("name", "region_code", "note")
    date_hierarchy = "date"
    ordering = ("-date",)
    readonly_fields = (
        "date",
        "name",
        "kind",
        "region_code",
        "source",
        "is_cancelled",
        "note",
        "seed_key",
        "is_edited",
        "updated_by",
        "created_at",
        "updated_at",
    )
    actions = ("cancel_selected", "restore_selected")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _run(self, request: HttpRequest, queryset: QuerySet[Holiday], action: Any) -> None:
        done = 0
        for holiday in queryset:
            try:
                action(holiday=holiday, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{holiday}: {exc.message}", messages.WARNING)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(count)d hari libur diproses.", "%(count)d hari libur diproses.", done)
            % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Batalkan hari libur terpilih (tetap hari kerja)"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        self._run(request, queryset, services.holiday_cancel)

    @admin.action(description=_("Pulihkan hari libur terpilih"))
    def restore_selected(self, request: HttpRequest, queryset: QuerySet[Holiday]) -> None:
        self._run(request, queryset, services.holiday_restore)


@admin.register(HolidayEvent)
class HolidayEventAdmin(admin.ModelAdmin[HolidayEvent]):
    list_display = ("occurred_at", "kind", "date", "holiday", "actor")
    list_filter = ("kind",)
    date_hierarchy = "occurred_at"
    list_select_related = ("holiday", "actor")
    readonly_fields = ("holiday", "kind", "date", "data", "actor", "occurred_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
