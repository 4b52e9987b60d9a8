"""URLs of the reports app (namespace `opendata`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "opendata"

urlpatterns: list[URLPattern | URLResolver] = []
