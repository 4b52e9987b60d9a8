"""The public monev pages under /monev/ (namespace `monev`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.monev import views

app_name = "monev"

urlpatterns: list[URLPattern | URLResolver] = [
    path("hasil/<int:pk>/", views.cycle_results, name="results"),
    path(
        "hasil/<int:pk>/sertifikat/<slug:unit>.pdf",
        views.result_certificate,
        name="certificate",
    ),
    path("<slug:body_slug>/", views.body_monev, name="body"),
]
