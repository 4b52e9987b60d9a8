"""The front door: a body's home and a unit's page with their blocks, and the feeds."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts.tests.factories import RequesterIdentityFactory
from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.inforequests.states import Status
from terbuka.inforequests.tests.factories import InformationRequestFactory
from terbuka.monev.models import EvaluationCycle, Participant, Result, Rubric
from terbuka.monev.states import CycleStatus
from terbuka.portal import selectors
from terbuka.registry.models import InfoClass, InformationEntry, LegalCategory
from terbuka.registry.states import EntryStatus
from terbuka.registry.tests.factories import entry_values
from terbuka.reports.models import MonthlyStat

pytestmark = pytest.mark.django_db

REQUESTER = "Rahmawati Kusumaningrum"
ATOM = "{http://www.w3.org/2005/Atom}"
DASH = " \u2013 "  # the en dash between the parts of a <title>
# Query budgets, the same at any data size (quality.md B1: <= 8 on a public page).
BODY_COLD_QUERIES = 7  # body, unit counts, first units, entries + serta-merta, 3 blocks
# (a city with kecamatan adds one: their first kelurahan, test_views.BODY_QUERIES)
BODY_WARM_QUERIES = 4  # answers, stats and monev come from the cache
UNIT_COLD_QUERIES = 7  # body, unit, officials, ancestors, children + 2 blocks
UNIT_WARM_QUERIES = 5
FEED_QUERIES = 2  # body, items
UNIT_FEED_QUERIES = 3  # body, unit, items


def _entry(body: PublicBody, unit: Unit, number: int, **overrides: Any) -> InformationEntry:
    values = entry_values(**overrides)
    values.setdefault("status", EntryStatus.PUBLISHED)
    values.setdefault("published_at", timezone.now() - timedelta(hours=number))
    return InformationEntry.objects.create(body=body, unit=unit, number=number, **values)


def _answer(body: PublicBody, unit: Unit | None, seq: int, **overrides: Any) -> InformationRequest:
    identity = RequesterIdentityFactory(full_name=REQUESTER)
    values: dict[str, Any] = {
        "body": body,
        "unit": unit,
        "requester_identity": identity,
        "is_public": True,
        "status": Status.CLOSED,
        "details": f"Salinan kontrak pengadaan nomor {seq}.",
        "purpose": f"Tujuan pribadi {REQUESTER}.",
    }
    values.update(overrides)
    request: InformationRequest = InformationRequestFactory.create(**values)
    WrittenNotice.objects.create(
        request=request,
        possession=WrittenNotice.Possession.HELD,
        decision=WrittenNotice.Decision.GRANTED_FULL,
        form=WrittenNotice.Form.SOFTCOPY,
        issued_at=timezone.now() - timedelta(minutes=seq),
        signatory_name="Kepala Diskominfo",
    )
    return request


def _monev(body: PublicBody, units: list[Unit]) -> EvaluationCycle:
    rubric = Rubric.objects.create(body=body, name="Rubrik", year=2026, definition={})
    cycle = EvaluationCycle.objects.create(
        body=body,
        name="Monev internal 2026",
        year=2026,
        organiser="PPID Utama",
        rubric=rubric,
        status=CycleStatus.ANNOUNCED,
    )
    for rank, unit in enumerate(units, start=1):
        participant = Participant.objects.create(cycle=cycle, unit=unit, group="OPD")
        Result.objects.create(
            participant=participant,
            score=Decimal(100 - rank),
            category="Informatif" if rank == 1 else "Menuju informatif",
            rank=rank,
            overall_rank=rank,
            computed_at=timezone.now(),
        )
    return cycle


@pytest.fixture
def city() -> PublicBody:
    body: PublicBody = PublicBodyFactory.create(name="Pemerintah Kota Contoh", slug="kota-contoh")
    utama = UnitFactory(body=body, kind=Unit.Kind.PPID_UTAMA, name="PPID Utama", slug="utama")
    UnitFactory(body=body, parent=utama, kind=Unit.Kind.OPD, name="Dinas Kesehatan", slug="dinkes")
    UnitFactory(body=body, parent=utama, kind=Unit.Kind.OPD, name="Dinas Pendidikan", slug="dindik")
    return body


def _unit(body: PublicBody, slug: str) -> Unit:
    return Unit.objects.get(body=body, slug=slug)


def _fill(body: PublicBody, n: int) -> None:
    """`n` entries and answers per OPD, one serta-merta entry, stats and a monev cycle."""
    dinkes, dindik = _unit(body, "dinkes"), _unit(body, "dindik")
    number = 0
    for unit in (dinkes, dindik):
        for _ in range(n):
            number += 1
            _entry(body, unit, number, title=f"Informasi {number:03d} {unit.slug}")
            _answer(body, unit, number)
    number += 1
    _entry(
        body,
        dinkes,
        number,
        title="Peringatan banjir",
        info_class=InfoClass.SERTA_MERTA,
        legal_category=LegalCategory.P10,
    )
    year = timezone.localdate().year
    for month in (1, 2):
        MonthlyStat.objects.create(
            body=body,
            unit_key=dinkes.pk,
            year=year,
            month=month,
            received=10,
            granted_full=6,
            refused=1,
            pending=3,
            noticed_on_time=6,
            overdue=1,
        )
    _monev(body, [dinkes, dindik])


# --- The body's home ------------------------------------------------------------------------


def test_body_home_shows_every_block(client: Client, city: PublicBody) -> None:
    _fill(city, 3)
    response = client.get(reverse("portal:body-detail", args=[city.slug]))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Apa itu PPID?" in html
    assert "Cara meminta informasi" in html
    assert reverse("inforequests:create") in html
    assert 'action="/cari/"' in html
    assert 'name="body" value="kota-contoh"' in html
    # Serta-merta announcement, in the body's own block (not the site-wide banner).
    assert html.count("Peringatan banjir") >= 1
    assert 'id="serta-merta-body-title"' in html
    assert 'id="serta-merta-heading"' not in html
    # Newest information and answers.
    assert "Informasi 001 dinkes" in html
    assert "Salinan kontrak pengadaan nomor 1." in html
    assert reverse("inforequests:archive") + "?badan=kota-contoh" in html
    # Statistics at a glance from the monthly sums: 20 received, 14 answered, 12/14 on time.
    assert "<dd>20</dd>" in html
    assert "<dd>14</dd>" in html
    assert "<dd>86%</dd>" in html
    # The newest monev cycle and its best unit.
    assert "Monev internal 2026" in html
    assert "Informatif" in html
    assert REQUESTER not in html


def test_body_home_lists_newest_first_and_bounded(client: Client, city: PublicBody) -> None:
    _fill(city, 4)
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()

    # Entries 1..4 (dinkes) are newest: published an hour apart, 1 the latest.
    assert html.index("Informasi 001 dinkes") < html.index("Informasi 002 dinkes")
    assert html.count("newest-list") == 2
    assert "Informasi 006 dindik" not in html  # beyond NEWEST_LIMIT


def test_body_home_leaves_out_drafts_exempt_and_private_requests(
    client: Client, city: PublicBody
) -> None:
    dinkes = _unit(city, "dinkes")
    _entry(city, dinkes, 1, title="Draf rahasia", status=EntryStatus.DRAFT, published_at=None)
    _entry(
        city,
        dinkes,
        2,
        title="Rekam medis dikecualikan",
        info_class=InfoClass.DIKECUALIKAN,
        legal_category=LegalCategory.P17,
    )
    _answer(city, dinkes, 1, is_public=False, details="Permohonan tertutup")
    _answer(city, dinkes, 2, status=Status.WITHDRAWN, details="Permohonan dicabut")
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()

    for hidden in (
        "Draf rahasia",
        "Rekam medis dikecualikan",
        "Permohonan tertutup",
        "Permohonan dicabut",
    ):
        assert hidden not in html
    assert "Belum ada informasi publik yang diterbitkan." in html
    assert "Belum ada jawaban permohonan" in html
    assert "Belum ada hasil monev yang diumumkan." in html


def test_body_home_has_feed_links_in_head_and_body(client: Client, city: PublicBody) -> None:
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()

    for name in ("entries-rss", "entries-atom", "answers-rss", "answers-atom"):
        url = reverse(f"portal:feed-{name}", args=[city.slug])
        assert f'rel="alternate" type="application/{name.split("-")[1]}+xml"' in html
        assert html.count(f'href="{url}"') == 2  # <link> in the head, a visible link


def test_body_home_title_follows_the_page_body_site_pattern(
    client: Client, city: PublicBody
) -> None:
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()

    title = f"Layanan informasi publik{DASH}Pemerintah Kota Contoh{DASH}Terbuka"
    assert f"<title>{title}</title>" in html


def test_body_home_links_the_service_information_and_procedures(
    client: Client, city: PublicBody
) -> None:
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()

    assert f'href="{reverse("charter:detail", args=[city.slug])}"' in html
    for kind in ("permohonan", "keberatan", "sengketa"):
        url = reverse("charter:procedure", args=[city.slug, kind])
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200


def test_default_home_is_the_front_door(client: Client, city: PublicBody, settings: Any) -> None:
    settings.TERBUKA_DEFAULT_BODY = city.slug
    html = client.get(reverse("portal:home")).content.decode()

    assert "Cara meminta informasi" in html


def test_body_home_banner_keeps_other_bodies_announcements(
    client: Client, city: PublicBody
) -> None:
    """Another body's serta-merta notice stays in the banner (UU 14/2008 Pasal 10); the
    body's own ones are in its page's block, not twice."""
    _fill(city, 1)
    other = PublicBodyFactory.create(name="Kabupaten Tetangga", slug="kab-tetangga")
    other_unit: Unit = UnitFactory.create(body=other, kind=Unit.Kind.PPID_UTAMA, slug="utama")
    _entry(
        other,
        other_unit,
        1,
        title="Jalan ditutup karena longsor",
        info_class=InfoClass.SERTA_MERTA,
        legal_category=LegalCategory.P10,
    )
    cache.clear()  # the banner is cached; the conftest starts it empty
    html = client.get(reverse("portal:body-detail", args=[city.slug])).content.decode()
    banner = html.split('id="serta-merta-heading"', 1)[1].split("</aside>", 1)[0]
    assert "Jalan ditutup karena longsor" in banner
    assert "Peringatan banjir" not in banner
    assert 'id="serta-merta-body-title"' in html


@pytest.mark.parametrize("n", [1, 12])
def test_body_home_query_count_is_independent_of_data(
    client: Client, city: PublicBody, django_assert_num_queries: Any, n: int
) -> None:
    _fill(city, n)
    url = reverse("portal:body-detail", args=[city.slug])
    with django_assert_num_queries(BODY_COLD_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(BODY_WARM_QUERIES):
        assert client.get(url).status_code == 200


def test_body_home_blocks_are_cached_then_refreshed(client: Client, city: PublicBody) -> None:
    url = reverse("portal:body-detail", args=[city.slug])
    client.get(url)
    _answer(city, None, 1, details="Jawaban baru sekali")
    _entry(city, _unit(city, "dinkes"), 1, title="Informasi baru sekali")
    html = client.get(url).content.decode()
    assert "Informasi baru sekali" in html  # entries are read fresh
    assert "Jawaban baru sekali" not in html  # answers wait for the cache (FRONT_TTL)
    cache.delete(selectors._front_key("body", city.pk))
    assert "Jawaban baru sekali" in client.get(url).content.decode()


def test_entry_dates_are_aware(city: PublicBody) -> None:
    _entry(city, _unit(city, "dinkes"), 1)
    newest, _ = selectors.entry_rows_for_front(city)
    assert newest[0].published_at is not None
    assert timezone.is_aware(newest[0].published_at)
    assert newest[0].published_at == InformationEntry.objects.get().published_at


def test_serta_merta_is_never_stale(client: Client, city: PublicBody) -> None:
    url = reverse("portal:body-detail", args=[city.slug])
    client.get(url)
    _entry(
        city,
        _unit(city, "dinkes"),
        1,
        title="Evakuasi segera",
        info_class=InfoClass.SERTA_MERTA,
        legal_category=LegalCategory.P10,
    )
    assert "Evakuasi segera" in client.get(url).content.decode()


# --- A unit's page --------------------------------------------------------------------------


def test_unit_page_shows_its_own_newest_information_and_answers(
    client: Client, city: PublicBody
) -> None:
    _fill(city, 2)
    html = client.get(reverse("portal:unit-detail", args=[city.slug, "dindik"])).content.decode()

    assert "Informasi 003 dindik" in html
    assert "Informasi 001 dinkes" not in html
    assert "Salinan kontrak pengadaan nomor 3." in html
    assert "Salinan kontrak pengadaan nomor 1." not in html
    unit = _unit(city, "dindik")
    assert f"/informasi/kota-contoh/?unit={unit.pk}" in html
    for name in ("entries-rss", "entries-atom", "answers-rss", "answers-atom"):
        url = reverse(f"portal:unit-feed-{name}", args=[city.slug, "dindik"])
        assert html.count(f'href="{url}"') == 2
    assert f"<title>Dinas Pendidikan{DASH}Pemerintah Kota Contoh{DASH}Terbuka</title>" in html
    assert REQUESTER not in html


@pytest.mark.parametrize("n", [1, 12])
def test_unit_page_query_count_is_independent_of_data(
    client: Client, city: PublicBody, django_assert_num_queries: Any, n: int
) -> None:
    _fill(city, n)
    url = reverse("portal:unit-detail", args=[city.slug, "dinkes"])
    with django_assert_num_queries(UNIT_COLD_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(UNIT_WARM_QUERIES):
        assert client.get(url).status_code == 200


# --- Feeds ----------------------------------------------------------------------------------


def _rss_items(content: bytes) -> list[ElementTree.Element]:
    root = ElementTree.fromstring(content)  # noqa: S314 (our own output)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    return root.findall("./channel/item")


def test_entry_rss_feed(client: Client, city: PublicBody) -> None:
    _fill(city, 2)
    response = client.get(reverse("portal:feed-entries-rss", args=[city.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.findtext("./channel/language") == "id"
    items = _rss_items(response.content)
    titles = [item.findtext("title") for item in items]
    assert titles[0] == "Informasi 001 dinkes"
    assert "Peringatan banjir" in titles
    assert len(items) == 5
    first = items[0]
    assert first.findtext("link") == "http://testserver/informasi/kota-contoh/1/"
    assert first.findtext("guid") == "http://testserver/informasi/kota-contoh/1/"
    assert first.findtext("pubDate")
    assert first.findtext("category") == "Berkala"


def test_answer_atom_feed_carries_no_identity(client: Client, city: PublicBody) -> None:
    _fill(city, 2)
    response = client.get(reverse("portal:feed-answers-atom", args=[city.slug]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed"
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "id"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 4
    first = entries[0]
    assert (first.findtext(f"{ATOM}title") or "").startswith(
        InformationRequest.objects.order_by("notice__issued_at").last().registration_number  # type: ignore[union-attr]
    )
    assert first.findtext(f"{ATOM}id")
    assert first.findtext(f"{ATOM}updated")
    text = response.content.decode()
    assert REQUESTER not in text
    assert "Tujuan pribadi" not in text
    assert "Kepala Diskominfo" not in text  # the notice's signatory: not shown either
    assert "@example.test" not in text


@pytest.mark.parametrize("name", ["portal:feed-answers-atom", "portal:feed-answers-rss"])
def test_feed_items_carry_markup_as_text(client: Client, city: PublicBody, name: str) -> None:
    """A requester's `<img onerror>` reaches a feed reader as text, never as markup."""
    _answer(city, None, 1, details="Mohon <img src=x onerror=alert(1)> salinan")
    response = client.get(reverse(name, args=[city.slug]))
    root = ElementTree.fromstring(response.content)  # noqa: S314
    texts = [element.text or "" for element in root.iter()]
    assert not any("<img" in text for text in texts)
    assert any("&lt;img src=x onerror=alert(1)&gt;" in text for text in texts)


