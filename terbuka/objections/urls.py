"""The requester's objection pages under /keberatan/ (namespace `objections`)."""

from django.urls import URLPattern, URLResolver, path

from terbuka.objections import views

app_name = "objections"

urlpatterns: list[URLPattern | URLResolver] = [
    path("saya/", views.mine, name="mine"),
    path("ajukan/<int:request_id>/", views.file, name="file"),
    path("ajukan-berkala/", views.file_periodic, name="file-periodic"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tanda-terima.pdf", views.receipt_pdf, name="receipt-pdf"),
    path("<int:pk>/tanggapan.pdf", views.response_pdf, name="response-pdf"),
    path("<int:pk>/cabut/", views.withdraw, name="withdraw"),
    path("<int:pk>/tanggapan-saya/", views.respond, name="respond"),
    path("<int:pk>/sengketa/", views.dispute_file, name="dispute-file"),
]
