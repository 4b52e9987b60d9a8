"""DIP import and export: the round trip, all or nothing, a report per bad row and column."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from terbuka.core.exceptions import PermissionDenied, ValidationError
from terbuka.registry import transfer
from terbuka.registry.models import InformationEntry, RegistryEvent
from terbuka.registry.tests.factories import make_entry

pytestmark = pytest.mark.django_db

HEADER = (
    "unit;judul;ringkasan;jenis;dasar_hukum;pejabat_penguasa;penanggung_jawab;waktu_pembuatan;"
    "tempat_pembuatan;bentuk;jangka_penyimpanan;tahun;label;diperbarui_setiap_bulan"
)
GOOD = (
    "dinkes;Profil Dinas Kesehatan;Tugas dan fungsi;Berkala;p9_a;Kepala Dinas;Sekretaris;2026;"
    "Serang;softcopy,website;Selama berlaku;2026;profil;6"
)
GOOD_2 = (
    "Dinas Kesehatan;SOP pelayanan;Alur layanan;setiap_saat;p11_g;Kepala Dinas;Sekretaris;2026;"
    "Serang;Salinan cetak (hardcopy);5 tahun;;;"
)


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_import_creates_drafts_with_events(body: Any, unit: Any, ppid_utama: Any) -> None:
    report = transfer.import_dip(
        body=body, actor=ppid_utama, data=_csv(GOOD, GOOD_2), filename="dip.csv"
    )
    assert len(report.created) == 2
    entries = InformationEntry.objects.order_by("number")
    assert [e.status for e in entries] == ["draft", "draft"]
    assert entries[0].available_forms == ["softcopy", "website"]
    assert entries[1].available_forms == ["hardcopy"]
    assert entries[1].unit == unit
    assert RegistryEvent.objects.filter(kind=RegistryEvent.Kind.IMPORTED).count() == 2


def test_one_bad_row_imports_nothing_and_names_row_and_column(
    body: Any, unit: Any, ppid_utama: Any
) -> None:
    bad_unit = GOOD.replace("dinkes;", "dinas-fiktif;", 1)
    bad_class = GOOD_2.replace("setiap_saat", "rahasia")
    bad_year = GOOD.replace(";2026;profil", ";dua ribu;profil")
    with pytest.raises(transfer.ImportFailed) as excinfo:
        transfer.import_dip(
            body=body,
            actor=ppid_utama,
            data=_csv(GOOD, bad_unit, bad_class, bad_year),
            filename="dip.csv",
        )
    errors = {(e.row, e.column) for e in excinfo.value.report.errors}
    assert (3, "unit") in errors
    assert (4, "jenis") in errors
    assert (5, "tahun") in errors
    assert (2, "unit") not in errors
    assert not InformationEntry.objects.exists()
    assert excinfo.value.code == "import_failed"


def test_missing_header_and_empty_file(body: Any, ppid_utama: Any) -> None:
    with pytest.raises(transfer.ImportFailed) as excinfo:
        transfer.import_dip(body=body, actor=ppid_utama, data=b"judul;unit\n", filename="x.csv")
    assert excinfo.value.report.errors[0].row == 1
    with pytest.raises(transfer.ImportFailed):
        transfer.import_dip(
            body=body, actor=ppid_utama, data=(HEADER + "\n").encode(), filename="x.csv"
        )


def test_only_the_ppid_utama_imports(body: Any, unit_officer: Any) -> None:
    with pytest.raises(PermissionDenied):
        transfer.import_dip(body=body, actor=unit_officer, data=_csv(GOOD), filename="dip.csv")


def test_not_a_table_is_refused(body: Any, ppid_utama: Any) -> None:
    with pytest.raises(ValidationError):
        transfer.import_dip(body=body, actor=ppid_utama, data=b"%PDF-1.4\n", filename="dip.pdf")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trip(
    body: Any, unit: Any, unit_officer: Any, ppid_utama: Any, fmt: str
) -> None:
    make_entry(actor=unit_officer, body=body, unit=unit, title="Laporan keuangan")
    make_entry(
        actor=unit_officer,
        body=body,
        unit=unit,
        title='=HYPERLINK("http://x")',
        info_class="setiap_saat",
        legal_category="p11_b",
    )
    data = transfer.export_dip(body, fmt=fmt, public=False)
    InformationEntry.objects.all().delete()
    report = transfer.import_dip(body=body, actor=ppid_utama, data=data, filename=f"dip.{fmt}")
    titles = sorted(e.title for e in report.created)
    assert "Laporan keuangan" in titles
    assert len(titles) == 2


def test_import_page_reports_rows(body: Any, unit: Any, ppid_utama: Any) -> None:
    client = Client()
    client.force_login(ppid_utama)
    url = reverse("registry_office:import", args=[body.slug])
    bad = GOOD.replace("dinkes;", "dinas-fiktif;", 1)
    response = client.post(url, {"file": SimpleUploadedFile("dip.csv", _csv(bad))})
    assert response.status_code == 422
    html = response.content.decode()
    assert "dinas-fiktif" in html
    assert not InformationEntry.objects.exists()
    ok = client.post(url, {"file": SimpleUploadedFile("dip.csv", _csv(GOOD))})
    assert ok.status_code == 303
    assert InformationEntry.objects.count() == 1


CELL = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=16), min_size=0, max_size=4))
def test_any_csv_imports_wholly_or_fails_with_a_report(
    body: Any, unit: Any, ppid_utama: Any, rows: list[list[str]]
) -> None:
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER.split(";"), *rows])
    before = InformationEntry.objects.count()
    failure: ValidationError | None = None
    created = 0
    try:
        report = transfer.import_dip(
            body=body, actor=ppid_utama, data=buffer.getvalue().encode(), filename="dip.csv"
        )
        created = len(report.created)
    except ValidationError as exc:
        failure = exc
    assert InformationEntry.objects.count() == before + created
    if isinstance(failure, transfer.ImportFailed):
        assert failure.report.errors
        assert all(e.row >= 1 for e in failure.report.errors)
    elif failure is not None:
        assert failure.code in {"file_type_not_allowed", "file_type_mismatch", "import_unreadable"}
