from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from terbuka.calendars import services
from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.tests.factories import HolidayFactory

pytestmark = pytest.mark.django_db

D = dt.date
CALCULATOR = "/kalender/"


def text(response: Any) -> str:
    return str(response.content.decode())


def main(body: str) -> str:
    return body.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.fixture
def seeded_2026() -> None:
    services.holidays_seed(years=[2026])


@pytest.fixture
def manager_client(client: Client, ppid_utama: Any) -> Client:
    """The PPID Utama of the body that keeps the national calendar."""
    from terbuka.bodies.models import PublicBody

    PublicBody.objects.update(keeps_national_calendar=True)
    client.force_login(ppid_utama)
    return client


# Kalkulator tenggat -------------------------------------------------------------------------


def test_url_names() -> None:
    assert reverse("calendars:calculator") == "/kalender/"
    assert reverse("calendars:holiday-list") == "/kalender/libur/"
    assert reverse("calendars:holiday-list", kwargs={"year": 2026}) == "/kalender/libur/2026/"
    assert reverse("calendars:holiday-manage") == "/kalender/kelola/"
    assert reverse("calendars:holiday-create") == "/kalender/kelola/tambah/"
    assert reverse("calendars:holiday-edit", args=[1]) == "/kalender/kelola/1/ubah/"
    assert reverse("calendars:holiday-cancel", args=[1]) == "/kalender/kelola/1/batalkan/"
    assert reverse("calendars:holiday-restore", args=[1]) == "/kalender/kelola/1/pulihkan/"
    assert reverse("calendars:holiday-delete", args=[1]) == "/kalender/kelola/1/hapus/"
    assert reverse("calendars:holiday-seed") == "/kalender/kelola/isi-dari-paket/"


def test_calculator_empty_form(client: Client) -> None:
    response = client.get(CALCULATOR)

    assert response.status_code == 200
    body = text(response)
    assert "<h1>Kalkulator tenggat</h1>" in body
    assert '<label for="id_start">Tanggal mulai' in body
    assert 'name="preset" value="pasal-22-7"' in body
    assert "Hari ke-1 adalah hari kerja pertama setelah tanggal mulai." in body
    assert "field-error" not in body
    assert 'id="result-heading"' not in body


def test_calculator_friday_plus_one(client: Client) -> None:
    response = client.get(CALCULATOR, {"start": "2026-01-09", "days": "1"})

    body = text(response)
    assert response.status_code == 200
    assert (
        'Tenggat: <strong><time datetime="2026-01-12">Senin, 12 Januari 2026</time></strong>'
        in body
    )
    assert "Hari ke-1 adalah hari kerja pertama setelah tanggal mulai" in body
    assert "Hari yang tidak dihitung (2 hari)" in body
    assert '<td><time datetime="2026-01-10">Sabtu, 10 Januari 2026</time></td><td>Sabtu</td>' in (
        body
    )
    assert "Tabel hari libur untuk tahun 2026 belum diisi" in body


def test_calculator_preset_with_holidays(client: Client, seeded_2026: None) -> None:
    response = client.get(CALCULATOR, {"start": "2026-03-16", "preset": "pasal-22-7"})

    body = text(response)
    assert "Tenggat yang dihitung: Pemberitahuan tertulis: 10 hari kerja" in body
    assert "(UU 14/2008 Pasal 22 ayat (7))." in body
    assert '<time datetime="2026-04-07">Selasa, 7 April 2026</time>' in body
    assert "<td>Cuti Bersama Hari Raya Idul Fitri</td>" in body
    assert "Hari yang tidak dihitung (12 hari)" in body
    assert 'name="days" value="10"' in body
    assert "belum diisi" not in body


def test_calculator_zero_days(client: Client) -> None:
    body = text(client.get(CALCULATOR, {"start": "2026-03-21", "days": "0"}))

    assert '<time datetime="2026-03-21">Sabtu, 21 Maret 2026</time></strong>' in body
    assert "Dengan 0 hari kerja, tenggat sama dengan tanggal mulai." in body


