"""The public DIP under /informasi/ (namespace `registry`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from terbuka.registry import views

app_name = "registry"

urlpatterns: list[URLPattern | URLResolver] = [
    path("unduh/<int:pk>/", views.download, name="download"),
    path("<slug:body_slug>/", views.body_dip, name="body"),
    path("<slug:body_slug>/dikecualikan/", views.exempt_list, name="exempt"),
    re_path(
        r"^(?P<body_slug>[-a-zA-Z0-9_]+)/dip\.(?P<fmt>csv|xlsx)$",
        views.public_export,
        name="export",
    ),
    path("<slug:body_slug>/<int:number>/", views.entry_detail, name="entry"),
]
