"""The DIP back office through the client: lists, the entry form, documents and findings,
publication, consequence tests, import and export."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terbuka.registry import services
from terbuka.registry.models import ConsequenceTest, InformationEntry, RegistryEvent
from terbuka.registry.states import ConsequenceStatus, EntryStatus
from terbuka.registry.tests.factories import CLEAN_CSV, in_days, make_entry, test_values, xlsx_bytes
from terbuka.safety.models import Finding, FindingStatus

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def entry(body: Any, unit: Any, unit_officer: Any) -> InformationEntry:
    return make_entry(actor=unit_officer, body=body, unit=unit)


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "title": "Daftar aset daerah 2025",
        "summary": "Daftar barang milik daerah per OPD.",
        "info_class": "setiap_saat",
        "legal_category": "p11_c",
        "holder_official": "Kepala Dinas Kesehatan",
        "responsible_person": "Pengurus barang",
        "produced_when": "2025",
        "produced_where": "Serang",
        "available_forms": ["softcopy"],
        "retention_period": "5 tahun",
        "year": "2025",
        "tags": "aset, barang milik daerah",
    }
    data.update(overrides)
    return data


def test_list_shows_what_each_role_keeps(
    entry: InformationEntry,
    body: Any,
    other_unit: Any,
    other_officer: Any,
    ppid_utama: Any,
    django_assert_max_num_queries: Any,
) -> None:
    make_entry(actor=other_officer, body=body, unit=other_unit, title="Entri Dinas Pendidikan")
    for i in range(5):
        make_entry(actor=ppid_utama, body=body, unit=other_unit, title=f"Entri tambahan {i}")
    url = reverse("registry_office:list")
    own = _login(other_officer).get(url).content.decode()
    assert "Entri Dinas Pendidikan" in own
    assert entry.title not in own
    client = _login(ppid_utama)
    with django_assert_max_num_queries(14):
        everything = client.get(url).content.decode()
    assert "Entri Dinas Pendidikan" in everything
    assert entry.title in everything
    assert reverse("registry_office:import", args=[body.slug]) in everything


def test_citizens_cannot_open_the_office(applicant: Any) -> None:
    assert _login(applicant).get(reverse("registry_office:list")).status_code == 403


def test_new_entry_double_submit_creates_one_draft(unit: Any, unit_officer: Any) -> None:
    client = _login(unit_officer)
    data = _form(unit=unit.pk)
    first = client.post(reverse("registry_office:new"), data)
    assert first.status_code == 303
    again = client.post(reverse("registry_office:new"), data)
    assert again.status_code == 303
    assert InformationEntry.objects.filter(title="Daftar aset daerah 2025").count() == 1
    entry = InformationEntry.objects.get(title="Daftar aset daerah 2025")
    assert entry.status == EntryStatus.DRAFT
    assert entry.tags == ["aset", "barang milik daerah"]


def test_new_entry_errors_in_indonesian(unit: Any, unit_officer: Any) -> None:
    response = _login(unit_officer).post(
        reverse("registry_office:new"),
        _form(unit=unit.pk, info_class="berkala", legal_category="p9_c"),
    )
    assert response.status_code == 422
    assert "jadwal pembaruan" in response.content.decode()
    assert not InformationEntry.objects.exists()


def test_new_entry_for_another_unit_is_refused(other_unit: Any, unit_officer: Any) -> None:
    response = _login(unit_officer).post(reverse("registry_office:new"), _form(unit=other_unit.pk))
    assert response.status_code == 422
    assert not InformationEntry.objects.exists()


def test_edit_keeps_history(entry: InformationEntry, unit_officer: Any) -> None:
    client = _login(unit_officer)
    data = _form(
        title="Judul baru",
        info_class="berkala",
        legal_category="p9_c",
        update_every_months="6",
    )
    data.pop("form_token")
    response = client.post(reverse("registry_office:edit", args=[entry.pk]), data)
    assert response.status_code == 303
    entry.refresh_from_db()
    assert entry.title == "Judul baru"
    assert entry.events.filter(kind=RegistryEvent.Kind.UPDATED).exists()


def test_other_unit_cannot_see_or_edit(entry: InformationEntry, other_officer: Any) -> None:
    client = _login(other_officer)
    assert client.get(reverse("registry_office:entry", args=[entry.pk])).status_code == 404
    assert (
        client.post(reverse("registry_office:action", args=[entry.pk, "terbitkan"])).status_code
        == 404
    )


def test_blocked_document_then_clean_version_then_publish(
    entry: InformationEntry, unit_officer: Any
) -> None:
    client = _login(unit_officer)
    upload = SimpleUploadedFile("data.xlsx", xlsx_bytes(hidden_sheet=True))
    response = client.post(
        reverse("registry_office:action", args=[entry.pk, "tambah-dokumen"]),
        {"title": "Data", "file": upload},
    )
    assert response.status_code == 303
    document = entry.documents.get()
    page = client.get(reverse("registry_office:entry", args=[entry.pk])).content.decode()
    assert "Lembar tersembunyi" in page
    refused = client.post(
        reverse("registry_office:action", args=[entry.pk, "terbitkan"]), follow=True
    )
    assert "temuan pemeriksaan" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    clean = SimpleUploadedFile("data.xlsx", xlsx_bytes())
    client.post(
        reverse("registry_office:action", args=[entry.pk, "versi-baru"]),
        {"document": document.pk, "file": clean, "note": "Lembar tersembunyi dihapus"},
    )
    document.refresh_from_db()
    assert document.current is not None
    assert document.current.version == 2
    first = document.versions.get(version=1)
    # The first version's findings were superseded by the clean upload; the new one has none.
    assert not Finding.objects.filter(scan=first.scan, status=FindingStatus.OPEN).exists()
    assert not Finding.objects.filter(
        scan=document.current.scan, status=FindingStatus.OPEN, severity="blocking"
    ).exists()
    client.post(reverse("registry_office:action", args=[entry.pk, "terbitkan"]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PUBLISHED


def test_refused_upload_shows_the_reason(entry: InformationEntry, unit_officer: Any) -> None:
    client = _login(unit_officer)
    upload = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        reverse("registry_office:action", args=[entry.pk, "tambah-dokumen"]),
        {"title": "Laporan", "file": upload},
    )
    assert response.status_code == 422
    assert not entry.documents.exists()


def test_only_ppid_utama_overrides_a_finding(
    entry: InformationEntry, unit_officer: Any, ppid_utama: Any
) -> None:
    document = services.document_add(
        entry=entry,
        actor=unit_officer,
        title="Data",
        data=xlsx_bytes(hidden_sheet=True),
        filename="data.xlsx",
    )
    assert document.current is not None
    finding = Finding.objects.filter(scan=document.current.scan, severity="blocking").first()
    assert finding is not None
    url = reverse("registry_office:action", args=[entry.pk, "kesampingkan-temuan"])
    data = {"document": document.pk, "finding": finding.pk, "reason": "Data sudah dianonimkan."}
    assert _login(unit_officer).post(url, data).status_code == 403
    assert _login(ppid_utama).post(url, data).status_code == 303
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OVERRIDDEN
    assert entry.events.filter(kind=RegistryEvent.Kind.FINDING_OVERRIDDEN).exists()


def test_withdraw_needs_a_reason_and_record_update(body: Any, unit: Any, unit_officer: Any) -> None:
    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    services.entry_publish(entry=entry, actor=unit_officer)
    client = _login(unit_officer)
    url = reverse("registry_office:action", args=[entry.pk, "tarik"])
    assert client.post(url, {"reason": ""}).status_code == 422
    update = client.post(
        reverse("registry_office:action", args=[entry.pk, "catat-pembaruan"]),
        {"updated_on": in_days(0).isoformat(), "note": "Laporan semester"},
    )
    assert update.status_code == 303
    entry.refresh_from_db()
    assert entry.last_updated_on == in_days(0)
    assert client.post(url, {"reason": "Data diperbaiki."}).status_code == 303
    entry.refresh_from_db()
    assert entry.status == EntryStatus.WITHDRAWN


def test_version_download_for_officers_only(
    entry: InformationEntry, unit_officer: Any, other_officer: Any
) -> None:
    document = services.document_add(
        entry=entry, actor=unit_officer, title="Data", data=CLEAN_CSV, filename="d.csv"
    )
    url = reverse("registry_office:version-download", args=[document.current_id])
    assert _login(unit_officer).get(url).status_code == 200
    assert _login(other_officer).get(url).status_code == 404


def test_consequence_test_through_the_pages(unit: Any, unit_officer: Any, ppid_utama: Any) -> None:
    officer = _login(unit_officer)
    data = {**test_values(), "unit": unit.pk, "exempt_until": ""}
    data["pasal17_letters"] = ["h"]
    response = officer.post(reverse("registry_office:test-new"), data)
    assert response.status_code == 303
    test = ConsequenceTest.objects.get()
    assert test.status == ConsequenceStatus.DRAFT
    decide = reverse("registry_office:test-action", args=[test.pk, "tetapkan"])
    payload = {"decision_number": "PPID/UK/9/2026", "decision_date": in_days(0).isoformat()}
    assert officer.post(decide, payload).status_code == 403
    utama = _login(ppid_utama)
    assert utama.post(decide, payload).status_code == 303
    test.refresh_from_db()
    assert test.status == ConsequenceStatus.DECIDED
    pdf = utama.get(reverse("registry_office:test-pdf", args=[test.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    listing = utama.get(reverse("registry_office:tests")).content.decode()
    assert "PPID/UK/9/2026" in listing


def test_decide_errors_stay_on_the_page(unit: Any, ppid_utama: Any, body: Any) -> None:
    test = services.consequence_test_create(actor=ppid_utama, body=body, unit=unit, **test_values())
    response = _login(ppid_utama).post(
        reverse("registry_office:test-action", args=[test.pk, "tetapkan"]),
        {"decision_number": "", "decision_date": in_days(0).isoformat()},
    )
    assert response.status_code == 422
    test.refresh_from_db()
    assert test.status == ConsequenceStatus.DRAFT


def test_office_export_includes_drafts(entry: InformationEntry, body: Any, ppid_utama: Any) -> None:
    response = _login(ppid_utama).get(reverse("registry_office:export", args=[body.slug, "csv"]))
    assert response.status_code == 200
    assert entry.title in response.content.decode("utf-8-sig")
    assert response["Cache-Control"] == "no-store"


def test_test_list_query_count(
    body: Any, unit: Any, ppid_utama: Any, django_assert_max_num_queries: Any
) -> None:
    for i in range(6):
        services.consequence_test_create(
            actor=ppid_utama, body=body, unit=unit, **test_values(information=f"Informasi {i}")
        )
    client = _login(ppid_utama)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("registry_office:tests")).content.decode()
    assert "Informasi 5" in html


def test_date_pickers_carry_iso_values(body: Any, unit: Any, ppid_utama: Any) -> None:
    test = services.consequence_test_create(actor=ppid_utama, body=body, unit=unit, **test_values())
    html = _login(ppid_utama).get(reverse("registry_office:test", args=[test.pk])).content.decode()
    # A native date input ignores a localised value such as 07/12/2026.
    assert f'type="date" name="decision_date" value="{in_days(0).isoformat()}"' in html
