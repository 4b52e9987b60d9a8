"""Admin for accounts: e-mail based users; identities, access logs and tokens read-mostly.

Identity values are never shown in clear here: the admin has no access log of its own, so
only masked values appear, and writes go through the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terbuka.accounts import services
from terbuka.accounts.models import (
    AccountEvent,
    ApiToken,
    IdentityAccessLog,
    RequesterIdentity,
    User,
)
from terbuka.accounts.nik import parse_nik
from terbuka.accounts.selectors import nik_hash_of
from terbuka.core.admin import ReadOnlyAdmin


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserEditForm(UserChangeForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "full_name", "is_active", "is_staff", "date_joined", "last_login")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Data diri"), {"fields": ("full_name",)}),
        (
            _("Hak akses"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Waktu"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "full_name", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(RequesterIdentity)
class RequesterIdentityAdmin(ReadOnlyAdmin):
    list_display = (
        "full_name",
        "kind",
        "masked_nik",
        "masked_phone",
        "owner",
        "has_ktp_scan",
        "created_at",
    )
    list_filter = ("kind",)
    list_select_related = ("owner",)
    search_fields = ("full_name", "email", "owner__email")
    search_help_text = _("Cari nama atau e-mail; NIK lengkap (16 angka) dicari lewat hash-nya.")
    fields = (
        "owner",
        "kind",
        "full_name",
        "masked_nik",
        "masked_legal_entity_number",
        "masked_address",
        "masked_phone",
        "email",
        "occupation",
        "has_ktp_scan",
        "ktp_scan_content_type",
        "ktp_scan_size",
        "ktp_scan_uploaded_at",
        "created_by",
        "created_at",
        "updated_at",
    )
    readonly_fields = fields

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj: RequesterIdentity) -> str:
        return obj.masked_nik

    @admin.display(description=_("nomor SK badan hukum"))
    def masked_legal_entity_number(self, obj: RequesterIdentity) -> str:
        return obj.masked_legal_entity_number

    @admin.display(description=_("alamat"))
    def masked_address(self, obj: RequesterIdentity) -> str:
        return obj.masked_address

    @admin.display(description=_("telepon"))
    def masked_phone(self, obj: RequesterIdentity) -> str:
        return obj.masked_phone

    @admin.display(description=_("pindaian"), boolean=True)
    def has_ktp_scan(self, obj: RequesterIdentity) -> bool:
        return obj.has_ktp_scan

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            parse_nik(search_term)
        except ValidationError:
            return queryset, may_have_duplicates
        by_nik = self.model.objects.filter(nik_hash=nik_hash_of(search_term))
        return queryset | by_nik, may_have_duplicates


@admin.register(IdentityAccessLog)
class IdentityAccessLogAdmin(ReadOnlyAdmin):
    list_display = ("viewed_at", "identity", "field", "viewer", "reason", "ip")
    list_filter = ("field",)
    list_select_related = ("identity", "viewer")
    search_fields = ("viewer__email", "identity__full_name", "reason")
    date_hierarchy = "viewed_at"


class _TokenAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ApiToken
        fields = ("name",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    form = _TokenAdminForm
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    list_select_related = ("user",)
    search_fields = ("user__email", "name", "prefix")
    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    actions = ("revoke_tokens",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token is only ever shown to its owner, at creation

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the row stays as the audit trail of the token

    @admin.action(description=_("Cabut token terpilih"))
    def revoke_tokens(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = 0
        for token in queryset.filter(revoked_at__isnull=True):
            services.api_token_revoke(token=token, actor=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d token dicabut.", "%(count)d token dicabut.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(AccountEvent)
class AccountEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "kind", "user", "actor", "identity", "token")
    list_filter = ("kind",)
    list_select_related = ("user", "actor", "identity", "token")
    search_fields = ("user__email", "actor__email")
    date_hierarchy = "occurred_at"
