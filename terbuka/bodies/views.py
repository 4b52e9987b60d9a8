"""The back office at /kantor/: a body's PPID Utama and admins manage its units and roles."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.middleware import HtmxDetails

from terbuka.bodies import forms, permissions, selectors, services
from terbuka.bodies.models import PublicBody
from terbuka.core.exceptions import DomainError, NotFound

BodyView = Callable[..., HttpResponse]


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


_NEW_ACCOUNT_MESSAGE = gettext_lazy(
    "Akun baru untuk %(email)s dibuat tanpa kata sandi. Minta pemiliknya membuka halaman "
    "masuk, memilih “Lupa kata sandi” untuk membuat kata sandi, lalu mengonfirmasi "
    "alamat e-mailnya saat masuk pertama kali."
)


def _posted(request: HttpRequest) -> Any:
    """The submitted data of a POST (even an empty one), or None for an unbound form."""
    return request.POST if request.method == "POST" else None


def _forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def _manager_view(
    check: Callable[[Any, PublicBody], bool],
) -> Callable[[BodyView], Callable[..., HttpResponse]]:
    """Sign-in required; load the body from the URL; 403 unless `check(user, body)` holds."""

    def decorator(view: BodyView) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, body_slug: str, **kwargs: Any) -> HttpResponse:
            try:
                body = selectors.body_get_by_slug(body_slug)
                if not check(request.user, body):
                    return _forbidden(
                        request,
                        _(
                            "Anda tidak berwenang mengelola badan publik ini. Hanya PPID Utama "
                            "atau admin badan publik ini yang dapat mengelola unit dan "
                            "keanggotaannya."
                        ),
                    )
                return view(request, body, **kwargs)
            except NotFound as exc:
                raise Http404(exc.message) from exc

        return wrapper

    return decorator


manages_units = _manager_view(permissions.can_manage_units)
manages_memberships = _manager_view(permissions.can_manage_memberships)


def _unit_list_url(body: PublicBody) -> str:
    return reverse("bodies:unit-list", kwargs={"body_slug": body.slug})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The officer's roles and units, with links to what they may manage."""
    memberships = selectors.membership_list_for_user(request.user)
    managed = list(selectors.body_list_managed_by(request.user).order_by("name")[:50])
    if not memberships and not managed:
        return _forbidden(
            request,
            _(
                "Halaman ini hanya untuk petugas PPID. Akun Anda belum memiliki peran di unit "
                "mana pun; hubungi PPID Utama badan publik Anda."
            ),
        )
    return render(
        request, "bodies/dashboard.html", {"memberships": memberships, "managed_bodies": managed}
    )


