from django.urls import URLPattern, path

from terbuka.bodies import views

app_name = "bodies"

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("<slug:body_slug>/ubah/", views.body_edit, name="body-edit"),
    path("<slug:body_slug>/unit/", views.unit_list, name="unit-list"),
    path("<slug:body_slug>/unit/tambah/", views.unit_create, name="unit-create"),
    path("<slug:body_slug>/unit/<slug:unit_slug>/ubah/", views.unit_edit, name="unit-edit"),
    path("<slug:body_slug>/unit/<slug:unit_slug>/pindah/", views.unit_move, name="unit-move"),
    path(
        "<slug:body_slug>/unit/<slug:unit_slug>/nonaktifkan/",
        views.unit_deactivate,
        name="unit-deactivate",
    ),
    path(
        "<slug:body_slug>/unit/<slug:unit_slug>/aktifkan/",
        views.unit_reactivate,
        name="unit-reactivate",
    ),
    path("<slug:body_slug>/anggota/", views.membership_list, name="membership-list"),
    path("<slug:body_slug>/anggota/tambah/", views.membership_grant, name="membership-grant"),
    path(
        "<slug:body_slug>/anggota/<int:membership_id>/cabut/",
        views.membership_revoke,
        name="membership-revoke",
    ),
]