def test_calculator_joint_leave_setting_is_explained(
    client: Client, seeded_2026: None, settings: LazySettings
) -> None:
    settings.TERBUKA_JOINT_LEAVE_IS_NON_WORKING = False

    body = text(client.get(CALCULATOR, {"start": "2026-03-17", "days": "1"}))

    assert '<time datetime="2026-03-18">Rabu, 18 Maret 2026</time></strong>' in body
    assert "cuti bersama dihitung sebagai hari kerja" in body


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"start": "2026-02-30", "days": "10"},
            "start",
            "Tanggal mulai tidak valid. Gunakan format TTTT-BB-HH, mis. 2026-01-12.",
        ),
        ({"start": "", "days": "10"}, "start", "Isi tanggal mulai."),
        (
            {"start": "1999-12-31", "days": "10"},
            "start",
            "Tanggal mulai harus antara 2000-01-01 dan 2100-12-31.",
        ),
        ({"start": "2026-01-05", "days": "-1"}, "days", "Jumlah hari kerja tidak boleh negatif."),
        ({"start": "2026-01-05", "days": "366"}, "days", "Jumlah hari kerja paling banyak 365."),
        (
            {"start": "2026-01-05", "days": "sepuluh"},
            "days",
            "Jumlah hari kerja harus berupa bilangan bulat.",
        ),
        ({"start": "2026-01-05"}, "days", "Isi jumlah hari kerja."),
        (
            {"start": "2026-01-05", "days": "1", "region": "serang"},
            "region",
            "Kode wilayah tidak valid. Gunakan kode Kemendagri, mis. 36 atau 36.73 atau 36.73.01.",
        ),
    ],
)
def test_calculator_errors_next_to_fields(
    client: Client, query: dict[str, str], field: str, message: str
) -> None:
    response = client.get(CALCULATOR, query)

    body = text(response)
    assert response.status_code == 200
    assert f'<p class="field-error" id="id_{field}_error">{message}</p>' in body
    assert 'aria-invalid="true"' in body
    assert f"id_{field}_error" in body.split(f'id="id_{field}"')[0].rsplit("<input", 1)[1]
    assert "Tenggat belum dapat dihitung. Periksa isian berikut:" in body


def test_calculator_htmx_returns_the_result_partial(client: Client) -> None:
    response = client.get(CALCULATOR, {"start": "2026-01-09", "days": "1"}, HTTP_HX_REQUEST="true")

    body = text(response)
    assert response.status_code == 200
    assert "<html" not in body
    assert '<h2 id="result-heading">Hasil</h2>' in body
    assert "Senin, 12 Januari 2026" in body
    assert 'hx-swap-oob="true"' in body  # the form comes along, so field errors stay in sync
    assert "HX-Request" in response["Vary"]


def test_calculator_htmx_errors(client: Client) -> None:
    response = client.get(CALCULATOR, {"start": "x", "days": "1"}, HTTP_HX_REQUEST="true")

    body = text(response)
    assert "<html" not in body
    assert '<a href="#id_start">Tanggal mulai</a>: Tanggal mulai tidak valid.' in body
    assert '<p class="field-error" id="id_start_error">' in body


