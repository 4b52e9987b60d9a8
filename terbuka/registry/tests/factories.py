"""Builders for DIP tests: entry values, entries through the services, small files."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]

from terbuka.registry import services
from terbuka.registry.models import ConsequenceTest, InfoClass, InformationEntry, LegalCategory

CLEAN_CSV = b"tahun,program,anggaran\n2025,Pelayanan kesehatan,1500000000\n"


def entry_values(**overrides: Any) -> dict[str, Any]:
    """The DIP columns of a periodic financial report (valid as given)."""
    values: dict[str, Any] = {
        "title": "Laporan Keuangan Dinas Kesehatan 2025",
        "summary": "Laporan realisasi anggaran, neraca dan catatan atas laporan keuangan.",
        "info_class": InfoClass.BERKALA,
        "legal_category": LegalCategory.P9_FINANCE,
        "holder_official": "Sekretaris Dinas Kesehatan",
        "responsible_person": "Kepala Subbagian Keuangan",
        "produced_when": "Maret 2026",
        "produced_where": "Kantor Dinas Kesehatan Kota Serang",
        "available_forms": ["softcopy", "hardcopy"],
        "retention_period": "10 tahun",
        "tags": ["Keuangan", "APBD"],
        "year": 2025,
        "update_every_months": 6,
    }
    values.update(overrides)
    return values


def make_entry(*, actor: Any, body: Any, unit: Any, **overrides: Any) -> InformationEntry:
    return services.entry_create(actor=actor, body=body, unit=unit, **entry_values(**overrides))


def test_values(**overrides: Any) -> dict[str, Any]:
    """A consequence test closing personal medical records under Pasal 17 letter h."""
    values: dict[str, Any] = {
        "information": "Rekam medis pasien Puskesmas Serang Kota.",
        "document_description": "Berkas rekam medis elektronik.",
        "pasal17_letters": ["h"],
        "legal_basis": "UU 14/2008 Pasal 17 huruf h; UU 17/2023 tentang Kesehatan Pasal 177.",
        "consequence": "Membuka rahasia pribadi pasien tentang riwayat dan kondisi kesehatan.",
        "public_interest": "Kepentingan publik tidak lebih besar dari perlindungan data pasien.",
        "result": ConsequenceTest.Result.CLOSED,
        "exempt_until": None,
        "participants": "PPID Utama, PPID Pelaksana Dinas Kesehatan, Bagian Hukum",
        "trigger": ConsequenceTest.Trigger.BEFORE_REQUEST,
    }
    values.update(overrides)
    return values


# Not a test: pytest must not collect the builder above.
test_values.__test__ = False  # type: ignore[attr-defined]


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def xlsx_bytes(*, hidden_sheet: bool = False) -> bytes:
    """A small workbook; with `hidden_sheet` a second, hidden sheet holds names and phones."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Ringkasan"
    sheet.append(["Program", "Anggaran"])
    sheet.append(["Pelayanan kesehatan", 1500000000])
    if hidden_sheet:
        secret = book.create_sheet("Data")
        secret.append(["Nama", "Telepon"])
        secret.append(["Siti", "0812 3456 7890"])
        secret.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
