"""The officer's request page and the POST endpoint of every action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from terbuka.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.web import apply_errors as _apply_errors
from terbuka.core.web import clock_view as _clock_view
from terbuka.core.web import no_store as _no_store
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import deadlines, permissions, selectors, services
from terbuka.inforequests.models import InformationRequest, RequestSettings
from terbuka.inforequests.office.actions import ACTIONS, ACTIONS_BY_NAME, Action, build_form
from terbuka.inforequests.office.common import (
    detail_url,
    office_request_or_404,
)
from terbuka.inforequests.views import AuthedRequest
from terbuka.objections.selectors import objection_list_for_request

# --- The request page -------------------------------------------------------------------------


def _panels(
    request: AuthedRequest, req: InformationRequest, bound: dict[str, forms.Form]
) -> list[dict[str, Any]]:
    panels = []
    for action in ACTIONS:
        if not action.available(req) or not action.allowed(request.user, req):
            continue
        form = bound.get(action.name) or build_form(action, None, None, req, request.user)
        if action.name == "return" and not form.fields["unit"].queryset.exists():  # type: ignore[attr-defined]
            continue
        panels.append(
            {
                "action": action,
                "form": form,
                "url": reverse(f"office:{action.name}", kwargs={"pk": req.pk}),
                "open": action.name in bound,
            }
        )
    return panels


def _reveal_fields(req: InformationRequest) -> list[tuple[str, str, bool]]:
    identity = req.requester_identity
    return [
        ("nik", _("NIK"), bool(identity.nik)),
        ("legal_entity_number", _("nomor SK badan hukum"), bool(identity.legal_entity_number)),
        ("address", _("alamat"), bool(identity.address)),
        ("phone", _("nomor telepon"), bool(identity.phone)),
        ("proxy_nik", _("NIK kuasa"), bool(identity.proxy_nik)),
    ]


def _detail_context(
    request: AuthedRequest, req: InformationRequest, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    inputs = req.clock_inputs or {}
    received_on = deadlines.receipt_date(req.received_at)
    routings = list(req.routings.select_related("unit", "routed_by").order_by("routed_at", "pk"))
    settings_row = RequestSettings.objects.filter(body_id=req.body_id).first()
    return {
        "req": req,
        "identity": req.requester_identity,
        "phase": selectors.request_public_phase(req),
        "received_on": received_on,
        "clock_started_after_receipt": (
            req.clock_started_on is not None and req.clock_started_on != received_on
        ),
        "notice_clock": _clock_view(inputs.get("notice")),
        "extension_clock": _clock_view(inputs.get("extension")),
        "completion_clock": _clock_view(inputs.get("completion")),
        "objection_clock": _clock_view(inputs.get("objection")),
        "notice": getattr(req, "notice", None),
        "routings": routings,
        "documents": list(
            req.documents.select_related("scan")
            .prefetch_related("scan__findings")
            .order_by("uploaded_at", "pk")
        ),
        "payments": list(req.payments.order_by("paid_at", "pk")),
        "deliveries": list(req.deliveries.order_by("delivered_at", "pk")),
        "events": list(selectors.request_timeline(req, include_internal=True)),
        "objections": list(objection_list_for_request(request.user, req.pk)),
        "fees": settings_row,
        "reveal_fields": _reveal_fields(req),
        "panels": _panels(request, req, bound or {}),
        "can_handle": permissions.can_handle_request(request.user, req),
        "can_clear_release": permissions.can_clear_release(request.user, req),
    }


def _render_detail(
    request: AuthedRequest,
    req: InformationRequest,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _detail_context(request, req, bound)
    response = render(request, "inforequests/office/detail.html", context, status=status)
    return _no_store(response)


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, office_request_or_404(request.user, pk))


def _perform(
    request: AuthedRequest, req: InformationRequest, action: Action, form: forms.Form
) -> str | None:
    """Run the action; return the success message, None for a repeated form."""
    data = dict(form.cleaned_data)
    token = data.pop("form_token", None)
    with transaction.atomic():
        # A refused write rolls the claimed token back, so the corrected form can be resent.
        if action.once_scope and not services.request_form_token_claim(
            request=req, actor=request.user, token=str(token), purpose=action.once_scope
        ):
            return None
        return action.run(request, req, data)


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    action = ACTIONS_BY_NAME[name]
    req = office_request_or_404(request.user, pk)
    if not action.allowed(request.user, req):
        raise DjangoPermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    if not action.available(req):
        messages.error(
            request,
            _('Tindakan "%(action)s" tidak dapat dilakukan pada permohonan berstatus "%(status)s".')
            % {"action": action.title, "status": req.get_status_display()},
        )
        return _see_other(detail_url(req))
    form = build_form(action, request.POST, request.FILES, req, request.user)
    if form.is_valid():
        try:
            message = _perform(request, req, action, form)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except (InvalidTransition, Conflict) as exc:
            messages.error(request, exc.message)
            return _see_other(detail_url(req))
        except ValidationError as exc:
            _apply_errors([form], exc, form)
        else:
            if message is None:
                messages.info(request, _("Formulir ini sudah dikirim; tidak disimpan dua kali."))
            else:
                messages.success(request, message)
            return _see_other(detail_url(req))
    req.refresh_from_db()
    return _render_detail(request, req, {action.name: form}, status=422)
