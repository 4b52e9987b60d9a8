"""Cycles and participants' questionnaires of the monev back office (see `office.py`)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path, re_path

from terbuka.monev import library, office

urlpatterns: list[URLPattern | URLResolver] = [
    path("", office.cycle_list, name="cycles"),
    path("baru/", office.cycle_new, name="cycle-new"),
    path("<int:pk>/", office.cycle_detail, name="cycle"),
    path("<int:pk>/tahap/", office.cycle_move, name="cycle-move"),
    path("<int:pk>/hitung/", office.cycle_compute, name="cycle-compute"),
    path("<int:pk>/jadwal/", office.cycle_reschedule, name="cycle-reschedule"),
    path("<int:pk>/rubrik.json", office.cycle_rubric, name="cycle-rubric"),
    path("<int:pk>/peserta/<slug:unit>/", office.questionnaire, name="questionnaire"),
    path("<int:pk>/bukti/<int:evidence_id>/", office.evidence_file, name="evidence"),
    path("rubrik/", library.rubrics, name="rubrics"),
    re_path(
        r"^rubrik/(?P<pk>\d+)\.(?P<fmt>json|xlsx)$",
        library.rubric_download,
        name="rubric-download",
    ),
    path("riwayat/", library.history, name="history"),
    path("riwayat/templat.csv", library.history_template, name="history-template"),
]
