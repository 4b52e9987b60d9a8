"""Safety scanner throughput (S1-S3): scan time per MB against the bare parse of the same file.

Each figure builds its file in memory, then times, in alternating rounds, the baseline (just
reading the file with its parser: openpyxl read-only over every cell, pypdf `extract_text` on
every page, `bytes.decode` + `splitlines`) and `terbuka.safety.services.scan_bytes` (detection,
archive guard, every check and the personal-data patterns; no database). The median of each
is reported in ms per MB of input; the ratio is app / baseline.

Run alone with `python -m bench.safety [--quick]` (Django is set up with the test settings; no
database is touched).
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
import zlib
from collections.abc import Callable

# Budgets: about twice the ratios measured on the 2-vCPU development machine (XLSX 0.23-0.26x:
# the expat reader beats openpyxl's read-only mode; PDF 1.0-1.5x; CSV 25-44x, against a bare
# decode that costs 1-2 ms/MB while the personal-data patterns cost about 50 ms/MB).
BUDGETS = {"S1": 0.6, "S2": 3.0, "S3": 80.0}
MB = 1024 * 1024


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.utils import translation

    django.setup()
    translation.activate("id")


def build_xlsx(target: int) -> bytes:
    """A budget workbook of about `target` bytes (write-only openpyxl)."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    def save(rows: int) -> bytes:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("Realisasi")
        sheet.append(["Kode Rekening", "Uraian", "Pagu", "Realisasi", "Tanggal", "Keterangan"])
        for n in range(rows):
            sheet.append(
                [
                    f"5.1.02.{n % 7 + 1:02d}.{n % 13 + 1:02d}.{n % 9973:04d}",
                    f"Belanja kegiatan {n} bidang {n % 37}",
                    1_250_000_000 + n * 12_345,
                    1_087_500_000 + n * 9_871,
                    f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    f"SPM {n:06d}/BPKAD/2025",
                ]
            )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    probe = save(2000)
    return save(max(2000, int(2000 * target / len(probe))))


def build_csv(target: int) -> bytes:
    lines = ["kode_rekening,uraian,pagu,realisasi,tanggal,keterangan"]
    size = len(lines[0])
    n = 0
    while size < target:
        line = (
            f"5.1.02.{n % 7 + 1:02d}.{n % 13 + 1:02d}.{n % 9973:04d},Belanja kegiatan {n},"
            f"{1_250_000_000 + n * 12_345},{1_087_500_000 + n * 9_871},"
            f"2025-{n % 12 + 1:02d}-{n % 28 + 1:02d},SPM {n:06d}/BPKAD/2025"
        )
        lines.append(line)
        size += len(line) + 1
        n += 1
    return ("\n".join(lines) + "\n").encode()


def build_pdf(pages: int) -> bytes:
    """`pages` pages of 45 compressed text lines each (Helvetica)."""
    objects: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]
    kids = []
    for page in range(pages):
        lines = [
            f"BT /F1 10 Tf 50 {780 - 16 * i} Td (Baris {i} halaman {page + 1}: belanja "
            f"kegiatan {page * 45 + i}, pagu Rp {1_250_000 + i * 1000}.000, kode "
            f"5.1.02.01.01.{i:04d}) Tj ET"
            for i in range(45)
        ]
        raw = zlib.compress("\n".join(lines).encode())
        objects.append(
            f"<< /Length {len(raw)} /Filter /FlateDecode >>\nstream\n".encode()
            + raw
            + b"\nendstream"
        )
        content = len(objects)
        objects.append(
            (
                f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 1 0 R >> >> /Contents {content} 0 R >>"
            ).encode()
        )
        kids.append(len(objects))
    objects[1] = (
        f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {pages} >>"
    ).encode()
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root {len(objects)} 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


def baseline_xlsx(data: bytes) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for _value in row:
                pass
    book.close()


def baseline_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    for page in PdfReader(io.BytesIO(data)).pages:
        page.extract_text()


def baseline_csv(data: bytes) -> None:
    data.decode("utf-8").splitlines()


def _time(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _figure(
    figure_id: str,
    name: str,
    data: bytes,
    filename: str,
    baseline: Callable[[bytes], None],
    rounds: int,
) -> dict[str, object]:
    from terbuka.safety.services import scan_bytes

    size_mb = len(data) / MB
    base_times: list[float] = []
    app_times: list[float] = []
    blocking = 0
    for round_number in range(rounds):
        pair: list[tuple[list[float], Callable[[], object]]] = [
            (base_times, lambda: baseline(data)),
            (app_times, lambda: scan_bytes(data, filename)),
        ]
        if round_number % 2:
            pair.reverse()
        for times, action in pair:
            times.append(_time(action))
    _detected, findings, _text = scan_bytes(data, filename)
    blocking = sum(1 for f in findings if f.severity == "blocking")
    base = statistics.median(base_times) * 1000 / size_mb
    app = statistics.median(app_times) * 1000 / size_mb
    ratio = app / base
    budget = BUDGETS[figure_id]
    return {
        "id": figure_id,
        "name": f"{name} ({size_mb:.2f} MB, {blocking} blocking)",
        "baseline": f"{base:.0f} ms/MB",
        "app": f"{app:.0f} ms/MB",
        "ratio": f"{ratio:.2f}x",
        "ok": ratio <= budget and blocking == 0,
        "budget": f"<= {budget:g}x, 0 blocking on clean data",
    }


def bench_safety(*, quick: bool) -> list[dict[str, object]]:
    """S1 XLSX, S2 PDF, S3 CSV: scan ms/MB against the bare parse, interleaved rounds."""
    _setup_django()
    rounds = 1 if quick else 3
    xlsx = build_xlsx(1 * MB if quick else 5 * MB)
    pdf = build_pdf(50)
    csv = build_csv(1 * MB if quick else 5 * MB)
    return [
        _figure("S1", "scan XLSX", xlsx, "realisasi.xlsx", baseline_xlsx, rounds),
        _figure("S2", "scan PDF 50 pages", pdf, "laporan.pdf", baseline_pdf, rounds + 2),
        _figure("S3", "scan CSV", csv, "realisasi.csv", baseline_csv, rounds + 6),
    ]


def main() -> int:
    rows = bench_safety(quick="--quick" in sys.argv[1:])
    columns = ["id", "name", "baseline", "app", "ratio", "budget", "ok"]
    widths = {c: max(len(c), *(len(str(row[c])) for row in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(str(row[c]).ljust(widths[c]) for c in columns))
    return 0 if all(row["ok"] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
