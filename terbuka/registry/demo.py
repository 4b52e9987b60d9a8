"""Demo DIP for the Kota Serang demo: entries of every class, documents that pass the safety
scan, one that does not (a spreadsheet with a hidden sheet of NIKs, left as a draft to show the
gate), a decided consequence test with its exempt entry, and a serta-merta announcement.

Everything goes through the services, so numbers, scans, events and the search index are real.
Demo data only: the NIKs in the blocked file are invented.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.registry import services
from terbuka.registry.models import ConsequenceTest, InformationEntry

COMMON: dict[str, Any] = {
    "produced_where": "Kota Serang",
    "available_forms": ["softcopy", "website"],
    "retention_period": "10 tahun (JRA Pemerintah Kota Serang)",
}


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _xlsx(rows: list[list[Any]], *, hidden_rows: list[list[Any]] | None = None) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Ringkasan"
    for row in rows:
        sheet.append(row)
    if hidden_rows:
        hidden = workbook.create_sheet("Data Penerima")
        for row in hidden_rows:
            hidden.append(row)
        hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def load_demo_dip(body: PublicBody, *, officer: User) -> int:
    """Create the demo DIP for `body` as its PPID Utama; return the number of entries.

    Nothing happens when the body already has DIP entries; the whole set is one transaction.
    """
    if InformationEntry.objects.filter(body=body).exists():
        return 0
    units = {u.slug: u for u in Unit.objects.filter(body=body)}
    utama = next(u for u in units.values() if u.kind == Unit.Kind.PPID_UTAMA)
    today = timezone.localdate()
    year = today.year
    with transaction.atomic():
        made = [
            _budget(body, units["bpkad"], officer, year),
            _profile(body, utama, officer, year),
            _procedures(body, units["disdukcapil"], officer, year),
            _flood_warning(body, units["bpbd"], officer, year),
            _blocked_social_aid(body, units["dinsos"], officer, year),
            _exempt_tender(body, units["bpkad"], officer, today),
            _draft_report(body, utama, officer, year),
        ]
    return len(made)


def _budget(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title=f"Ringkasan APBD Kota Serang Tahun Anggaran {year}",
        summary=(
            "Ringkasan anggaran pendapatan dan belanja daerah: pendapatan, belanja menurut urusan "
            "dan pembiayaan. Penganggaran disusun bersama DPRD."
        ),
        info_class="berkala",
        legal_category="p9_c",
        tags=["anggaran", "APBD", "keuangan"],
        holder_official="Kepala BPKAD Kota Serang",
        responsible_person="Sekretaris BPKAD Kota Serang",
        produced_when=f"Januari {year}",
        year=year,
        update_every_months=6,
        last_updated_on=date(year, 1, 15),
        **COMMON,
    )
    rows = [
        ["kode_rekening", "uraian", "anggaran"],
        ["4", "Pendapatan Daerah", "1.312.450.000.000"],
        ["4.1", "Pendapatan Asli Daerah", "312.000.000.000"],
        ["5", "Belanja Daerah", "1.354.900.000.000"],
        ["5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", "2.450.000.000"],
        ["6", "Pembiayaan Daerah", "42.450.000.000"],
    ]
    services.document_add(
        entry=entry,
        actor=officer,
        title="Ringkasan APBD (CSV)",
        data=_csv(rows),
        filename=f"ringkasan-apbd-{year}.csv",
    )
    services.document_add(
        entry=entry,
        actor=officer,
        title="Ringkasan APBD (XLSX)",
        data=_xlsx(rows),
        filename=f"ringkasan-apbd-{year}.xlsx",
    )
    return services.entry_publish(entry=entry, actor=officer)


def _profile(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title="Profil PPID dan struktur organisasi Pemerintah Kota Serang",
        summary=(
            "Kedudukan, tugas dan fungsi, struktur organisasi, serta alamat dan kontak PPID "
            "Utama dan PPID Pelaksana (ppid@serangkota.go.id)."
        ),
        info_class="berkala",
        legal_category="p9_a",
        tags=["profil", "PPID"],
        holder_official="PPID Utama Kota Serang",
        responsible_person="Kepala Diskominfo Kota Serang",
        produced_when=str(year),
        year=year,
        update_every_months=6,
        **COMMON,
    )
    return services.entry_publish(entry=entry, actor=officer)


def _procedures(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title="Standar pelayanan penerbitan KTP elektronik dan kartu keluarga",
        summary=(
            "Persyaratan, alur, waktu penyelesaian dan biaya (gratis) pelayanan dokumen "
            "kependudukan di Disdukcapil dan kecamatan."
        ),
        info_class="setiap_saat",
        legal_category="p11_g",
        tags=["pelayanan", "KTP", "kependudukan"],
        holder_official="Kepala Disdukcapil Kota Serang",
        responsible_person="Sekretaris Disdukcapil Kota Serang",
        produced_when=str(year),
        year=year,
        **COMMON,
    )
    steps = [
        ["langkah", "uraian", "waktu"],
        ["1", "Pemohon datang membawa surat pengantar RT/RW", "5 menit"],
        ["2", "Perekaman data dan foto", "15 menit"],
        ["3", "Pencetakan KTP elektronik", "1 hari kerja"],
    ]
    services.document_add(
        entry=entry,
        actor=officer,
        title="Alur pelayanan (CSV)",
        data=_csv(steps),
        filename="alur-pelayanan-ktp.csv",
    )
    return services.entry_publish(entry=entry, actor=officer)


def _flood_warning(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title="Peringatan dini banjir dan jalur evakuasi Kecamatan Kasemen",
        summary=(
            "Status siaga banjir di bantaran Sungai Cibanten, titik kumpul dan jalur evakuasi, "
            "serta nomor darurat BPBD."
        ),
        info_class="serta_merta",
        legal_category="p10",
        tags=["bencana", "banjir", "evakuasi"],
        holder_official="Kepala Pelaksana BPBD Kota Serang",
        responsible_person="Kepala Bidang Kedaruratan BPBD Kota Serang",
        produced_when=str(year),
        year=year,
        **COMMON,
    )
    return services.entry_publish(entry=entry, actor=officer)


def _blocked_social_aid(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    """A draft whose spreadsheet hides a sheet of recipients' NIKs: the scan blocks it."""
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title=f"Rekapitulasi penyaluran bantuan sosial {year}",
        summary="Jumlah penerima dan nilai bantuan sosial per kecamatan.",
        info_class="berkala",
        legal_category="p9_b",
        tags=["bansos", "bantuan sosial"],
        holder_official="Kepala Dinas Sosial Kota Serang",
        responsible_person="Sekretaris Dinas Sosial Kota Serang",
        produced_when=str(year),
        year=year,
        update_every_months=3,
        **COMMON,
    )
    summary: list[list[Any]] = [
        ["kecamatan", "penerima", "nilai"],
        ["Serang", 1240, "744.000.000"],
        ["Kasemen", 1810, "1.086.000.000"],
    ]
    recipients = [
        ["nama", "nik", "kecamatan"],
        ["Penerima Contoh Satu (demo)", "3673015507850001", "Serang"],
        ["Penerima Contoh Dua (demo)", "3673021203900002", "Kasemen"],
    ]
    services.document_add(
        entry=entry,
        actor=officer,
        title="Rekapitulasi bansos (XLSX)",
        data=_xlsx(summary, hidden_rows=recipients),
        filename=f"rekap-bansos-{year}.xlsx",
    )
    return entry