def test_unit_feeds_hold_only_the_unit(client: Client, city: PublicBody) -> None:
    _fill(city, 2)
    rss = client.get(reverse("portal:unit-feed-entries-rss", args=[city.slug, "dindik"]))
    titles = [item.findtext("title") for item in _rss_items(rss.content)]
    assert titles == ["Informasi 003 dindik", "Informasi 004 dindik"]
    answers = client.get(reverse("portal:unit-feed-answers-rss", args=[city.slug, "dindik"]))
    assert len(_rss_items(answers.content)) == 2
    assert REQUESTER not in answers.content.decode()


def test_feeds_are_bounded_to_50_items(client: Client, city: PublicBody) -> None:
    _fill(city, 30)
    for name in ("entries-rss", "answers-rss"):
        response = client.get(reverse(f"portal:feed-{name}", args=[city.slug]))
        assert len(_rss_items(response.content)) == selectors.FEED_LIMIT


@pytest.mark.parametrize(
    "name", ["feed-entries-rss", "feed-entries-atom", "feed-answers-rss", "feed-answers-atom"]
)
def test_feed_of_unknown_body_is_404(client: Client, name: str) -> None:
    assert client.get(reverse(f"portal:{name}", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("name", ["unit-feed-entries-atom", "unit-feed-answers-rss"])
def test_feed_of_unknown_or_inactive_unit_is_404(
    client: Client, city: PublicBody, name: str
) -> None:
    assert client.get(reverse(f"portal:{name}", args=[city.slug, "tidak-ada"])).status_code == 404
    UnitFactory(body=city, kind=Unit.Kind.OPD, slug="lama", is_active=False)
    assert client.get(reverse(f"portal:{name}", args=[city.slug, "lama"])).status_code == 404


@pytest.mark.parametrize("n", [1, 12])
def test_feed_query_counts_are_independent_of_data(
    client: Client, city: PublicBody, django_assert_num_queries: Any, n: int
) -> None:
    _fill(city, n)
    for name in ("entries-rss", "answers-atom"):
        with django_assert_num_queries(FEED_QUERIES):
            client.get(reverse(f"portal:feed-{name}", args=[city.slug]))
        with django_assert_num_queries(UNIT_FEED_QUERIES):
            client.get(reverse(f"portal:unit-feed-{name}", args=[city.slug, "dinkes"]))


def test_unknown_body_and_unit_pages_are_404(client: Client, city: PublicBody) -> None:
    assert client.get(reverse("portal:body-detail", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("portal:unit-detail", args=[city.slug, "nope"])).status_code == 404
