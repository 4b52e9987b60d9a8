"""The officers' budget pages through the client: the list, the upload with its mapping and
confirmation steps, an import with its history and file, a document's release and withdrawal."""

from __future__ import annotations

import html
import re
import uuid
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terbuka.bodies.models import Membership
from terbuka.bodies.tests.factories import MembershipFactory
from terbuka.budget import documents
from terbuka.budget.models import BudgetDocument, BudgetEvent, BudgetImport, DocumentState
from terbuka.budget.selectors import document_state
from terbuka.budget.tests.factories import SMALL, csv_bytes, make_import
from terbuka.registry import services as registry_services
from terbuka.registry.models import Document
from terbuka.registry.tests.factories import xlsx_bytes as registry_xlsx
from terbuka.safety.models import Finding

pytestmark = pytest.mark.django_db

LIST = reverse("budget_office:list")
UPLOAD = reverse("budget_office:upload")
OTHER_HEADER = ["Kode Rek.", "Uraian Kegiatan", "Pagu", "Realisasi"]


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(
    unit: Any, data: bytes | None = None, name: str = "lra-2025.csv", **overrides: Any
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "form_token": str(uuid.uuid4()),
        "unit": unit.pk,
        "year": "2025",
        "kind": "lra_yearly",
        "import_lines": "on",
        "publish_document": "on",
        "bpk_opinion": "",
        "title": "",
        "note": "",
        "header_row": "1",
    }
    if data is not None:
        values["file"] = SimpleUploadedFile(name, data)
    values.update(overrides)
    return {k: v for k, v in values.items() if v is not None}


def _hidden(page: str) -> dict[str, str]:
    """The hidden inputs of a page, as a browser would send them back."""
    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in found if name != "csrfmiddlewaretoken"}


def _staged() -> list[str]:
    try:
        _folders, names = storages["private"].listdir("budget/staged")
    except FileNotFoundError:
        return []
    return [str(name) for name in names]


def _page(response: Any) -> str:
    page: str = response.content.decode()
    assert '<html lang="id">' in page
    assert page.count("<h1>") == 1
    return page


def _labelled(page: str) -> None:
    """Every visible input has a label pointing at it; every table has a caption or a name."""
    ids = re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
    for field_id in ids:
        assert f'for="{field_id}"' in page, field_id
    unnamed = re.findall(
        r'<(?:input|textarea|select)(?![^>]*type="hidden")(?![^>]*\bid=)[^>]*>', page
    )
    assert not unnamed, unnamed
    assert page.count("<table") == page.count("<caption") + page.count(
        'role="region" aria-labelledby="lines-heading"'
    )
    assert "<th>" not in page  # every header cell has a scope


# --- Upload ----------------------------------------------------------------------------------


def test_upload_imports_the_numbers_and_publishes_the_file(unit: Any, unit_officer: Any) -> None:
    client = _login(unit_officer)
    form = _page(client.get(UPLOAD))
    _labelled(form)
    assert 'name="body"' not in form  # one body: nothing to choose
    assert reverse("api:template_csv") in form
    response = client.post(UPLOAD, _form(unit, csv_bytes(SMALL)))
    assert response.status_code == 303
    budget_import = BudgetImport.objects.get()
    assert response["Location"] == reverse("budget_office:import", args=[budget_import.pk])
    budget_document = BudgetDocument.objects.get()
    assert budget_document.budget_import == budget_import
    assert document_state(budget_document) == DocumentState.PUBLISHED
    assert _staged() == []
    page = _page(client.get(response["Location"]))
    assert "Anggaran diimpor: 5 baris." in page
    assert "terbit di DIP" in page
    assert budget_document.title in page


