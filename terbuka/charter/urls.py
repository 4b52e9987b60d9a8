"""The public service information under /layanan/ (namespace `charter`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from terbuka.charter import views

app_name = "charter"

urlpatterns: list[URLPattern] = [
    path("<slug:body_slug>/", views.detail, name="detail"),
    path("<slug:body_slug>/maklumat/<int:number>/", views.version, name="version"),
    path("<slug:body_slug>/prosedur/<slug:kind>/", views.procedure, name="procedure"),
]
