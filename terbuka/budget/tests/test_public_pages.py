"""The public budget pages: a body's budgets and released documents by unit and year, one budget
with its drill-down, kind and year switcher, overspent lines, source file, year-on-year table
and downloads."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook  # type: ignore[import-untyped]

from terbuka.bodies.tests.factories import UnitFactory
from terbuka.budget import documents, services
from terbuka.budget.models import BudgetDocument, BudgetImport
from terbuka.budget.tests.factories import SMALL, csv_bytes, make_import, tree_rows
from terbuka.safety.tests.corpus import pdf

pytestmark = pytest.mark.django_db

# SMALL with a revenue root whose realisation is 100 million over (the largest excess).
WITH_REVENUE = [*SMALL, ["4", "Pendapatan Daerah", "2.000.000.000,00", "2.100.000.000,00"]]


def _import(
    body: Any, unit: Any, actor: Any, year: int, rows: Any = SMALL, kind: str = "lra_yearly"
) -> BudgetImport:
    return services.budget_import(
        actor=actor,
        body=body,
        unit=unit,
        year=year,
        kind=kind,
        data=csv_bytes(rows),
        filename=f"{kind}-{year}.csv",
    )


def _document(actor: Any, body: Any, unit: Any, **options: Any) -> BudgetDocument:
    values: dict[str, Any] = {
        "year": 2026,
        "kind": "dpa",
        "data": pdf(),
        "filename": "dpa-2026.pdf",
    }
    values.update(options)
    return documents.document_upload(actor=actor, body=body, unit=unit, **values)


def _with_hidden_nik() -> bytes:
    """A workbook whose hidden second sheet lists a person's NIK: the scanner holds it."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ringkasan"
    sheet.append(["kode_rekening", "uraian", "anggaran", "realisasi"])
    sheet.append(["5", "Belanja Daerah", "1000", "900"])
    secret = book.create_sheet("Penerima")
    secret.append(["Nama", "NIK"])
    secret.append(["Penerima Uji", "3673015507850001"])
    secret.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _section(html: str, heading_id: str) -> str:
    """The HTML of the section labelled by `heading_id` (empty when the page has none)."""
    start = html.find(f'id="{heading_id}"')
    if start < 0:
        return ""
    return html[start : html.find("</section>", start)]


def _body_page(client: Client, body: Any, **query: str) -> str:
    response = client.get(reverse("budget:body", args=[body.slug]), query)
    assert response.status_code == 200
    return response.content.decode()


def _detail(client: Client, budget: BudgetImport, **query: str) -> str:
    response = client.get(reverse("budget:detail", args=[budget.pk]), query)
    assert response.status_code == 200
    return response.content.decode()


def _download_url(document: BudgetDocument) -> str:
    document.document.refresh_from_db()
    return reverse("registry:download", kwargs={"pk": document.document.current_id})


def _entry_url(body: Any, document: BudgetDocument) -> str:
    return reverse(
        "registry:entry", kwargs={"body_slug": body.slug, "number": document.entry.number}
    )


# --- The body page ---------------------------------------------------------------------------


