"""The officers' service-report pages under /kantor/laporan/ (namespace `reports_office`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.reports import office

app_name = "reports_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.report_list, name="list"),
    path("buat/", office.report_new, name="request"),
    path("narasi/", office.narrative_edit, name="narrative"),
    path("<int:pk>/", office.report_detail, name="detail"),
]