def test_a_double_submit_stores_once(unit: Any, unit_officer: Any) -> None:
    client = _login(unit_officer)
    token = str(uuid.uuid4())
    first = client.post(UPLOAD, _form(unit, csv_bytes(SMALL), form_token=token))
    again = client.post(UPLOAD, _form(unit, csv_bytes(SMALL), form_token=token))
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert BudgetImport.objects.count() == 1
    assert BudgetDocument.objects.count() == 1
    assert Document.objects.count() == 1
    assert _staged() == []


def test_a_document_without_numbers(unit: Any, unit_officer: Any) -> None:
    response = _login(unit_officer).post(
        UPLOAD, _form(unit, registry_xlsx(), "dpa.xlsx", kind="dpa", import_lines=None)
    )
    assert response.status_code == 303
    budget_document = BudgetDocument.objects.get()
    assert response["Location"] == reverse("budget_office:document", args=[budget_document.pk])
    assert not BudgetImport.objects.exists()


def test_columns_named_otherwise_are_mapped_without_choosing_the_file_again(
    unit: Any, unit_officer: Any
) -> None:
    client = _login(unit_officer)
    data = csv_bytes(SMALL, header=OTHER_HEADER)
    response = client.post(UPLOAD, _form(unit, data))
    assert response.status_code == 200
    page = _page(response)
    _labelled(page)
    assert "Petakan kolom" in page
    assert "Belanja Daerah" in page  # the preview
    assert '<option value="Realisasi" selected>' in page
    assert not BudgetImport.objects.exists()
    assert len(_staged()) == 2  # the file and its sidecar
    carried = _hidden(page)
    assert "file" not in carried
    mapping = {
        "kolom_kode_rekening": "Kode Rek.",
        "kolom_uraian": "Uraian Kegiatan",
        "kolom_anggaran": "Pagu",
        "kolom_realisasi": "Realisasi",
    }
    done = client.post(UPLOAD, {**carried, **mapping, "header_row": "1", "action": "petakan"})
    assert done.status_code == 303
    budget_import = BudgetImport.objects.get()
    assert budget_import.lines_count == 5
    assert BudgetDocument.objects.count() == 1
    assert _staged() == []