@manages_units
def body_edit(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Edit the body's public profile."""
    initial = {name: getattr(body, name) for name in services.BODY_EDITABLE_FIELDS}
    form = forms.BodyForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Profil badan publik disimpan."))
            return redirect("bodies:dashboard")
    return render(request, "bodies/body_form.html", {"body": body, "form": form})


@manages_units
def unit_list(request: HtmxHttpRequest, body: PublicBody) -> HttpResponse:
    """List the body's units: search by name or code, filter by kind and status, keyset pages."""
    filter_form = forms.UnitFilterForm(request.GET)
    units = selectors.unit_list_for_body(body, **filter_form.filters())
    page = selectors.paginate_keyset(
        units,
        selectors.UNIT_KEYSET,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    counts = selectors.unit_children_counts(page.items)
    context = {
        "body": body,
        "filter_form": filter_form,
        "page": page,
        "rows": [(unit, counts[unit.pk]) for unit in page.items],
        "query": _query_without_cursor(request),
    }
    if request.htmx:
        return render(request, "bodies/partials/_unit_results.html", context)
    return render(request, "bodies/unit_list.html", context)


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    query.pop("before", None)
    return query.urlencode()


@manages_units
def unit_create(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Add a unit to the body's tree."""
    form = forms.UnitCreateForm(
        _posted(request), body=body, initial={"parent": request.GET.get("parent", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, body=body, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Unit %(name)s ditambahkan.") % {"name": unit.name})
            return redirect(_unit_list_url(body))
    return render(request, "bodies/unit_form.html", {"body": body, "form": form, "unit": None})


@manages_units
def unit_edit(request: HttpRequest, body: PublicBody, unit_slug: str) -> HttpResponse:
    """Edit a unit's name, identifiers and public profile (officials, contacts, hours)."""
    unit = selectors.unit_get_for_user(request.user, body=body, slug=unit_slug)
    initial = {name: getattr(unit, name) for name in services.UNIT_EDITABLE_FIELDS}
    form = forms.UnitEditForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_update(unit=unit, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Perubahan unit %(name)s disimpan.") % {"name": unit.name})
            return redirect(_unit_list_url(body))
    return render(request, "bodies/unit_form.html", {"body": body, "form": form, "unit": unit})


@manages_units
def unit_move(request: HttpRequest, body: PublicBody, unit_slug: str) -> HttpResponse:
    """Put a unit and its subtree under another parent."""
    unit = selectors.unit_get_for_user(request.user, body=body, slug=unit_slug)
    initial = {"parent": unit.parent.slug if unit.parent else ""}
    form = forms.UnitMoveForm(_posted(request), body=body, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_move(
                unit=unit, new_parent=form.cleaned_data["parent"], actor=request.user
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Unit %(name)s dipindah.") % {"name": unit.name})
            return redirect(_unit_list_url(body))
    return render(request, "bodies/unit_move.html", {"body": body, "form": form, "unit": unit})


@manages_units
def unit_deactivate(request: HttpRequest, body: PublicBody, unit_slug: str) -> HttpResponse:
    """Confirm and take a unit out of service."""
    unit = selectors.unit_get_for_user(request.user, body=body, slug=unit_slug)
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_deactivate(
                unit=unit, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Unit %(name)s dinonaktifkan.") % {"name": unit.name})
            return redirect(_unit_list_url(body))
    return render(
        request, "bodies/unit_deactivate.html", {"body": body, "form": form, "unit": unit}
    )


@require_POST
@manages_units
def unit_reactivate(request: HttpRequest, body: PublicBody, unit_slug: str) -> HttpResponse:
    """Put a deactivated unit back into service."""
    unit = selectors.unit_get_for_user(request.user, body=body, slug=unit_slug)
    try:
        services.unit_reactivate(unit=unit, actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Unit %(name)s diaktifkan kembali.") % {"name": unit.name})
    return redirect(_unit_list_url(body))


@manages_memberships
def membership_list(request: HtmxHttpRequest, body: PublicBody) -> HttpResponse:
    """List the roles in the body, or in one unit (`?unit=<slug>`)."""
    filter_form = forms.MembershipFilterForm(request.GET)
    filter_form.is_valid()
    unit = None
    if filter_form.cleaned_data.get("unit"):
        unit = selectors.unit_get_for_user(
            request.user, body=body, slug=filter_form.cleaned_data["unit"]
        )
    memberships = selectors.membership_list_for_body(
        body,
        unit=unit,
        role=filter_form.cleaned_data.get("role") or None,
        q=filter_form.cleaned_data.get("q"),
    )
    page = selectors.paginate_keyset(
        memberships,
        selectors.MEMBERSHIP_KEYSET,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    context = {
        "body": body,
        "unit": unit,
        "filter_form": filter_form,
        "page": page,
        "query": _query_without_cursor(request),
    }
    if request.htmx:
        return render(request, "bodies/partials/_membership_results.html", context)
    return render(request, "bodies/membership_list.html", context)


@manages_memberships
def membership_grant(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """Give a role in a unit to a user picked by e-mail (creating the account if needed)."""
    form = forms.MembershipGrantForm(
        _posted(request), body=body, initial={"unit": request.GET.get("unit", "")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership, created = services.membership_grant_by_email(
                actor=request.user,
                email=data["email"],
                unit=data["unit"],
                role=data["role"],
                full_name=data["full_name"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            params = {
                "role": membership.get_role_display(),
                "unit": membership.unit.name,
                "email": membership.user.email,
            }
            messages.success(
                request, _("Peran %(role)s di %(unit)s diberikan kepada %(email)s.") % params
            )
            if created:
                messages.info(request, _NEW_ACCOUNT_MESSAGE % params)
            url = reverse("bodies:membership-list", kwargs={"body_slug": body.slug})
            return redirect(f"{url}?unit={membership.unit.slug}")
    return render(request, "bodies/membership_grant.html", {"body": body, "form": form})


@manages_memberships
def membership_revoke(request: HttpRequest, body: PublicBody, membership_id: int) -> HttpResponse:
    """Confirm and withdraw a role."""
    membership = selectors.membership_get_in_body(body, membership_id)
    form = forms.ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_revoke(
                actor=request.user, membership=membership, reason=form.cleaned_data["reason"]
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                _("Peran %(role)s %(email)s di %(unit)s dicabut.")
                % {
                    "role": membership.get_role_display(),
                    "email": membership.user.email,
                    "unit": membership.unit.name,
                },
            )
            return redirect("bodies:membership-list", body_slug=body.slug)
    return render(
        request,
        "bodies/membership_revoke.html",
        {"body": body, "form": form, "membership": membership},
    )
