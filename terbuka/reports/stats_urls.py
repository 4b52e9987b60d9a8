"""The public statistics pages under /statistik/ (namespace `stats`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.reports import views

app_name = "stats"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.stats_index, name="index"),
    path("<slug:body_slug>/", views.stats_body, name="body"),
    path("<slug:body_slug>/<slug:unit_slug>/", views.stats_unit, name="unit"),
]
