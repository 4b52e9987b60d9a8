"""Account pages under /akun/, beside allauth's (login/, signup/, logout/, password/, email/,
confirm-email/, reauthenticate/, 2fa/ ...); these use Indonesian paths, so they never clash."""

from django.urls import URLPattern, path

from terbuka.accounts import area_views, views

app_name = "accounts"

urlpatterns: list[URLPattern] = [
    path("profil/", views.profile, name="profile"),
    path("saya/", area_views.dashboard, name="dashboard"),
    path("pemberitahuan/", area_views.notification_settings, name="notifications"),
    path("hapus-akun/", area_views.account_delete, name="account-delete"),
    path("identitas/<int:pk>/hapus/", area_views.identity_delete, name="identity-delete"),
    path(
        "identitas/<int:pk>/hapus-berkas/",
        area_views.identity_document_delete,
        name="identity-document-delete",
    ),
    path("identitas/baru/", views.identity_create, name="identity-create"),
    path("identitas/<int:pk>/ubah/", views.identity_update, name="identity-update"),
    path("identitas/<int:pk>/pindaian/", views.identity_ktp, name="identity-ktp"),
    path(
        "identitas/<int:pk>/surat-kuasa/",
        views.identity_power_of_attorney,
        name="identity-power-of-attorney",
    ),
    path("identitas/<int:pk>/buka/", views.identity_reveal, name="identity-reveal"),
    path("token/", views.token_create, name="token-create"),
    path("token/<int:pk>/cabut/", views.token_revoke, name="token-revoke"),
]
