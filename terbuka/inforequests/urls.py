from django.urls import URLPattern, URLResolver, path

from terbuka.inforequests import views

app_name = "inforequests"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ajukan/", views.create, name="create"),
    path("saya/", views.mine, name="mine"),
    path("arsip/", views.archive, name="archive"),
    path("arsip/<int:pk>/", views.archive_detail, name="archive-detail"),
    path(
        "arsip/<int:pk>/dokumen/<int:doc_pk>/",
        views.archive_document,
        name="archive-document",
    ),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tanda-bukti.pdf", views.receipt, name="receipt"),
    path("<int:pk>/cabut/", views.withdraw, name="withdraw"),
    path("<int:pk>/lengkapi/", views.complete, name="complete"),
    path("<int:pk>/arsip/", views.publish, name="publish"),
    path("<int:pk>/pemberitahuan.pdf", views.notice_pdf, name="notice-pdf"),
]
