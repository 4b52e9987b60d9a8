"""Public pages: a body's home (the front door), its unit list and unit profiles, and their
feeds. The portal only reads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.middleware import HtmxDetails

from terbuka.bodies.models import PublicBody, Unit
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


def _unit_or_404(body: PublicBody, slug: str) -> Unit:
    unit = selectors.unit_get_public(body, slug)
    if unit is None:
        raise Http404
    return unit


FEED_KEYS: tuple[str, ...] = ("entries-rss", "entries-atom", "answers-rss", "answers-atom")


def _feed_urls(body: PublicBody, unit: Unit | None = None) -> dict[str, str]:
    """Return the URLs of the four feeds of a body, or of one of its units."""
    if unit is None:
        return {
            key.replace("-", "_"): reverse(f"portal:feed-{key}", args=[body.slug])
            for key in FEED_KEYS
        }
    return {
        key.replace("-", "_"): reverse(f"portal:unit-feed-{key}", args=[body.slug, unit.slug])
        for key in FEED_KEYS
    }


def _list_urls(body: PublicBody, unit: Unit | None = None) -> dict[str, str]:
    """Return the full DIP list and the archive, filtered to the body (or the unit's DIP)."""
    dip = reverse("registry:body", args=[body.slug])
    return {
        "dip_url": dip if unit is None else f"{dip}?unit={unit.pk}",
        "archive_url": f"{reverse('inforequests:archive')}?{urlencode({'badan': body.slug})}",
    }


def _render_body(request: HttpRequest, body: PublicBody) -> HttpResponse:
    """A body's front door: how to ask, announcements, newest information and answers,
    figures at a glance, and its units. A fixed number of queries at any size."""
    year = timezone.localdate().year
    entries, serta_merta = selectors.entry_rows_for_front(body)
    context = {
        "body": body,
        "overview": selectors.body_overview(body, per_kind=BODY_PAGE_PER_KIND),
        "entries": entries,
        "serta_merta_body": serta_merta,
        "blocks": selectors.front_blocks_for_body(body, year=year),
        "year": year,
        "feeds": _feed_urls(body),
        **_list_urls(body),
    }
    return render(request, "portal/body_detail.html", context)


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
    """A unit's public profile: officials, contacts, service hours, place in the tree, and
    its newest information and answers."""
    body = _body_or_404(body_slug)
    unit = _unit_or_404(body, unit_slug)
    children, children_total = selectors.unit_children(unit, limit=UNIT_PAGE_CHILDREN)
    context = {
        "body": body,
        "unit": unit,
        "officials": unit_officials(unit),
        "ancestors": selectors.unit_ancestors(unit),
        "children": children,
        "children_total": children_total,
        "blocks": selectors.front_blocks_for_unit(body, unit),
        "feeds": _feed_urls(body, unit),
        **_list_urls(body, unit),
    }
    return render(request, "portal/unit_detail.html", context)
