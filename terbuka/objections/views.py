"""The requester's objection pages: file an objection, follow it and its dispute, the PDFs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.accounts import services as account_services
from terbuka.accounts.forms import SECRET_FIELDS, IdentityForm
from terbuka.accounts.models import User
from terbuka.accounts.selectors import identity_list_for_owner
from terbuka.bodies.selectors import body_list_public
from terbuka.core.exceptions import (
    Conflict,
    DomainError,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.web import apply_errors, clock_view
from terbuka.core.web import no_store as _no_store
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import selectors as request_selectors
from terbuka.inforequests.models import InformationRequest
from terbuka.objections import pdf, permissions, selectors, services
from terbuka.objections.forms import (
    DisputeFileForm,
    ObjectionForm,
    PeriodicObjectionForm,
    RespondForm,
    WithdrawForm,
)
from terbuka.objections.models import GROUND_MEANINGS, Dispute, Objection
from terbuka.objections.states import (
    OBJECTION_TRANSITIONS,
    ObjectionStatus,
    objection_phase_of,
)

IDENTITY_PREFIX = "pemohon"
MINE_PER_PAGE = 25
_SECRET_POST = tuple(f"{IDENTITY_PREFIX}-{name}" for name in SECRET_FIELDS)


class AuthedRequest(HttpRequest):
    user: User


def _detail_url(objection: Objection) -> str:
    return reverse("objections:detail", kwargs={"pk": objection.pk})


def _objection_or_404(user: Any, pk: int) -> Objection:
    try:
        return selectors.objection_get_for_user(user, pk)
    except NotFound as exc:
        # The same answer for missing and forbidden: the page never confirms it exists.
        raise Http404(exc.message) from exc


def _own_request_or_404(user: Any, pk: int) -> InformationRequest:
    try:
        info_request = request_selectors.request_get_for_user(user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    if not permissions.can_file_objection(user, info_request):
        # Only the requester files on the portal; officers record paper filings in the office.
        raise Http404(_("Permohonan tidak ditemukan."))
    return info_request


def _apply_errors(forms_by_field: list[Any], exc: DomainError, fallback: Any) -> None:
    apply_errors(forms_by_field, exc, fallback, whole_form_codes=services.FILING_REFUSAL_CODES)


# --- Filing ----------------------------------------------------------------------------------


def _file_context(info_request: InformationRequest, form: ObjectionForm) -> dict[str, Any]:
    today = timezone.localdate()
    window = selectors.objection_filing_window(info_request, today=today)
    open_objection = selectors.objection_open_for_request(info_request.pk)
    return {
        "req": info_request,
        "form": form,
        "window": clock_view(window.inputs) if window is not None else None,
        "window_closed": window is not None and today > window.due,
        "open_objection": open_objection,
        "notice": getattr(info_request, "notice", None),
    }


@login_required
@require_http_methods(["GET", "POST"])
def file(request: AuthedRequest, request_id: int) -> HttpResponse:
    """The objection form for one of the requester's requests (UU 14/2008 Pasal 35-36)."""
    info_request = _own_request_or_404(request.user, request_id)
    data = request.POST if request.method == "POST" else None
    form = ObjectionForm(data)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        started = timezone.now()
        try:
            objection = services.objection_file(
                actor=request.user,
                request=info_request,
                grounds=cleaned["grounds"],
                summary=cleaned["summary"],
                idempotency_key=str(cleaned["form_token"]),
                idempotency_scope=f"web-objection:{request.user.pk}",
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            _apply_errors([form], exc, form)
        else:
            return _filed(request, objection, is_new=objection.created_at >= started)
    context = _file_context(info_request, form)
    status = 422 if data is not None else 200
    return _no_store(render(request, "objections/file.html", context, status=status))


def _filed(request: AuthedRequest, objection: Objection, *, is_new: bool) -> HttpResponse:
    if is_new:
        messages.success(
            request,
            _(
                "Keberatan Anda diterima dengan nomor registrasi %(number)s. Atasan PPID wajib "
                "menanggapi paling lambat %(date)s."
            )
            % {
                "number": objection.registration_number,
                "date": date_format(objection.response_due_on, "j F Y"),
            },
        )
    else:
        messages.info(
            request, _("Keberatan ini sudah diterima sebelumnya; tidak dikirim dua kali.")
        )
    return _see_other(_detail_url(objection))


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def file_periodic(request: AuthedRequest) -> HttpResponse:
    """An objection on ground b without a request: periodic information not published."""
    identities = list(identity_list_for_owner(request.user))
    data = request.POST if request.method == "POST" else None
    form = PeriodicObjectionForm(data, bodies=list(body_list_public()), identities=identities)
    identity_data = data if form.wants_new_identity else None
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
            redirect_to = _file_periodic(request, form, identity_form)
            if redirect_to is not None:
                return redirect_to
    context = {"form": form, "identity_form": identity_form}
    status = 422 if data is not None else 200
    return _no_store(render(request, "objections/file_periodic.html", context, status=status))


def _file_periodic(
    request: AuthedRequest, form: PeriodicObjectionForm, identity_form: IdentityForm
) -> HttpResponse | None:
    cleaned = form.cleaned_data
    identity_data: dict[str, Any] | None = None
    files: dict[str, Any] = {}
    if cleaned["identity"] is None:
        identity_data, files = account_services.identity_split_files(identity_form.cleaned_data)
    started = timezone.now()
    try:
        # The objection and the KTP scan stand or fall together.
        with transaction.atomic():
            objection = services.objection_file(
                actor=request.user,
                body=cleaned["body"],
                grounds=["b"],
                summary=cleaned["summary"],
                information_description=cleaned["information_description"],
                identity=cleaned["identity"],
                identity_data=identity_data,
                idempotency_key=str(cleaned["form_token"]),
                idempotency_scope=f"web-objection:{request.user.pk}",
            )
            is_new = objection.created_at >= started
            if is_new:
                account_services.identity_attach_files(
                    identity=objection.requester_identity, actor=request.user, files=files
                )
    except PermissionDenied as exc:
        form.add_error("identity", exc.message)
        return None
    except DomainError as exc:
        _apply_errors([form, identity_form], exc, form)
        return None
    return _filed(request, objection, is_new=is_new)


# --- Following -------------------------------------------------------------------------------


def _dispute_of(objection: Objection) -> Dispute | None:
    try:
        return objection.dispute
    except Dispute.DoesNotExist:
        return None


def _detail_context(
    request: AuthedRequest, objection: Objection, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    status = ObjectionStatus(objection.status)
    inputs = objection.clock_inputs or {}
    dispute = _dispute_of(objection)
    dispute_inputs = dispute.clock_inputs if dispute is not None else {}
    is_requester = permissions.can_act_as_requester(request.user, objection)
    answered = status in services.DISPUTABLE or status == ObjectionStatus.SETTLED_BY_DELIBERATION
    can_file_dispute = is_requester and status in services.DISPUTABLE and dispute is None
    today = timezone.localdate()
    return {
        "objection": objection,
        "phase": objection_phase_of(status),
        "grounds": [(letter, GROUND_MEANINGS[letter]) for letter in objection.grounds],
        "response": getattr(objection, "response", None),
        "window_clock": clock_view(inputs.get("window")),
        "response_clock": clock_view(inputs.get("response")),
        "dispute_clock": clock_view(inputs.get("dispute")),
        "deliberations": list(objection.deliberations.all()),
        "dispute": dispute,
        "sessions": list(dispute.sessions.all()) if dispute is not None else [],
        "commission_start_clock": clock_view(dispute_inputs.get("commission_start")),
        "commission_settle_clock": clock_view(dispute_inputs.get("commission_settle")),
        "events": list(selectors.objection_timeline(objection, include_internal=False)),
        "requester_name": objection.requester_identity.full_name,
        "is_requester": is_requester,
        "can_withdraw": is_requester and ObjectionStatus.WITHDRAWN in OBJECTION_TRANSITIONS[status],
        "can_respond": is_requester and answered,
        "can_file_dispute": can_file_dispute,
        "dispute_late": (
            can_file_dispute
            and objection.dispute_due_on is not None
            and today > objection.dispute_due_on
        ),
        "withdraw_form": bound.get("withdraw") or WithdrawForm(),
        "respond_form": bound.get("respond") or RespondForm(),
        "dispute_form": bound.get("dispute") or DisputeFileForm(),
    }


def _render_detail(
    request: AuthedRequest,
    objection: Objection,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = _detail_context(request, objection, bound)
    return _no_store(render(request, "objections/detail.html", context, status=status))


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _objection_or_404(request.user, pk))


@login_required
@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    qs = selectors.objection_list_for_requester(request.user).select_related("dispute")
    page = Paginator(qs, MINE_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "objections/mine.html", {"page": page})


# --- The requester's actions -----------------------------------------------------------------


def _act(
    request: AuthedRequest,
    pk: int,
    name: str,
    form_class: type[forms.Form],
    run: Callable[[Objection, dict[str, Any]], str],
) -> HttpResponse:
    """Validate the form, run the service; show its errors on the objection page."""
    objection = _objection_or_404(request.user, pk)
    if not permissions.can_act_as_requester(request.user, objection):
        raise DjangoPermissionDenied(_("Hanya pemohon yang dapat melakukan tindakan ini."))
    form = form_class(request.POST)
    if form.is_valid():
        try:
            message = run(objection, form.cleaned_data)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except (InvalidTransition, Conflict) as exc:
            messages.error(request, exc.message)
            return _see_other(_detail_url(objection))
        except ValidationError as exc:
            _apply_errors([form], exc, form)
        else:
            messages.success(request, message)
            return _see_other(_detail_url(objection))
    return _render_detail(request, objection, {name: form}, status=422)


@login_required
@require_POST
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(objection: Objection, data: dict[str, Any]) -> str:
        services.objection_withdraw(objection=objection, actor=request.user, reason=data["reason"])
        return _("Keberatan telah dicabut.")

    return _act(request, pk, "withdraw", WithdrawForm, run)


@login_required
@require_POST
def respond(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(objection: Objection, data: dict[str, Any]) -> str:
        services.objection_record_requester_response(
            objection=objection, actor=request.user, response=data["response"], note=data["note"]
        )
        return _("Tanggapan Anda dicatat.")

    return _act(request, pk, "respond", RespondForm, run)


@login_required
@require_POST
def dispute_file(request: AuthedRequest, pk: int) -> HttpResponse:
    def run(objection: Objection, data: dict[str, Any]) -> str:
        dispute = services.dispute_file(
            objection=objection,
            actor=request.user,
            filed_on=data["filed_on"],
            commission_name=data["commission_name"],
            case_number=data["case_number"],
        )
        if dispute.is_late and dispute.filing_due_on is not None:
            # UU 14/2008 Pasal 37(2): the Komisi Informasi decides whether a late filing stands.
            return _(
                "Pengajuan sengketa dicatat. Perhatian: pengajuan melewati batas %(date)s "
                "(14 hari kerja, UU 14/2008 Pasal 37 ayat 2); Komisi Informasi yang menilai "
                "apakah sengketa dapat diterima."
            ) % {"date": date_format(dispute.filing_due_on, "j F Y")}
        return _("Pengajuan sengketa ke Komisi Informasi dicatat.")

    return _act(request, pk, "dispute", DisputeFileForm, run)


# --- Letters ---------------------------------------------------------------------------------


@login_required
@require_GET
def receipt_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The tanda terima keberatan; the requester's name only, never the NIK or address."""
    objection = _objection_or_404(request.user, pk)
    return _no_store(pdf.receipt_response(objection, request=request))


@login_required
@require_GET
def response_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The Atasan PPID's written answer as a letter (UU 14/2008 Pasal 36(2))."""
    objection = _objection_or_404(request.user, pk)
    if getattr(objection, "response", None) is None:
        raise Http404(_("Atasan PPID belum menanggapi keberatan ini."))
    return _no_store(pdf.response_letter_response(objection, request=request))
