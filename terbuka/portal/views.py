"""Public pages: a body's home, its unit list and unit profiles. The portal only reads."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import unit_officials
from terbuka.portal import selectors
from terbuka.portal.forms import UnitFilterForm

# Units of each kind listed on a body's home page before "see all".
BODY_PAGE_PER_KIND = 30
# Children listed on a unit's profile before "see all".
UNIT_PAGE_CHILDREN = 50
UNIT_LIST_PER_PAGE = 50
BODY_LIST_PER_PAGE = 50


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _body_or_404(slug: str) -> PublicBody:
    body = selectors.body_get_by_slug(slug)
    if body is None:
        raise Http404
    return body


def _render_body(request: HttpRequest, body: PublicBody) -> HttpResponse:
    overview = selectors.body_overview(body, per_kind=BODY_PAGE_PER_KIND)
    return render(request, "portal/body_detail.html", {"body": body, "overview": overview})


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The default body's home page, or the list of bodies when it does not exist."""
    body = selectors.body_get_by_slug(settings.TERBUKA_DEFAULT_BODY)
    if body is not None:
        return _render_body(request, body)
    page = Paginator(selectors.body_list_public(), BODY_LIST_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/home.html", {"page": page})


@require_safe
def body_detail(request: HttpRequest, body_slug: str) -> HttpResponse:
    return _render_body(request, _body_or_404(body_slug))


@require_safe
@vary_on_headers("HX-Request")
def unit_list(request: HtmxHttpRequest, body_slug: str) -> HttpResponse:
    """Search a body's units; htmx requests get only the results fragment."""
    body = _body_or_404(body_slug)
    form = UnitFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    parent = None
    if filters.get("parent"):
        parent = selectors.unit_get_public(body, filters["parent"])
    units = selectors.unit_search(
        body, q=filters.get("q", ""), kind=filters.get("kind", ""), parent=parent
    )
    page = Paginator(units, UNIT_LIST_PER_PAGE).get_page(request.GET.get("page"))
    context = {"body": body, "form": form, "page": page, "parent": parent}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "portal/partials/_unit_results.html", context)
    return render(request, "portal/unit_list.html", context)


@require_safe
def unit_detail(request: HttpRequest, body_slug: str, unit_slug: str) -> HttpResponse:
    """A unit's public profile: officials, contacts, service hours, place in the tree."""
    body = _body_or_404(body_slug)
    unit = selectors.unit_get_public(body, unit_slug)
    if unit is None:
        raise Http404
    children, children_total = selectors.unit_children(unit, limit=UNIT_PAGE_CHILDREN)
    context = {
        "body": body,
        "unit": unit,
        "officials": unit_officials(unit),
        "ancestors": selectors.unit_ancestors(unit),
        "children": children,
        "children_total": children_total,
    }
    return render(request, "portal/unit_detail.html", context)
