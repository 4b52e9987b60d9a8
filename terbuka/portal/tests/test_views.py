from __future__ import annotations

from typing import Any

import pytest
from django.conf import LazySettings
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.portal import views

pytestmark = pytest.mark.django_db

# Query budgets (quality.md B1: <= 8 SQL queries per public page, constant in the unit count),
# on a cold cache: the front door's cached blocks cost 3 queries on a body's home (answers,
# statistics, monev) and 2 on a unit's page (entries, answers); warm figures in test_front.py.
HOME_QUERIES = 8
BODY_QUERIES = 8
UNIT_LIST_QUERIES = 3
UNIT_QUERIES = 7


def make_city(*, opd: int = 3, kecamatan: int = 2, kelurahan: int = 3) -> PublicBody:
    """A city with a PPID Utama, OPD and kecamatan with kelurahan under them."""
    city: PublicBody = PublicBodyFactory.create(
        name="Pemerintah Kota Contoh",
        slug="kota-contoh",
        description="Kota contoh untuk uji portal.",
        address="Jl. Contoh No. 1",
        phone="(0254) 123456",
        email="ppid@contoh.go.id",
        website="https://contoh.go.id",
    )
    utama = UnitFactory(
        body=city,
        kind=Unit.Kind.PPID_UTAMA,
        name="PPID Utama Kota Contoh",
        slug="ppid-utama",
        ppid_name="Budi Santoso",
        ppid_position="Kepala Dinas Komunikasi dan Informatika",
        atasan_name="Siti Aminah",
        atasan_position="Sekretaris Daerah",
        service_hours="Senin-Jumat 08.00-16.00",
    )
    for i in range(opd):
        UnitFactory(body=city, parent=utama, kind=Unit.Kind.OPD, name=f"Dinas {i:03d}")
    for k in range(kecamatan):
        kec = UnitFactory(
            body=city,
            parent=utama,
            kind=Unit.Kind.KECAMATAN,
            name=f"Kecamatan {k:02d}",
            slug=f"kecamatan-{k:02d}",
            code=f"99.01.{k:02d}",
        )
        for j in range(kelurahan):
            UnitFactory(
                body=city,
                parent=kec,
                kind=Unit.Kind.KELURAHAN,
                name=f"Kelurahan {k:02d}-{j:02d}",
                slug=f"kelurahan-{k:02d}-{j:02d}",
                code=f"99.01.{k:02d}.{1000 + j}",
            )
    return city


@pytest.fixture
def city() -> PublicBody:
    return make_city()


# --- home ---------------------------------------------------------------------------------


def test_home_shows_default_body(client: Client, city: PublicBody, settings: LazySettings) -> None:
    settings.TERBUKA_DEFAULT_BODY = "kota-contoh"

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Pemerintah Kota Contoh</h1>" in html
    assert "PPID Utama Kota Contoh" in html
    assert 'aria-current="page">Beranda</a>' in html


def test_home_lists_bodies_without_default_body(
    client: Client, city: PublicBody, settings: LazySettings
) -> None:
    settings.TERBUKA_DEFAULT_BODY = "tidak-ada"
    PublicBodyFactory(name="Pemerintah Provinsi Contoh", slug="prov-contoh")

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Layanan informasi publik</h1>" in html
    assert '<a href="/b/kota-contoh/">Pemerintah Kota Contoh</a>' in html
    assert '<a href="/b/prov-contoh/">Pemerintah Provinsi Contoh</a>' in html


def test_home_empty_state(client: Client, settings: LazySettings) -> None:
    settings.TERBUKA_DEFAULT_BODY = "tidak-ada"

    response = client.get("/")

    assert response.status_code == 200
    assert "Belum ada badan publik" in response.content.decode()


def test_home_refuses_post(client: Client) -> None:
    assert client.post("/").status_code == 405


# --- body page ----------------------------------------------------------------------------


