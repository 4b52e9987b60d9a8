"""The officer's objection page and the POST endpoint of every action."""

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
from terbuka.objections import permissions, selectors, services
from terbuka.objections.models import GROUND_MEANINGS, Objection
from terbuka.objections.office.actions import (
    ACTIONS,
    ACTIONS_BY_NAME,
    Action,
    build_form,
    dispute_of,
)
from terbuka.objections.office.common import (
    AuthedRequest,
    apply_errors,
    clock_view,
    detail_url,
    no_store,
    office_objection_or_404,
    see_other,
)


def _panels(
    request: AuthedRequest, objection: Objection, bound: dict[str, forms.Form]
) -> list[dict[str, Any]]:
    panels = []
    for action in ACTIONS:
        if not action.available(objection) or not action.allowed(request.user, objection):
            continue
        panels.append(
            {
                "action": action,
                "form": bound.get(action.name) or build_form(action, None, objection, request.user),
                "url": reverse(f"objections_office:{action.name}", kwargs={"pk": objection.pk}),
                "open": action.name in bound,
            }
        )
    return panels


def _reveal_fields(objection: Objection) -> list[tuple[str, str, bool]]:
    identity = objection.requester_identity
    return [
        ("nik", _("NIK"), bool(identity.nik)),
        ("legal_entity_number", _("nomor SK badan hukum"), bool(identity.legal_entity_number)),
        ("address", _("alamat"), bool(identity.address)),
        ("phone", _("nomor telepon"), bool(identity.phone)),
        ("proxy_nik", _("NIK kuasa"), bool(identity.proxy_nik)),
    ]


def _detail_context(
    request: AuthedRequest, objection: Objection, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    inputs = objection.clock_inputs or {}
    dispute = dispute_of(objection)
    dispute_inputs = dispute.clock_inputs if dispute is not None else {}
    panels = _panels(request, objection, bound or {})
    return {
        "objection": objection,
        # The identity partial of the request page reads `req.requester`.
        "req": objection,
        "identity": objection.requester_identity,
        "grounds": [(letter, GROUND_MEANINGS[letter]) for letter in objection.grounds],
        "response": getattr(objection, "response", None),
        "window_clock": clock_view(inputs.get("window")),
        "response_clock": clock_view(inputs.get("response")),
        "dispute_clock": clock_view(inputs.get("dispute")),
        "deliberations": list(objection.deliberations.select_related("recorded_by")),
        "dispute": dispute,
        "sessions": list(dispute.sessions.all()) if dispute is not None else [],
        "commission_start_clock": clock_view(dispute_inputs.get("commission_start")),
        "commission_settle_clock": clock_view(dispute_inputs.get("commission_settle")),
        "events": list(selectors.objection_timeline(objection, include_internal=True)),
        "reveal_fields": _reveal_fields(objection),
        "objection_panels": [p for p in panels if p["action"].section == "objection"],
        "dispute_panels": [p for p in panels if p["action"].section == "dispute"],
        "can_handle": permissions.can_handle_objection(request.user, objection),
    }


def _render_detail(
    request: AuthedRequest,
    objection: Objection,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _detail_context(request, objection, bound)
    response = render(request, "objections/office/detail.html", context, status=status)
    return no_store(response)


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, office_objection_or_404(request.user, pk))


def _perform(
    request: AuthedRequest, objection: Objection, action: Action, form: forms.Form
) -> str | None:
    """Run the action; return the success message, None for a repeated form."""
    data = dict(form.cleaned_data)
    token = data.pop("form_token", None)
    with transaction.atomic():
        # A refused write rolls the claimed token back, so the corrected form can be resent.
        if action.once_scope and not services.objection_form_token_claim(
            objection=objection, actor=request.user, token=str(token), purpose=action.once_scope
        ):
            return None
        return action.run(request, objection, data)


@login_required
@require_POST
def act(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    action = ACTIONS_BY_NAME[name]
    objection = office_objection_or_404(request.user, pk)
    if not action.allowed(request.user, objection):
        raise DjangoPermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    if not action.available(objection):
        messages.error(
            request,
            _('Tindakan "%(action)s" tidak dapat dilakukan pada keberatan berstatus "%(status)s".')
            % {"action": action.title, "status": objection.get_status_display()},
        )
        return see_other(detail_url(objection))
    form = build_form(action, request.POST, objection, request.user)
    if form.is_valid():
        try:
            message = _perform(request, objection, action, form)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except (InvalidTransition, Conflict) as exc:
            messages.error(request, exc.message)
            return see_other(detail_url(objection))
        except ValidationError as exc:
            apply_errors([form], exc, form)
        else:
            if message is None:
                messages.info(request, _("Formulir ini sudah dikirim; tidak disimpan dua kali."))
            else:
                messages.success(request, message)
            return see_other(detail_url(objection))
    objection = office_objection_or_404(request.user, pk)
    return _render_detail(request, objection, {action.name: form}, status=422)
