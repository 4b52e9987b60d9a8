"""Read-mostly Django admin: writes go through services (the back office at /kantor/ is the UI)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from terbuka.bodies import services
from terbuka.bodies.models import BodyEvent, Membership, PublicBody, Unit
from terbuka.core.admin import ReadOnlyAdmin as BaseReadOnlyAdmin
from terbuka.core.exceptions import DomainError

_HTTPS_URLS: Any = {models.URLField: {"assume_scheme": "https"}}


@admin.register(PublicBody)
class PublicBodyAdmin(admin.ModelAdmin[PublicBody]):
    formfield_overrides = _HTTPS_URLS
    list_display = ("name", "slug", "kind", "region_code", "keeps_national_calendar")
    list_filter = ("kind", "keeps_national_calendar")
    search_fields = ("name", "slug", "region_code")

    def get_readonly_fields(self, request: HttpRequest, obj: PublicBody | None = None) -> Any:
        return ("slug", "created_at", "updated_at") if obj else ("created_at", "updated_at")

    def has_delete_permission(self, request: HttpRequest, obj: PublicBody | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: PublicBody, form: Any, change: bool) -> None:
        fields = {name: getattr(obj, name) for name in services.BODY_EDITABLE_FIELDS}
        if change:
            services.body_update(body=obj, actor=request.user, **fields)
        else:
            fields.pop("name")
            fields.pop("kind")
            created = services.body_create(
                actor=request.user, name=obj.name, slug=obj.slug, kind=obj.kind, **fields
            )
            obj.pk = created.pk
        if "keeps_national_calendar" in form.changed_data:
            services.body_set_calendar_keeper(
                body=obj, keeps=obj.keeps_national_calendar, actor=request.user
            )


class ReadOnlyAdmin(BaseReadOnlyAdmin):
    formfield_overrides = _HTTPS_URLS


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "body", "kind", "code", "parent", "depth", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "slug", "code")
    list_select_related = ("body", "parent")
    raw_id_fields = ("body", "parent")
    # Counting 100,000 rows on every page is wasted work.
    show_full_result_count = False
    actions = ("deactivate",)

    @admin.action(description=_("Nonaktifkan unit terpilih"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Unit]) -> None:
        for unit in queryset.select_related("body"):
            try:
                services.unit_deactivate(unit=unit, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{unit}: {exc.message}", messages.ERROR)


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("user", "unit", "role", "is_active", "created_at")
    list_filter = ("role", "is_active")
    search_fields = ("user__email", "unit__name")
    list_select_related = ("user", "unit")
    raw_id_fields = ("user", "unit")
    show_full_result_count = False
    actions = ("revoke",)

    @admin.action(description=_("Cabut peran terpilih"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset.select_related("unit__body"):
            try:
                services.membership_revoke(actor=request.user, membership=membership)
            except DomainError as exc:
                self.message_user(request, f"{membership}: {exc.message}", messages.ERROR)


@admin.register(BodyEvent)
class BodyEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "kind", "body", "unit", "actor")
    list_filter = ("kind",)
    list_select_related = ("body", "unit", "actor")
    date_hierarchy = "occurred_at"
    show_full_result_count = False
