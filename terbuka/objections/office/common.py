"""Shared pieces of the objections workspace: scope, responses, errors, form tokens."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import is_superuser
from terbuka.core.exceptions import NotFound
from terbuka.core.web import apply_errors as apply_errors
from terbuka.core.web import clock_view as clock_view
from terbuka.core.web import no_store as no_store
from terbuka.core.web import see_other as see_other
from terbuka.objections import selectors
from terbuka.objections.models import Objection


class AuthedRequest(HttpRequest):
    user: User


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
