"""The public search page under /cari/ (namespace `search`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.search import views

app_name = "search"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.search_index, name="index"),
]
