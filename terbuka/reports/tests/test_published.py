"""The published service reports under /laporan/ (UU 14/2008 Pasal 11(1) huruf h)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from terbuka.bodies.tests.factories import PublicBodyFactory
from terbuka.core.exceptions import Conflict
from terbuka.registry import services as registry_services
from terbuka.reports.models import ReportStatus
from terbuka.reports.tests import test_services
from terbuka.reports.tests.test_services import YEAR, request_and_generate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]

fast_pdf = test_services.fast_pdf  # a fixture of the service tests


def _generate(capture: Any, actor: Any, body: Any, unit: Any = None, semester: int = 0) -> Any:
    return request_and_generate(
        capture, actor=actor, body=body, unit=unit, year=YEAR, semester=semester
    )


def test_bodies_page_counts_published_reports(
    client: Client,
    body: Any,
    ppid_utama: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    PublicBodyFactory(name="Pemerintah Kabupaten Contoh", slug="kab-contoh")
    _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    _generate(django_capture_on_commit_callbacks, ppid_utama, body, semester=1)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("reports:bodies"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("reports:body", args=["kota-uji"]) in html
    assert "2 laporan terbit" in html
    assert "Pemerintah Kabupaten Contoh" in html
    assert "0 laporan terbit" in html


def test_body_page_lists_newest_first_with_public_downloads(
    client: Client,
    body: Any,
    unit: Any,
    ppid_utama: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    whole = _generate(django_capture_on_commit_callbacks, ppid_utama, body, semester=1)
    unit_report = _generate(django_capture_on_commit_callbacks, ppid_utama, body, unit, 2)
    response = client.get(reverse("reports:body", args=[body.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Dinas Kesehatan") < html.index(f"Semester I (Januari-Juni) {YEAR}")
    for report in (whole, unit_report):
        for document in (report.pdf_document, report.xlsx_document):
            url = reverse("registry:download", args=[document.current.pk])
            assert url in html
    download = client.get(reverse("registry:download", args=[whole.pdf_document.current.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    xlsx = client.get(reverse("registry:download", args=[whole.xlsx_document.current.pk]))
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]


def test_regenerated_report_is_listed_once_with_its_latest_files(
    client: Client,
    body: Any,
    ppid_utama: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    first = _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    second = _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    html = client.get(reverse("reports:body", args=[body.slug])).content.decode()
    assert "1 laporan" in html
    assert second.pdf_document.current.version == 2
    assert reverse("registry:download", args=[second.pdf_document.current.pk]) in html
    old = first.pdf_document.versions.get(version=1)
    assert reverse("registry:download", args=[old.pk]) not in html


def test_unpublished_and_failed_reports_are_not_listed(
    client: Client,
    body: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    def held(**kwargs: Any) -> Any:
        raise Conflict("temuan", code="safety_findings", findings=[])

    monkeypatch.setattr(registry_services, "entry_publish", held)
    report = _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    assert report.status == ReportStatus.DONE
    html = client.get(reverse("reports:body", args=[body.slug])).content.decode()
    assert "Badan publik ini belum menerbitkan laporan layanan informasi." in html
    assert reverse("registry:download", args=[report.pdf_document.current.pk]) not in html
    assert (
        client.get(reverse("registry:download", args=[report.pdf_document.current.pk])).status_code
        == 404
    )


def test_withdrawn_entry_leaves_the_list(
    client: Client, body: Any, ppid_utama: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    registry_services.entry_withdraw(entry=report.entry, actor=ppid_utama, reason="Salah angka.")
    html = client.get(reverse("reports:body", args=[body.slug])).content.decode()
    assert "belum menerbitkan" in html


def test_unknown_body_is_not_found(client: Client, db: None) -> None:
    assert client.get(reverse("reports:body", args=["tidak-ada"])).status_code == 404


def test_body_page_query_count_is_flat(
    client: Client,
    body: Any,
    unit: Any,
    other_unit: Any,
    ppid_utama: Any,
    django_capture_on_commit_callbacks: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for target in (None, unit, other_unit):
        for semester in (1, 2):
            _generate(django_capture_on_commit_callbacks, ppid_utama, body, target, semester)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("reports:body", args=[body.slug]))
    assert "6 laporan" in response.content.decode()


def test_public_pages_carry_no_identity(
    client: Client,
    body: Any,
    unit: Any,
    ppid_utama: Any,
    submit: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submit(unit=unit)
    _generate(django_capture_on_commit_callbacks, ppid_utama, body)
    html = client.get(reverse("reports:body", args=[body.slug])).content.decode()
    for secret in ("3673011708900001", "Siti Pemohon", "081234567890", "siti@example.test"):
        assert secret not in html
