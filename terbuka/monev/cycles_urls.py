"""Cycles and participants' questionnaires of the monev back office (see `office.py`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from terbuka.monev import office

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.cycle_list, name="cycles"),
    path("baru/", office.cycle_new, name="cycle-new"),
    path("<int:pk>/", office.cycle_detail, name="cycle"),
    path("<int:pk>/tahap/", office.cycle_move, name="cycle-move"),
    path("<int:pk>/hitung/", office.cycle_compute, name="cycle-compute"),
    path("<int:pk>/rubrik.json", office.cycle_rubric, name="cycle-rubric"),
    path("<int:pk>/peserta/<slug:unit>/", office.questionnaire, name="questionnaire"),
    path("<int:pk>/bukti/<int:evidence_id>/", office.evidence_file, name="evidence"),
]
