"""Render PDFs (receipts, letters, reports) from the same HTML templates as the screen."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def render_pdf(
    template: str, context: dict[str, Any], *, request: HttpRequest | None = None
) -> bytes:
    """Return the PDF bytes of an HTML template rendered with WeasyPrint."""
    from weasyprint import HTML  # heavy import, kept out of module load

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return bytes(HTML(string=html, base_url=base_url).write_pdf())


def pdf_response(
    template: str, context: dict[str, Any], *, filename: str, request: HttpRequest | None = None
) -> HttpResponse:
    """Return an HTTP download of a rendered PDF."""
    response = HttpResponse(
        render_pdf(template, context, request=request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
