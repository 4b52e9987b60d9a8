"""The citizen's pages: file a request, follow it, download the receipt, withdraw it."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terbuka.accounts import services as account_services
from terbuka.accounts.forms import SECRET_FIELDS, IdentityForm
from terbuka.accounts.models import User
from terbuka.accounts.selectors import identity_list_for_owner
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import body_list_public, unit_list_public
from terbuka.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from terbuka.core.pdf import pdf_response
from terbuka.core.web import apply_errors as _apply_errors
from terbuka.core.web import clock_view as _clock_view
from terbuka.core.web import no_store as _no_store
from terbuka.core.web import see_other as _see_other
from terbuka.inforequests import deadlines, selectors, services
from terbuka.inforequests.forms import (
    ArchiveFilterForm,
    CompletionForm,
    PublishForm,
    RequestForm,
    WithdrawForm,
)
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import PHASES, TRANSITIONS, Phase, Status
from terbuka.objections import selectors as objection_selectors

DEFAULT_BODY_SLUG = "kota-serang"
IDENTITY_PREFIX = "pemohon"
MINE_PER_PAGE = 25
ARCHIVE_PER_PAGE = 20
# The phases an archive request can be in (incomplete, lapsed and withdrawn ones are left out).
ARCHIVE_PHASES = [
    (phase.value, phase.label)
    for phase in Phase
    if any(p == phase for s, p in PHASES.items() if s not in selectors.ARCHIVE_EXCLUDED)
]
_SECRET_POST = tuple(f"{IDENTITY_PREFIX}-{name}" for name in SECRET_FIELDS)


class AuthedRequest(HttpRequest):
    user: User


def _request_or_404(user: Any, pk: int) -> InformationRequest:
    try:
        return selectors.request_get_for_user(user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _chosen_body(slug: str | None) -> PublicBody:
    bodies = body_list_public()
    body = bodies.filter(slug=slug or DEFAULT_BODY_SLUG).first() or bodies.first()
    if body is None:
        raise Http404(_("Belum ada badan publik yang menerima permohonan."))
    return body


# --- Filing ----------------------------------------------------------------------------------


@login_required
@sensitive_post_parameters(*_SECRET_POST)
@require_http_methods(["GET", "POST"])
def create(request: AuthedRequest) -> HttpResponse:
    body = _chosen_body(request.GET.get("badan"))
    identities = list(identity_list_for_owner(request.user))
    # The PPID Utama is the "tidak tahu" choice, not a unit to pick.
    units = [u for u in unit_list_public(body) if u.kind != Unit.Kind.PPID_UTAMA]
    data = request.POST if request.method == "POST" else None
    form = RequestForm(data, body=body, units=units, identities=identities)
    new_identity = form.wants_new_identity
    # The identity part is read (and validated) only when the requester asks for a new one.
    identity_data = data if new_identity else None
    identity_form = IdentityForm(
        identity_data,
        request.FILES if identity_data is not None else None,
        prefix=IDENTITY_PREFIX,
    )
    if data is not None:
        valid = form.is_valid()
        if new_identity:
            valid = identity_form.is_valid() and valid
        if valid:
            redirect_to = _submit(request, form, identity_form, new_identity=new_identity)
            if redirect_to is not None:
                return redirect_to
    context = {
        "form": form,
        "identity_form": identity_form,
        "body": body,
        "bodies": body_list_public(),
    }
    return _no_store(render(request, "inforequests/create.html", context))


def _submit(
    request: AuthedRequest, form: RequestForm, identity_form: IdentityForm, *, new_identity: bool
) -> HttpResponse | None:
    data = form.cleaned_data
    identity_data: dict[str, Any] | None = None
    files: dict[str, Any] = {}
    if new_identity:
        identity_data, files = account_services.identity_split_files(identity_form.cleaned_data)
    started = timezone.now()
    try:
        # The receipt and the KTP scan stand or fall together: a refused scan files nothing.
        with transaction.atomic():
            info_request = services.request_submit(
                actor=request.user,
                body=form.body,
                unit=data["unit"],
                identity=data["identity"],
                identity_data=identity_data,
                details=data["details"],
                purpose=data["purpose"],
                obtain_method=data["obtain_method"],
                delivery_method=data["delivery_method"],
                is_public=data["is_public"],
                idempotency_key=str(data["form_token"]),
                idempotency_scope=f"web-form:{request.user.pk}",
            )
            is_new = info_request.received_at >= started
            if is_new:
                account_services.identity_attach_files(
                    identity=info_request.requester_identity, actor=request.user, files=files
                )
    except (ValidationError, Conflict, PermissionDenied) as exc:
        _apply_errors([form, identity_form], exc, form)
        return None
    if is_new:
        messages.success(
            request,
            _("Permohonan Anda diterima dengan nomor pendaftaran %(number)s.")
            % {"number": info_request.registration_number},
        )
    else:
        messages.info(
            request, _("Permohonan ini sudah diterima sebelumnya; tidak dikirim dua kali.")
        )
    url = reverse("inforequests:detail", kwargs={"pk": info_request.pk})
    return _see_other(url)


# --- Following -------------------------------------------------------------------------------


def _detail_context(request: AuthedRequest, info_request: InformationRequest) -> dict[str, Any]:
    inputs = info_request.clock_inputs or {}
    received_on = deadlines.receipt_date(info_request.received_at)
    status = Status(info_request.status)
    is_requester = info_request.requester_id == request.user.pk
    objections = list(objection_selectors.objection_list_for_request(request.user, info_request.pk))
    return {
        "req": info_request,
        "phase": selectors.request_public_phase(info_request),
        "received_on": received_on,
        "is_incomplete": status == Status.INCOMPLETE,
        "clock_started_after_receipt": (
            info_request.clock_started_on is not None
            and info_request.clock_started_on != received_on
        ),
        "notice_clock": _clock_view(inputs.get("notice")),
        "extension_clock": _clock_view(inputs.get("extension")),
        "completion_clock": _clock_view(inputs.get("completion")),
        "notice": getattr(info_request, "notice", None),
        "events": selectors.request_timeline(info_request, include_internal=False),
        "requester_name": info_request.requester_identity.full_name,
        "can_withdraw": is_requester and Status.WITHDRAWN in TRANSITIONS[status],
        "is_requester": is_requester,
        "objections": objections,
        "objection_due_on": (
            objection_selectors.objection_open_until(info_request, today=timezone.localdate())
            if is_requester
            else None
        ),
        "completion_form": CompletionForm() if status == Status.INCOMPLETE else None,
        "refusal_grounds": selectors.notice_refusal_grounds(
            list(getattr(getattr(info_request, "notice", None), "refusal_letters", []) or [])
        ),
    }


@login_required
@require_GET
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    info_request = _request_or_404(request.user, pk)
    context = _detail_context(request, info_request)
    return _no_store(render(request, "inforequests/detail.html", context))


@login_required
@require_GET
def receipt(request: AuthedRequest, pk: int) -> HttpResponse:
    info_request = _request_or_404(request.user, pk)
    context = {
        "req": info_request,
        "requester_name": info_request.requester_identity.full_name,
    }
    # The file name carries no personal data, only the request's id.
    response = pdf_response(
        "inforequests/receipt_pdf.html",
        context,
        filename=f"tanda-bukti-permohonan-{info_request.pk}.pdf",
        request=request,
    )
    return _no_store(response)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: AuthedRequest, pk: int) -> HttpResponse:
    info_request = _request_or_404(request.user, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_withdraw(
                request=info_request, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except InvalidTransition as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Permohonan telah dicabut."))
        return _see_other(reverse("inforequests:detail", kwargs={"pk": info_request.pk}))
    return render(request, "inforequests/withdraw.html", {"req": info_request, "form": form})


@login_required
@require_GET
def mine(request: AuthedRequest) -> HttpResponse:
    qs = (
        selectors.request_visible_to(request.user)
        .filter(requester_id=request.user.pk)
        .select_related("body", "unit")
        .order_by("-received_at", "-pk")
    )
    page = Paginator(qs, MINE_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "inforequests/mine.html", {"page": page})


@login_required
@require_GET
def notice_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    """The pemberitahuan tertulis as a PDF letter (UU 14/2008 Pasal 22(7))."""
    info_request = _request_or_404(request.user, pk)
    notice = getattr(info_request, "notice", None)
    if notice is None:
        raise Http404(_("Pemberitahuan tertulis belum diterbitkan."))
    context = {
        "req": info_request,
        "notice": notice,
        "requester_name": info_request.requester_identity.full_name,
        "received_on": deadlines.receipt_date(info_request.received_at),
        "refusal_grounds": selectors.notice_refusal_grounds(list(notice.refusal_letters)),
        "issued_on": timezone.localdate(notice.issued_at),
    }
    response = pdf_response(
        "inforequests/notice_pdf.html",
        context,
        filename=f"pemberitahuan-tertulis-{info_request.pk}.pdf",
        request=request,
    )
    return _no_store(response)


@login_required
@require_POST
def complete(request: AuthedRequest, pk: int) -> HttpResponse:
    """The requester supplies the missing part; the legal clock starts today."""
    info_request = _request_or_404(request.user, pk)
    form = CompletionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.request_complete(
                request=info_request,
                actor=request.user,
                details=data["details"],
                purpose=data["purpose"],
                note=data["note"],
            )
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except ValidationError as exc:
            _apply_errors([form], exc, form)
        except InvalidTransition as exc:
            messages.error(request, exc.message)
            return _see_other(reverse("inforequests:detail", kwargs={"pk": info_request.pk}))
        else:
            messages.success(
                request, _("Permohonan sudah lengkap. Jangka waktu pelayanan mulai hari ini.")
            )
            return _see_other(reverse("inforequests:detail", kwargs={"pk": info_request.pk}))
    context = {**_detail_context(request, info_request), "completion_form": form}
    response = render(request, "inforequests/detail.html", context, status=400)
    return _no_store(response)


@login_required
@require_POST
def publish(request: AuthedRequest, pk: int) -> HttpResponse:
    """The requester publishes the request in the public archive, or withdraws it."""
    info_request = _request_or_404(request.user, pk)
    form = PublishForm(request.POST)
    is_public = form.is_valid() and bool(form.cleaned_data["is_public"])
    try:
        services.request_set_public(request=info_request, actor=request.user, is_public=is_public)
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    if is_public:
        messages.success(request, _("Permohonan diterbitkan di arsip publik tanpa identitas Anda."))
    else:
        messages.success(request, _("Permohonan tidak lagi tampil di arsip publik."))
    return _see_other(reverse("inforequests:detail", kwargs={"pk": info_request.pk}))


# --- Public archive --------------------------------------------------------------------------


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    """Requests their requesters chose to publish; never any identity."""
    bodies = list(body_list_public())
    form = ArchiveFilterForm(request.GET or None, bodies=bodies, phases=ARCHIVE_PHASES)
    body = phase = text = None
    if form.is_valid():
        body = next((b for b in bodies if b.slug == form.cleaned_data["badan"]), None)
        phase = form.cleaned_data["tahap"] or None
        text = form.cleaned_data["q"] or None
    qs = selectors.request_list_public(body=body, phase=phase, text=text)
    page = Paginator(qs, ARCHIVE_PER_PAGE).get_page(request.GET.get("halaman"))
    query = request.GET.copy()
    query.pop("halaman", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "inforequests/archive.html", context)


@require_GET
def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        info_request = selectors.request_get_public(pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    notice = getattr(info_request, "notice", None)
    inputs = info_request.clock_inputs or {}
    context = {
        "req": info_request,
        "phase": selectors.request_public_phase(info_request),
        "received_on": deadlines.receipt_date(info_request.received_at),
        "notice": notice,
        "refusal_grounds": (
            selectors.notice_refusal_grounds(list(notice.refusal_letters)) if notice else []
        ),
        "notice_clock": _clock_view(inputs.get("notice")),
        "documents": selectors.document_list_public(info_request),
        "events": selectors.request_timeline(info_request, include_internal=False),
    }
    return render(request, "inforequests/archive_detail.html", context)


@require_GET
def archive_document(request: HttpRequest, pk: int, doc_pk: int) -> FileResponse:
    """Serve a released answer document as a download, never inline."""
    try:
        document = selectors.document_get_public(pk, doc_pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    name = os.path.basename(document.file.name)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
