"""Demo budgets for the Kota Serang demo: Dinas Kesehatan's yearly realisation report (LRA) for
last year and this year, imported through the service from a CSV like local systems export,
so the budget pages have a hierarchy to drill into and two years to compare. Invented figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget import services
from terbuka.budget.models import BudgetImport

# (code, description, allocation of the first year in Rupiah, share realised)
LINES: tuple[tuple[str, str, int, str], ...] = (
    ("5.1.01.01.01.0001", "Belanja Gaji Pokok PNS", 21_600_000_000, "0.98"),
    ("5.1.01.01.02.0001", "Belanja Tunjangan Keluarga PNS", 1_944_000_000, "0.97"),
    ("5.1.02.01.01.0024", "Belanja Alat Tulis Kantor", 480_000_000, "0.91"),
    ("5.1.02.01.01.0052", "Belanja Obat-Obatan", 6_250_000_000, "0.88"),
    ("5.1.02.02.01.0026", "Belanja Jasa Tenaga Kesehatan", 3_120_000_000, "0.95"),
    ("5.2.02.05.01.0001", "Belanja Modal Alat Kedokteran Umum", 4_800_000_000, "0.72"),
    ("5.2.03.01.01.0003", "Belanja Modal Bangunan Puskesmas", 9_500_000_000, "0.64"),
)
NAMES = {
    "5": "Belanja Daerah",
    "5.1": "Belanja Operasi",
    "5.1.01": "Belanja Pegawai",
    "5.1.01.01": "Belanja Gaji dan Tunjangan ASN",
    "5.1.01.01.01": "Belanja Gaji Pokok ASN",
    "5.1.01.01.02": "Belanja Tunjangan Keluarga ASN",
    "5.1.02": "Belanja Barang dan Jasa",
    "5.1.02.01": "Belanja Barang",
    "5.1.02.01.01": "Belanja Barang Pakai Habis",
    "5.1.02.02": "Belanja Jasa",
    "5.1.02.02.01": "Belanja Jasa Kantor",
    "5.2": "Belanja Modal",
    "5.2.02": "Belanja Modal Peralatan dan Mesin",
    "5.2.02.05": "Belanja Modal Alat Kedokteran",
    "5.2.02.05.01": "Belanja Modal Alat Kedokteran Umum",
    "5.2.03": "Belanja Modal Gedung dan Bangunan",
    "5.2.03.01": "Belanja Modal Bangunan Gedung",
    "5.2.03.01.01": "Belanja Modal Bangunan Gedung Tempat Kerja",
}


def _rupiah(amount: Decimal) -> str:
    whole = f"{int(amount):,}".replace(",", ".")
    return f"{whole},00"


def budget_csv(growth: Decimal) -> bytes:
    """The LRA as a `;` CSV with Indonesian numbers; every parent sums its children."""
    sums: dict[str, list[Decimal]] = {}
    leaves: list[tuple[str, str, Decimal, Decimal]] = []
    for code, name, base, share in LINES:
        allocation = (Decimal(base) * growth).quantize(Decimal(1))
        realised = (allocation * Decimal(share)).quantize(Decimal(1))
        leaves.append((code, name, allocation, realised))
        parts = code.split(".")
        for depth in range(1, len(parts)):
            parent = ".".join(parts[:depth])
            total = sums.setdefault(parent, [Decimal(0), Decimal(0)])
            total[0] += allocation
            total[1] += realised
    rows = [(code, NAMES[code], a, r) for code, (a, r) in sums.items()]
    rows.extend(leaves)
    rows.sort(key=lambda row: [int(part) for part in row[0].split(".")])
    lines = ["kode_rekening;uraian;anggaran;realisasi"]
    lines += [f"{code};{name};{_rupiah(a)};{_rupiah(r)}" for code, name, a, r in rows]
    return ("\n".join(lines) + "\n").encode()


def load_demo_budget(body: PublicBody, *, officer: User) -> int:
    """Import last year's and this year's LRA of Dinas Kesehatan; return how many imports."""
    unit = Unit.objects.filter(body=body, slug="dinkes").first()
    if unit is None or BudgetImport.objects.filter(body=body).exists():
        return 0
    year = timezone.localdate().year
    with transaction.atomic():
        for offset, growth in ((1, Decimal("1.00")), (0, Decimal("1.07"))):
            services.budget_import(
                actor=officer,
                body=body,
                unit=unit,
                year=year - offset,
                kind="lra_yearly",
                data=budget_csv(growth),
                filename=f"lra-dinkes-{year - offset}.csv",
            )
    return 2
