"""Recording an offline request (walk-in, phone, letter, e-mail)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from terbuka.accounts import services as account_services
from terbuka.accounts.forms import IdentityForm
from terbuka.bodies.models import Unit
from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import (
    Conflict,
    DomainError,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.web import apply_errors as _apply_errors
from terbuka.core.web import no_store as _no_store
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import office_forms, services
from terbuka.inforequests.office.common import (
    bodies_recordable,
    detail_url,
)
from terbuka.inforequests.views import (
    _SECRET_POST,
    IDENTITY_PREFIX,
    AuthedRequest,
)

# --- Recording an offline request -------------------------------------------------------------


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest) -> HttpResponse:
    require_office_access(request.user)
    bodies = bodies_recordable(request.user)
    units = Unit.objects.filter(body__in=bodies, is_active=True).order_by("body__name", "name")
    data = request.POST if request.method == "POST" else None
    form = office_forms.RecordForm(data, bodies=bodies, units=units)
    identity_form = IdentityForm(data, request.FILES or None, prefix=IDENTITY_PREFIX)
    if data is not None:
        valid = form.is_valid()
        valid = identity_form.is_valid() and valid
        if valid:
            redirect_to = _record(request, form, identity_form)
            if redirect_to is not None:
                return redirect_to
    context = {"form": form, "identity_form": identity_form}
    status = 422 if data is not None else 200
    return _no_store(render(request, "inforequests/office/record.html", context, status=status))


def _record(
    request: AuthedRequest, form: office_forms.RecordForm, identity_form: IdentityForm
) -> HttpResponse | None:
    data = form.cleaned_data
    identity_data, files = account_services.identity_split_files(identity_form.cleaned_data)
    started = timezone.now()
    try:
        with transaction.atomic():
            req = services.request_record(
                actor=request.user,
                body=data["body"],
                unit=data["unit"],
                channel=data["channel"],
                received_at=data["received_at"],
                identity_data=identity_data,
                requester=data["requester_email"],
                details=data["details"],
                purpose=data["purpose"],
                obtain_method=data["obtain_method"],
                delivery_method=data["delivery_method"],
                is_public=data["is_public"],
                idempotency_key=str(data["form_token"]),
                idempotency_scope=f"office-record:{request.user.pk}",
            )
            is_new = req.created_at >= started
            if is_new:
                account_services.identity_attach_files(
                    identity=req.requester_identity, actor=request.user, files=files
                )
    except PermissionDenied as exc:
        form.add_error("body" if data["unit"] is None else "unit", exc.message)
        return None
    except (ValidationError, Conflict) as exc:
        _apply_errors([form, identity_form], exc, form)
        return None
    except DomainError as exc:
        form.add_error(None, exc.message)
        return None
    if is_new:
        receipt = reverse("inforequests:receipt", kwargs={"pk": req.pk})
        messages.success(
            request,
            format_html(
                '{} <a href="{}">{}</a>',
                _("Permohonan dicatat dengan nomor pendaftaran %(number)s.")
                % {"number": req.registration_number},
                receipt,
                _("Unduh tanda bukti (PDF)"),
            ),
        )
    else:
        messages.info(
            request, _("Permohonan ini sudah dicatat sebelumnya; tidak dicatat dua kali.")
        )
    return _see_other(detail_url(req))