def test_a_mapping_that_misses_a_column_is_reported_on_the_mapping_step(
    unit: Any, unit_officer: Any
) -> None:
    client = _login(unit_officer)
    page = client.post(UPLOAD, _form(unit, csv_bytes(SMALL, header=OTHER_HEADER))).content.decode()
    response = client.post(
        UPLOAD,
        {
            **_hidden(page),
            "header_row": "1",
            "kolom_kode_rekening": "Kode Rek.",
            "action": "petakan",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Petakan kolom" in page
    assert "Kolom wajib tidak ada pada baris judul." in page
    assert not BudgetImport.objects.exists()
    assert len(_staged()) == 2


def test_reading_the_headers_again_from_another_row(unit: Any, unit_officer: Any) -> None:
    client = _login(unit_officer)
    data = b"Laporan Realisasi Anggaran 2025\n\n" + csv_bytes(SMALL)
    page = client.post(UPLOAD, _form(unit, data)).content.decode()
    assert "Petakan kolom" in page
    reread = client.post(UPLOAD, {**_hidden(page), "header_row": "3", "action": "baca-ulang"})
    assert reread.status_code == 200
    page = reread.content.decode()
    assert '<option value="kode_rekening" selected>' in page
    fields = {
        "kolom_kode_rekening": "kode_rekening",
        "kolom_uraian": "uraian",
        "kolom_anggaran": "anggaran",
        "kolom_realisasi": "realisasi",
    }
    done = client.post(UPLOAD, {**_hidden(page), **fields, "header_row": "3", "action": "petakan"})
    assert done.status_code == 303
    assert BudgetImport.objects.get().lines_count == 5


def test_bad_rows_are_reported_and_nothing_is_stored(unit: Any, unit_officer: Any) -> None:
    rows = [list(row) for row in SMALL]
    rows[2][2] = "enam ratus juta"
    response = _login(unit_officer).post(UPLOAD, _form(unit, csv_bytes(rows)))
    assert response.status_code == 422
    page = _page(response)
    _labelled(page)
    assert "1 kesalahan; tidak ada yang disimpan" in page
    assert "<td>4</td><td>anggaran</td>" in page
    assert not BudgetImport.objects.exists()
    assert not BudgetDocument.objects.exists()
    assert not Document.objects.exists()
    assert _staged() == []


def test_a_field_error_keeps_the_file(unit: Any, unit_officer: Any) -> None:
    client = _login(unit_officer)
    data = _form(unit, registry_xlsx(), "lk-2025.xlsx", kind="audited", import_lines=None)
    response = client.post(UPLOAD, data)
    assert response.status_code == 422
    page = _page(response)
    assert "Pilih opini BPK" in page
    assert "lk-2025.xlsx sudah diunggah" in page
    staged = _hidden(page)["staged"]
    again = {k: v for k, v in data.items() if k != "file"}
    done = client.post(UPLOAD, {**again, "staged": staged, "bpk_opinion": "wtp"})
    assert done.status_code == 303
    assert BudgetDocument.objects.get().bpk_opinion == "wtp"
    assert _staged() == []


def test_a_refused_file_type_is_a_file_error(unit: Any, unit_officer: Any) -> None:
    response = _login(unit_officer).post(UPLOAD, _form(unit, b"MZ\x90\x00 program", "lra.exe"))
    assert response.status_code == 422
    assert 'id="id_file_error"' in response.content.decode()
    assert _staged() == []
    assert not BudgetImport.objects.exists()


def test_an_existing_budget_is_replaced_after_confirmation(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    old = make_import(actor=unit_officer, body=body, unit=unit, year=2025)
    client = _login(unit_officer)
    response = client.post(UPLOAD, _form(unit, csv_bytes(SMALL[:2]), "lra-2025-revisi.csv"))
    assert response.status_code == 200
    page = _page(response)
    _labelled(page)
    assert "Ganti anggaran yang sudah ada?" in page
    assert "anggaran.csv" in page  # what exists now
    assert "lra-2025-revisi.csv" in page  # the new file
    assert "tetap tersimpan sebagai riwayat" in page
    assert BudgetImport.objects.count() == 1
    done = client.post(UPLOAD, {**_hidden(page), "action": "ganti"})
    assert done.status_code == 303
    # The confirmation sent twice answers the first result and stores nothing more.
    again = client.post(UPLOAD, {**_hidden(page), "action": "ganti"})
    assert again.status_code == 303
    assert again["Location"] == done["Location"]
    assert BudgetImport.objects.count() == 2
    old.refresh_from_db()
    new = BudgetImport.objects.get(status=BudgetImport.Status.ACTIVE)
    assert old.status == BudgetImport.Status.SUPERSEDED
    assert old.replaced_by == new
    assert new.lines_count == 2
    assert _staged() == []
    history = _page(client.get(reverse("budget_office:import", args=[old.pk])))
    assert "Impor ini sudah diganti" in history
    assert reverse("budget_office:import", args=[new.pk]) in history
    assert reverse("budget:detail", args=[old.pk]) not in history


def test_cancelling_the_replacement_discards_the_file(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    make_import(actor=unit_officer, body=body, unit=unit, year=2025)
    client = _login(unit_officer)
    page = client.post(UPLOAD, _form(unit, csv_bytes(SMALL))).content.decode()
    assert len(_staged()) == 2
    response = client.post(UPLOAD, {**_hidden(page), "action": "batal"})
    assert response.status_code == 303
    assert response["Location"] == LIST
    assert _staged() == []
    assert BudgetImport.objects.count() == 1
    assert not BudgetDocument.objects.exists()


def test_an_officer_uploads_only_for_own_units(
    body: Any, unit: Any, other_unit: Any, unit_officer: Any, other_officer: Any
) -> None:
    response = _login(unit_officer).post(UPLOAD, _form(other_unit, csv_bytes(SMALL)))
    assert response.status_code == 422
    assert 'id="id_unit_error"' in response.content.decode()
    assert not BudgetImport.objects.exists()
    assert _staged() == []
    result = documents.upload(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2025,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra.csv",
    )
    assert result.budget_import is not None
    assert result.budget_document is not None
    other = _login(other_officer)
    for url in (
        reverse("budget_office:import", args=[result.budget_import.pk]),
        reverse("budget_office:import-file", args=[result.budget_import.pk]),
        reverse("budget_office:document", args=[result.budget_document.pk]),
    ):
        assert other.get(url).status_code == 404, url
    for name in ("budget_office:document-release", "budget_office:document-withdraw"):
        url = reverse(name, args=[result.budget_document.pk])
        assert other.post(url, {"reason": "x"}).status_code == 404, url
    assert "Dinas Kesehatan" not in other.get(LIST).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client: Client) -> None:
    for url in (
        LIST,
        UPLOAD,
        reverse("budget_office:import", args=[1]),
        reverse("budget_office:import-file", args=[1]),
        reverse("budget_office:document", args=[1]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_users_without_a_budget_scope_are_refused(applicant: Any, unit: Any) -> None:
    assert _login(applicant).get(LIST).status_code == 403
    atasan = MembershipFactory(
        unit=unit, role=Membership.Role.ATASAN_PPID, user__email="atasan@example.test"
    ).user
    client = _login(atasan)
    assert client.get(LIST).status_code == 403
    assert client.get(UPLOAD).status_code == 403


def test_the_form_is_prefilled_for_a_new_file(unit: Any, unit_officer: Any) -> None:
    query = {"unit": unit.pk, "tahun": 2024, "jenis": "dpa"}
    page = _login(unit_officer).get(UPLOAD, query).content.decode()
    assert f'<option value="{unit.pk}" selected>' in page
    assert 'value="2024"' in page
    assert '<option value="dpa" selected>' in page


def test_a_body_is_chosen_when_the_officer_keeps_several(unit: Any, unit_officer: Any) -> None:
    from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory

    elsewhere = UnitFactory(body=PublicBodyFactory(name="Kabupaten Lain", slug="kab-lain"))
    MembershipFactory(unit=elsewhere, role=Membership.Role.PPID_PELAKSANA, user=unit_officer)
    client = _login(unit_officer)
    page = client.get(UPLOAD).content.decode()
    assert 'name="body"' in page
    assert "Kabupaten Lain" in page
    mixed = _form(elsewhere, csv_bytes(SMALL), body=unit.body_id)
    response = client.post(UPLOAD, mixed)
    assert response.status_code == 422
    assert "bukan bagian dari badan publik" in response.content.decode()


# --- List and detail pages -------------------------------------------------------------------


def test_the_list_shows_each_budget_once_with_its_document(
    body: Any,
    unit: Any,
    other_unit: Any,
    ppid_utama: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for year in (2023, 2024, 2025):
        for target in (unit, other_unit):
            documents.upload(
                actor=ppid_utama,
                body=body,
                unit=target,
                year=year,
                kind="lra_yearly",
                data=csv_bytes(SMALL),
                filename=f"lra-{year}.csv",
            )
    make_import(actor=ppid_utama, body=body, unit=unit, year=2025, kind="dpa")
    documents.upload(
        actor=ppid_utama,
        body=body,
        unit=unit,
        year=2025,
        kind="rup",
        data=registry_xlsx(),
        filename="rup.xlsx",
        import_lines=False,
    )
    client = _login(ppid_utama)
    with django_assert_max_num_queries(20):
        response = client.get(LIST)
    page = _page(response)
    _labelled(page)
    assert "8 anggaran" in page
    assert page.count("Terbit</a>") == 7
    assert "Angka tidak diimpor" in page  # the RUP
    assert "Tidak ada dokumen" in page  # the DPA
    assert reverse("api:template_xlsx") in page
    filtered = client.get(LIST, {"tahun": 2025, "unit": other_unit.pk}).content.decode()
    assert "1 anggaran" in filtered


def test_the_import_page_shows_findings_history_and_the_file(
    body: Any, unit: Any, unit_officer: Any
) -> None:
    budget_import = make_import(actor=unit_officer, body=body, unit=unit, note="Data final")
    client = _login(unit_officer)
    page = _page(client.get(reverse("budget_office:import", args=[budget_import.pk])))
    _labelled(page)
    assert "Data final" in page
    assert "Rp 1.500.000.000" in page
    assert "Anggaran diimpor" in page  # the timeline
    assert reverse("budget:detail", args=[budget_import.pk]) in page
    assert "Berkas ini tidak diterbitkan sebagai dokumen." in page
    download = client.get(reverse("budget_office:import-file", args=[budget_import.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"].startswith("sandbox")
    assert download["Cache-Control"] == "no-store"
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert content == csv_bytes(SMALL)


def test_a_held_document_is_released_after_the_finding_is_overridden(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any
) -> None:
    result = documents.upload(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2025,
        kind="dpa",
        data=registry_xlsx(hidden_sheet=True),
        filename="dpa.xlsx",
        import_lines=False,
    )
    budget_document = result.budget_document
    assert budget_document is not None
    url = reverse("budget_office:document", args=[budget_document.pk])
    release = reverse("budget_office:document-release", args=[budget_document.pk])
    client = _login(unit_officer)
    page = _page(client.get(url))
    _labelled(page)
    assert "Tertahan pemeriksaan berkas" in page
    assert "Lembar tersembunyi" in page
    assert reverse("registry_office:entry", args=[budget_document.entry_id]) in page
    assert release not in page
    refused = client.post(release, follow=True)
    assert "temuan pemeriksaan" in refused.content.decode()
    document = budget_document.document
    document.refresh_from_db()
    assert document.current is not None
    for finding in Finding.objects.filter(scan=document.current.scan, severity="blocking"):
        registry_services.finding_override(
            document=document, finding=finding, actor=ppid_utama, reason="Lembar itu kosong."
        )
    assert release in client.get(url).content.decode()
    response = client.post(release)
    assert response.status_code == 303
    assert response["Location"] == url
    budget_document.refresh_from_db()
    assert document_state(budget_document) == DocumentState.PUBLISHED
    assert budget_document.events.filter(kind=BudgetEvent.Kind.DOCUMENT_RELEASED).exists()


def test_withdrawing_a_document_needs_a_reason(body: Any, unit: Any, unit_officer: Any) -> None:
    result = documents.upload(
        actor=unit_officer,
        body=body,
        unit=unit,
        year=2025,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra.csv",
    )
    budget_document = result.budget_document
    assert budget_document is not None
    withdraw = reverse("budget_office:document-withdraw", args=[budget_document.pk])
    client = _login(unit_officer)
    page = _page(client.get(reverse("budget_office:document", args=[budget_document.pk])))
    _labelled(page)
    assert "Terbit" in page
    assert withdraw in page
    empty = client.post(withdraw, {"reason": " "}, follow=True)
    assert "Tuliskan alasan penarikan." in empty.content.decode()
    assert document_state(budget_document) == DocumentState.PUBLISHED
    response = client.post(withdraw, {"reason": "Salah unggah berkas."})
    assert response.status_code == 303
    budget_document.refresh_from_db()
    assert document_state(budget_document) == DocumentState.WITHDRAWN
    page = client.get(reverse("budget_office:document", args=[budget_document.pk])).content.decode()
    assert "Salah unggah berkas." in page
    assert withdraw not in page
    query = f"unit={unit.pk}&amp;tahun=2025&amp;jenis=lra_yearly"
    assert f"{UPLOAD}?{query}" in page
