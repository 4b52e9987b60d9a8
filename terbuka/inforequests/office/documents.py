"""Answer documents held by the safety scan: override a finding with a reason (PPID Utama) or
withdraw the file to attach a cleaned one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from terbuka.bodies.permissions import require_office_access
from terbuka.core.exceptions import InvalidTransition, PermissionDenied, ValidationError
from terbuka.core.web import see_other
from terbuka.inforequests import services
from terbuka.inforequests.models import ResponseDocument
from terbuka.inforequests.office.common import detail_url, office_request_or_404


def _document(request: HttpRequest, pk: int, doc_pk: int) -> ResponseDocument:
    info_request = office_request_or_404(request.user, pk)
    document = ResponseDocument.objects.filter(pk=doc_pk, request=info_request).first()
    if document is None:
        raise Http404(_("Dokumen tidak ditemukan."))
    document.request = info_request
    return document


@login_required
@require_POST
def document_override(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    require_office_access(request.user)
    document = _document(request, pk, doc_pk)
    try:
        finding_id = int(request.POST.get("finding", ""))
    except ValueError as exc:
        raise Http404(_("Temuan tidak ditemukan.")) from exc
    try:
        services.request_document_override(
            document=document,
            finding_id=finding_id,
            actor=request.user,
            reason=request.POST.get("reason", ""),
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except (InvalidTransition, ValidationError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Temuan dikesampingkan dengan alasan tercatat."))
    return see_other(detail_url(document.request))


@login_required
@require_POST
def document_withdraw(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    require_office_access(request.user)
    document = _document(request, pk, doc_pk)
    try:
        services.request_document_withdraw(
            document=document, actor=request.user, reason=request.POST.get("reason", "")
        )
    except PermissionDenied as exc:
        raise DjangoPermissionDenied(exc.message) from exc
    except (InvalidTransition, ValidationError) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dokumen ditarik. Lampirkan berkas yang sudah dibersihkan."))
    return see_other(detail_url(document.request))
