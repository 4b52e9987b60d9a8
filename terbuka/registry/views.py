"""The public DIP pages under /informasi/: a body's list by class and unit, an entry with its
documents, the list of exempted information, downloads and the public export."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from terbuka.bodies.selectors import body_get_by_slug, paginate_keyset
from terbuka.core.exceptions import NotFound
from terbuka.core.web import file_response, found_or_404
from terbuka.registry import selectors, transfer
from terbuka.registry.forms import PublicFilterForm
from terbuka.registry.models import DocumentVersion, InfoClass

PAGE_SIZE = 50
# Content types a browser may show inline without risk; everything else is an attachment.
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg"})


@require_GET
def body_dip(request: HttpRequest, body_slug: str) -> HttpResponse:
    """The body's DIP, one class at a time or all, filtered by unit, in number order."""
    body = found_or_404(body_get_by_slug, body_slug)
    form = PublicFilterForm(request.GET or None, body=body)
    data = form.cleaned_data if form.is_valid() else {}
    info_class = data.get("kelas") or ""
    unit = data.get("unit")
    qs = selectors.entry_list_public(body, info_class=info_class, unit=unit)
    page = paginate_keyset(
        qs,
        selectors.ENTRY_KEYSET,
        after=request.GET.get("setelah"),
        before=request.GET.get("sebelum"),
        size=PAGE_SIZE,
    )
    query = request.GET.copy()
    for key in ("setelah", "sebelum"):
        query.pop(key, None)
    context = {
        "body": body,
        "form": form,
        "page": page,
        "entries": page.items,
        "info_class": info_class,
        "classes": InfoClass.choices,
        "unit": unit,
        "query": query.urlencode(),
        # An entry's URL is the list's plus its number: one reverse() per page, not per row.
        "list_url": reverse("registry:body", args=[body.slug]),
    }
    return render(request, "registry/body.html", context)


@require_GET
def entry_detail(request: HttpRequest, body_slug: str, number: int) -> HttpResponse:
    body = found_or_404(body_get_by_slug, body_slug)
    try:
        entry = selectors.entry_get_public(body, number)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    documents: list[Any] = []
    if entry.info_class != InfoClass.DIKECUALIKAN:
        documents = [
            d
            for d in entry.documents.all()
            if d.current is not None and selectors.version_is_releasable(d.current)
        ]
    context = {
        "body": body,
        "entry": entry,
        "documents": documents,
        "test": entry.consequence_test if entry.info_class == InfoClass.DIKECUALIKAN else None,
    }
    return render(request, "registry/entry.html", context)


@require_GET
def exempt_list(request: HttpRequest, body_slug: str) -> HttpResponse:
    """What the body closes and why (UU 14/2008 Pasal 17-20), never the closed content."""
    body = found_or_404(body_get_by_slug, body_slug)
    tests = list(selectors.exempt_list_public(body)[:500])
    return render(request, "registry/exempt.html", {"body": body, "tests": tests})


@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    """Serve a released version as a download from private storage.

    `Content-Disposition`, `nosniff` and a sandboxing CSP make sure an uploaded file is never
    run or rendered as part of the site, whatever it contains.
    """
    try:
        version = selectors.version_get_downloadable(pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    inline = version.content_type in INLINE_TYPES and request.GET.get("lihat") == "1"
    response = version_file_response(version, inline=inline)
    response["Cache-Control"] = "public, max-age=300"
    return response


def version_file_response(version: DocumentVersion, *, inline: bool = False) -> FileResponse:
    """A stored version as a download that a browser never runs or renders as the site."""
    return file_response(
        version.file,
        filename=version.original_name,
        content_type=version.content_type,
        inline=inline,
    )


@require_GET
def public_export(request: HttpRequest, body_slug: str, fmt: str) -> HttpResponse:
    """The published DIP as open data (XLSX or CSV)."""
    body = found_or_404(body_get_by_slug, body_slug)
    data = transfer.export_dip(body, fmt=fmt, public=True)
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dip-{slugify(body.slug)}.{fmt}"'
    return response