def test_calculator_htmx_history_restore_gets_the_full_page(client: Client) -> None:
    response = client.get(
        CALCULATOR,
        {"start": "2026-01-09", "days": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    )

    assert "<html" in text(response)


def test_calculator_refuses_post(client: Client) -> None:
    assert client.post(CALCULATOR).status_code == 405


# Public holiday list ------------------------------------------------------------------------


def test_holiday_list_by_path_and_query(client: Client, seeded_2026: None) -> None:
    HolidayFactory.create(
        date=D(2026, 11, 2), name="Hari Jadi Kota Serang", kind="local", region_code="36.73"
    )
    services.holiday_cancel(
        holiday=Holiday.objects.get(date=D(2026, 12, 24)), reason="SKB dicabut", actor=None
    )

    response = client.get("/kalender/libur/2026/")

    body = text(response)
    assert response.status_code == 200
    assert "Hari libur dan cuti bersama 2026" in body
    assert "Daftar hari libur tahun 2026 (26 tanggal)" in body
    assert '<span class="badge bad">Hari libur nasional</span>' in body
    assert '<span class="badge warn">Cuti bersama</span>' in body
    assert '<span class="badge ok">Hari libur daerah</span>' in body
    assert '<span class="badge">Dibatalkan: tetap hari kerja</span>' in body
    assert "<del>Cuti Bersama Hari Raya Natal</del>" in body
    assert "<td>SKB dicabut</td>" in body
    assert "<td>36.73</td>" in body
    assert "Jumat, 20 Maret 2026" in body
    assert '<a href="/kalender/libur/?year=2027" rel="next">Tahun 2027</a>' in body
    by_query = text(client.get("/kalender/libur/", {"year": "2026"}))
    assert main(by_query) == main(body)


def test_holiday_list_empty_year(client: Client) -> None:
    body = text(client.get("/kalender/libur/2030/"))

    assert "Tabel hari libur untuk tahun 2030 belum diisi." in body


@pytest.mark.parametrize("url", ["/kalender/libur/1999/", "/kalender/libur/?year=abc"])
def test_holiday_list_bad_year(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_holiday_list_query_count(
    client: Client, seeded_2026: None, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/kalender/libur/2026/")
    assert response.status_code == 200


# Back office: permissions -------------------------------------------------------------------

MANAGE_GETS = ["/kalender/kelola/", "/kalender/kelola/tambah/"]


@pytest.mark.parametrize("url", MANAGE_GETS)
def test_anonymous_is_sent_to_login(client: Client, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/akun/login/?next={url}"


@pytest.mark.parametrize("who", ["user", "unit_officer"])
def test_users_without_the_role_get_403(client: Client, request: Any, who: str) -> None:
    holiday = HolidayFactory.create()
    client.force_login(request.getfixturevalue(who))

    for url in [
        *MANAGE_GETS,
        f"/kalender/kelola/{holiday.pk}/ubah/",
        f"/kalender/kelola/{holiday.pk}/batalkan/",
        f"/kalender/kelola/{holiday.pk}/hapus/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert (
            "Anda tidak berwenang mengelola tabel hari libur. Hanya PPID Utama dan admin yang "
            "dapat mengubahnya." in text(response)
        )
    for url in [
        f"/kalender/kelola/{holiday.pk}/pulihkan/",
        f"/kalender/kelola/{holiday.pk}/hapus/",
        "/kalender/kelola/isi-dari-paket/",
    ]:
        assert client.post(url, {"year": "2026"}).status_code == 403, url
    assert Holiday.objects.count() == 1
    assert not HolidayEvent.objects.exists()


@pytest.mark.parametrize("who", ["ppid_utama", "admin_officer"])
def test_ppid_utama_and_admin_may_manage(client: Client, request: Any, who: str) -> None:
    client.force_login(request.getfixturevalue(who))

    assert client.get("/kalender/kelola/").status_code == 200


def test_superuser_may_manage(client: Client) -> None:
    from terbuka.accounts.models import User

    client.force_login(User.objects.create_superuser("root@example.test", "x"))

    assert client.get("/kalender/kelola/").status_code == 200


# Back office: pages -------------------------------------------------------------------------


def test_manage_page_lists_the_year_and_its_history(
    manager_client: Client, ppid_utama: Any
) -> None:
    services.holidays_seed(years=[2026], actor=ppid_utama)
    manual = HolidayFactory.create(
        date=D(2026, 11, 2), name="Hari Jadi", kind="local", region_code="36"
    )

    response = manager_client.get("/kalender/kelola/", {"year": "2026"})

    body = text(response)
    assert response.status_code == 200
    assert "<h1>Kelola hari libur 2026</h1>" in body
    assert "Hari libur tahun 2026 (26 baris)" in body
    assert f'href="/kalender/kelola/{manual.pk}/hapus/"' in body
    seeded = Holiday.objects.get(date=D(2026, 8, 17))
    assert f'href="/kalender/kelola/{seeded.pk}/hapus/"' not in body
    assert f'href="/kalender/kelola/{seeded.pk}/batalkan/"' in body
    assert "Riwayat perubahan" in body
    assert "Diisi dari paket: Hari Kemerdekaan Republik Indonesia" in body
    assert 'name="year" value="2026"' in body


def test_manage_page_query_count(
    manager_client: Client, seeded_2026: None, django_assert_num_queries: Any
) -> None:
    manager_client.get("/kalender/kelola/")  # warm up the session
    # session, user, permission check, holidays, the user's regions (once for every row and
    # the seed form), events, is_officer in the header
    with django_assert_num_queries(7):
        response = manager_client.get("/kalender/kelola/", {"year": "2026"})
    assert response.status_code == 200


def test_create(manager_client: Client, ppid_utama: Any) -> None:
    response = manager_client.post(
        "/kalender/kelola/tambah/",
        {
            "date": "2026-11-02",
            "name": "Hari Jadi Kota Serang",
            "kind": "local",
            "region_code": "36.73",
            "note": "Perda",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == "/kalender/kelola/?year=2026"
    holiday = Holiday.objects.get()
    assert (holiday.name, holiday.source, holiday.updated_by) == (
        "Hari Jadi Kota Serang",
        "manual",
        ppid_utama,
    )
    assert HolidayEvent.objects.get().actor == ppid_utama
    body = text(manager_client.get(response["Location"]))
    assert "Hari libur Hari Jadi Kota Serang ditambahkan." in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "", "name": "X", "kind": "national"}, "date", "Isi tanggal."),
        ({"date": "2026-11-02", "name": "", "kind": "national"}, "name", "Isi nama hari libur."),
        (
            {"date": "2026-11-02", "name": "X", "kind": "local"},
            "region_code",
            "Hari libur daerah harus memiliki kode wilayah.",
        ),
        (
            {"date": "2026-11-02", "name": "X", "kind": "national", "region_code": "36.73"},
            "region_code",
            "Hari libur nasional berlaku di seluruh Indonesia; kosongkan kode wilayah.",
        ),
    ],
)
def test_create_errors_next_to_fields(
    manager_client: Client, data: dict[str, str], field: str, message: str
) -> None:
    response = manager_client.post("/kalender/kelola/tambah/", data)

    assert response.status_code == 200
    assert f'<p class="field-error" id="id_{field}_error">{message}</p>' in text(response)
    assert not Holiday.objects.exists()


def test_create_duplicate(manager_client: Client) -> None:
    HolidayFactory.create(date=D(2026, 8, 17), name="HUT RI")

    response = manager_client.post(
        "/kalender/kelola/tambah/", {"date": "2026-08-17", "name": "HUT RI", "kind": "national"}
    )

    assert response.status_code == 200
    assert "Hari libur dengan tanggal, wilayah dan nama ini sudah ada." in text(response)


def test_edit(manager_client: Client, seeded_2026: None) -> None:
    holiday = Holiday.objects.get(date=D(2026, 3, 24))

    page = manager_client.get(f"/kalender/kelola/{holiday.pk}/ubah/")
    assert "Ubah hari libur: Cuti Bersama Hari Raya Idul Fitri" in text(page)
    assert 'value="2026-03-24"' in text(page)

    response = manager_client.post(
        f"/kalender/kelola/{holiday.pk}/ubah/",
        {"date": "2026-03-25", "name": holiday.name, "kind": "joint_leave", "note": "SKB baru"},
    )

    assert response.status_code == 302
    holiday.refresh_from_db()
    assert (holiday.date, holiday.note, holiday.is_edited) == (D(2026, 3, 25), "SKB baru", True)


def test_edit_invalid_keeps_the_original_title(manager_client: Client) -> None:
    holiday = HolidayFactory.create(name="Asli")

    response = manager_client.post(
        f"/kalender/kelola/{holiday.pk}/ubah/", {"date": "2026-13-01", "name": "", "kind": "x"}
    )

    body = text(response)
    assert "Ubah hari libur: Asli" in body
    assert "Isi nama hari libur." in body
    assert Holiday.objects.get().name == "Asli"


def test_edit_missing_holiday_is_404(manager_client: Client) -> None:
    assert manager_client.get("/kalender/kelola/999/ubah/").status_code == 404


def test_cancel_and_restore(manager_client: Client, seeded_2026: None) -> None:
    holiday = Holiday.objects.get(date=D(2026, 12, 24))

    page = manager_client.get(f"/kalender/kelola/{holiday.pk}/batalkan/")
    assert "Batalkan hari libur: Cuti Bersama Hari Raya Natal" in text(page)
    response = manager_client.post(
        f"/kalender/kelola/{holiday.pk}/batalkan/", {"reason": "SKB No. 9/2026"}
    )

    assert response["Location"] == "/kalender/kelola/?year=2026"
    holiday.refresh_from_db()
    assert holiday.is_cancelled
    body = text(manager_client.get(response["Location"]))
    assert "Hari libur Cuti Bersama Hari Raya Natal dibatalkan; tanggalnya kini hari kerja." in body
    assert f'action="/kalender/kelola/{holiday.pk}/pulihkan/"' in body

    again = manager_client.post(f"/kalender/kelola/{holiday.pk}/batalkan/", {"reason": ""})
    assert "Hari libur ini sudah dibatalkan." in text(manager_client.get(again["Location"]))

    response = manager_client.post(f"/kalender/kelola/{holiday.pk}/pulihkan/")
    holiday.refresh_from_db()
    assert not holiday.is_cancelled
    assert "Hari libur Cuti Bersama Hari Raya Natal dipulihkan." in text(
        manager_client.get(response["Location"])
    )
    assert manager_client.get(f"/kalender/kelola/{holiday.pk}/pulihkan/").status_code == 405


def test_delete_manual(manager_client: Client) -> None:
    holiday = HolidayFactory.create(date=D(2026, 11, 2), name="Hari Jadi")

    page = manager_client.get(f"/kalender/kelola/{holiday.pk}/hapus/")
    assert "Hapus hari libur: Hari Jadi" in text(page)
    response = manager_client.post(f"/kalender/kelola/{holiday.pk}/hapus/")

    assert response["Location"] == "/kalender/kelola/?year=2026"
    assert not Holiday.objects.exists()
    assert "Hari libur Hari Jadi dihapus." in text(manager_client.get(response["Location"]))


def test_delete_seeded_is_refused(manager_client: Client, seeded_2026: None) -> None:
    holiday = Holiday.objects.get(date=D(2026, 8, 17))

    page = manager_client.get(f"/kalender/kelola/{holiday.pk}/hapus/")
    assert "Hari libur dari paket tidak dapat dihapus." in text(page)
    response = manager_client.post(f"/kalender/kelola/{holiday.pk}/hapus/")

    assert Holiday.objects.filter(pk=holiday.pk).exists()
    assert (
        "Hari libur dari paket tidak dapat dihapus. Batalkan saja agar tanggalnya tetap hari "
        "kerja." in text(manager_client.get(response["Location"]))
    )


def test_seed_button(manager_client: Client, ppid_utama: Any) -> None:
    response = manager_client.post("/kalender/kelola/isi-dari-paket/", {"year": "2027"})

    assert response["Location"] == "/kalender/kelola/?year=2027"
    assert Holiday.objects.filter(date__year=2027).count() == 26
    assert HolidayEvent.objects.filter(actor=ppid_utama).count() == 26
    body = text(manager_client.get(response["Location"]))
    assert (
        "Tahun 2027 diisi dari paket: 26 ditambahkan, 0 diganti nama, 0 dihapus, 0 tetap, "
        "0 sudah diisi petugas." in body
    )

    manager_client.post("/kalender/kelola/isi-dari-paket/", {"year": "2027"})
    assert Holiday.objects.count() == 26


def test_seed_button_bad_year(manager_client: Client) -> None:
    response = manager_client.post("/kalender/kelola/isi-dari-paket/", {"year": "1990"})

    assert response["Location"] == "/kalender/kelola/"
    assert "Tahun paling awal 2000." in text(manager_client.get(response["Location"]))
    assert not Holiday.objects.exists()


# Back office: the national table and local holidays on a shared installation ------------------

NATIONAL_ONLY = (
    "Hari libur nasional dan cuti bersama berlaku untuk semua badan publik; hanya pengelola "
    "kalender nasional yang dapat mengubahnya."
)
OUTSIDE_REGION = "Anda hanya dapat mengelola hari libur daerah di wilayah badan publik Anda."


@pytest.fixture
def city_client(client: Client, ppid_utama: Any) -> Client:
    """The PPID Utama of a city (36.73) that does not keep the national calendar."""
    from terbuka.bodies.models import PublicBody

    PublicBody.objects.update(region_code="36.73", keeps_national_calendar=False)
    client.force_login(ppid_utama)
    return client


def test_a_city_may_not_change_national_rows(city_client: Client, seeded_2026: None) -> None:
    national = Holiday.objects.get(date=D(2026, 8, 17))
    events = HolidayEvent.objects.count()

    for url in [
        f"/kalender/kelola/{national.pk}/ubah/",
        f"/kalender/kelola/{national.pk}/batalkan/",
        f"/kalender/kelola/{national.pk}/hapus/",
    ]:
        response = city_client.get(url)
        assert response.status_code == 403, url
        assert NATIONAL_ONLY in text(response)
    for url in [
        f"/kalender/kelola/{national.pk}/ubah/",
        f"/kalender/kelola/{national.pk}/batalkan/",
        f"/kalender/kelola/{national.pk}/pulihkan/",
        f"/kalender/kelola/{national.pk}/hapus/",
    ]:
        response = city_client.post(url, {"name": "Digeser", "date": "2026-08-18", "reason": "x"})
        assert response.status_code == 403, url
    response = city_client.post("/kalender/kelola/isi-dari-paket/", {"year": "2027"})
    assert response.status_code == 403
    assert NATIONAL_ONLY in text(response)
    national.refresh_from_db()
    assert (national.date, national.is_cancelled) == (D(2026, 8, 17), False)
    assert not Holiday.objects.filter(date__year=2027).exists()
    assert HolidayEvent.objects.count() == events


def test_a_city_sees_national_rows_without_actions(city_client: Client, seeded_2026: None) -> None:
    national = Holiday.objects.get(date=D(2026, 8, 17))
    local = HolidayFactory.create(
        date=D(2026, 11, 2), name="Hari Jadi Kota Serang", kind="local", region_code="36.73"
    )

    body = text(city_client.get("/kalender/kelola/", {"year": "2026"}))

    assert f'href="/kalender/kelola/{national.pk}/ubah/"' not in body
    assert "Dikelola pengelola kalender nasional" in body
    assert f'href="/kalender/kelola/{local.pk}/ubah/"' in body
    assert 'action="/kalender/kelola/isi-dari-paket/"' not in body
    assert "dikelola oleh pengelola kalender nasional instalasi ini" in body


@pytest.mark.parametrize(
    ("kind", "region", "field_error"),
    [
        ("national", "", NATIONAL_ONLY),
        ("joint_leave", "", NATIONAL_ONLY),
        ("local", "31.71", OUTSIDE_REGION),
        ("local", "36.74", OUTSIDE_REGION),  # the neighbouring city
        ("local", "36", OUTSIDE_REGION),  # the whole province is wider than the city
    ],
)
def test_a_city_may_not_add_rows_outside_its_region(
    city_client: Client, kind: str, region: str, field_error: str
) -> None:
    response = city_client.post(
        "/kalender/kelola/tambah/",
        {"date": "2026-11-02", "name": "Libur", "kind": kind, "region_code": region},
    )

    assert response.status_code == 200
    assert field_error in text(response)
    assert not Holiday.objects.exists()


@pytest.mark.parametrize("region", ["36.73", "36.73.01", "36.73.01.1001"])
def test_a_city_keeps_the_local_holidays_of_its_region(city_client: Client, region: str) -> None:
    response = city_client.post(
        "/kalender/kelola/tambah/",
        {"date": "2026-11-02", "name": "Hari Jadi", "kind": "local", "region_code": region},
    )
    assert response.status_code == 302
    holiday = Holiday.objects.get()

    response = city_client.post(
        f"/kalender/kelola/{holiday.pk}/ubah/",
        {"date": "2026-11-03", "name": "Hari Jadi", "kind": "local", "region_code": region},
    )
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.date == D(2026, 11, 3)

    # Moving its own row out of its region, or into the national table, is refused.
    response = city_client.post(
        f"/kalender/kelola/{holiday.pk}/ubah/",
        {"date": "2026-11-03", "name": "Hari Jadi", "kind": "national", "region_code": ""},
    )
    assert response.status_code == 200
    assert NATIONAL_ONLY in text(response)
    holiday.refresh_from_db()
    assert (holiday.kind, holiday.region_code) == ("local", region)


def test_a_city_may_not_touch_another_regions_local_holiday(city_client: Client) -> None:
    other = HolidayFactory.create(
        date=D(2026, 3, 3), name="Hari Jadi Kota Lain", kind="local", region_code="31.71"
    )

    response = city_client.get(f"/kalender/kelola/{other.pk}/ubah/")
    assert response.status_code == 403
    assert OUTSIDE_REGION in text(response)
    assert city_client.post(f"/kalender/kelola/{other.pk}/hapus/").status_code == 403
    assert Holiday.objects.filter(pk=other.pk).exists()
