"""Profile page, requester identities, KTP scans and API tokens of the signed-in user."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from terbuka.accounts import services
from terbuka.accounts.forms import (
    IdentityForm,
    KtpAccessForm,
    LanguageForm,
    RevealForm,
    TokenCreateForm,
)
from terbuka.accounts.models import IdentityAccessLog, RequesterIdentity, User
from terbuka.accounts.permissions import identity_get_for_user, is_identity_owner
from terbuka.accounts.selectors import api_token_list_for_user, identity_list_for_owner
from terbuka.core.exceptions import DomainError, NotFound, ValidationError

_SECRET_POST = ("nik", "legal_entity_number", "address", "phone", "proxy_nik", "reason")
_FILE_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails
    user: User


def client_ip(request: HttpRequest) -> str | None:
    """Return the client address the way allauth's rate limits see it (None if unknown)."""
    try:
        return str(get_account_adapter(request).get_client_ip(request))
    except DjangoPermissionDenied:
        return None


def _no_store(response: HttpResponse) -> HttpResponse:
    # ASVS 14.3.2: pages and files with personal data or secrets are never cached.
    response["Cache-Control"] = "no-store"
    return response


def _identity_or_404(user: Any, pk: int) -> RequesterIdentity:
    try:
        return identity_get_for_user(user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _apply_errors(form: Any, exc: DomainError, *, file_field: str | None = None) -> None:
    fields = exc.details.get("fields") or {}
    for name, errors in fields.items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not fields:
        is_file_error = exc.code in ("file_too_large", "file_type")
        form.add_error(file_field if (file_field and is_file_error) else None, exc.message)


def _token_context(request: HtmxHttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "tokens": api_token_list_for_user(request.user),
        "token_form": extra.pop("token_form", None) or TokenCreateForm(),
        **extra,
    }


def _profile_context(request: HtmxHttpRequest, **extra: Any) -> dict[str, Any]:
    user = request.user
    mfa_types = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    language_form = extra.pop("language_form", None) or LanguageForm(
        initial={"language": user.language}
    )
    return {
        "language_form": language_form,
        "identities": identity_list_for_owner(user),
        "email_verified": EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists(),
        "totp_active": Authenticator.Type.TOTP in mfa_types,
        "recovery_codes_active": Authenticator.Type.RECOVERY_CODES in mfa_types,
        **_token_context(request, **extra),
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HtmxHttpRequest) -> HttpResponse:
    """Show the profile; a POST saves the language of the user's e-mails."""
    user = request.user
    language_form = LanguageForm(request.POST or None, initial={"language": user.language})
    if request.method == "POST" and language_form.is_valid():
        try:
            services.user_set_language(
                user=user, language=language_form.cleaned_data["language"], actor=user
            )
        except DomainError as exc:
            _apply_errors(language_form, exc)
        else:
            messages.success(request, _("Bahasa e-mail disimpan."))
            response = redirect("accounts:profile")
            response.status_code = 303
            return response
    context = _profile_context(request, language_form=language_form)
    return render(request, "accounts/profile.html", context)


def _tokens_response(request: HtmxHttpRequest, **extra: Any) -> HttpResponse:
    if request.htmx:
        return _no_store(
            render(request, "accounts/partials/_tokens.html", _token_context(request, **extra))
        )
    return _no_store(render(request, "accounts/profile.html", _profile_context(request, **extra)))


@login_required
@require_POST
def token_create(request: HtmxHttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST)
    new_token = None
    if form.is_valid():
        try:
            _token, new_token = services.api_token_create(
                user=request.user, actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.message)
        else:
            form = TokenCreateForm()
    # The token is shown in this response only: it is stored hashed and cannot be shown again.
    return _tokens_response(request, token_form=form, new_token=new_token)


@login_required
@require_POST
def token_revoke(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(api_token_list_for_user(request.user), pk=pk)
    services.api_token_revoke(token=token, actor=request.user)
    message = _("Token %(name)s dicabut.") % {"name": token.name}
    if request.htmx:
        return _tokens_response(request, revoked_message=message)
    messages.success(request, message)
    return redirect("accounts:profile")


def _identity_values(form: IdentityForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("ktp_scan", None)
    data.pop("power_of_attorney", None)
    data.pop("clear_phone", None)
    return data


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def identity_create(request: HtmxHttpRequest) -> HttpResponse:
    form = IdentityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_create(
                actor=request.user,
                owner=request.user,
                ktp_scan=form.cleaned_data.get("ktp_scan"),
                power_of_attorney=form.cleaned_data.get("power_of_attorney"),
                **_identity_values(form),
            )
        except ValidationError as exc:
            _apply_errors(form, exc, file_field="ktp_scan")
        else:
            messages.success(request, _("Identitas pemohon disimpan."))
            return redirect("accounts:profile")
    return _no_store(render(request, "accounts/identity_form.html", {"form": form}))


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def identity_update(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    identity = get_object_or_404(identity_list_for_owner(request.user), pk=pk)
    form = IdentityForm(request.POST or None, request.FILES or None, instance=identity)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_update(
                identity=identity,
                actor=request.user,
                erase=("phone",) if form.cleaned_data.get("clear_phone") else (),
                ktp_scan=form.cleaned_data.get("ktp_scan"),
                power_of_attorney=form.cleaned_data.get("power_of_attorney"),
                **_identity_values(form),
            )
        except ValidationError as exc:
            _apply_errors(form, exc, file_field="ktp_scan")
        else:
            messages.success(request, _("Identitas pemohon diperbarui."))
            return redirect("accounts:profile")
    context = {"form": form, "identity": identity}
    return _no_store(render(request, "accounts/identity_form.html", context))


def _file_response(identity: RequesterIdentity, data: bytes, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    extension = _FILE_EXTENSIONS.get(content_type, "bin")
    # ASVS 5.4.1: always a download, never rendered inline; the name carries no personal data.
    response["Content-Disposition"] = f'attachment; filename="identitas-{identity.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


def _document(request: HtmxHttpRequest, pk: int, document: str) -> HttpResponse:
    """Serve a decrypted document: to its owner directly, to an officer after giving a reason."""
    identity = _identity_or_404(request.user, pk)
    if not getattr(identity, f"{document}_name"):
        raise Http404(_("Berkas belum diunggah."))
    owner = is_identity_owner(request.user, identity)
    form = KtpAccessForm(request.POST or None)
    if owner or (request.method == "POST" and form.is_valid()):
        reason = "" if owner else form.cleaned_data["reason"]
        try:
            data, content_type = services.identity_document_read(
                identity=identity,
                viewer=request.user,
                reason=reason,
                document=document,
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            return _file_response(identity, data, content_type)
    context = {"identity": identity, "form": form, "document": document}
    return _no_store(render(request, "accounts/identity_ktp.html", context))


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def identity_ktp(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The KTP (or deed) scan."""
    return _document(request, pk, "ktp_scan")


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def identity_power_of_attorney(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The proxy's power of attorney (surat kuasa)."""
    return _document(request, pk, "power_of_attorney")


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def identity_reveal(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Show one clear identity value to an authorised viewer who gives a reason (logged)."""
    identity = _identity_or_404(request.user, pk)
    form = RevealForm(request.POST or None)
    value = None
    if request.method == "POST" and form.is_valid():
        try:
            value = services.identity_reveal(
                identity=identity,
                field=form.cleaned_data["field"],
                viewer=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
    context = {
        "identity": identity,
        "form": form,
        "value": value,
        "field_label": IdentityAccessLog.Field(form.cleaned_data["field"]).label
        if value is not None
        else "",
    }
    template = "accounts/partials/_reveal.html" if request.htmx else "accounts/identity_reveal.html"
    return _no_store(render(request, template, context))
