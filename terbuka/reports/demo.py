"""Demo history for the statistics: Kota Serang's register of the past two years.

A city that starts with Terbuka brings its register book (buku register permohonan) of earlier
years; the statistics, the league table and the service reports only mean something with that
history. This writes such a history for the demo: about 320 closed requests received from
January of last year to two months ago, spread over the OPD and kecamatan with a realistic mix
of channels, outcomes, refusals by Pasal 17 letter, extensions and late answers. The requests
carry their timeline as events (recorded, extended, notice, fulfilled, closed) with the dates
the register gives, so the facts and sums are computed exactly as for live requests.

Demo data only: the rows are written directly (the request services work on today's clock and
would send every e-mail of two years at once); the identities are invented and marked "(demo)".
Deterministic: the same seed gives the same register.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from terbuka.accounts import services as account_services
from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.calendars.workdays import Calendar, add_working_days
from terbuka.inforequests.models import (
    InformationRequest,
    RegistrationCounter,
    RequestEvent,
    WrittenNotice,
)
from terbuka.inforequests.states import Status
from terbuka.reports import facts
from terbuka.reports.models import ReportNarrative

SEED = 2026
HISTORY_MARK = "register-demo"
Kind = RequestEvent.Kind

# Units that receive most requests in a city (planning, finance, health, education, public
# works, population registry) and the kecamatan; weights are relative.
UNIT_WEIGHTS: dict[str, int] = {
    "bappeda": 9,
    "bpkad": 12,
    "dinkes": 14,
    "dindikbud": 11,
    "dpupr": 12,
    "disdukcapil": 10,
    "setda": 6,
    "inspektorat": 3,
    "dinsos": 8,
    "kecamatan-serang": 6,
    "kecamatan-cipocok-jaya": 4,
    "kecamatan-taktakan": 3,
    "kecamatan-kasemen": 4,
    "kecamatan-curug": 2,
    "kecamatan-walantaka": 2,
}
CHANNELS = (
    ("walk_in", 35),
    ("letter", 25),
    ("email", 25),
    ("phone", 15),
)
# (outcome, weight): granted in full, in part, refused, not held, held by another body,
# withdrawn.
OUTCOMES = (
    ("granted_full", 58),
    ("granted_partial", 12),
    ("refused", 11),
    ("not_held", 9),
    ("other_body", 5),
    ("withdrawn", 5),
)
LETTERS = (("c", 3), ("h", 5), ("a", 1), ("j", 2), ("b", 1))
SUBJECTS = (
    "Salinan DPA {unit} tahun {year}.",
    "Laporan realisasi anggaran {unit} semester I {year}.",
    "Daftar kegiatan dan lokasi pembangunan {unit} tahun {year}.",
    "Data jumlah penerima layanan {unit} per bulan tahun {year}.",
    "Salinan kontrak pengadaan terbesar {unit} tahun {year}.",
    "Standar pelayanan dan maklumat pelayanan {unit}.",
    "Rencana kerja {unit} tahun {year}.",
    "Laporan kinerja instansi pemerintah (LKjIP) {unit} tahun {year}.",
)
PURPOSES = (
    "Penelitian skripsi.",
    "Bahan liputan media.",
    "Pemantauan anggaran oleh masyarakat sipil.",
    "Keperluan organisasi kemasyarakatan.",
    "Pengawasan pembangunan di lingkungan RW.",
)
PEOPLE = (
    ("Ahmad Fauzi (demo)", "3673011505900101"),
    ("Siti Rahmawati (demo)", "3673024708920102"),
    ("Budi Santoso (demo)", "3673031203880103"),
    ("Dewi Lestari (demo)", "3673046110950104"),
    ("Rizki Pratama (demo)", "3673050707970105"),
    ("Maya Sari (demo)", "3673066403930106"),
)


@dataclass
class DemoHistoryResult:
    requests: int
    narratives: int

    @property
    def changed(self) -> bool:
        return bool(self.requests or self.narratives)


def _pick(rng: random.Random, pairs: Any) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _moment(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _identities(officer: User) -> list[Any]:
    return [
        account_services.identity_create(
            actor=officer,
            owner=None,
            kind="perorangan",
            full_name=name,
            nik=nik,
            address="Jl. Contoh No. 2, Serang (demo)",
            phone="081200000001",
        )
        for name, nik in PEOPLE
    ]


def _working_day_on_or_after(day: date, calendar: Calendar, region: str) -> date:
    view = calendar.view(region)
    while not view.is_working(day):
        day += timedelta(days=1)
    return day


@transaction.atomic
def load_demo_history(body: PublicBody, officer: User, *, count: int = 320) -> DemoHistoryResult:
    """Write the demo register of past years for `body` once; then rebuild the statistics."""
    if RequestEvent.objects.filter(request__body=body, data__source=HISTORY_MARK).exists():
        return DemoHistoryResult(0, 0)
    rng = random.Random(SEED)  # noqa: S311 - demo data, not a secret
    units = {u.slug: u for u in Unit.objects.filter(body=body, slug__in=UNIT_WEIGHTS)}
    weights = [(slug, w) for slug, w in UNIT_WEIGHTS.items() if slug in units]
    if not weights:
        return DemoHistoryResult(0, 0)
    today = timezone.localdate()
    first = date(today.year - 1, 1, 2)
    last = today - timedelta(days=60)
    region = body.region_code
    calendar = Calendar.load(first - timedelta(days=10), today + timedelta(days=120))
    identities = _identities(officer)
    span = (last - first).days
    received_days = sorted(
        _working_day_on_or_after(first + timedelta(days=rng.randrange(span)), calendar, region)
        for _ in range(count)
    )
    made = 0
    for received_on in received_days:
        unit = units[_pick(rng, weights)]
        _one(rng, body, unit, officer, received_on, identities, calendar)
        made += 1
    narratives = _narratives(body, officer, today.year - 1)
    facts.rebuild()
    return DemoHistoryResult(made, narratives)


def _number(body: PublicBody, received_on: date) -> tuple[str, int, int]:
    RegistrationCounter.objects.get_or_create(body=body, year=received_on.year)
    RegistrationCounter.objects.filter(body=body, year=received_on.year).update(
        last_seq=F("last_seq") + 1
    )
    seq = RegistrationCounter.objects.get(body=body, year=received_on.year).last_seq
    return f"{seq:04d}/PPID/{received_on.month:02d}/{received_on.year}", received_on.year, seq


def _one(
    rng: random.Random,
    body: PublicBody,
    unit: Unit,
    officer: User,
    received_on: date,
    identities: list[Any],
    calendar: Calendar,
) -> None:
    region = body.region_code
    received_at = _moment(received_on, rng.randrange(8, 15), rng.randrange(60))
    # UU 14/2008 Pasal 22(7)-(8): 10 working days for the notice, 7 more when extended.
    notice_due = add_working_days(received_on, 10, region_code=region, calendar=calendar).due
    outcome = _pick(rng, OUTCOMES)
    extended = rng.random() < 0.12
    extended_due = (
        add_working_days(notice_due, 7, region_code=region, calendar=calendar).due
        if extended
        else None
    )
    late = rng.random() < 0.07
    limit = 17 if extended else 10
    if late:
        notice_days = limit + rng.randrange(1, 8)
    else:
        notice_days = min(limit, max(1, int(rng.gauss(5 if not extended else 13, 2.5))))
    notice_on = add_working_days(received_on, notice_days, region_code=region, calendar=calendar)
    notice_at = _moment(notice_on.due, rng.randrange(9, 16), rng.randrange(60))
    number, year, seq = _number(body, received_on)
    subject = rng.choice(SUBJECTS).format(unit=unit.short_name or unit.name, year=year - 1)
    granted = outcome in ("granted_full", "granted_partial")
    fulfilled_at = None
    if granted:
        fulfil_on = add_working_days(
            notice_at.date(), rng.randrange(0, 3), region_code=region, calendar=calendar
        ).due
        fulfilled_at = _moment(fulfil_on, 14, rng.randrange(60))
    withdrawn = outcome == "withdrawn"
    closed_at = fulfilled_at or (
        notice_at if not withdrawn else received_at + timedelta(days=3)
    ) + timedelta(hours=1)
    status = Status.WITHDRAWN if withdrawn else Status.CLOSED
    request = InformationRequest.objects.create(
        body=body,
        unit=unit,
        requester_identity=rng.choice(identities),
        channel=_pick(rng, CHANNELS),
        received_at=received_at,
        registration_number=number,
        registration_year=year,
        registration_seq=seq,
        details=subject,
        purpose=rng.choice(PURPOSES),
        obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
        delivery_method=InformationRequest.DeliveryMethod.EMAIL,
        status=status,
        clock_started_on=received_on,
        notice_due_on=notice_due,
        extended_due_on=extended_due,
        due_on=extended_due or notice_due,
        is_extended=extended,
        extension_reason="Dokumen masih dihimpun dari beberapa bidang." if extended else "",
        is_overdue=late and not withdrawn,
        recorded_by=officer,
        fulfilled_at=fulfilled_at,
        closed_at=closed_at,
    )
    source = {"source": HISTORY_MARK}
    events = [
        RequestEvent(
            request=request,
            kind=Kind.RECORDED,
            to_status=Status.REGISTERED,
            actor=officer,
            data=source,
            occurred_at=received_at,
        )
    ]
    if extended:
        events.append(
            RequestEvent(
                request=request,
                kind=Kind.EXTENDED,
                from_status=Status.REGISTERED,
                to_status=Status.EXTENDED,
                actor=officer,
                note=request.extension_reason,
                data=source,
                occurred_at=_moment(notice_due, 9, 0),
            )
        )
    if withdrawn:
        events.append(
            RequestEvent(
                request=request,
                kind=Kind.WITHDRAWN,
                from_status=Status.REGISTERED,
                to_status=Status.WITHDRAWN,
                data=source,
                occurred_at=closed_at,
            )
        )
        RequestEvent.objects.bulk_create(events)
        return
    possession = WrittenNotice.Possession
    decision = {
        "granted_full": WrittenNotice.Decision.GRANTED_FULL,
        "granted_partial": WrittenNotice.Decision.GRANTED_PARTIAL,
    }.get(outcome, WrittenNotice.Decision.REFUSED)
    letters = [_pick(rng, LETTERS)] if outcome in ("refused", "granted_partial") else []
    WrittenNotice.objects.create(
        request=request,
        possession={
            "not_held": possession.NOT_HELD,
            "other_body": possession.HELD_BY_OTHER,
        }.get(outcome, possession.HELD),
        other_body_name="Pemerintah Provinsi Banten" if outcome == "other_body" else "",
        decision=decision,
        material=subject if granted else "",
        form=WrittenNotice.Form.SOFTCOPY if granted else WrittenNotice.Form.NONE,
        refusal_letters=letters,
        consequence_test_ref="Uji konsekuensi PPID Kota Serang" if letters else "",
        issued_at=notice_at,
        issued_by=officer,
        signatory_name="PPID Utama Kota Serang (demo)",
    )
    events.append(
        RequestEvent(
            request=request,
            kind=Kind.NOTICE_ISSUED,
            from_status=Status.EXTENDED if extended else Status.REGISTERED,
            to_status=Status.NOTICE_ISSUED,
            actor=officer,
            data={**source, "decision": decision},
            occurred_at=notice_at,
        )
    )
    if fulfilled_at is not None:
        events.append(
            RequestEvent(
                request=request,
                kind=Kind.FULFILLED,
                from_status=Status.NOTICE_ISSUED,
                to_status=Status.FULFILLED,
                actor=officer,
                data=source,
                occurred_at=fulfilled_at,
            )
        )
    events.append(
        RequestEvent(
            request=request,
            kind=Kind.CLOSED,
            from_status=Status.FULFILLED if fulfilled_at else Status.NOTICE_ISSUED,
            to_status=Status.CLOSED,
            actor=officer,
            data=source,
            occurred_at=closed_at,
        )
    )
    RequestEvent.objects.bulk_create(events)


NARRATIVE = {
    "profile": (
        "PPID Kota Serang terdiri atas PPID Utama di Dinas Komunikasi, Informatika, Persandian "
        "dan Statistik serta PPID Pelaksana di setiap perangkat daerah, kecamatan dan kelurahan. "
        "Maklumat pelayanan informasi publik ditetapkan Wali Kota dan diumumkan di portal."
    ),
    "facilities": (
        "Meja layanan informasi di Puspemkot Serang, portal Terbuka untuk permohonan daring, "
        "layanan surat elektronik, dan ruang baca arsip."
    ),
    "staff": (
        "Satu petugas layanan informasi di meja PPID Utama dan satu pejabat penghubung di setiap "
        "PPID Pelaksana."
    ),
    "budget": "Anggaran layanan informasi dibebankan pada DPA Diskominfo (sub kegiatan PPID).",
    "obstacles": (
        "Sebagian PPID Pelaksana belum memperbarui informasi berkala tepat waktu; dokumen "
        "anggaran kerap diminta sebelum diunggah."
    ),
    "recommendations": (
        "Unggah dokumen anggaran segera setelah ditetapkan; bimbingan teknis untuk PPID "
        "Pelaksana kecamatan; pemantauan bulanan ketepatan waktu jawaban."
    ),
}


def _narratives(body: PublicBody, officer: User, year: int) -> int:
    _row, created = ReportNarrative.objects.get_or_create(
        body=body,
        unit=None,
        year=year,
        semester=0,
        defaults={**NARRATIVE, "updated_by": officer},
    )
    return int(created)
