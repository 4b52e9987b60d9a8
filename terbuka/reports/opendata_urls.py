"""The open-data pages under /data/ (namespace `opendata`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from terbuka.reports import opendata_views as views

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.catalogue, name="catalogue"),
    path("catalog.jsonld", views.catalog_jsonld, name="catalog-jsonld"),
    re_path(r"^(?P<key>[a-z0-9_-]+)\.jsonld$", views.dataset_jsonld, name="dataset-jsonld"),
    re_path(r"^(?P<key>[a-z0-9_-]+)\.(?P<fmt>csv|json|xlsx)$", views.download, name="download"),
]
