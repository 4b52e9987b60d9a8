from django.urls import path

from terbuka.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("libur/", views.holiday_list, name="holiday-list"),
    path("libur/<int:year>/", views.holiday_list, name="holiday-list"),
    path("kelola/", views.holiday_manage, name="holiday-manage"),
    path("kelola/tambah/", views.holiday_create, name="holiday-create"),
    path("kelola/isi-dari-paket/", views.holiday_seed, name="holiday-seed"),
    path("kelola/<int:pk>/ubah/", views.holiday_edit, name="holiday-edit"),
    path("kelola/<int:pk>/batalkan/", views.holiday_cancel, name="holiday-cancel"),
    path("kelola/<int:pk>/pulihkan/", views.holiday_restore, name="holiday-restore"),
    path("kelola/<int:pk>/hapus/", views.holiday_delete, name="holiday-delete"),
]
