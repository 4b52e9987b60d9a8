"""The service-information back office under /kantor/layanan/ (namespace `charter_office`)."""

from __future__ import annotations

from django.urls import URLPattern, path

from terbuka.charter import office

app_name = "charter_office"

urlpatterns: list[URLPattern] = [
    path("<slug:body_slug>/", office.home, name="home"),
    path("<slug:body_slug>/maklumat/", office.charter_edit, name="charter-edit"),
    path("<slug:body_slug>/prosedur/<slug:kind>/", office.procedure_edit, name="procedure-edit"),
    path("<slug:body_slug>/jam/", office.hours_edit, name="hours-edit"),
    path("<slug:body_slug>/biaya/", office.fees_edit, name="fees-edit"),
]
