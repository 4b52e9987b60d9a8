"""Public pages of the accessible formats: the files and the transcript."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from terbuka.accessible import selectors
from terbuka.core.web import file_response, found_or_404

# Audio and the large-print PDF open in the browser (a player, a reader); the braille files are
# for embossers and braille software, so they download.
INLINE_FORMATS = {"audio", "braille_text", "large_print"}
SUFFIXES = {
    "audio": "audio",
    "braille_brf": "braille",
    "braille_text": "braille-unicode",
    "large_print": "cetak-besar",
}
CACHE_CONTROL = "public, max-age=300"


@require_GET
def file_download(
    request: HttpRequest, kind: str, pk: int, fmt: str
) -> HttpResponse | FileResponse:
    """One generated file of a public source, with an ETag from its SHA-256."""
    accessible_file = found_or_404(selectors.file_get_public, kind, pk, fmt)
    etag = f'"{accessible_file.sha256}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = etag
        not_modified["Cache-Control"] = CACHE_CONTROL
        return not_modified
    stem = slugify(accessible_file.version.title)[:60].strip("-") or kind.replace("_", "-")
    response = file_response(
        accessible_file.file,
        filename=f"{stem}-{SUFFIXES[fmt]}.{accessible_file.extension}",
        content_type=accessible_file.content_type,
        inline=fmt in INLINE_FORMATS,
    )
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


@require_GET
def transcript(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The text of the audio version, on a page of its own."""
    source, version = found_or_404(selectors.version_get_public, kind, pk)
    paragraphs = [p for p in version.text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    context = {"source": source, "version": version, "paragraphs": paragraphs}
    return render(request, "accessible/transcript.html", context)
