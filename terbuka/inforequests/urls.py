from django.urls import URLPattern, URLResolver, path

from terbuka.inforequests import views

app_name = "inforequests"

urlpatterns: list[URLPattern | URLResolver] = [
    path("ajukan/", views.create, name="create"),
    path("saya/", views.mine, name="mine"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tanda-bukti.pdf", views.receipt, name="receipt"),
    path("<int:pk>/cabut/", views.withdraw, name="withdraw"),
]
