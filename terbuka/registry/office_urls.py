"""The DIP back office under /kantor/dip/ (namespace `registry_office`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from terbuka.registry import office

app_name = "registry_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.entry_list, name="list"),
    path("baru/", office.entry_new, name="new"),
    path("<int:pk>/", office.entry_detail, name="entry"),
    path("<int:pk>/ubah/", office.entry_edit, name="edit"),
    path("<int:pk>/<slug:action>/", office.entry_action, name="action"),
    path("versi/<int:pk>/unduh/", office.version_download, name="version-download"),
    path("impor/<slug:body_slug>/", office.dip_import, name="import"),
    re_path(
        r"^ekspor/(?P<body_slug>[-a-zA-Z0-9_]+)\.(?P<fmt>csv|xlsx)$",
        office.dip_export,
        name="export",
    ),
    path("uji/", office.test_list, name="tests"),
    path("uji/baru/", office.test_new, name="test-new"),
    path("uji/<int:pk>/", office.test_detail, name="test"),
    path("uji/<int:pk>/ubah/", office.test_edit, name="test-edit"),
    path("uji/<int:pk>/pdf/", office.test_pdf, name="test-pdf"),
    path("uji/<int:pk>/<slug:action>/", office.test_action, name="test-action"),
]
