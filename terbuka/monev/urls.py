"""The public monev pages under /monev/ (namespace `monev`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "monev"

urlpatterns: list[URLPattern | URLResolver] = []
