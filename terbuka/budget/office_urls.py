"""The officers' budget pages under /kantor/anggaran/ (namespace `budget_office`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.budget import office

app_name = "budget_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.budget_list, name="list"),
    path("unggah/", office.upload, name="upload"),
    path("impor/<int:pk>/", office.import_detail, name="import"),
    path("impor/<int:pk>/berkas/", office.import_file, name="import-file"),
    path("dokumen/<int:pk>/", office.document_detail, name="document"),
    path("dokumen/<int:pk>/terbitkan/", office.document_release, name="document-release"),
    path("dokumen/<int:pk>/tarik/", office.document_withdraw, name="document-withdraw"),
]
