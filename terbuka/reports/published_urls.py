"""The published service reports under /laporan/ (namespace `reports`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.reports import published

app_name = "reports"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", published.body_list, name="bodies"),
    path("<slug:body_slug>/", published.body_reports, name="body"),
]
