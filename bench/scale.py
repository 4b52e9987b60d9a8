"""The national-scale body: 100,000 units bulk-inserted with their materialised paths."""

from __future__ import annotations

from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Max

from terbuka.bodies import tree
from terbuka.bodies.models import PublicBody, Unit

SCALE_BODY = "bench-skala-nasional"
OPD = 99
KECAMATAN = 999
KELURAHAN_PER_KECAMATAN = 99  # 1 + 99 + 999 + 999 * 99 = 100,000 units


def _units(body: PublicBody, first_id: int) -> Iterator[Unit]:
    """Yield the tree breadth-first with explicit ids, so every path is known before insert."""
    next_id = first_id
    root_path = tree.child_path("", next_id)
    yield Unit(
        id=next_id,
        body=body,
        kind=Unit.Kind.PPID_UTAMA,
        name="PPID Utama Skala Nasional",
        slug="ppid-utama",
        path=root_path,
        depth=0,
        ppid_name="Kepala Dinas Kominfo",
        ppid_position="PPID Utama",
        atasan_name="Sekretaris Daerah",
        atasan_position="Atasan PPID",
        service_hours="Senin-Jumat 08.00-16.00",
    )
    root_id = next_id
    next_id += 1
    for i in range(OPD):
        yield Unit(
            id=next_id,
            body=body,
            parent_id=root_id,
            kind=Unit.Kind.OPD,
            name=f"Dinas Skala {i:03d}",
            slug=f"dinas-{i:03d}",
            path=tree.child_path(root_path, next_id),
            depth=1,
        )
        next_id += 1
    for k in range(KECAMATAN):
        kec_id, kec_path = next_id, tree.child_path(root_path, next_id)
        yield Unit(
            id=kec_id,
            body=body,
            parent_id=root_id,
            kind=Unit.Kind.KECAMATAN,
            name=f"Kecamatan Skala {k:03d}",
            slug=f"kecamatan-{k:03d}",
            code=f"90.{k // 100:02d}.{k % 100:02d}",
            path=kec_path,
            depth=1,
        )
        next_id += 1
        for j in range(KELURAHAN_PER_KECAMATAN):
            yield Unit(
                id=next_id,
                body=body,
                parent_id=kec_id,
                kind=Unit.Kind.KELURAHAN,
                name=f"Kelurahan Skala {k:03d}-{j:02d}",
                slug=f"kelurahan-{k:03d}-{j:02d}",
                code=f"90.{k // 100:02d}.{k % 100:02d}.{1001 + j}",
                path=tree.child_path(kec_path, next_id),
                depth=2,
            )
            next_id += 1


def load_scale_body() -> PublicBody:
    """Create the 100,000-unit body (benchmark data only: no events, no validation)."""
    with transaction.atomic():
        body = PublicBody.objects.create(
            name="Pemerintah Provinsi Skala Nasional",
            slug=SCALE_BODY,
            kind=PublicBody.Kind.PEMERINTAH_PROVINSI,
            region_code="90",
            description="Badan publik sintetis dengan 100.000 unit untuk uji kinerja.",
        )
        first_id = (Unit.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        Unit.objects.bulk_create(_units(body, first_id), batch_size=1000)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE bodies_unit")
    return body


def scale_unit_count(body: PublicBody) -> int:
    return Unit.objects.filter(body=body).count()
