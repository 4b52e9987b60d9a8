"""The officers' workspace under /kantor/permohonan/ (namespace `office`)."""

from django.urls import URLPattern, URLResolver, path

from terbuka.inforequests import register_urls
from terbuka.inforequests.office import detail, documents, inbox, record, settings
from terbuka.inforequests.office.actions import ACTIONS

app_name = "office"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", inbox.inbox, name="inbox"),
    path("catat/", record.record, name="record"),
    path("pengaturan/<slug:body_slug>/", settings.request_settings, name="settings"),
    path("<int:pk>/", detail.detail, name="detail"),
    path(
        "<int:pk>/dokumen/<int:doc_pk>/kesampingkan/",
        documents.document_override,
        name="document-override",
    ),
    path(
        "<int:pk>/dokumen/<int:doc_pk>/tarik/",
        documents.document_withdraw,
        name="document-withdraw",
    ),
    # One POST endpoint per action, e.g. office:route at <pk>/disposisi/.
    *(
        path(f"<int:pk>/{action.path}/", detail.act, {"name": action.name}, name=action.name)
        for action in ACTIONS
    ),
    *register_urls.urlpatterns,
]
