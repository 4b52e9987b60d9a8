"""Verification, contests, results, improvement plans and coordination meetings of the monev
back office (included by `office_urls.py` under the `monev_office` namespace)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.monev import evaluation

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/verifikasi/", evaluation.verification, name="verification"),
    path("<int:pk>/verifikasi/<slug:unit>/", evaluation.verify, name="verify"),
    path("<int:pk>/sanggah/<slug:unit>/", evaluation.contest, name="contest"),
    path("<int:pk>/hasil/", evaluation.results, name="results"),
    path("<int:pk>/hasil.csv", evaluation.results_csv, name="results-csv"),
    path("<int:pk>/rencana/<slug:unit>/", evaluation.plan, name="plan"),
    path("rapat/", evaluation.meetings, name="meetings"),
    path("rapat/baru/", evaluation.meeting_new, name="meeting-new"),
    path("rapat/<int:pk>/", evaluation.meeting, name="meeting"),
]