def test_body_page_shows_contacts_ppid_and_units(client: Client, city: PublicBody) -> None:
    response = client.get(reverse("portal:body-detail", args=["kota-contoh"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Santoso" in html
    assert "Kepala Dinas Komunikasi dan Informatika" in html
    assert "Siti Aminah" in html
    assert "Senin-Jumat 08.00-16.00" in html
    assert '<a href="tel:(0254)123456">(0254) 123456</a>' in html
    assert '<a href="mailto:ppid@contoh.go.id">ppid@contoh.go.id</a>' in html
    assert "Dinas 000" in html
    assert "Dinas 002" in html


def test_body_page_nests_kelurahan_under_kecamatan(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/").content.decode()

    kec = html.index('<a href="/b/kota-contoh/unit/kecamatan-00/">Kecamatan 00</a>')
    nested = html.index('<ul class="sub" aria-label="Unit di bawah Kecamatan 00">')
    kel = html.index('<a href="/b/kota-contoh/unit/kelurahan-00-02/">Kelurahan 00-02</a>')
    assert kec < nested < kel


def test_body_page_links_to_full_list_when_a_kind_has_many_units(
    client: Client, settings: LazySettings
) -> None:
    make_city(opd=views.BODY_PAGE_PER_KIND + 2, kecamatan=1, kelurahan=0)

    html = client.get("/b/kota-contoh/").content.decode()

    assert f"Dinas {views.BODY_PAGE_PER_KIND - 1:03d}" in html
    assert f"Dinas {views.BODY_PAGE_PER_KIND:03d}" not in html
    assert (
        f'<a href="/b/kota-contoh/unit/?kind=opd">Lihat semua {views.BODY_PAGE_PER_KIND + 2} '
        "unit Perangkat daerah (OPD)</a>"
    ) in html


def test_body_page_without_units(client: Client) -> None:
    PublicBodyFactory(name="Badan Kosong", slug="kosong")

    response = client.get("/b/kosong/")

    assert response.status_code == 200
    assert "Badan publik ini belum mendaftarkan unit PPID." in response.content.decode()


def test_unknown_body_is_404_with_friendly_page(client: Client) -> None:
    response = client.get("/b/tidak-ada/")

    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


def test_inactive_units_are_not_public(client: Client, city: PublicBody) -> None:
    Unit.objects.filter(slug="kecamatan-01").update(is_active=False)

    body_html = client.get("/b/kota-contoh/").content.decode()
    list_html = client.get("/b/kota-contoh/unit/?q=Kecamatan").content.decode()

    assert "Kecamatan 01" not in body_html
    assert "Kecamatan 01" not in list_html
    assert client.get("/b/kota-contoh/unit/kecamatan-01/").status_code == 404


def test_public_pages_never_show_members(client: Client, unit_officer: Any) -> None:
    for url in ["/b/kota-uji/", "/b/kota-uji/unit/", "/b/kota-uji/unit/dinkes/"]:
        html = client.get(url).content.decode()
        assert "pelaksana@example.test" not in html
        assert str(unit_officer.full_name) not in html


# --- unit list ----------------------------------------------------------------------------


def test_unit_list_searches_by_name(client: Client, city: PublicBody) -> None:
    response = client.get("/b/kota-contoh/unit/", {"q": "kelurahan 01-"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "3 unit ditemukan." in html
    assert "Kelurahan 01-00" in html
    assert "Kelurahan 00-00" not in html
    assert 'value="kelurahan 01-"' in html


def test_unit_list_searches_by_code_prefix(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/", {"q": "99.01.00"}).content.decode()

    assert "4 unit ditemukan." in html
    assert "Kelurahan 01-00" not in html


def test_unit_list_filters_by_kind(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/", {"kind": "kecamatan"}).content.decode()

    assert "2 unit ditemukan." in html
    assert '<option value="kecamatan" selected>Kecamatan</option>' in html
    assert "Dinas 000" not in html


def test_unit_list_filters_by_parent(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/", {"parent": "kecamatan-00"}).content.decode()

    assert "<h1>Unit di bawah Kecamatan 00</h1>" in html
    assert "3 unit ditemukan." in html
    assert "Kelurahan 01-00" not in html


def test_unit_list_rejects_unknown_kind(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/", {"kind": "planet"}).content.decode()

    assert (
        "Masukkan pilihan yang valid. planet bukan salah satu dari pilihan yang tersedia." in html
    )
    assert 'aria-invalid="true" aria-describedby="id_kind_error"' in html


def test_unit_list_no_results(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/", {"q": "zzz"}).content.decode()

    assert "Tidak ada unit yang cocok." in html


def test_unit_list_paginates(client: Client) -> None:
    make_city(opd=views.UNIT_LIST_PER_PAGE + 5, kecamatan=0)

    first = client.get("/b/kota-contoh/unit/", {"kind": "opd"}).content.decode()
    second = client.get("/b/kota-contoh/unit/", {"kind": "opd", "page": "2"}).content.decode()

    assert "Halaman 1 dari 2" in first
    assert 'href="?kind=opd&amp;page=2" rel="next"' in first
    assert "Dinas 054" in second
    assert "Dinas 000" not in second


def test_unit_list_htmx_returns_results_fragment(client: Client, city: PublicBody) -> None:
    response = client.get("/b/kota-contoh/unit/", {"q": "Dinas"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert '<span id="unit-status" hx-swap-oob="innerHTML">3 unit ditemukan.</span>' in html
    assert "Dinas 001" in html
    assert "HX-Request" in response["Vary"]


def test_unit_list_htmx_history_restore_gets_full_page(client: Client, city: PublicBody) -> None:
    response = client.get(
        "/b/kota-contoh/unit/",
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_unit_list_of_unknown_body_is_404(client: Client) -> None:
    assert client.get("/b/tidak-ada/unit/").status_code == 404


# --- unit page ----------------------------------------------------------------------------


def test_unit_page_shows_profile(client: Client, city: PublicBody) -> None:
    Unit.objects.filter(slug="kelurahan-00-01").update(
        ppid_name="Rina Wati",
        ppid_position="Sekretaris Kelurahan",
        atasan_name="Ahmad Fauzi",
        atasan_position="Lurah",
        address="Jl. Kelurahan No. 2",
        phone="0254 999",
        email="kel0001@contoh.go.id",
        website="https://kel.contoh.go.id",
        service_hours="Senin-Kamis 08.00-15.30\nJumat 08.00-11.30",
    )

    response = client.get("/b/kota-contoh/unit/kelurahan-00-01/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Kelurahan 00-01</h1>" in html
    assert "Rina Wati" in html
    assert "Sekretaris Kelurahan" in html
    assert "Ahmad Fauzi" in html
    assert "Jl. Kelurahan No. 2" in html
    assert '<a href="mailto:kel0001@contoh.go.id">kel0001@contoh.go.id</a>' in html
    assert "Senin-Kamis 08.00-15.30<br>Jumat 08.00-11.30" in html
    assert "<code>99.01.00.1001</code>" in html
    breadcrumbs = html[html.index('class="breadcrumbs"') :]
    assert breadcrumbs.index("Pemerintah Kota Contoh") < breadcrumbs.index("PPID Utama Kota Contoh")
    assert breadcrumbs.index("PPID Utama Kota Contoh") < breadcrumbs.index("Kecamatan 00")
    assert '<span aria-current="page">Kelurahan 00-01</span>' in html


def test_unit_page_lists_children(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/kecamatan-00/").content.decode()

    assert 'Unit di bawahnya <span class="badge">3</span>' in html
    assert '<a href="/b/kota-contoh/unit/kelurahan-00-02/">Kelurahan 00-02</a>' in html
    assert "Kelurahan 01-00" not in html


def test_unit_page_counts_every_child_beyond_the_first_page(client: Client) -> None:
    make_city(opd=0, kecamatan=1, kelurahan=views.UNIT_PAGE_CHILDREN + 3)
    Unit.objects.filter(slug="kelurahan-00-00").update(is_active=False)
    total = views.UNIT_PAGE_CHILDREN + 2

    html = client.get("/b/kota-contoh/unit/kecamatan-00/").content.decode()

    assert f'Unit di bawahnya <span class="badge">{total}</span>' in html
    assert html.count('<span class="muted">· Kelurahan</span>') == views.UNIT_PAGE_CHILDREN
    assert "Kelurahan 00-00" not in html
    assert (
        f'<a href="/b/kota-contoh/unit/?parent=kecamatan-00">Lihat semua {total} unit</a>' in html
    )


def test_unit_page_without_children_has_no_children_section(
    client: Client, city: PublicBody
) -> None:
    html = client.get("/b/kota-contoh/unit/kelurahan-00-00/").content.decode()

    assert "Unit di bawahnya" not in html
    assert '<dd><a href="/b/kota-contoh/unit/kecamatan-00/">Kecamatan 00</a></dd>' in html


def test_kind_labels_follow_the_active_language(client: Client, city: PublicBody) -> None:
    html_id = client.get("/b/kota-contoh/unit/", {"kind": "opd"}).content.decode()
    client.cookies["django_language"] = "en"
    html_en = client.get("/b/kota-contoh/unit/", {"kind": "opd"}).content.decode()
    unit_en = client.get("/b/kota-contoh/unit/ppid-utama/").content.decode()

    assert "<td>Perangkat daerah (OPD)</td>" in html_id
    assert "<td>Regional government agency (OPD)</td>" in html_en
    assert '<span class="muted">· Regional government agency (OPD)</span>' in unit_en


def test_unit_page_with_empty_fields(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/unit/kelurahan-00-00/").content.decode()

    assert "Pejabat PPID belum diisi." not in html
    assert "Siti Aminah" in html
    assert (
        '(ditetapkan di <a href="/b/kota-contoh/unit/ppid-utama/">PPID Utama Kota Contoh</a>)'
        in html
    )
    assert "Kontak belum diisi." in html
    assert "Jam layanan belum diisi. Hubungi unit ini sebelum datang." in html


def test_unit_of_another_body_is_404(client: Client, city: PublicBody, unit: Unit) -> None:
    assert client.get("/b/kota-contoh/unit/dinkes/").status_code == 404
    assert client.get("/b/kota-uji/unit/dinkes/").status_code == 200


def test_unknown_unit_is_404(client: Client, city: PublicBody) -> None:
    assert client.get("/b/kota-contoh/unit/tidak-ada/").status_code == 404


# --- shell: language, error pages ----------------------------------------------------------


def test_language_switch_offers_the_other_language(client: Client, city: PublicBody) -> None:
    html = client.get("/b/kota-contoh/").content.decode()

    assert '<html lang="id">' in html
    assert 'name="language" value="en" lang="en" class="link-button">English</button>' in html

    response = client.post(reverse("set_language"), {"language": "en", "next": "/b/kota-contoh/"})
    assert response.status_code == 302
    assert response["Location"] == "/b/kota-contoh/"

    html = client.get("/b/kota-contoh/").content.decode()
    assert '<html lang="en">' in html
    assert 'value="id" lang="id" class="link-button">Bahasa Indonesia</button>' in html


def test_500_page_renders_without_request_context() -> None:
    html = loader.get_template("500.html").render()

    assert "Maaf, terjadi kesalahan di server" in html
    assert 'href="#main"' in html


def test_500_handler(rf: RequestFactory) -> None:
    response = defaults.server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Maaf, terjadi kesalahan di server" in response.content.decode()


def test_403_page(rf: RequestFactory) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    response = defaults.permission_denied(request, Exception())

    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


# --- query budgets ------------------------------------------------------------------------


@pytest.mark.parametrize("kelurahan", [2, 25])
def test_home_query_budget(
    client: Client, settings: LazySettings, django_assert_num_queries: Any, kelurahan: int
) -> None:
    make_city(opd=kelurahan, kecamatan=2, kelurahan=kelurahan)
    settings.TERBUKA_DEFAULT_BODY = "kota-contoh"

    with django_assert_num_queries(HOME_QUERIES):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("kelurahan", [2, 25])
def test_body_page_query_budget(
    client: Client, django_assert_num_queries: Any, kelurahan: int
) -> None:
    make_city(opd=kelurahan, kecamatan=2, kelurahan=kelurahan)

    with django_assert_num_queries(BODY_QUERIES):
        assert client.get("/b/kota-contoh/").status_code == 200


@pytest.mark.parametrize("units", [5, 50])
def test_home_bodies_list_query_budget(
    client: Client, settings: LazySettings, django_assert_num_queries: Any, units: int
) -> None:
    settings.TERBUKA_DEFAULT_BODY = "tidak-ada"
    for _ in range(units // 5):
        PublicBodyFactory()

    with django_assert_num_queries(3):
        assert client.get("/").status_code == 200


@pytest.mark.parametrize("units", [5, 50])
def test_unit_list_query_budget(client: Client, django_assert_num_queries: Any, units: int) -> None:
    make_city(opd=units, kecamatan=1, kelurahan=units)

    with django_assert_num_queries(UNIT_LIST_QUERIES):
        assert client.get("/b/kota-contoh/unit/", {"q": "a"}).status_code == 200


@pytest.mark.parametrize("units", [5, 50])
def test_unit_page_query_budget(client: Client, django_assert_num_queries: Any, units: int) -> None:
    make_city(opd=1, kecamatan=1, kelurahan=units)

    with django_assert_num_queries(UNIT_QUERIES):
        assert client.get("/b/kota-contoh/unit/kecamatan-00/").status_code == 200


def test_body_page_caps_kelurahan_per_kecamatan(client: Client) -> None:
    from terbuka.portal.selectors import NESTED_PER_PARENT

    make_city(opd=0, kecamatan=1, kelurahan=NESTED_PER_PARENT + 2)

    html = client.get("/b/kota-contoh/").content.decode()

    assert f"Kelurahan 00-{NESTED_PER_PARENT - 1:02d}" in html
    assert f"Kelurahan 00-{NESTED_PER_PARENT:02d}" not in html
    assert (
        f'<a href="/b/kota-contoh/unit/?parent=kecamatan-00">Lihat semua {NESTED_PER_PARENT + 2}'
        " unit</a>"
    ) in html


def test_body_page_with_many_kecamatan_shows_counts_instead_of_nesting(client: Client) -> None:
    make_city(opd=0, kecamatan=views.BODY_PAGE_PER_KIND + 1, kelurahan=2)

    html = client.get("/b/kota-contoh/").content.decode()

    assert '<ul class="sub"' not in html
    assert "Kelurahan 00-00" not in html
    assert '<a href="/b/kota-contoh/unit/?parent=kecamatan-00">2 unit di bawahnya</a>' in html
