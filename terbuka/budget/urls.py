"""The public budget pages under /anggaran/ (namespace `budget`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from terbuka.budget import views

app_name = "budget"

urlpatterns: list[URLPattern | URLResolver] = [
    path("lihat/<int:pk>/", views.budget_detail, name="detail"),
    re_path(r"^lihat/(?P<pk>\d+)/anggaran\.(?P<fmt>csv|xlsx)$", views.budget_export, name="export"),
    path("<slug:body_slug>/", views.body_budgets, name="body"),
]
