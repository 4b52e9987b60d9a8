"""The objections workspace under /kantor/keberatan/ (namespace `objections_office`)."""

from django.urls import URLPattern, URLResolver, path

from terbuka.objections.office import detail, inbox, record, register_views
from terbuka.objections.office.actions import ACTIONS

app_name = "objections_office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", inbox.objection_list, name="list"),
    path("catat/", record.record, name="record"),
    path("register/<slug:body_slug>/", register_views.objection_register, name="register"),
    path(
        "register/<slug:body_slug>/unduh/",
        register_views.objection_register_export,
        name="register-export",
    ),
    path("<int:pk>/", detail.detail, name="detail"),
    # One POST endpoint per action, e.g. objections_office:answer at <pk>/tanggapan/.
    *(
        path(f"<int:pk>/{action.path}/", detail.act, {"name": action.name}, name=action.name)
        for action in ACTIONS
    ),
]