def test_body_page_lists_published_budgets(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    html = _body_page(client, body)
    assert reverse("budget:detail", args=[budget.pk]) in html
    assert "Rp 1.500.000.000" in html
    assert "80,7%" in html  # 1,21 of 1,5 billion realised
    assert 'id="year-2026"' in html


def test_body_page_lists_released_documents_with_file_and_dip_entry(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    dpa = _document(ppid_utama, body, unit, title="DPA Dinas Kesehatan 2026")
    audited = _document(
        ppid_utama,
        body,
        unit,
        year=2025,
        kind="audited",
        bpk_opinion="wtp",
        title="Laporan Keuangan Dinas Kesehatan 2025 (audited)",
        filename="lk-2025.pdf",
    )
    html = _body_page(client, body)
    year_2026 = _section(html, "year-2026")
    assert "Dokumen anggaran" in year_2026
    assert "DPA Dinas Kesehatan 2026" in year_2026
    assert "DPA (Dokumen Pelaksanaan Anggaran)" in year_2026
    assert "Opini BPK" not in year_2026
    assert f'href="{_download_url(dpa)}" download' in year_2026
    assert _entry_url(body, dpa) in year_2026
    current = dpa.document.current
    assert current is not None
    with translation.override("id"):
        assert f"PDF, {filesizeformat(current.size)}" in year_2026
    year_2025 = _section(html, "year-2025")
    assert "Laporan Keuangan Dinas Kesehatan 2025 (audited)" in year_2025
    assert "Opini BPK: Wajar Tanpa Pengecualian (WTP)" in year_2025
    assert _download_url(audited) in year_2025
    assert html.index('id="year-2026"') < html.index('id="year-2025"')
    # Documents only: no table of structured budgets for those years.
    assert 'id="data-2026"' not in html


def test_held_and_withdrawn_documents_never_appear(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    released = _document(ppid_utama, body, unit, title="DPA yang terbit")
    held = _document(
        ppid_utama,
        body,
        unit,
        kind="lra_q1",
        title="LRA dengan NIK tersembunyi",
        data=_with_hidden_nik(),
        filename="lra-q1.xlsx",
    )
    withdrawn = _document(ppid_utama, body, unit, kind="rka", title="RKA yang ditarik")
    withdrawn_url = _download_url(withdrawn)
    documents.document_withdraw(budget_document=withdrawn, actor=ppid_utama, reason="Salah unggah")
    html = _body_page(client, body)
    assert "DPA yang terbit" in html
    assert "LRA dengan NIK tersembunyi" not in html
    assert _download_url(held) not in html
    assert "3673015507850001" not in html
    assert "RKA yang ditarik" not in html
    assert withdrawn_url not in html
    assert client.get(_download_url(held)).status_code == 404
    assert client.get(withdrawn_url).status_code == 404
    assert _download_url(released) in html


def test_only_withheld_documents_leave_the_page_empty(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    _document(
        ppid_utama, body, unit, kind="lra_q1", data=_with_hidden_nik(), filename="lra-q1.xlsx"
    )
    html = _body_page(client, body)
    assert "Badan publik ini belum menerbitkan data anggaran." in html
    assert 'name="unit"' not in html  # nothing to filter: no form
    assert "Dinas Kesehatan" not in html


def test_filter_by_unit_and_year(
    client: Client, body: Any, unit: Any, other_unit: Any, ppid_utama: Any
) -> None:
    health_2025 = _import(body, unit, ppid_utama, 2025)
    health_2026 = _import(body, unit, ppid_utama, 2026)
    school_2026 = _import(body, other_unit, ppid_utama, 2026)
    _document(ppid_utama, body, unit, year=2025, title="DPA Dinkes 2025")
    _document(ppid_utama, body, other_unit, year=2026, title="DPA Disdik 2026")

    everything = _body_page(client, body)
    assert '<label for="filter-unit">Unit</label>' in everything
    assert '<label for="filter-year">Tahun anggaran</label>' in everything
    assert '<option value="disdik">Dinas Pendidikan</option>' in everything
    assert '<option value="2025">2025</option>' in everything
    assert "Hapus saringan" not in everything
    for budget in (health_2025, health_2026, school_2026):
        assert reverse("budget:detail", args=[budget.pk]) in everything

    health = _body_page(client, body, unit="dinkes")
    assert '<option value="dinkes" selected>' in health
    assert reverse("budget:detail", args=[health_2026.pk]) in health
    assert reverse("budget:detail", args=[school_2026.pk]) not in health
    assert "DPA Dinkes 2025" in health
    assert "DPA Disdik 2026" not in health
    assert "Hapus saringan" in health

    year = _body_page(client, body, tahun="2026")
    assert '<option value="2026" selected>' in year
    assert 'id="year-2025"' not in year
    assert reverse("budget:detail", args=[school_2026.pk]) in year
    assert "DPA Disdik 2026" in year
    assert "DPA Dinkes 2025" not in year

    both = _body_page(client, body, unit="dinkes", tahun="2025")
    assert reverse("budget:detail", args=[health_2025.pk]) in both
    assert reverse("budget:detail", args=[health_2026.pk]) not in both
    assert "DPA Dinkes 2025" in both

    nothing = _body_page(client, body, unit="disdik", tahun="2025")
    assert "Tidak ada anggaran yang cocok dengan saringan ini." in nothing


@pytest.mark.parametrize(
    "query", [{"unit": "tidak-ada"}, {"tahun": "dua ribu"}, {"tahun": "20261"}, {"tahun": "٢٠٢٦"}]
)
def test_unknown_filter_values_are_ignored(
    client: Client, body: Any, unit: Any, ppid_utama: Any, query: dict[str, str]
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    html = _body_page(client, body, **query)
    assert reverse("budget:detail", args=[budget.pk]) in html
    assert "selected" not in html


def test_unknown_body_is_404(client: Client, body: Any) -> None:
    assert client.get(reverse("budget:body", args=["tidak-ada"])).status_code == 404


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_body_page_query_count_does_not_grow_with_units_years_and_documents(
    client: Client,
    body: Any,
    unit: Any,
    ppid_utama: Any,
    ppid_utama_unit: Any,
    django_assert_max_num_queries: Any,
) -> None:
    url = reverse("budget:body", args=[body.slug])
    _import(body, unit, ppid_utama, 2026)
    _document(ppid_utama, body, unit)
    client.get(url)  # warm caches shared by every page (announcements, site settings)
    small = _queries(client, url)
    assert small <= 5  # body, documents, unit-years, units, imports
    for i in range(4):
        extra = UnitFactory(body=body, parent=ppid_utama_unit, name=f"Unit {i}", slug=f"unit-{i}")
        for year in (2024, 2025, 2026):
            _import(body, extra, ppid_utama, year)
            _document(ppid_utama, body, extra, year=year, filename=f"dpa-{i}-{year}.pdf")
            _document(
                ppid_utama,
                body,
                extra,
                year=year,
                kind="audited",
                bpk_opinion="wdp",
                filename=f"lk-{i}-{year}.pdf",
            )
    assert BudgetDocument.objects.count() == 25
    with django_assert_max_num_queries(small):
        html = client.get(url).content.decode()
    assert html.count("Wajar Dengan Pengecualian (WDP)") == 12
    with django_assert_max_num_queries(small):
        client.get(url, {"unit": "unit-2", "tahun": "2025"})


# --- One budget ------------------------------------------------------------------------------


def test_drill_down_and_year_on_year(
    client: Client,
    body: Any,
    unit: Any,
    ppid_utama: Any,
    django_assert_max_num_queries: Any,
) -> None:
    _import(body, unit, ppid_utama, 2025)
    budget = _import(body, unit, ppid_utama, 2026)
    url = reverse("budget:detail", args=[budget.pk])
    with django_assert_max_num_queries(8):
        top = client.get(url)
    html = top.content.decode()
    assert "<h1>LRA tahunan 2026</h1>" in html
    assert html.count("<h1") == 1
    assert html.count("Unduh CSV") == 1
    assert 'id="totals-heading"' in html
    assert '<span class="stat-number">80,7%</span> terealisasi' in html
    assert "Kode rekening tingkat teratas" in html
    assert "Belanja Daerah" in html
    assert "?kode=5" in html
    with django_assert_max_num_queries(8):
        response = client.get(url, {"kode": "5.1"})
    child = response.content.decode()
    assert "<h1>5.1 Belanja Operasi</h1>" in child
    assert child.count("<h1") == 1
    assert "<dd>Rp 1.000.000.000</dd>" in child
    assert "<dd>91,0%</dd>" in child
    assert 'id="totals-heading"' not in child
    assert "Belanja Pegawai" in child
    assert "Belanja Modal" not in child  # a sibling, not a child
    assert "102,5%" in child  # 410 of 400 million: overspent, shown, not hidden
    history = _section(child, "history-heading")
    assert "Perbandingan antartahun" in history
    assert "91,0%" in history  # 910 of 1.000 million in both years
    assert '<span aria-current="page">2026</span>' in history


@pytest.mark.parametrize("kode", ["9.9", "5..1", "5.x", "5.1.02.9"])
def test_unknown_or_malformed_code_is_404(
    client: Client, body: Any, unit: Any, ppid_utama: Any, kode: str
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    response = client.get(reverse("budget:detail", args=[budget.pk]), {"kode": kode})
    assert response.status_code == 404


def test_superseded_budgets_are_not_public(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    old = _import(body, unit, ppid_utama, 2026)
    new = services.budget_import(
        actor=ppid_utama,
        body=body,
        unit=unit,
        year=2026,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra-2026-revisi.csv",
        replace=True,
    )
    assert client.get(reverse("budget:detail", args=[old.pk])).status_code == 404
    for fmt in ("csv", "xlsx"):
        assert client.get(reverse("budget:export", args=[old.pk, fmt])).status_code == 404
    html = _body_page(client, body)
    assert reverse("budget:detail", args=[new.pk]) in html
    assert reverse("budget:detail", args=[old.pk]) not in html


def test_switcher_to_other_kinds_and_years(
    client: Client, body: Any, unit: Any, other_unit: Any, ppid_utama: Any
) -> None:
    dpa = _import(body, unit, ppid_utama, 2026, kind="dpa")
    q1 = _import(body, unit, ppid_utama, 2026, kind="lra_q1")
    q1_before = _import(body, unit, ppid_utama, 2025, kind="lra_q1")
    yearly_before = _import(body, unit, ppid_utama, 2025, kind="lra_yearly")
    elsewhere = _import(body, other_unit, ppid_utama, 2026, kind="lra_yearly")
    html = _detail(client, q1)
    kinds = html[html.index('id="switch-kinds">Dokumen anggaran tahun 2026<') :]
    kinds = kinds[: kinds.index("</nav>")]
    assert re.findall(r'href="/anggaran/lihat/(\d+)/"', kinds) == [str(dpa.pk), str(q1.pk)]
    assert f'href="{reverse("budget:detail", args=[q1.pk])}" aria-current="page"' in kinds
    assert "DPA (Dokumen Pelaksanaan Anggaran)" in kinds
    years = html[html.index('id="switch-years">LRA triwulan I per tahun<') :]
    years = years[: years.index("</nav>")]
    assert re.findall(r'href="/anggaran/lihat/(\d+)/"', years) == [str(q1.pk), str(q1_before.pk)]
    for other in (yearly_before, elsewhere):
        assert reverse("budget:detail", args=[other.pk]) not in html
    # Alone in its year and kind: no switcher at all.
    lonely = _detail(client, elsewhere)
    assert 'class="tabs"' not in lonely


def test_overspent_lines_largest_excess_first_with_percentages(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    budget = _import(body, unit, ppid_utama, 2026, rows=WITH_REVENUE)
    section = _section(_detail(client, budget), "overspent-heading")
    assert "Realisasi melebihi anggaran" in section
    assert "2 baris realisasinya melebihi anggaran" in section
    rows = re.findall(r"<tr>\s*<td>(?:<a [^>]*>)?([\d.]+)<", section)
    assert rows == ["4", "5.1.02"]
    assert "Rp 100.000.000" in section  # the excess of 4
    assert "105,0%" in section
    assert "Rp 10.000.000" in section
    assert "102,5%" in section
    assert "Ditampilkan" not in section
    # Only on the budget's own page, not while drilling down.
    assert _section(_detail(client, budget, kode="5.1"), "overspent-heading") == ""


def test_overspent_lines_are_bounded(client: Client, body: Any, unit: Any, ppid_utama: Any) -> None:
    budget = _import(body, unit, ppid_utama, 2026, rows=tree_rows(400))
    assert budget.overspent_count > 20
    section = _section(_detail(client, budget), "overspent-heading")
    assert section.count("<tr>") == 1 + 20  # the header row and twenty lines
    assert f"{budget.overspent_count} baris realisasinya melebihi anggaran" in section
    assert "Ditampilkan 20 teratas" in section


def test_no_overspent_section_without_overspending(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    rows = [row if row[0] != "5.1.02" else [*row[:3], "390.000.000,00"] for row in SMALL]
    rows[0] = ["5", "Belanja Daerah", "1.500.000.000,00", "1.190.000.000,00"]
    rows[1] = ["5.1", "Belanja Operasi", "1.000.000.000,00", "890.000.000,00"]
    budget = _import(body, unit, ppid_utama, 2026, rows=rows)
    assert "overspent-heading" not in _detail(client, budget)


def test_link_to_the_released_source_file(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    result = documents.upload(
        actor=ppid_utama,
        body=body,
        unit=unit,
        year=2026,
        kind="lra_yearly",
        data=csv_bytes(SMALL),
        filename="lra-2026.csv",
        title="LRA Dinas Kesehatan 2026",
    )
    assert result.budget_import is not None
    assert result.budget_document is not None
    html = _detail(client, result.budget_import)
    assert "Berkas sumber angka ini" in html
    assert f'href="{_download_url(result.budget_document)}" download' in html
    assert "LRA Dinas Kesehatan 2026" in html
    assert _entry_url(body, result.budget_document) in html
    documents.document_withdraw(
        budget_document=result.budget_document, actor=ppid_utama, reason="Berkas keliru"
    )
    html = _detail(client, result.budget_import)
    assert "Berkas sumber angka ini" not in html
    assert "LRA Dinas Kesehatan 2026" not in html


def test_no_source_link_while_the_file_is_held(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    budget = make_import(actor=ppid_utama, body=body, unit=unit, year=2026, kind="lra_q1")
    _document(
        ppid_utama,
        body,
        unit,
        kind="lra_q1",
        title="LRA triwulan I tertahan",
        data=_with_hidden_nik(),
        filename="lra-q1.xlsx",
        budget_import=budget,
    )
    html = _detail(client, budget)
    assert "Berkas sumber angka ini" not in html
    assert "LRA triwulan I tertahan" not in html


def test_bars_come_with_their_numbers(
    client: Client, body: Any, unit: Any, ppid_utama: Any
) -> None:
    """Each bar sits in a table row that prints its amount and percentage as text."""
    _import(body, unit, ppid_utama, 2025)
    budget = _import(body, unit, ppid_utama, 2026)
    html = _detail(client, budget, kode="5")
    for heading in ("lines-heading", "history-heading"):
        section = _section(html, heading)
        rows = re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]
        assert rows
        for row in rows:
            assert re.search(r'class="bar( pct-w-\d+)?"', row)
            assert "Rp " in row
            assert re.search(r"\d+,\d%", row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_download_has_the_template_columns(
    client: Client, body: Any, unit: Any, ppid_utama: Any, fmt: str
) -> None:
    budget = _import(body, unit, ppid_utama, 2026)
    response = client.get(reverse("budget:export", args=[budget.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    if fmt == "csv":
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0] == "kode_rekening;uraian;anggaran;realisasi"
        assert "5.1.02;Belanja Barang dan Jasa" in text
