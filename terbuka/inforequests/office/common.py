"""Scope of the officers' workspace: who sees which request, unit and body."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import is_superuser, membership_active_for_user
from terbuka.inforequests import selectors
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.states import Status

S = Status


def units_handled(user: Any) -> QuerySet[Unit]:
    """Units the user handles: every unit of a desk's body, else the user's own units."""
    units = Unit.objects.filter(is_active=True).select_related("body")
    if not is_superuser(user):
        units = units.filter(
            Q(body_id__in=selectors.desk_body_ids(user))
            | Q(pk__in=selectors.handler_unit_ids(user))
        )
    return units.order_by("body__name", "name")


def bodies_recordable(user: Any) -> QuerySet[PublicBody]:
    if is_superuser(user):
        return PublicBody.objects.order_by("name")
    body_ids = membership_active_for_user(user).values("unit__body_id")
    return PublicBody.objects.filter(pk__in=body_ids).order_by("name")


def office_request_or_404(user: Any, pk: int) -> InformationRequest:
    qs = selectors.request_office_visible_to(user).select_related(
        "body", "unit", "requester_identity", "requester", "recorded_by", "notice"
    )
    request = qs.filter(pk=pk).first()
    if request is None:
        # The same answer for missing and forbidden: the page never confirms a request exists.
        raise Http404(_("Permohonan informasi tidak ditemukan."))
    return request


def detail_url(info_request: InformationRequest) -> str:
    return reverse("office:detail", kwargs={"pk": info_request.pk})
