"""The public search page, /cari/: one form, ranked results with snippets, a keyset "next" link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from terbuka.bodies.models import PublicBody, Unit
from terbuka.core.exceptions import ValidationError
from terbuka.registry.models import InfoClass
from terbuka.search import selectors
from terbuka.search.engines import parse_query
from terbuka.search.models import SearchEntry

# The year filter goes back to UU 14/2008 itself; older documents are still found by text.
FIRST_YEAR = 2008


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 (narrows the type)
    return field


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Kata kunci"),
        max_length=selectors.QUERY_MAX_LENGTH,
        required=False,
        help_text=_(
            'Semua kata harus ada. Gunakan "tanda kutip" untuk frasa dan bintang untuk awalan, '
            "mis. anggar*."
        ),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    body = forms.ChoiceField(label=_("Badan publik"), required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    type = forms.ChoiceField(
        label=_("Jenis hasil"),
        required=False,
        choices=[("", _("Semua jenis")), *SearchEntry.Kind.choices],
    )
    year = forms.TypedChoiceField(label=_("Tahun"), required=False, coerce=int, empty_value=None)
    # Checked by the selector, which answers a bad cursor with a message of its own.
    cursor = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def __init__(self, data: Any, *, bodies: list[PublicBody], units: list[Unit]) -> None:
        super().__init__(data)
        _choice_field(self, "body").choices = [
            ("", _("Semua badan publik")),
            *((b.slug, b.name) for b in bodies),
        ]
        _choice_field(self, "unit").choices = [
            ("", _("Semua unit")),
            *((str(u.pk), u.name) for u in units),
        ]
        # `class` is the API's name for the filter too; a keyword, so it is added here.
        self.fields["class"] = forms.ChoiceField(
            label=_("Klasifikasi informasi"),
            required=False,
            choices=[("", _("Semua klasifikasi")), *InfoClass.choices],
        )
        this_year = timezone.localdate().year
        _choice_field(self, "year").choices = [("", _("Semua tahun"))] + [
            (str(y), str(y)) for y in range(this_year + 1, FIRST_YEAR - 1, -1)
        ]
        self.order_fields(["q", "body", "unit", "type", "class", "year"])


def _units_for(request: HttpRequest, bodies: list[PublicBody]) -> list[Unit]:
    """Return the units offered: those of the chosen body, or of the only one."""
    slug = request.GET.get("body", "")
    body = next((b for b in bodies if b.slug == slug), None)
    if body is None and len(bodies) == 1:
        body = bodies[0]
    if body is None:
        return []
    raw_unit = request.GET.get("unit", "")
    selected = int(raw_unit) if raw_unit.isdigit() and len(raw_unit) < 19 else None
    return selectors.unit_options(body.pk, selected=selected)


@require_safe
def search_index(request: HttpRequest) -> HttpResponse:
    """Search published information: the form, then ranked hits for its terms."""
    bodies = selectors.body_options()
    units = _units_for(request, bodies)
    form = SearchForm(request.GET or None, bodies=bodies, units=units)
    context: dict[str, Any] = {"form": form, "units": units, "candidates": selectors.CANDIDATES}
    status = 200
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        context.update(
            query=data["q"].strip(),
            searchable=bool(parse_query(data["q"])),
            is_later_page=bool(data["cursor"]),
            first_query=_query_string(request, None),
        )
        try:
            page = selectors.search(
                q=data["q"],
                body=data["body"] or None,
                unit_id=int(data["unit"]) if data["unit"] else None,
                kind=data["type"] or None,
                info_class=data["class"] or None,
                year=data["year"],
                cursor=data["cursor"] or None,
            )
        except ValidationError:
            context["cursor_error"], status = True, 400
        else:
            labels = dict(InfoClass.choices)
            context.update(
                page=page,
                rows=[(hit, labels.get(hit.info_class, "")) for hit in page.results],
                next_query=_query_string(request, page.next_cursor),
            )
    return render(request, "search/index.html", context, status=status)


def _query_string(request: HttpRequest, cursor: str | None) -> str:
    """Return the query string of this search with `cursor` (or none, for the first page)."""
    params = request.GET.copy()
    params.pop("cursor", None)
    if cursor:
        params["cursor"] = cursor
    return params.urlencode()
