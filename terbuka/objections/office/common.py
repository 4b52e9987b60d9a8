"""Shared pieces of the objections workspace: scope, responses, errors, form tokens."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import membership_active_for_user
from terbuka.core.exceptions import DomainError, NotFound
from terbuka.objections import selectors
from terbuka.objections.models import Objection


class AuthedRequest(HttpRequest):
    user: User


def is_superuser(user: Any) -> bool:
    return bool(user.is_active and user.is_superuser)


def require_staff(user: Any) -> None:
    if not (is_superuser(user) or membership_active_for_user(user).exists()):
        raise DjangoPermissionDenied(_("Halaman ini hanya untuk petugas badan publik."))


def bodies_handled(user: Any) -> QuerySet[PublicBody]:
    """Return the bodies whose objections the user records and whose register they open."""
    if is_superuser(user):
        return PublicBody.objects.order_by("name")
    return PublicBody.objects.filter(pk__in=selectors.objection_body_ids(user)).order_by("name")


def office_objection_or_404(user: Any, pk: int) -> Objection:
    try:
        return selectors.objection_get_for_user(user, pk, office=True)
    except NotFound as exc:
        # The same answer for missing and forbidden: the page never confirms it exists.
        raise Http404(exc.message) from exc


def detail_url(objection: Objection) -> str:
    return reverse("objections_office:detail", kwargs={"pk": objection.pk})


def no_store(response: HttpResponse) -> HttpResponse:
    # ASVS 14.3.2: pages with personal data are never cached.
    response["Cache-Control"] = "no-store"
    return response


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def apply_errors(forms_by_field: list[Any], exc: DomainError, fallback: Any) -> None:
    """Put a service error next to the field it names, else at the top of `fallback`."""
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
    """Turn stored clock inputs into dates a template can format."""
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
