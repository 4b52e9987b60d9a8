"""The request register (buku register) pages, included by `office_urls` (namespace `office`)."""

from django.urls import URLPattern, URLResolver, path

from terbuka.inforequests import register_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("register/", register_views.register, name="register"),
    path("register/unduh/", register_views.register_export, name="register-export"),
]
