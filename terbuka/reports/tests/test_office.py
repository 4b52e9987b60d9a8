"""The officers' report pages: the list, the request, the narrative and the report's status."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from terbuka.registry.states import EntryStatus
from terbuka.reports import services
from terbuka.reports.models import (
    ReportEvent,
    ReportNarrative,
    ReportStatus,
    ServiceReport,
)
from terbuka.reports.tests import test_services
from terbuka.reports.tests.test_services import YEAR, request_and_generate

pytestmark = pytest.mark.django_db

# Fixtures of the service tests.
atasan = test_services.atasan
fast_pdf = test_services.fast_pdf

LIST = reverse("reports_office:list")
NEW = reverse("reports_office:request")
NARRATIVE = reverse("reports_office:narrative")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _narrative_url(body: Any, unit: Any = None, semester: int = 0, year: Any = YEAR) -> str:
    query = {"body": body.pk, "unit": unit.pk if unit else "", "year": year, "semester": semester}
    return NARRATIVE + "?" + urlencode(query)


def _chapters(**overrides: str) -> dict[str, str]:
    data = {
        "form_token": str(uuid.uuid4()),
        "profile": "PPID Utama dipimpin Kepala Diskominfo.",
        "facilities": "Meja layanan dan situs web.",
        "staff": "",
        "budget": "",
        "obstacles": "",
        "recommendations": "",
    }
    data.update(overrides)
    return data


# --- Access -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/akun/" in response["Location"]


def test_citizen_is_refused(applicant: Any) -> None:
    response = _client(applicant).get(LIST)
    assert response.status_code == 403


def test_desk_officer_without_report_role_is_refused(desk_officer: Any) -> None:
    response = _client(desk_officer).get(LIST)
    assert response.status_code == 403


def test_list_shows_the_reports_the_officer_may_see(
    body: Any, unit: Any, other_unit: Any, ppid_utama: Any, unit_officer: Any
) -> None:
    mine = services.report_request(actor=unit_officer, body=body, unit=unit, year=YEAR, semester=0)
    services.report_request(actor=ppid_utama, body=body, unit=other_unit, year=YEAR, semester=0)
    page = _client(unit_officer).get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("reports_office:detail", args=[mine.pk]) in html
    assert "Dinas Pendidikan" not in html.split("reports-caption")[1]
    assert "1 laporan" in html
    assert page["Cache-Control"] == "no-store"
    # A PPID Pelaksana reports on its own unit only: no consolidated option.
    assert "Seluruh badan publik (laporan gabungan)" not in html
    utama = _client(ppid_utama).get(LIST).content.decode()
    assert "2 laporan" in utama
    assert "Seluruh badan publik (laporan gabungan)" in utama


def test_list_query_count_is_flat(
    body: Any, unit: Any, other_unit: Any, ppid_utama: Any, django_assert_max_num_queries: Any
) -> None:
    for semester in (0, 1, 2):
        for target in (None, unit, other_unit):
            services.report_request(
                actor=ppid_utama, body=body, unit=target, year=YEAR, semester=semester
            )
    client = _client(ppid_utama)
    client.get(LIST)  # warm the session and the caches
    with django_assert_max_num_queries(14):
        response = client.get(LIST)
    assert "9 laporan" in response.content.decode()


# --- Requesting a report ----------------------------------------------------------------------


def test_request_redirects_to_the_report_and_double_submit_is_one(
    body: Any, ppid_utama: Any
) -> None:
    client = _client(ppid_utama)
    data = {"form_token": str(uuid.uuid4()), "unit": "", "year": YEAR, "semester": 0}
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    report = ServiceReport.objects.get()
    assert first.status_code == second.status_code == 303
    assert (
        first["Location"]
        == second["Location"]
        == reverse("reports_office:detail", args=[report.pk])
    )
    assert report.unit is None
    assert report.status == ReportStatus.QUEUED
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.REPORT_REQUESTED).count() == 1


def test_request_without_token_still_makes_one_report(body: Any, ppid_utama: Any) -> None:
    client = _client(ppid_utama)
    data = {"unit": "", "year": YEAR, "semester": 1}
    client.post(NEW, data)
    client.post(NEW, data)
    assert ServiceReport.objects.count() == 1


def test_request_errors_are_indonesian(body: Any, ppid_utama: Any) -> None:
    client = _client(ppid_utama)
    response = client.post(NEW, {"unit": "", "year": "dua ribu", "semester": 0})
    assert response.status_code == 422
    assert "Tahun harus berupa angka." in response.content.decode()
    response = client.post(NEW, {"unit": "", "year": YEAR + 1, "semester": 0})
    assert response.status_code == 422
    assert "Periode laporan belum dimulai." in response.content.decode()
    response = client.post(NEW, {"unit": "", "year": "", "semester": 0})
    assert "Isi tahun laporan." in response.content.decode()
    assert not ServiceReport.objects.exists()


def test_pelaksana_cannot_request_other_units_or_the_body(
    body: Any, unit: Any, other_unit: Any, unit_officer: Any
) -> None:
    client = _client(unit_officer)
    other = client.post(NEW, {"unit": other_unit.pk, "year": YEAR, "semester": 0})
    assert other.status_code == 422
    whole = client.post(NEW, {"unit": "", "year": YEAR, "semester": 0})
    assert whole.status_code == 422
    assert "Pilih unit Anda." in whole.content.decode()
    assert not ServiceReport.objects.exists()
    own = client.post(NEW, {"unit": unit.pk, "year": YEAR, "semester": 0})
    assert own.status_code == 303


def test_atasan_reads_but_may_not_request(body: Any, atasan: Any) -> None:
    client = _client(atasan)
    assert client.get(LIST).status_code == 200
    response = client.post(NEW, {"unit": "", "year": YEAR, "semester": 0})
    assert response.status_code == 403
    assert "Anda tidak berwenang membuat laporan untuk pilihan ini." in response.content.decode()


# --- The narrative -----------------------------------------------------------------------------


def test_narrative_page_is_prefilled_and_saves_once(body: Any, ppid_utama: Any) -> None:
    services.narrative_save(
        actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0, staff="Dua petugas."
    )
    client = _client(ppid_utama)
    url = _narrative_url(body)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dua petugas." in html
    assert f"Tahun {YEAR}" in html
    data = _chapters(staff="Tiga petugas.")
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == url
    narrative = ReportNarrative.objects.get()
    assert narrative.staff == "Tiga petugas."
    assert narrative.profile == "PPID Utama dipimpin Kepala Diskominfo."
    assert ReportEvent.objects.filter(kind=ReportEvent.Kind.NARRATIVE_SAVED).count() == 2
    assert "Narasi laporan disimpan." in client.get(url).content.decode()


def test_too_long_chapter_is_shown_on_its_field(body: Any, ppid_utama: Any) -> None:
    response = _client(ppid_utama).post(
        _narrative_url(body), _chapters(budget="x" * (services.MAX_CHAPTER + 1))
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert re.search(r'id="id_budget_error">Bagian ini paling banyak 20\.000 karakter', html)
    assert not ReportNarrative.objects.exists()


def test_narrative_of_another_unit_is_hidden(
    body: Any, unit: Any, other_unit: Any, unit_officer: Any
) -> None:
    client = _client(unit_officer)
    assert client.get(_narrative_url(body, unit)).status_code == 200
    assert client.get(_narrative_url(body, other_unit)).status_code == 422  # not in the choices
    assert client.post(_narrative_url(body, other_unit), _chapters()).status_code == 422
    assert not ReportNarrative.objects.exists()


def test_narrative_with_a_bad_period_explains(body: Any, ppid_utama: Any) -> None:
    response = _client(ppid_utama).get(_narrative_url(body, semester=0, year=2001))
    assert response.status_code == 422
    assert "Tahun harus antara 2008 dan 2100." in response.content.decode()


def test_atasan_reads_the_narrative_only(body: Any, ppid_utama: Any, atasan: Any) -> None:
    services.narrative_save(
        actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0, profile="Profil."
    )
    client = _client(atasan)
    page = client.get(_narrative_url(body))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Profil." in html
    assert "Simpan narasi" not in html
    assert client.post(_narrative_url(body), _chapters()).status_code == 403


# --- One report --------------------------------------------------------------------------------


def test_queued_report_polls_and_done_report_stops(
    body: Any, ppid_utama: Any, django_capture_on_commit_callbacks: Any, fast_pdf: None
) -> None:
    report = services.report_request(actor=ppid_utama, body=body, unit=None, year=YEAR, semester=0)
    client = _client(ppid_utama)
    url = reverse("reports_office:detail", args=[report.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert 'role="status"' in page
    assert 'aria-live="polite"' in page
    assert "Perbarui status" in page
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert "<html" not in partial.content.decode()
    assert "Dalam antrean" in partial.content.decode()
    ServiceReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, progress=45, stage="Menyusun PDF"
    )
    running = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'value="45"' in running
    assert "Menyusun PDF" in running
    ServiceReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    services.report_generate(report.pk)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert "Laporan terbit di DIP dan dapat diunduh publik." in done
    report.refresh_from_db()
    assert report.entry is not None
    assert reverse("registry_office:entry", args=[report.entry.pk]) in done
    assert report.pdf_document is not None
    assert report.pdf_document.current is not None
    assert reverse("registry:download", args=[report.pdf_document.current.pk]) in done
    full = client.get(url).content.decode()
    assert "Laporan selesai dibuat" in full  # the event in the history


def test_failed_report_shows_the_error(body: Any, ppid_utama: Any) -> None:
    report = ServiceReport.objects.create(
        body=body,
        year=YEAR,
        status=ReportStatus.FAILED,
        error="Laporan gagal dibuat karena galat sistem (RuntimeError).",
        requested_by=ppid_utama,
        requested_at=timezone.now(),
    )
    page = _client(ppid_utama).get(reverse("reports_office:detail", args=[report.pk]))
    html = page.content.decode()
    assert "Gagal" in html
    assert "Laporan gagal dibuat karena galat sistem (RuntimeError)." in html
    assert "hx-trigger" not in html


def test_held_report_says_it_is_not_public(
    body: Any,
    ppid_utama: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
    fast_pdf: None,
) -> None:
    from terbuka.core.exceptions import Conflict
    from terbuka.registry import services as registry_services

    def held(**kwargs: Any) -> Any:
        raise Conflict("temuan", code="safety_findings", findings=[])

    monkeypatch.setattr(registry_services, "entry_publish", held)
    report = request_and_generate(
        django_capture_on_commit_callbacks,
        actor=ppid_utama,
        body=body,
        unit=None,
        year=YEAR,
        semester=0,
    )
    assert report.entry is not None
    assert report.entry.status == EntryStatus.DRAFT
    html = _client(ppid_utama).get(reverse("reports_office:detail", args=[report.pk]))
    text = html.content.decode()
    assert "belum terbit di portal" in text
    assert "Tautan publik" not in text


def test_report_of_another_unit_is_not_found(
    body: Any, unit: Any, other_unit: Any, ppid_utama: Any, unit_officer: Any, applicant: Any
) -> None:
    report = services.report_request(
        actor=ppid_utama, body=body, unit=other_unit, year=YEAR, semester=0
    )
    url = reverse("reports_office:detail", args=[report.pk])
    assert _client(unit_officer).get(url).status_code == 404
    assert _client(ppid_utama).get(url).status_code == 200
    assert _client(applicant).get(url).status_code == 403