def _exempt_tender(body: PublicBody, unit: Unit, officer: User, today: date) -> InformationEntry:
    test = services.consequence_test_create(
        actor=officer,
        body=body,
        unit=unit,
        information="Harga perkiraan sendiri (HPS) paket pengadaan yang sedang ditenderkan",
        document_description="Dokumen HPS dan rincian perhitungannya",
        pasal17_letters=["b"],
        legal_basis=(
            "UU 14/2008 Pasal 17 huruf b; Perpres 16/2018 jo. 12/2021 tentang Pengadaan "
            "Barang/Jasa Pemerintah"
        ),
        consequence=(
            "Membuka HPS selama tender berjalan dapat mengganggu persaingan usaha yang sehat."
        ),
        public_interest=(
            "Kepentingan publik atas harga yang wajar lebih terlindungi bila HPS dibuka setelah "
            "kontrak ditandatangani."
        ),
        result=ConsequenceTest.Result.CLOSED,
        exempt_until=today + timedelta(days=180),
        participants="PPID Utama, PPID Pelaksana BPKAD, Bagian Pengadaan Barang/Jasa Setda",
        trigger=ConsequenceTest.Trigger.BEFORE_REQUEST,
    )
    services.consequence_test_decide(
        test=test,
        actor=officer,
        decision_number=f"PPID/UK/001/{today.year}",
        decision_date=today,
    )
    entry = services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title="Harga perkiraan sendiri paket pengadaan yang sedang ditenderkan",
        summary="HPS paket pengadaan selama proses tender berlangsung.",
        info_class="dikecualikan",
        legal_category="p17",
        tags=["pengadaan"],
        holder_official="Kepala BPKAD Kota Serang",
        responsible_person="Pejabat Pembuat Komitmen",
        produced_when=str(today.year),
        consequence_test=test,
        **COMMON,
    )
    return services.entry_publish(entry=entry, actor=officer)


def _draft_report(body: PublicBody, unit: Unit, officer: User, year: int) -> InformationEntry:
    return services.entry_create(
        actor=officer,
        body=body,
        unit=unit,
        title=f"Laporan layanan informasi publik tahun {year - 1}",
        summary="Jumlah permohonan, waktu layanan, permohonan yang ditolak dan alasannya.",
        info_class="berkala",
        legal_category="p12",
        tags=["laporan", "layanan informasi"],
        holder_official="PPID Utama Kota Serang",
        responsible_person="Kepala Diskominfo Kota Serang",
        produced_when=f"Maret {year}",
        year=year - 1,
        update_every_months=6,
        **COMMON,
    )
