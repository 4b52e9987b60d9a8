"""URLs of the reports app (namespace `reports_office`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "reports_office"

urlpatterns: list[URLPattern | URLResolver] = []
