"""The requester area: the dashboard, notification settings and deleting identity data.

Pages of the signed-in user about their own account only: nothing here takes another person's
id except an identity, looked up among the user's own (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.accounts import retention, services
from terbuka.accounts.dashboard import LIMIT, requester_dashboard
from terbuka.accounts.forms import AccountDeleteForm, DocumentDeleteForm, NotificationPreferenceForm
from terbuka.accounts.models import RequesterIdentity
from terbuka.accounts.selectors import identity_list_for_owner
from terbuka.accounts.views import HtmxHttpRequest
from terbuka.core.exceptions import Conflict, DomainError, NotFound
from terbuka.core.web import apply_errors, no_store, see_other
from terbuka.notifications import preferences
from terbuka.notifications import services as notification_services
from terbuka.notifications.models import NotificationPreference


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest) -> HttpResponse:
    """The citizen's requests, objections and disputes with clocks, next steps and documents."""
    today = timezone.localdate()
    context = {"board": requester_dashboard(request.user, today=today), "limit": LIMIT}
    return no_store(render(request, "accounts/dashboard.html", context))


def _statutory_notices() -> list[tuple[str, str]]:
    labels = {
        "request_received": _("Tanda terima dan nomor pendaftaran permohonan"),
        "completion_asked": _("Permintaan melengkapi permohonan"),
        "extended": _("Perpanjangan jangka waktu dengan alasannya"),
        "notice_issued": _("Pemberitahuan tertulis"),
        "forwarded": _("Permohonan diteruskan ke badan publik lain"),
        "objections/received": _("Tanda terima keberatan"),
        "objections/answered": _("Tanggapan tertulis Atasan PPID"),
    }
    return [(labels[name], law) for name, law in preferences.STATUTORY.items()]


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HtmxHttpRequest) -> HttpResponse:
    """Choose which e-mails about the user's own cases are sent; statutory ones always go."""
    current = notification_services.notification_preference_get(request.user)
    choices = NotificationPreference.EmailLevel.choices
    form = NotificationPreferenceForm(
        request.POST if request.method == "POST" else None,
        choices=choices,
        initial={"email_level": current.email_level},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notification_services.notification_preference_set(
                user=request.user,
                email_level=form.cleaned_data["email_level"],
                actor=request.user,
            )
        except DomainError as exc:
            apply_errors([form], exc, form)
        else:
            messages.success(request, _("Pengaturan pemberitahuan disimpan."))
            return see_other(reverse("accounts:notifications"))
    context = {"form": form, "statutory": _statutory_notices()}
    status = 422 if form.errors else 200
    return no_store(render(request, "accounts/notifications.html", context, status=status))


def _own_identity(request: HtmxHttpRequest, pk: int) -> RequesterIdentity:
    return get_object_or_404(identity_list_for_owner(request.user), pk=pk)


def _identity_delete_page(
    request: HtmxHttpRequest, identity: RequesterIdentity, *, error: str = "", status: int = 200
) -> HttpResponse:
    use = retention.identity_use(identity)
    documents = [
        (document, label)
        for document, label in DocumentDeleteForm.base_fields["document"].choices  # type: ignore[attr-defined]
        if getattr(identity, f"{document}_name")
    ]
    context = {
        "identity": identity,
        "use": use,
        "documents": documents,
        "error": error,
        "retention_years": retention.retention_years(),
    }
    return no_store(render(request, "accounts/identity_delete.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def identity_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Delete an unused identity, or explain why and until when it is kept."""
    identity = _own_identity(request, pk)
    if request.method == "POST":
        try:
            services.identity_delete(identity=identity, actor=request.user)
        except Conflict as exc:
            return _identity_delete_page(request, identity, error=exc.message, status=409)
        messages.success(request, _("Identitas %(name)s dihapus.") % {"name": identity.full_name})
        return see_other(reverse("accounts:profile"))
    return _identity_delete_page(request, identity)


@login_required
@require_POST
def identity_document_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Delete the KTP scan or the power of attorney once no case needs it."""
    identity = _own_identity(request, pk)
    form = DocumentDeleteForm(request.POST)
    if not form.is_valid():
        return _identity_delete_page(
            request, identity, error=_("Pilih berkas yang akan dihapus."), status=422
        )
    try:
        services.identity_document_delete(
            identity=identity, actor=request.user, document=form.cleaned_data["document"]
        )
    except Conflict as exc:
        return _identity_delete_page(request, identity, error=exc.message, status=409)
    except NotFound as exc:
        return _identity_delete_page(request, identity, error=exc.message, status=404)
    messages.success(request, _("Berkas identitas dihapus."))
    return see_other(reverse("accounts:identity-delete", kwargs={"pk": identity.pk}))


def _account_context(request: HtmxHttpRequest, form: AccountDeleteForm) -> dict[str, Any]:
    identities = list(identity_list_for_owner(request.user))
    uses = retention.identity_uses(identities)
    return {
        "form": form,
        "rows": [(identity, uses[identity.pk]) for identity in identities],
        "in_play": sorted({n for use in uses.values() for n in use.in_play}),
        "retention_years": retention.retention_years(),
    }


@login_required
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def account_delete(request: HtmxHttpRequest) -> HttpResponse:
    """Close the account: what is erased, what the law keeps and until when."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                services.account_deactivate(user=request.user, actor=request.user)
            except Conflict as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                logout(request)
                messages.success(request, _("Akun Anda telah dihapus."))
                return see_other(reverse("portal:home"))
    context = _account_context(request, form)
    return no_store(render(request, "accounts/account_delete.html", context, status=status))
