"""Demo budgets for the Kota Serang demo: Dinas Kesehatan's yearly realisation report (LRA) for
last year and this year, uploaded through the service from a CSV like local systems export (the
numbers imported, the file released in the DIP), so the budget pages have a hierarchy to drill
into and two years to compare; and last year's audited financial statement as a PDF with the
BPK's opinion. Invented figures.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget import documents
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


AUDITED_HTML = """<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>Laporan Keuangan {year}</title></head><body style="font-family: sans-serif">
<h1>Laporan Keuangan Dinas Kesehatan Tahun Anggaran {year}</h1>
<p>Telah diperiksa Badan Pemeriksa Keuangan. Opini: Wajar Tanpa Pengecualian (WTP).</p>
<h2>Ringkasan Laporan Realisasi Anggaran</h2>
<p>Belanja Daerah: anggaran Rp{allocation}, realisasi Rp{realisation}.</p>
<p>Dokumen contoh untuk demo Terbuka; angka rekaan.</p></body></html>"""


def audited_pdf(year: int) -> bytes:
    """A one-page audited statement summary, rendered like every PDF of the site."""
    from weasyprint import HTML  # heavy import, kept out of module load

    allocation = sum((Decimal(base) for _c, _n, base, _s in LINES), Decimal(0))
    realisation = sum(
        ((Decimal(base) * Decimal(share)).quantize(Decimal(1)) for _c, _n, base, share in LINES),
        Decimal(0),
    )
    html = AUDITED_HTML.format(
        year=year, allocation=_rupiah(allocation), realisation=_rupiah(realisation)
    )
    return bytes(HTML(string=html).write_pdf())


def load_demo_budget(body: PublicBody, *, officer: User) -> int:
    """Upload last year's and this year's LRA of Dinas Kesehatan (numbers and file) and last
    year's audited statement; return how many uploads."""
    unit = Unit.objects.filter(body=body, slug="dinkes").first()
    if unit is None or BudgetImport.objects.filter(body=body).exists():
        return 0
    year = timezone.localdate().year
    with transaction.atomic():
        for offset, growth in ((1, Decimal("1.00")), (0, Decimal("1.07"))):
            documents.upload(
                actor=officer,
                body=body,
                unit=unit,
                year=year - offset,
                kind="lra_yearly",
                data=budget_csv(growth),
                filename=f"lra-dinkes-{year - offset}.csv",
            )
        documents.document_upload(
            actor=officer,
            body=body,
            unit=unit,
            year=year - 1,
            kind="audited",
            bpk_opinion="wtp",
            data=audited_pdf(year - 1),
            filename=f"laporan-keuangan-audited-dinkes-{year - 1}.pdf",
        )
    return 3
