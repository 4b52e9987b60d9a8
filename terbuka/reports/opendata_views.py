"""The open-data pages under /data/: the catalogue, the downloads and the DCAT metadata.

Public and anonymous: every dataset holds only what the portal's public pages show
(`opendata`). Downloads may be fetched from any site (CORS `*`), as open data should.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from terbuka.bodies.models import PublicBody
from terbuka.reports import opendata
from terbuka.reports.opendata import DATASETS, FORMATS, Dataset, FilterError, Filters

JSONLD = "application/ld+json"


class FilterForm(forms.Form):
    """The catalogue's filters; `opendata.parse_filters` is the one place that checks them."""

    body = forms.CharField(label=_("Badan publik"), required=False)
    year = forms.CharField(
        label=_("Tahun"),
        required=False,
        max_length=4,
        help_text=_("Empat angka, misalnya 2025. Kosongkan untuk semua tahun."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 6}),
    )

    def __init__(self, *args: Any, bodies: list[PublicBody], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = Filters()
        choices = [("", _("Semua badan publik")), *((b.slug, b.name) for b in bodies)]
        self.fields["body"].widget = forms.Select(choices=choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self.filters = opendata.parse_filters(data.get("body"), data.get("year"))
        except FilterError as exc:
            self.add_error(exc.field, exc.message)
        return data


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _dataset_or_404(key: str) -> Dataset:
    dataset = DATASETS.get(key)
    if dataset is None:
        raise Http404(_("Dataset tidak ditemukan."))
    return dataset


def _open(response: HttpResponse | StreamingHttpResponse) -> None:
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"


@require_safe
def catalogue(request: HttpRequest) -> HttpResponse:
    """Every dataset with its columns, formats, licence and metadata; filters by body and year."""
    bodies = list(PublicBody.objects.order_by("name").only("pk", "slug", "name"))
    form = FilterForm(request.GET or None, bodies=bodies)
    filters = form.filters if form.is_bound and form.is_valid() else Filters()
    query = filters.query()
    datasets = [
        {"dataset": dataset, "extent": dataset.extent(filters), "formats": list(FORMATS)}
        for dataset in DATASETS.values()
    ]
    context = {
        "form": form,
        "filters": filters,
        "query": f"?{query}" if query else "",
        "datasets": datasets,
        "license_url": opendata.LICENSE_URL,
        "license_name": opendata.LICENSE_NAME,
        "publisher": opendata.walidata_name(),
    }
    return render(request, "reports/opendata/catalogue.html", context)


@require_safe
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """One dataset as CSV or JSON (streamed) or XLSX (a file), filtered by `?body=&year=`."""
    dataset = _dataset_or_404(key)
    try:
        filters = opendata.parse_filters(request.GET.get("body"), request.GET.get("year"))
    except FilterError as exc:
        return HttpResponse(exc.message, status=400, content_type="text/plain; charset=utf-8")
    rows = dataset.rows(filters, _base(request))
    filename = dataset.filename(filters, fmt)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "xlsx":
        response = FileResponse(
            opendata.xlsx_file(dataset, rows),
            as_attachment=True,
            filename=filename,
            content_type=FORMATS[fmt],
        )
    else:
        writer = opendata.csv_chunks if fmt == "csv" else opendata.json_chunks
        response = StreamingHttpResponse(writer(dataset.columns, rows), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    _open(response)
    return response


def _jsonld(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(
        data, content_type=JSONLD, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    _open(response)
    return response


@require_safe
def catalog_jsonld(request: HttpRequest) -> JsonResponse:
    """The `dcat:Catalog` of every dataset (DCAT, Satu Data Indonesia metadata)."""
    bodies = list(PublicBody.objects.order_by("name").only("pk", "slug", "name"))
    datasets = {key: (d, d.extent(Filters())) for key, d in DATASETS.items()}
    return _jsonld(opendata.catalogue_jsonld(datasets, opendata.Links(_base(request)), bodies))


@require_safe
def dataset_jsonld(request: HttpRequest, key: str) -> JsonResponse:
    """One `dcat:Dataset` with its distributions."""
    dataset = _dataset_or_404(key)
    bodies = list(PublicBody.objects.order_by("name").only("pk", "slug", "name"))
    node = opendata.dataset_jsonld(
        dataset, dataset.extent(Filters()), opendata.Links(_base(request)), bodies
    )
    return _jsonld({"@context": opendata.CONTEXT, **node})
