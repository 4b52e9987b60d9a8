"""Small pieces every app's views share: caching headers, redirects, service errors on forms,
and stored clock inputs turned into dates a template can format."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any, TypeVar

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect

from terbuka.core.exceptions import DomainError, NotFound

T = TypeVar("T")


def no_store(response: HttpResponse) -> HttpResponse:
    """Mark a page with personal data as never cached (ASVS 14.3.2)."""
    response["Cache-Control"] = "no-store"
    return response


def found_or_404(lookup: Callable[..., T], *args: Any) -> T:
    """Call a selector that raises `NotFound` and turn that into the 404 page."""
    try:
        return lookup(*args)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def file_response(
    file: Any, *, filename: str, content_type: str, inline: bool = False
) -> FileResponse:
    """A stored file as a download that a browser never runs or renders as the site."""
    response = FileResponse(
        file.open("rb"), as_attachment=not inline, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def see_other(url: str) -> HttpResponseRedirect:
    """Redirect after a POST with 303, so a reload never resends the form."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def apply_errors(
    forms_by_field: list[Any],
    exc: DomainError,
    fallback: Any,
    *,
    whole_form_codes: Collection[str] = (),
) -> None:
    """Put a service error next to the field it names, else at the top of `fallback`.

    Errors whose code is in `whole_form_codes` always go to the top of `fallback`.
    """
    if exc.code in whole_form_codes:
        fallback.add_error(None, exc.message)
        return
    fields = exc.details.get("fields") or {}
    placed = False
    for name, errors in fields.items():
        target = next((f for f in forms_by_field if name in f.fields), None)
        for error in errors:
            (target or fallback).add_error(name if target else None, error)
        placed = True
    if not placed:
        fallback.add_error(None, exc.message)


def _parse_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def clock_view(inputs: dict[str, Any] | None) -> dict[str, Any] | None:
    """Turn stored clock inputs (`deadlines.Clock.inputs`) into dates a template can format."""
    if not inputs:
        return None
    return {
        "start": _parse_date(inputs.get("start")),
        "working_days": inputs.get("working_days"),
        "first_working_day": _parse_date(inputs.get("first_working_day")),
        "due": _parse_date(inputs.get("due")),
        "law": inputs.get("law", ""),
        "skipped": [
            {"date": _parse_date(day.get("date")), "name": day.get("name", "")}
            for day in inputs.get("skipped", [])
        ],
    }
