from django.urls import path

from terbuka.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("b/<slug:body_slug>/", views.body_detail, name="body-detail"),
    path("b/<slug:body_slug>/unit/", views.unit_list, name="unit-list"),
    path("b/<slug:body_slug>/unit/<slug:unit_slug>/", views.unit_detail, name="unit-detail"),
]
