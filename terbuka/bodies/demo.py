"""Demo data: Pemerintah Kota Serang with its PPID tree, officials and one account per role.

`load_kota_serang()` is idempotent: it creates only what is missing, through the services (so
every row has its BodyEvent), and a second run changes nothing. The official names are
fictitious and every unit says so in its description. Demo passwords exist only here.

`add_scale_units()` is for benchmarks: it bulk-inserts many units without events.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat, LPad
from django.utils.text import slugify

from terbuka.accounts.models import User
from terbuka.bodies import services, tree
from terbuka.bodies.models import Membership, PublicBody, Unit

DEMO_PASSWORD = "demo12345"  # noqa: S105 - published demo password, demo data only
WILAYAH_CSV = Path(__file__).resolve().parent / "data" / "kota-serang-wilayah.csv"
DEMO_NOTE = "Data demo: nama pejabat dan kontak pada profil ini fiktif."
SERVICE_HOURS = (
    "Senin-Kamis 08.00-16.00 WIB (istirahat 12.00-13.00); "
    "Jumat 08.00-16.30 WIB (istirahat 11.30-13.00)."
)
PUSPEMKOT = (
    "Kompleks Pusat Pemerintahan Kota Serang, Jl. Jenderal Sudirman No. 5, Kota Serang, Banten"
)

BODY = {
    "slug": "kota-serang",
    "name": "Pemerintah Kota Serang",
    "kind": PublicBody.Kind.PEMERINTAH_KOTA,
    "region_code": "36.73",
    "address": "Jl. Jenderal Sudirman No. 5, Kota Serang, Banten 42111",
    "phone": "(0254) 200001",
    "email": "ppid@serangkota.test",
    "website": "https://serangkota.go.id",
    "description": (
        "Badan publik Pemerintah Kota Serang, Provinsi Banten. PPID Utama berkedudukan di "
        "Dinas Komunikasi, Informatika, Persandian dan Statistik; PPID Pelaksana ada di setiap "
        "perangkat daerah, kecamatan dan kelurahan. " + DEMO_NOTE
    ),
}

PPID_UTAMA_SLUG = "ppid-utama"

# (slug, short name, name). Sources for the names: domain.md 4.2; the ones marked UNCONFIRMED
# there are plausible demo OPD, not checked against the Perda on perangkat daerah.
OPD: tuple[tuple[str, str, str], ...] = (
    ("setda", "Setda", "Sekretariat Daerah"),
    ("setwan", "Setwan", "Sekretariat DPRD"),
    ("inspektorat", "Inspektorat", "Inspektorat"),
    ("bappeda", "Bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah"),
    ("bapenda", "Bapenda", "Badan Pendapatan Daerah"),
    ("bkpsdm", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia"),
    ("bpbd", "BPBD", "Badan Penanggulangan Bencana Daerah"),
    ("kesbangpol", "Kesbangpol", "Badan Kesatuan Bangsa dan Politik"),
    ("brida", "BRIDA", "Badan Riset dan Inovasi Daerah"),
    ("dindikbud", "Dindikbud", "Dinas Pendidikan dan Kebudayaan"),
    ("dinkes", "Dinkes", "Dinas Kesehatan"),
    ("dpupr", "DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("disperkim", "Disperkim", "Dinas Perumahan dan Kawasan Permukiman"),
    ("dinsos", "Dinsos", "Dinas Sosial"),
    ("disnakertrans", "Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    (
        "dp3akb",
        "DP3AKB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
    ),
    ("dpmptsp", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("dishub", "Dishub", "Dinas Perhubungan"),
    ("dlh", "DLH", "Dinas Lingkungan Hidup"),
    ("disparpora", "Disparpora", "Dinas Pariwisata, Pemuda dan Olahraga"),
    ("disperpusda", "Disperpusda", "Dinas Perpustakaan dan Kearsipan Daerah"),
    ("distan", "Distan", "Dinas Pertanian"),
    ("dkp", "DKP", "Dinas Ketahanan Pangan"),
    ("diskan", "Diskan", "Dinas Perikanan"),
    (
        "disperindagkop-ukm",
        "Disperindagkop-UKM",
        "Dinas Perindustrian, Perdagangan, Koperasi dan Usaha Kecil Menengah",
    ),
    ("satpol-pp", "Satpol PP", "Satuan Polisi Pamong Praja"),
    ("damkar", "Damkar", "Dinas Pemadam Kebakaran dan Penyelamatan"),
    ("rsud", "RSUD", "Rumah Sakit Umum Daerah Kota Serang"),
)

# Where the PPID Pelaksana is not the secretary of the OPD.
_PPID_POSITION = {
    "setda": "Kepala Bagian Protokol dan Komunikasi Pimpinan Sekretariat Daerah",
    "setwan": "Kepala Bagian Umum Sekretariat DPRD",
    "rsud": "Kepala Bagian Tata Usaha Rumah Sakit Umum Daerah Kota Serang",
}

_FIRST = (
    "Ahmad", "Siti", "Budi", "Dewi", "Agus", "Rina", "Hendra", "Nur", "Yusuf", "Lestari",
    "Rudi", "Fitri", "Iwan", "Ratna", "Dedi", "Wulan", "Asep", "Intan", "Eko", "Maya",
)  # fmt: skip
_LAST = (
    "Hidayat", "Rahmawati", "Santoso", "Kurniawan", "Permata", "Saputra", "Wijaya", "Fauziah",
    "Maulana", "Susanti", "Setiawan", "Anggraini", "Nugroho", "Puspitasari", "Firmansyah",
    "Handayani", "Prasetyo", "Safitri", "Ramadhan", "Utami",
)  # fmt: skip


def demo_person(i: int) -> str:
    """Return a fictitious but plausible Indonesian name, the same for the same `i`."""
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7 + i // len(_FIRST)) % len(_LAST)]}"


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: str | None
    unit_slug: str | None
    description: str
    is_superuser: bool = False


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "ppid-utama@demo.test", "Rina Kartika (demo)", Membership.Role.PPID_UTAMA,
        PPID_UTAMA_SLUG, "PPID Utama Kota Serang",
    ),
    DemoAccount(
        "atasan@demo.test", "Bambang Sutrisno (demo)", Membership.Role.ATASAN_PPID,
        PPID_UTAMA_SLUG, "Atasan PPID Kota Serang",
    ),
    DemoAccount(
        "petugas@demo.test", "Dewi Anggraini (demo)", Membership.Role.PETUGAS_LAYANAN,
        PPID_UTAMA_SLUG, "Petugas layanan di PPID Utama",
    ),
    DemoAccount(
        "pelaksana-dinkes@demo.test", "Agus Setiawan (demo)", Membership.Role.PPID_PELAKSANA,
        "dinkes", "PPID Pelaksana Dinas Kesehatan",
    ),
    DemoAccount(
        "pelaksana-kec-serang@demo.test", "Siti Nurhaliza (demo)",
        Membership.Role.PPID_PELAKSANA, "kecamatan-serang", "PPID Pelaksana Kecamatan Serang",
    ),
    DemoAccount(
        "evaluator@demo.test", "Yusuf Maulana (demo)", Membership.Role.EVALUATOR,
        PPID_UTAMA_SLUG, "Evaluator (tim monev)",
    ),
    DemoAccount(
        "admin@demo.test", "Admin Terbuka (demo)", Membership.Role.ADMIN, PPID_UTAMA_SLUG,
        "Admin Kota Serang dan superuser Django", is_superuser=True,
    ),
    DemoAccount("warga@demo.test", "Warga Serang (demo)", None, None, "Warga tanpa peran"),
)  # fmt: skip


@dataclass
class DemoResult:
    body: PublicBody
    created_users: int = 0
    created_units: int = 0
    created_memberships: int = 0
    created_body: bool = False
    accounts: tuple[DemoAccount, ...] = field(default=ACCOUNTS)

    @property
    def changed(self) -> bool:
        return bool(
            self.created_body
            or self.created_users
            or self.created_units
            or self.created_memberships
        )


@dataclass(frozen=True)
class Wilayah:
    code: str
    name: str
    level: str


def wilayah() -> list[Wilayah]:
    """Return Kota Serang, its kecamatan and kelurahan with their Kemendagri codes."""
    with WILAYAH_CSV.open(newline="", encoding="utf-8") as f:
        return [Wilayah(row["code"], row["name"], row["level"]) for row in csv.DictReader(f)]


def _ensure_user(account: DemoAccount, result: DemoResult) -> User:
    user = User.objects.filter(email=account.email).first()
    if user is not None:
        return user
    user = User(
        email=account.email,
        full_name=account.full_name,
        is_staff=account.is_superuser,
        is_superuser=account.is_superuser,
    )
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    # A verified, primary address: allauth's mandatory verification lets them sign in at once.
    EmailAddress.objects.create(user=user, email=account.email, verified=True, primary=True)
    result.created_users += 1
    return user


def _phone(i: int) -> str:
    return f"(0254) 2{(10000 + i * 137) % 100000:05d}"


@transaction.atomic
def load_kota_serang() -> DemoResult:
    """Create whatever part of the Kota Serang demo is missing; return what was created."""
    result = DemoResult(body=PublicBody(**BODY))
    admin_account = next(a for a in ACCOUNTS if a.is_superuser)
    admin = _ensure_user(admin_account, result)

    body = PublicBody.objects.filter(slug=BODY["slug"]).first()
    if body is None:
        fields = {k: v for k, v in BODY.items() if k not in {"slug", "name", "kind"}}
        body = services.body_create(
            actor=admin, name=BODY["name"], slug=BODY["slug"], kind=BODY["kind"], **fields
        )
        result.created_body = True
    # The city's Diskominfo keeps the holiday table its officers count deadlines with.
    body = services.body_set_calendar_keeper(body=body, keeps=True, actor=admin)
    result.body = body
    existing = {u.slug: u for u in Unit.objects.filter(body=body)}

    def ensure_unit(slug: str, parent: Unit | None, **fields: str) -> Unit:
        unit = existing.get(slug)
        if unit is None:
            n = len(existing)
            fields.setdefault("ppid_name", demo_person(n + 3))
            unit = services.unit_create(
                actor=admin,
                body=body,
                slug=slug,
                parent=parent,
                description=DEMO_NOTE,
                service_hours=SERVICE_HOURS,
                phone=_phone(n),
                email=f"ppid.{slug}@serangkota.test",
                **fields,
            )
            existing[slug] = unit
            result.created_units += 1
        return unit

    utama = ensure_unit(
        PPID_UTAMA_SLUG,
        None,
        kind=Unit.Kind.PPID_UTAMA,
        name=("PPID Utama Kota Serang (Dinas Komunikasi, Informatika, Persandian dan Statistik)"),
        short_name="Diskominfo",
        address=PUSPEMKOT,
        ppid_position=(
            "Kepala Dinas Komunikasi, Informatika, Persandian dan Statistik Kota Serang"
        ),
        atasan_name=demo_person(1),
        atasan_position="Sekretaris Daerah Kota Serang",
    )
    for slug, short_name, name in OPD:
        ensure_unit(
            slug,
            utama,
            kind=Unit.Kind.OPD,
            name=name,
            short_name=short_name,
            address=PUSPEMKOT,
            ppid_position=_PPID_POSITION.get(slug, f"Sekretaris {name}"),
        )

    regions = wilayah()
    counts: dict[str, int] = {}
    for w in regions:
        if w.level == "kelurahan":
            counts[w.name] = counts.get(w.name, 0) + 1
    kecamatan_by_code: dict[str, Unit] = {}
    for w in regions:
        if w.level == "kecamatan":
            kecamatan_by_code[w.code] = ensure_unit(
                f"kecamatan-{slugify(w.name)}",
                utama,
                kind=Unit.Kind.KECAMATAN,
                name=f"Kecamatan {w.name}",
                code=w.code,
                address=f"Kantor Kecamatan {w.name}, Kota Serang, Banten",
                ppid_position=f"Sekretaris Kecamatan {w.name}",
            )
        elif w.level == "kelurahan":
            kecamatan = kecamatan_by_code[w.code.rsplit(".", 1)[0]]
            slug = f"kelurahan-{slugify(w.name)}"
            if counts[w.name] > 1:
                # "Sukawana" is a kelurahan in both Serang and Curug.
                slug += "-" + kecamatan.slug.removeprefix("kecamatan-")
            ensure_unit(
                slug,
                kecamatan,
                kind=Unit.Kind.KELURAHAN,
                name=f"Kelurahan {w.name}",
                code=w.code,
                address=(f"Kantor Kelurahan {w.name}, {kecamatan.name}, Kota Serang, Banten"),
                ppid_position=f"Sekretaris Kelurahan {w.name}",
            )

    for account in ACCOUNTS:
        user = _ensure_user(account, result)
        if account.role is None or account.unit_slug is None:
            continue
        unit = existing[account.unit_slug]
        already = Membership.objects.filter(
            user=user, unit=unit, role=account.role, is_active=True
        ).exists()
        if not already:
            services.membership_grant(actor=admin, user=user, unit=unit, role=account.role)
            result.created_memberships += 1
    return result


def add_scale_units(
    body: PublicBody, *, parent: Unit, count: int, prefix: str = "unit-skala", batch: int = 5000
) -> int:
    """Bulk-insert `count` units under `parent` for benchmarks (no events, no validation)."""
    start = Unit.objects.filter(body=body, slug__startswith=prefix).count()
    made = 0
    while made < count:
        n = min(batch, count - made)
        Unit.objects.bulk_create(
            Unit(
                body=body,
                parent=parent,
                kind=Unit.Kind.LAINNYA,
                name=f"Unit Skala {start + made + i:06d}",
                slug=f"{prefix}-{start + made + i:06d}",
                path="",
                depth=parent.depth + 1,
            )
            for i in range(n)
        )
        made += n
    # One UPDATE gives every new unit its path: the parent's path plus its zero-padded id.
    Unit.objects.filter(body=body, path="").update(
        path=Concat(
            Value(parent.path),
            LPad(Cast("id", CharField()), tree.SEGMENT_WIDTH, Value("0")),
            Value("."),
        )
    )
    return made


def demo_body_and_ppid_utama(slug: str = "kota-serang") -> tuple[PublicBody, User]:
    """The demo body and its PPID Utama, for the commands that load more demo data.

    Raises `CommandError` with the step to run first when either is missing.
    """
    from django.core.management.base import CommandError

    body = PublicBody.objects.filter(slug=slug).first()
    if body is None:
        raise CommandError("Load the demo first: terbuka loaddemo")
    officer = User.objects.filter(
        memberships__unit__body=body,
        memberships__role=Membership.Role.PPID_UTAMA,
        memberships__is_active=True,
    ).first()
    if officer is None:
        raise CommandError("The demo body needs its PPID Utama account.")
    return body, officer
