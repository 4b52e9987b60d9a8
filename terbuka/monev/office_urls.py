"""The monev back office under /kantor/monev/ (namespace `monev_office`).

Cycles and questionnaires (`cycles_urls.py`) and evaluation, results, plans and meetings
(`evaluation_urls.py`) share the namespace.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from terbuka.monev import cycles_urls, evaluation_urls

app_name = "monev_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(cycles_urls.urlpatterns)),
    path("", include(evaluation_urls.urlpatterns)),
]
