"""Synthetic bodies with their unit trees, officers, citizens and requester identities."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from terbuka.accounts.models import AccountEvent, RequesterIdentity, User
from terbuka.accounts.selectors import nik_hash_of
from terbuka.bodies import tree
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.core import crypto
from terbuka.inforequests.models import RequestSettings
from terbuka.synth import text
from terbuka.synth.clock import dumps
from terbuka.synth.sink import Sink, next_id

SLUG_PREFIX = "sintetis-"
EMAIL_DOMAIN = "@sintetis.test"
# A password hash Django treats as unusable: synthetic accounts never sign in.
UNUSABLE_PASSWORD = "!sintetis"  # noqa: S105 - not a password: "!" marks it unusable
BODY_KINDS = (
    (PublicBody.Kind.PEMERINTAH_KABUPATEN, "Pemerintah Kabupaten"),
    (PublicBody.Kind.PEMERINTAH_KOTA, "Pemerintah Kota"),
    (PublicBody.Kind.PEMERINTAH_PROVINSI, "Pemerintah Provinsi"),
)
OPD_NAMES = (
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Sosial",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Penanaman Modal dan PTSP",
    "Inspektorat",
    "Sekretariat Daerah",
)
KELURAHAN_PER_KECAMATAN = 10


@dataclass
class BodyInfo:
    """What the later stages need of one synthetic body."""

    pk: int
    slug: str
    code: str
    utama: int
    officer: int
    units: list[int] = field(default_factory=list)  # PPID Pelaksana (not the PPID Utama)
    unit_names: dict[int, str] = field(default_factory=dict)
    unit_groups: dict[int, str] = field(default_factory=dict)


def _tree(body_pk: int, number: int, size: int, first_id: int) -> list[Unit]:
    """Units of one body: the PPID Utama, OPD, kecamatan and their kelurahan, ids from first_id."""
    units: list[Unit] = []
    root_path = tree.child_path("", first_id)
    units.append(
        Unit(
            id=first_id,
            body_id=body_pk,
            kind=Unit.Kind.PPID_UTAMA,
            name=f"PPID Utama Sintetis {number:03d}",
            short_name="PPID Utama",
            slug="ppid-utama",
            path=root_path,
            depth=0,
            ppid_name=text.person_name(random.Random(first_id)),  # noqa: S311 - names
            ppid_position="Kepala Dinas Komunikasi dan Informatika",
            atasan_name=text.person_name(random.Random(-first_id)),  # noqa: S311 - names
            atasan_position="Sekretaris Daerah",
            service_hours="Senin-Jumat 08.00-16.00",
        )
    )
    rest = size - 1
    opd = min(len(OPD_NAMES) * 5, max(1, rest // 5)) if rest else 0
    kelurahan_block = rest - opd
    kecamatan = -(-kelurahan_block // (KELURAHAN_PER_KECAMATAN + 1)) if kelurahan_block else 0
    next_pk = first_id + 1
    for i in range(opd):
        base = OPD_NAMES[i % len(OPD_NAMES)]
        name = base if i < len(OPD_NAMES) else f"{base} Wilayah {i // len(OPD_NAMES) + 1}"
        units.append(
            Unit(
                id=next_pk,
                body_id=body_pk,
                parent_id=first_id,
                kind=Unit.Kind.OPD,
                name=name,
                slug=f"opd-{i + 1:03d}",
                path=tree.child_path(root_path, next_pk),
                depth=1,
            )
        )
        next_pk += 1
    left = kelurahan_block
    for k in range(kecamatan):
        kec_pk, kec_path = next_pk, tree.child_path(root_path, next_pk)
        units.append(
            Unit(
                id=kec_pk,
                body_id=body_pk,
                parent_id=first_id,
                kind=Unit.Kind.KECAMATAN,
                name=f"Kecamatan Sintetis {number:03d}-{k + 1:03d}",
                slug=f"kecamatan-{k + 1:03d}",
                code=f"99.{number % 100:02d}.{k + 1:03d}",
                path=kec_path,
                depth=1,
            )
        )
        next_pk += 1
        left -= 1
        for j in range(min(KELURAHAN_PER_KECAMATAN, left)):
            units.append(
                Unit(
                    id=next_pk,
                    body_id=body_pk,
                    parent_id=kec_pk,
                    kind=Unit.Kind.KELURAHAN,
                    name=f"Kelurahan Sintetis {number:03d}-{k + 1:03d}-{j + 1:02d}",
                    slug=f"kelurahan-{k + 1:03d}-{j + 1:02d}",
                    code=f"99.{number % 100:02d}.{k + 1:03d}.{1001 + j}",
                    path=tree.child_path(kec_path, next_pk),
                    depth=2,
                )
            )
            next_pk += 1
            left -= 1
    return units


def create_bodies(sink: Sink, *, bodies: int, units: int, created: str) -> list[BodyInfo]:
    """Bodies, their unit trees, request settings and one PPID Utama officer each."""
    sizes = [units // bodies + (1 if b < units % bodies else 0) for b in range(bodies)]
    first_body = next_id(PublicBody)
    rows = []
    for b in range(bodies):
        kind, label = BODY_KINDS[b % len(BODY_KINDS)]
        rows.append(
            (first_body + b, created, created, f"{label} Sintetis {b + 1:03d}",
             f"{SLUG_PREFIX}{b + 1:03d}", kind, "",
             "Badan publik sintetis untuk uji skala (bukan data nyata).", "", "", "", "")
        )  # fmt: skip
    sink.insert(
        PublicBody,
        ["id", "created_at", "updated_at", "name", "slug", "kind", "region_code", "description",
         "address", "phone", "email", "website"],
        rows,
    )  # fmt: skip
    body_pks = {f"{SLUG_PREFIX}{b + 1:03d}": first_body + b for b in range(bodies)}
    first_unit = next_id(Unit)
    first_user = next_id(User)
    infos: list[BodyInfo] = []
    all_units: list[Unit] = []
    for b, size in enumerate(sizes):
        slug = f"{SLUG_PREFIX}{b + 1:03d}"
        body_units = _tree(body_pks[slug], b + 1, max(1, size), first_unit)
        first_unit += len(body_units)
        all_units += body_units
        info = BodyInfo(
            pk=body_pks[slug],
            slug=slug,
            code=f"SNT{b + 1:03d}",
            utama=body_units[0].pk,
            officer=first_user + b,
        )
        for unit in body_units[1:]:
            info.units.append(unit.pk)
            info.unit_names[unit.pk] = unit.name
            info.unit_groups[unit.pk] = str(Unit.Kind(unit.kind).label)
        infos.append(info)
    sink.insert(
        Unit,
        ["id", "created_at", "updated_at", "body_id", "parent_id", "kind", "name", "short_name",
         "slug", "code", "path", "depth", "is_active", "description", "address", "phone",
         "email", "website", "service_hours", "ppid_name", "ppid_position", "atasan_name",
         "atasan_position"],
        (
            (u.pk, created, created, u.body_id, u.parent_id, u.kind, u.name, u.short_name,
             u.slug, u.code, u.path, u.depth, True, "", "", "", "", "", u.service_hours,
             u.ppid_name, u.ppid_position, u.atasan_name, u.atasan_position)
            for u in all_units
        ),
    )  # fmt: skip
    sink.insert(
        User,
        ["id", "password", "is_superuser", "email", "full_name", "language", "is_staff",
         "is_active", "date_joined"],
        (
            (info.officer, UNUSABLE_PASSWORD, False, f"ppid-{info.slug}{EMAIL_DOMAIN}",
             f"Petugas PPID {info.code}", "id", False, True, created)
            for info in infos
        ),
    )  # fmt: skip
    sink.insert(
        Membership,
        ["created_at", "updated_at", "user_id", "unit_id", "role", "is_active"],
        ((created, created, i.officer, i.utama, Membership.Role.PPID_UTAMA, True) for i in infos),
    )
    sink.insert(
        RequestSettings,
        ["created_at", "updated_at", "body_id", "number_format", "body_code", "completion_days",
         "copy_fee_per_sheet", "courier_fee", "post_fee", "fax_fee", "payment_instructions",
         "signatory_name", "signatory_position"],
        (
            (created, created, i.pk, "{seq:04d}/PPID-{body_code}/{year}", i.code, 3, 500,
             15000, 10000, 0, "Transfer ke rekening kas daerah (sintetis).",
             f"PPID Utama {i.code}", "PPID Utama")
            for i in infos
        ),
    )  # fmt: skip
    return infos


@dataclass
class People:
    citizens: list[int]  # user ids; citizen i owns identity citizen_identities[i]
    citizen_identities: list[int]
    walk_in_identities: list[int]  # recorded by officers, no account


def create_people(
    sink: Sink,
    rng: random.Random,
    bodies: list[BodyInfo],
    *,
    citizens: int,
    walk_ins: int,
    created: str,
) -> People:
    """Citizen accounts with their own identity, and identities recorded at the front desk.

    The NIK, address, phone and decree number are encrypted with the field keys, and the NIK's
    keyed hash is stored beside it, exactly as `accounts.services.identity_create` does.
    """
    first_user = next_id(User)
    first_identity = next_id(RequesterIdentity)
    users = []
    identities = []
    events = []
    encrypt = crypto.encrypt_str
    for i in range(citizens + walk_ins):
        is_citizen = i < citizens
        identity_pk = first_identity + i
        name = text.person_name(rng)
        roll = rng.random()
        kind = RequesterIdentity.Kind.PERORANGAN
        if not is_citizen and roll < 0.05:
            kind = RequesterIdentity.Kind.BADAN_HUKUM
        elif not is_citizen and roll < 0.1:
            kind = RequesterIdentity.Kind.KELOMPOK
        nik = "" if kind == RequesterIdentity.Kind.BADAN_HUKUM else text.synthetic_nik(rng)
        decree = (
            f"AHU-{rng.randrange(10**7):07d}.AH.01.07.{rng.randrange(2010, 2024)}"
            if kind == RequesterIdentity.Kind.BADAN_HUKUM
            else ""
        )
        if kind == RequesterIdentity.Kind.BADAN_HUKUM:
            name = f"Yayasan {rng.choice(text.FAMILY_NAMES)} Mandiri"
        elif kind == RequesterIdentity.Kind.KELOMPOK:
            name = f"Kelompok Warga RW {rng.randrange(1, 20):02d} ({name})"
        owner = first_user + i if is_citizen else None
        email = f"warga-{i + 1:07d}{EMAIL_DOMAIN}" if is_citizen else ""
        creator = owner if is_citizen else bodies[i % len(bodies)].officer
        if is_citizen:
            users.append((owner, UNUSABLE_PASSWORD, False, email, name, "id", False, True, created))
        identities.append(
            (
                identity_pk, created, created, owner, kind, name,
                encrypt(nik) if nik else "",
                nik_hash_of(nik) if nik else "",
                encrypt(decree) if decree else "",
                encrypt(text.synthetic_address(rng)),
                encrypt(text.synthetic_phone(rng)),
                email,
                rng.choice(text.OCCUPATIONS),
                "", "", None, None, "", "", "", "", None, None, creator,
            )
        )  # fmt: skip
        events.append(
            (AccountEvent.Kind.IDENTITY_CREATED, owner, identity_pk, creator,
             dumps({"identity_kind": kind}), created)
        )  # fmt: skip
    sink.insert(
        User,
        ["id", "password", "is_superuser", "email", "full_name", "language", "is_staff",
         "is_active", "date_joined"],
        users,
    )  # fmt: skip
    sink.insert(
        RequesterIdentity,
        ["id", "created_at", "updated_at", "owner_id", "kind", "full_name", "nik", "nik_hash",
         "legal_entity_number", "address", "phone", "email", "occupation", "ktp_scan_name",
         "ktp_scan_content_type", "ktp_scan_size", "ktp_scan_uploaded_at", "proxy_name",
         "proxy_nik", "power_of_attorney_name", "power_of_attorney_content_type",
         "power_of_attorney_size", "power_of_attorney_uploaded_at", "created_by_id"],
        identities,
    )  # fmt: skip
    sink.insert(
        AccountEvent, ["kind", "user_id", "identity_id", "actor_id", "data", "occurred_at"], events
    )
    return People(
        citizens=[first_user + i for i in range(citizens)],
        citizen_identities=[first_identity + i for i in range(citizens)],
        walk_in_identities=[first_identity + citizens + i for i in range(walk_ins)],
    )
