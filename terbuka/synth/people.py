"""Synthetic bodies with their unit trees, officers, citizens and requester identities.

Region codes: Kemendagri numbers provinces by island group (1 Sumatra, 2 Riau Islands, 3 Java,
5 Bali and Nusa Tenggara, 6 Kalimantan, 7 Sulawesi, 8 Maluku, 9 Papua) and has never issued a
province code starting with 4. Synthetic body n (from 0) gets the regency code
`4P.RR` with P = n // 99 and RR = n % 99 + 1 (bodies 0 to 989; later ones get none), its
kecamatan `4P.RR.KK` (the first 99) and their kelurahan `4P.RR.KK.1001` onwards, so no
synthetic code can name a real region and every one has the shape `bodies.services` accepts.
No holiday is regional to them, so their calendar is the national one the generator uses.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from terbuka.accounts.models import AccountEvent, RequesterIdentity, User
from terbuka.accounts.selectors import nik_hash_of
from terbuka.bodies import tree
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.core import crypto
from terbuka.inforequests.models import RequestSettings
from terbuka.synth import files, text
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
REGION_PROVINCE_DIGIT = "4"  # no Kemendagri province code starts with 4
REGIONS_PER_PROVINCE = 99
# A share of identities with a KTP scan, and of persons acting through a proxy (kuasa); a
# group (kelompok) always has one (Perki 1/2021).
KTP_SCAN_SHARE = 0.2
PROXY_SHARE = 0.03


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


def region_code(index: int) -> str:
    """The synthetic Kemendagri regency code of body `index` (from 0), or "" past the range."""
    province, regency = divmod(index, REGIONS_PER_PROVINCE)
    if province > 9:
        return ""
    return f"{REGION_PROVINCE_DIGIT}{province}.{regency + 1:02d}"


def _tree(body_pk: int, number: int, size: int, first_id: int, region: str) -> list[Unit]:
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
        kec_code = f"{region}.{k + 1:02d}" if region and k < 99 else ""
        units.append(
            Unit(
                id=kec_pk,
                body_id=body_pk,
                parent_id=first_id,
                kind=Unit.Kind.KECAMATAN,
                name=f"Kecamatan Sintetis {number:03d}-{k + 1:03d}",
                slug=f"kecamatan-{k + 1:03d}",
                code=kec_code,
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
                    code=f"{kec_code}.{1001 + j}" if kec_code else "",
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
             f"{SLUG_PREFIX}{b + 1:03d}", kind, region_code(b),
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
        body_units = _tree(body_pks[slug], b + 1, max(1, size), first_unit, region_code(b))
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
    store: files.Writer,
) -> People:
    """Citizen accounts with their own identity, and identities recorded at the front desk.

    The NIK, address, phone and decree number are encrypted with the field keys, and the NIK's
    keyed hash is stored beside it, exactly as `accounts.services.identity_create` does. Some
    identities carry a KTP scan, and some act through a proxy (kuasa) with a power of
    attorney: both files are encrypted with the field keys in the private storage, as
    `accounts.services.identity_attach_ktp` stores them (one `AccountEvent` each).
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
        events.append(
            (AccountEvent.Kind.IDENTITY_CREATED, owner, identity_pk, creator,
             dumps({"identity_kind": kind}), created)
        )  # fmt: skip
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
                *_documents(rng, store, identity_pk, kind, name, owner, creator, created, events),
                creator,
            )
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


def _documents(
    rng: random.Random,
    store: files.Writer,
    identity: int,
    kind: str,
    name: str,
    owner: int | None,
    creator: int | None,
    created: str,
    events: list[Any],
) -> tuple[Any, ...]:
    """The KTP scan and proxy columns of one identity, with their files and events."""
    encrypt = crypto.encrypt_str
    scan: tuple[Any, ...] = ("", "", None, None)
    if rng.random() < KTP_SCAN_SHARE:
        data = files.ktp_png()
        scan = (files.name_for("identity", identity, "-ktp.bin"), "image/png", len(data), created)
        _attach(store, scan, data, "ktp_scan", identity, owner, creator, created, events)
    proxy: tuple[Any, ...] = ("", "", "", "", None, None)
    if kind == RequesterIdentity.Kind.KELOMPOK or rng.random() < PROXY_SHARE:
        proxy_name = text.person_name(rng)
        proxy_nik = text.synthetic_nik(rng)
        data = files.pdf(
            "Surat Kuasa",
            [f"Yang bertanda tangan di bawah ini, {name}, memberi kuasa kepada {proxy_name}",
             "untuk mengajukan permohonan informasi publik dan menerima jawabannya.",
             "Dokumen sintetis untuk uji skala Terbuka (bukan data nyata)."],
        )  # fmt: skip
        attorney = (files.name_for("identity", identity, "-kuasa.bin"), "application/pdf",
                    len(data), created)  # fmt: skip
        _attach(store, attorney, data, "power_of_attorney", identity, owner, creator, created,
                events)  # fmt: skip
        proxy = (proxy_name, encrypt(proxy_nik), *attorney)
    return (*scan, *proxy)


def _attach(
    store: files.Writer,
    columns: tuple[Any, ...],
    data: bytes,
    document: str,
    identity: int,
    owner: int | None,
    creator: int | None,
    created: str,
    events: list[Any],
) -> None:
    # Encrypted before it is stored, as `accounts.services._attach_document` does; a new IV per
    # file, so equal scans never share ciphertext.
    if store.enabled:
        store.write(columns[0], crypto.encrypt_bytes(data))
    events.append(
        (AccountEvent.Kind.IDENTITY_KTP_ATTACHED, owner, identity, creator,
         dumps({"document": document, "content_type": columns[1], "size": columns[2],
                "replaced": False}), created)
    )  # fmt: skip
