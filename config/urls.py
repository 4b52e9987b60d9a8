from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from config.api import api
from terbuka.core.health import healthz

urlpatterns: list[URLPattern | URLResolver] = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("akun/", include("allauth.urls")),
    path("akun/", include("terbuka.accounts.urls")),
    path("aksesibel/", include("terbuka.accessible.urls")),
    path("api/v1/", api.urls),
    path("kalender/", include("terbuka.calendars.urls")),
    path("kantor/permohonan/", include("terbuka.inforequests.office_urls")),
    path("kantor/keberatan/", include("terbuka.objections.office_urls")),
    path("kantor/dip/", include("terbuka.registry.office_urls")),
    path("kantor/monev/", include("terbuka.monev.office_urls")),
    path("kantor/anggaran/", include("terbuka.budget.office_urls")),
    path("kantor/laporan/", include("terbuka.reports.office_urls")),
    path("kantor/layanan/", include("terbuka.charter.office_urls")),
    path("kantor/", include("terbuka.bodies.urls")),
    path("permohonan/", include("terbuka.inforequests.urls")),
    path("keberatan/", include("terbuka.objections.urls")),
    path("cari/", include("terbuka.search.urls")),
    path("anggaran/", include("terbuka.budget.urls")),
    path("monev/", include("terbuka.monev.urls")),
    path("informasi/", include("terbuka.registry.urls")),
    path("layanan/", include("terbuka.charter.urls")),
    path("statistik/", include("terbuka.reports.stats_urls")),
    path("data/", include("terbuka.reports.opendata_urls")),
    path("laporan/", include("terbuka.reports.published_urls")),
    path("", include("terbuka.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
