"""The public DIP pages: lists by class and unit, an entry, the exempt list, downloads and the
public export; drafts and closed content never show."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook  # type: ignore[import-untyped]

from terbuka.registry import services
from terbuka.registry.models import ConsequenceTest, InformationEntry
from terbuka.registry.tests.factories import CLEAN_CSV, in_days, make_entry, test_values, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(body: Any, unit: Any, unit_officer: Any) -> InformationEntry:
    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    services.document_add(
        entry=entry, actor=unit_officer, title="Laporan", data=CLEAN_CSV, filename="lra.csv"
    )
    return services.entry_publish(entry=entry, actor=unit_officer)


@pytest.fixture
def exempt(body: Any, unit: Any, ppid_utama: Any) -> InformationEntry:
    test = services.consequence_test_create(
        actor=ppid_utama,
        body=body,
        unit=unit,
        **test_values(information="Rekam medis pasien", exempt_until=None),
    )
    services.consequence_test_decide(
        test=test, actor=ppid_utama, decision_number="PPID/UK/7/2026", decision_date=in_days(0)
    )
    entry = make_entry(
        actor=ppid_utama,
        body=body,
        unit=unit,
        title="Rekam medis pasien Puskesmas",
        info_class="dikecualikan",
        legal_category="p17",
        consequence_test=test,
    )
    return services.entry_publish(entry=entry, actor=ppid_utama)


def test_body_page_lists_published_entries_only(
    client: Client, published: InformationEntry, body: Any, unit: Any, unit_officer: Any
) -> None:
    make_entry(actor=unit_officer, body=body, unit=unit, title="Draf rahasia belum terbit")
    html = client.get(reverse("registry:body", args=[body.slug])).content.decode()
    assert published.title in html
    assert "Draf rahasia belum terbit" not in html


def test_body_page_filters_by_class_and_unit(
    client: Client, published: InformationEntry, body: Any, other_unit: Any
) -> None:
    url = reverse("registry:body", args=[body.slug])
    assert published.title in client.get(url, {"kelas": "berkala"}).content.decode()
    assert published.title not in client.get(url, {"kelas": "serta_merta"}).content.decode()
    assert published.title not in client.get(url, {"unit": other_unit.pk}).content.decode()
    assert published.title in client.get(url, {"unit": published.unit_id}).content.decode()


def test_body_page_keyset_pages_and_query_count(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    django_assert_max_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from terbuka.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 3)
    for i in range(7):
        entry = make_entry(actor=unit_officer, body=body, unit=unit, title=f"Entri nomor {i}")
        services.entry_publish(entry=entry, actor=unit_officer)
    url = reverse("registry:body", args=[body.slug])
    with django_assert_max_num_queries(8):
        first = client.get(url)
    html = first.content.decode()
    assert "Entri nomor 0" in html
    assert "Entri nomor 3" not in html
    cursor = first.context["page"].next_cursor
    second = client.get(url, {"setelah": cursor}).content.decode()
    assert "Entri nomor 3" in second
    assert "Entri nomor 0" not in second
    assert client.get(url, {"setelah": "bukan~kursor"}).status_code == 200


def test_entry_page_offers_released_documents(
    client: Client, published: InformationEntry, body: Any
) -> None:
    response = client.get(reverse("registry:entry", args=[body.slug, published.number]))
    assert response.status_code == 200
    document = published.documents.get()
    assert reverse("registry:download", args=[document.current_id]) in response.content.decode()


def test_draft_entry_page_is_not_found(
    client: Client, body: Any, unit: Any, unit_officer: Any
) -> None:
    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    assert client.get(reverse("registry:entry", args=[body.slug, entry.number])).status_code == 404


def test_download_is_an_attachment_that_never_runs(
    client: Client, published: InformationEntry
) -> None:
    version = published.documents.get().current
    assert version is not None
    response = client.get(reverse("registry:download", args=[version.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.getvalue() == CLEAN_CSV


def test_blocked_or_withdrawn_files_are_not_downloadable(
    client: Client, body: Any, unit: Any, unit_officer: Any, published: InformationEntry
) -> None:
    draft = make_entry(actor=unit_officer, body=body, unit=unit)
    document = services.document_add(
        entry=draft,
        actor=unit_officer,
        title="Data",
        data=xlsx_bytes(hidden_sheet=True),
        filename="data.xlsx",
    )
    assert client.get(reverse("registry:download", args=[document.current_id])).status_code == 404
    version = published.documents.get().current
    assert version is not None
    services.entry_withdraw(entry=published, actor=unit_officer, reason="Diganti versi baru.")
    assert client.get(reverse("registry:download", args=[version.pk])).status_code == 404


def test_exempt_list_shows_why_never_content(
    client: Client, exempt: InformationEntry, body: Any
) -> None:
    html = client.get(reverse("registry:exempt", args=[body.slug])).content.decode()
    test = exempt.consequence_test
    assert isinstance(test, ConsequenceTest)
    assert "Rekam medis pasien" in html
    assert "PPID/UK/7/2026" in html
    detail = client.get(reverse("registry:entry", args=[body.slug, exempt.number])).content.decode()
    assert "Mengapa informasi ini dikecualikan" in detail
    assert "registry/unduh" not in detail


def test_serta_merta_banner_on_every_page_until_withdrawn(
    client: Client, body: Any, unit: Any, unit_officer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    entry = make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        title="Peringatan dini banjir",
        info_class="serta_merta",
        legal_category="p10",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_publish(entry=entry, actor=unit_officer)
    for url in (reverse("portal:home"), reverse("calendars:calculator")):
        html = client.get(url).content.decode()
        assert "Pengumuman serta-merta" in html
        assert "Peringatan dini banjir" in html
    with django_capture_on_commit_callbacks(execute=True):
        services.entry_withdraw(entry=entry, actor=unit_officer, reason="Status siaga dicabut.")
    assert "Peringatan dini banjir" not in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_public_export_holds_published_entries(
    client: Client, published: InformationEntry, body: Any, unit: Any, unit_officer: Any, fmt: str
) -> None:
    make_entry(actor=unit_officer, body=body, unit=unit, title="Draf tidak diekspor")
    response = client.get(reverse("registry:export", args=[body.slug, fmt]))
    assert response.status_code == 200
    assert f"dip-{body.slug}.{fmt}" in response["Content-Disposition"]
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        text = "\n".join(
            ";".join(str(c) for c in row if c is not None)
            for row in book.worksheets[0].iter_rows(values_only=True)
        )
    assert published.title in text
    assert "Draf tidak diekspor" not in text


def test_unknown_body_is_not_found(client: Client, db: Any) -> None:
    assert client.get(reverse("registry:body", args=["tidak-ada"])).status_code == 404


def test_body_page_query_count_does_not_depend_on_page_or_filters(
    client: Client,
    body: Any,
    unit: Any,
    unit_officer: Any,
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """quality.md B2: a deep keyset page and a filtered list cost the queries of page 1."""
    from terbuka.registry import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in range(7):
        entry = make_entry(actor=unit_officer, body=body, unit=unit, title=f"Entri {i}")
        services.entry_publish(entry=entry, actor=unit_officer)
    url = reverse("registry:body", args=[body.slug])
    client.get(url)  # the serta-merta banner is cached after the first page
    first = client.get(url)
    with django_assert_num_queries(3):
        client.get(url, {"setelah": first.context["page"].next_cursor})
    filtered = {"unit": unit.pk, "kelas": "berkala"}
    page = client.get(url, filtered)
    assert page.context["page"].next_cursor
    with django_assert_num_queries(4):  # the unit filter reads the unit
        deep = client.get(url, {**filtered, "setelah": page.context["page"].next_cursor})
    html = deep.content.decode()
    assert f'href="{url}{deep.context["entries"][0].number}/"' in html
