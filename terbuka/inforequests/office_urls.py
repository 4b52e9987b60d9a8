"""The officers' workspace under /kantor/permohonan/ (namespace `office`)."""

from django.urls import URLPattern, URLResolver, path

from terbuka.inforequests import register_urls
from terbuka.inforequests.office import detail, inbox, record, settings
from terbuka.inforequests.office.actions import ACTIONS

app_name = "office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", inbox.inbox, name="inbox"),
    path("catat/", record.record, name="record"),
    path("pengaturan/<slug:body_slug>/", settings.request_settings, name="settings"),
    path("<int:pk>/", detail.detail, name="detail"),
    # One POST endpoint per action, e.g. office:route at <pk>/disposisi/.
    *(
        path(f"<int:pk>/{action.path}/", detail.act, {"name": action.name}, name=action.name)
        for action in ACTIONS
    ),
    *register_urls.urlpatterns,
]
