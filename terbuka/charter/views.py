"""The public pages at /layanan/<body>/: the charter, hours, fees and the three procedures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from terbuka.bodies import selectors as body_selectors
from terbuka.charter import selectors
from terbuka.core.web import found_or_404


@require_safe
def detail(request: HttpRequest, body_slug: str) -> HttpResponse:
    """The "Layanan informasi" page: charter, hours, channels, fees and procedure links."""
    body = found_or_404(body_selectors.body_get_by_slug, body_slug)
    info = selectors.service_info_for_body(body)
    return render(request, "charter/detail.html", {"body": body, "info": info})


@require_safe
def version(request: HttpRequest, body_slug: str, number: int) -> HttpResponse:
    """One earlier (or the current) version of the charter, as it was established."""
    body = found_or_404(body_selectors.body_get_by_slug, body_slug)
    charter = found_or_404(selectors.charter_get_version, body, number)
    current = selectors.charter_current(body)
    context = {"body": body, "charter": charter, "current_charter": current}
    return render(request, "charter/version.html", context)


@require_safe
def procedure(request: HttpRequest, body_slug: str, kind: str) -> HttpResponse:
    """One procedure: steps, requirements and the periods the law sets."""
    body = found_or_404(body_selectors.body_get_by_slug, body_slug)
    page = found_or_404(selectors.procedure_page, body, kind)
    return render(request, "charter/procedure.html", {"body": body, "page": page})
