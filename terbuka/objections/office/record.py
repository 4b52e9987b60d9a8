"""Recording an objection received on paper (walk-in, letter, e-mail)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from terbuka.accounts import services as account_services
from terbuka.accounts.forms import SECRET_FIELDS, IdentityForm
from terbuka.core.exceptions import Conflict, DomainError, PermissionDenied, ValidationError
from terbuka.inforequests.selectors import request_office_visible_to
from terbuka.objections import office_forms, services
from terbuka.objections.office.common import (
    AuthedRequest,
    apply_errors,
    bodies_handled,
    detail_url,
    no_store,
    see_other,
)

IDENTITY_PREFIX = "pemohon"
_SECRET_POST = tuple(f"{IDENTITY_PREFIX}-{name}" for name in SECRET_FIELDS)


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest) -> HttpResponse:
    bodies = bodies_handled(request.user)
    if not bodies.exists():
        raise DjangoPermissionDenied(_("Hanya PPID Utama dan Atasan PPID yang mencatat keberatan."))
    data = request.POST if request.method == "POST" else None
    requests = request_office_visible_to(request.user).filter(body__in=bodies)
    form = office_forms.RecordForm(data, bodies=bodies, requests=requests)
    # The identity is asked only for ground b without a request; a request brings its own.
    identity_data = data if data is not None and not form.names_request else None
    identity_form = IdentityForm(
        identity_data,
        request.FILES if identity_data is not None else None,
        prefix=IDENTITY_PREFIX,
    )
    if data is not None:
        valid = form.is_valid()
        if identity_data is not None:
            valid = identity_form.is_valid() and valid
        if valid:
            redirect_to = _record(request, form, identity_form)
            if redirect_to is not None:
                return redirect_to
    context = {"form": form, "identity_form": identity_form}
    status = 422 if data is not None else 200
    return no_store(render(request, "objections/office/record.html", context, status=status))


def _record(
    request: AuthedRequest, form: office_forms.RecordForm, identity_form: IdentityForm
) -> HttpResponse | None:
    data = form.cleaned_data
    identity_data: dict[str, Any] | None = None
    files: dict[str, Any] = {}
    if data["request"] is None:
        identity_data, files = account_services.identity_split_files(identity_form.cleaned_data)
    started = timezone.now()
    try:
        with transaction.atomic():
            objection = services.objection_file(
                actor=request.user,
                request=data["request"],
                body=data["body"],
                grounds=data["grounds"],
                summary=data["summary"],
                information_description=data["information_description"],
                identity_data=identity_data,
                filed_at=data["filed_at"],
                channel=data["channel"],
                idempotency_key=str(data["form_token"]),
                idempotency_scope=f"office-objection-record:{request.user.pk}",
            )
            is_new = objection.created_at >= started
            if is_new:
                account_services.identity_attach_files(
                    identity=objection.requester_identity, actor=request.user, files=files
                )
    except PermissionDenied as exc:
        form.add_error("body", exc.message)
        return None
    except (ValidationError, Conflict) as exc:
        if exc.code in services.FILING_REFUSAL_CODES:
            form.add_error(None, exc.message)
        else:
            apply_errors([form, identity_form], exc, form)
        return None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    if is_new:
        messages.success(
            request,
            _("Keberatan dicatat dengan nomor registrasi %(number)s.")
            % {"number": objection.registration_number},
        )
    else:
        messages.info(request, _("Keberatan ini sudah dicatat sebelumnya; tidak dicatat dua kali."))
    return see_other(detail_url(objection))
