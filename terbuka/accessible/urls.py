from django.urls import path

from terbuka.accessible import views

app_name = "accessible"

urlpatterns = [
    path("<slug:kind>/<int:pk>/transkrip/", views.transcript, name="transcript"),
    path("<slug:kind>/<int:pk>/<slug:fmt>/", views.file_download, name="file"),
]
