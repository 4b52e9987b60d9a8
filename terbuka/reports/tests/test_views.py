"""The public statistics pages through the client: the figures of real requests, the league
table ranked by the lower bound of the Wilson interval, the period switcher, languages, 404s and
query budgets that do not grow with the number of units or requests."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest
from terbuka.reports import facts, figures
from terbuka.reports.models import DaysStat, Measure, MonthlyStat

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


# --- Helpers -----------------------------------------------------------------------------------


def _text(content: bytes) -> str:
    """The page as text: tags dropped, entities decoded, whitespace collapsed."""
    plain = re.sub(r"<[^>]+>", " ", content.decode())
    return " ".join(html.unescape(plain).split())


def _tile(content: bytes, name: str) -> str:
    match = re.search(
        rf'id="tile-{name}">\s*<span class="stat-number">([^<]*)</span>', content.decode()
    )
    assert match, f"tile {name} missing"
    return html.unescape(match.group(1))


def _table(content: bytes, css_class: str) -> str:
    match = re.search(rf'<table class="data-table {css_class}".*?</table>', content.decode(), re.S)
    assert match, f"table {css_class} missing"
    return _text(match.group(0).encode())


def _cell(
    body: PublicBody,
    unit_key: int,
    *,
    month: int = 3,
    year: int = YEAR,
    on_time: int = 0,
    late: int = 0,
    pending: int = 0,
    notice_days: dict[int, int] | None = None,
) -> None:
    """Sums of `on_time` + `late` decided requests (granted in full) and `pending` open ones."""
    decided = on_time + late
    MonthlyStat.objects.create(
        body=body,
        unit_key=unit_key,
        year=year,
        month=month,
        received=decided + pending,
        ch_web=decided + pending,
        granted_full=decided,
        pending=pending,
        overdue=late,
        noticed=decided,
        noticed_on_time=on_time,
    )
    for days, count in (notice_days or {}).items():
        DaysStat.objects.create(
            body=body,
            unit_key=unit_key,
            year=year,
            month=month,
            measure=Measure.NOTICE,
            days=days,
            count=count,
        )


def _grant(request: InformationRequest, actor: Any) -> None:
    services.request_issue_notice(
        request=request,
        actor=actor,
        possession="held",
        decision="granted_full",
        form="softcopy",
        material="DPA Dinas Kesehatan 2025",
    )


def _refuse(request: InformationRequest, actor: Any, letters: list[str]) -> None:
    services.request_issue_notice(
        request=request,
        actor=actor,
        possession="held",
        decision="refused",
        form="none",
        refusal_letters=letters,
    )


@pytest.fixture
def requests_made(
    submit: Callable[..., InformationRequest], ppid_utama: Any, unit: Unit, other_unit: Unit
) -> list[InformationRequest]:
    """Four requests through the services: two answered by Dinas Kesehatan (one granted, one
    refused under Pasal 17 a and h), one open at Dinas Pendidikan, one open without a unit."""
    granted, refused = submit(unit=unit), submit(unit=unit)
    _grant(granted, ppid_utama)
    _refuse(refused, ppid_utama, ["h", "a"])
    made = [granted, refused, submit(unit=other_unit), submit()]
    facts.drain()
    return made


@pytest.fixture
def two_units(body: PublicBody, ppid_utama_unit: Unit) -> tuple[Unit, Unit]:
    """Dinas Sosial with 95 of 100 on time, Kecamatan Kecil with 2 of 2."""
    steady = UnitFactory.create(
        body=body, parent=ppid_utama_unit, name="Dinas Sosial", slug="dinsos"
    )
    small = UnitFactory.create(
        body=body, parent=ppid_utama_unit, name="Kecamatan Kecil", slug="kec-kecil"
    )
    _cell(body, steady.pk, on_time=95, late=5, notice_days={4: 60, 9: 35, 12: 5})
    _cell(body, small.pk, on_time=2, notice_days={1: 2})
    return steady, small


# --- The figures of real requests ------------------------------------------------------------


def test_body_page_shows_the_figures_of_the_requests(
    client: Client, body: PublicBody, requests_made: list[InformationRequest]
) -> None:
    response = client.get(reverse("stats:body", args=[body.slug]))
    assert response.status_code == 200
    content = response.content
    expected = figures.service_figures(body, figures.check_period(YEAR))
    assert expected.received == 4
    assert _tile(content, "received") == "4"
    assert _tile(content, "answered") == "2"
    assert expected.on_time.successes == 2
    assert expected.on_time.n == 2
    assert _tile(content, "on-time") == "100,0%"
    assert _tile(content, "median") == "0"
    assert _tile(content, "extended") == "0"
    assert _tile(content, "overdue") == "0"
    assert _tile(content, "objections") == "0"
    assert _tile(content, "disputes") == "0"
    text = _text(content)
    # wilson(2, 2): 34.2% to 100%, in plain words and as "95% CI".
    assert "95% CI 34,2%-100,0%" in text
    assert "2 dari 2 permohonan yang sudah diputus dijawab tepat waktu (100,0%)." in text
    assert "berada antara 34,2% dan 100,0%" in text
    # The outcome table: counts and shares of the four received.
    assert "Diberikan seluruhnya 1 25,0%" in text
    assert "Ditolak (dikecualikan) 1 25,0%" in text
    assert "Belum dijawab 2 50,0%" in text
    # Refusals by Pasal 17 letter, with the letter's meaning.
    assert "Huruf a menghambat proses penegakan hukum 1" in text
    assert "Huruf h mengungkap rahasia pribadi 1" in text
    assert "Huruf b mengganggu" in text
    # The month of receipt carries all four.
    month = timezone.localdate().strftime("%m")
    assert expected.by_month[int(month) - 1].received == 4
    # The working-day bands against the legal clocks.
    assert "0-3 hari kerja Dalam batas 10 hari kerja (Pasal 22 ayat 7) 2 100,0%" in text
    assert "≥ 18 hari kerja Melewati batas 17 hari kerja 0" in text


def test_public_pages_never_show_the_requester(
    client: Client, body: PublicBody, unit: Unit, requests_made: list[InformationRequest]
) -> None:
    for url in (
        reverse("stats:index"),
        reverse("stats:body", args=[body.slug]),
        reverse("stats:unit", args=[body.slug, unit.slug]),
    ):
        content = client.get(url).content.decode()
        for secret in ("Siti Pemohon", "3673011708900001", "081234567890", "siti@example"):
            assert secret not in content, (url, secret)
        assert "Sudirman" not in content


def test_unit_pages_show_their_own_requests(
    client: Client,
    body: PublicBody,
    unit: Unit,
    other_unit: Unit,
    requests_made: list[InformationRequest],
) -> None:
    response = client.get(reverse("stats:unit", args=[body.slug, unit.slug]))
    assert response.status_code == 200
    assert _tile(response.content, "received") == "2"
    assert _tile(response.content, "answered") == "2"
    text = _text(response.content)
    assert "Peringkat unit" not in text
    assert "Kembali ke statistik Pemerintah Kota Uji" in text
    assert f'href="/statistik/{body.slug}/?tahun={YEAR}"' in response.content.decode()
    other = client.get(reverse("stats:unit", args=[body.slug, other_unit.slug]))
    assert _tile(other.content, "received") == "1"
    assert _tile(other.content, "answered") == "0"
    assert _tile(other.content, "on-time") == "-"
    assert "ketepatan waktu belum dapat dihitung" in _text(other.content)


def test_index_lists_bodies_with_this_years_headlines(
    client: Client, body: PublicBody, requests_made: list[InformationRequest]
) -> None:
    quiet = PublicBodyFactory.create(name="Kabupaten Sepi", slug="kab-sepi")
    response = client.get(reverse("stats:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert f'href="/statistik/{body.slug}/?tahun={YEAR}"' in content
    assert f'href="/statistik/{quiet.slug}/?tahun={YEAR}"' in content
    text = _text(response.content)
    assert "Pemerintah Kota Uji 4 100,0% 34,2%-100,0% 0" in text
    assert "Kabupaten Sepi 0 Belum ada permohonan dalam periode ini" in text
    assert "Semua badan publik 4 100,0% 34,2%-100,0% 0" in text


def test_links_to_reports_open_data_and_api(
    client: Client, body: PublicBody, requests_made: list[InformationRequest]
) -> None:
    content = client.get(reverse("stats:body", args=[body.slug])).content.decode()
    assert f'href="/laporan/{body.slug}/"' in content
    assert 'href="/data/"' in content
    assert f'href="/api/v1/reports/service?body={body.slug}&amp;year={YEAR}"' in content
    content = client.get(
        reverse("stats:body", args=[body.slug]), {"tahun": YEAR, "semester": 2}
    ).content.decode()
    assert f"/api/v1/reports/service?body={body.slug}&amp;year={YEAR}&amp;semester=2" in content
    content = client.get(reverse("stats:unit", args=[body.slug, "dinkes"])).content.decode()
    assert f"/api/v1/reports/service?body={body.slug}&amp;year={YEAR}&amp;unit=dinkes" in content


# --- League table ------------------------------------------------------------------------------


def test_league_ranks_by_the_lower_bound_not_the_rate(
    client: Client, body: PublicBody, two_units: tuple[Unit, Unit], settings: Any
) -> None:
    """2 of 2 on time (100%, lower bound 34%) ranks below 95 of 100 (95%, lower bound 89%)."""
    settings.TERBUKA_LEAGUE_MIN_REQUESTS = 1
    steady, small = two_units
    response = client.get(reverse("stats:body", args=[body.slug]))
    league = _table(response.content, "league-table")
    assert league.index("Dinas Sosial") < league.index("Kecamatan Kecil")
    assert "1 Dinas Sosial 100 95,0% (95) 88,8%-97,8% 4" in league
    assert "2 Kecamatan Kecil 2 100,0% (2) 34,2%-100,0% 1" in league
    assert "Belum cukup permohonan" not in _text(response.content)
    content = response.content.decode()
    assert f'href="/statistik/{body.slug}/{steady.slug}/?tahun={YEAR}"' in content
    assert f'href="/statistik/{body.slug}/{small.slug}/?tahun={YEAR}"' in content


def test_units_below_the_threshold_are_listed_apart(
    client: Client, body: PublicBody, two_units: tuple[Unit, Unit]
) -> None:
    assert figures.league_threshold() == 10
    response = client.get(reverse("stats:body", args=[body.slug]))
    league = _table(response.content, "league-table")
    assert "Dinas Sosial" in league
    assert "Kecamatan Kecil" not in league
    too_few = _table(response.content, "too-few-table")
    assert "Dinas Sosial" not in too_few
    assert (
        "Kecamatan Kecil 2 2 100,0% Belum cukup permohonan untuk diperingkat: 2 diputus, "
        "perlu paling sedikit 10." in too_few
    )
    assert "paling sedikit 10 permohonan yang sudah diputus" in _text(response.content)


def test_league_with_no_unit_ranked_says_so(
    client: Client, body: PublicBody, requests_made: list[InformationRequest]
) -> None:
    text = _text(client.get(reverse("stats:body", args=[body.slug])).content)
    assert "Belum ada unit dengan cukup permohonan yang diputus untuk diperingkat" in text
    assert "Dinas Kesehatan 2 2 100,0% Belum cukup permohonan untuk diperingkat" in text
    assert "Dinas Pendidikan 1 0 - Belum cukup permohonan untuk diperingkat" in text
    # A request filed without a unit is answered by the PPID Utama, a unit like the others.
    assert "PPID Utama Kota Uji 1 0 - Belum cukup permohonan untuk diperingkat" in text


# --- Period ------------------------------------------------------------------------------------


def test_semester_and_year_switch(client: Client, body: PublicBody, unit: Unit) -> None:
    _cell(body, unit.pk, month=3, on_time=3)
    _cell(body, unit.pk, month=9, on_time=5)
    _cell(body, unit.pk, month=5, year=2024, on_time=7)
    url = reverse("stats:body", args=[body.slug])
    assert _tile(client.get(url).content, "received") == "8"
    first = client.get(url, {"tahun": str(YEAR), "semester": "1"})
    assert _tile(first.content, "received") == "3"
    assert f"Semester I {YEAR}" in _text(first.content)
    assert '<option value="1" selected>' in first.content.decode()
    second = client.get(url, {"tahun": str(YEAR), "semester": "2"})
    assert _tile(second.content, "received") == "5"
    old = client.get(url, {"tahun": "2024"})
    assert _tile(old.content, "received") == "7"
    content = old.content.decode()
    # The years with data and this year, the one shown selected.
    assert '<option value="2024" selected>' in content
    assert f'<option value="{YEAR}">' in content
    assert '<option value="2023"' not in content
    unit_page = client.get(reverse("stats:unit", args=[body.slug, unit.slug]), {"tahun": 2024})
    assert _tile(unit_page.content, "received") == "7"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"tahun": "dua ribu"}, "Tahun harus berupa angka."),
        ({"tahun": "1999"}, "Tahun harus antara 2008 dan 2100."),
        ({"semester": "3"}, "Semester harus 1 atau 2 (kosong untuk satu tahun)."),
        ({"semester": "I"}, "Semester harus 1 atau 2."),
    ],
)
def test_bad_period_gives_a_clear_message(
    client: Client, body: PublicBody, unit: Unit, query: dict[str, str], message: str
) -> None:
    for url in (
        reverse("stats:index"),
        reverse("stats:body", args=[body.slug]),
        reverse("stats:unit", args=[body.slug, unit.slug]),
    ):
        response = client.get(url, query)
        assert response.status_code == 400
        text = _text(response.content)
        assert f"Periode tidak dapat ditampilkan. {message}" in text
        assert "Pilih tahun dan periode dari daftar di atas." in text
        assert 'id="tile-received"' not in response.content.decode()
        assert f'<option value="{YEAR}" selected>' in response.content.decode()


# --- Language and 404 -----------------------------------------------------------------------


def test_english_still_renders(
    client: Client, body: PublicBody, unit: Unit, two_units: tuple[Unit, Unit]
) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/statistik/"})
    # 97 of 102 on time for the body, 95 of 100 for Dinas Sosial; a decimal point in English.
    for url, rate in (
        (reverse("stats:index"), "95.1%"),
        (reverse("stats:body", args=[body.slug]), "95.1%"),
        (reverse("stats:unit", args=[body.slug, two_units[0].slug]), "95.0%"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        content = response.content.decode()
        assert '<html lang="en">' in content
        assert rate in content
        assert rate.replace(".", ",") not in content


@pytest.mark.parametrize(
    "path",
    [
        "/statistik/tidak-ada/",
        "/statistik/kota-uji/tidak-ada/",
        "/statistik/tidak-ada/dinkes/",
        "/statistik/kota-uji/unit-kota-lain/",
    ],
)
def test_unknown_body_or_unit_is_404(client: Client, unit: Unit, path: str) -> None:
    other = PublicBodyFactory.create(name="Kota Lain", slug="kota-lain")
    UnitFactory.create(body=other, name="Unit Kota Lain", slug="unit-kota-lain")
    assert client.get(path).status_code == 404


def test_pages_refuse_writes(client: Client, body: PublicBody) -> None:
    assert client.post(reverse("stats:body", args=[body.slug])).status_code == 405


# --- Query budgets -------------------------------------------------------------------------------


def _many_units(body: PublicBody, parent: Unit, count: int, start: int = 0) -> list[Unit]:
    units = [
        UnitFactory.create(body=body, parent=parent, name=f"Kelurahan {i:03d}", slug=f"kel-{i:03d}")
        for i in range(start, start + count)
    ]
    for index, item in enumerate(units):
        _cell(
            body,
            item.pk,
            month=1 + index % 12,
            on_time=5 + index,
            late=index % 3,
            notice_days={3: 2, 8 + index % 5: 3 + index},
        )
    return units


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_page_queries_do_not_grow_with_units_and_requests(
    client: Client, body: PublicBody, ppid_utama_unit: Unit, django_assert_max_num_queries: Any
) -> None:
    units = _many_units(body, ppid_utama_unit, 2)
    for number in range(2):
        PublicBodyFactory.create(name=f"Kabupaten {number}", slug=f"kab-{number}")
    urls = {
        "index": reverse("stats:index"),
        "body": reverse("stats:body", args=[body.slug]),
        "unit": reverse("stats:unit", args=[body.slug, units[0].slug]),
    }
    small = {name: _queries(client, url) for name, url in urls.items()}
    more = _many_units(body, ppid_utama_unit, 40, start=2)
    for number in range(2, 30):
        other = PublicBodyFactory.create(name=f"Kabupaten {number}", slug=f"kab-{number}")
        _cell(other, 0, on_time=number)
    large = {name: _queries(client, url) for name, url in urls.items()}
    assert large == small, (small, large)
    with django_assert_max_num_queries(4):
        client.get(urls["index"])
    with django_assert_max_num_queries(9):
        response = client.get(urls["body"])
    listed = _table(response.content, "league-table") + _table(response.content, "too-few-table")
    assert listed.count("Kelurahan") == len(more) + 2
    with django_assert_max_num_queries(10):
        client.get(urls["unit"])
