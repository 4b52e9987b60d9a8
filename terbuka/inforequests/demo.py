"""Demo requests for the Kota Serang demo: every inbox and page has something to show.

Everything goes through the services, so the demo requests carry real registration numbers,
clocks and timelines. Demo data only: the identities are invented and marked "(demo)".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.calendars.workdays import Calendar
from terbuka.inforequests import services
from terbuka.inforequests.models import InformationRequest

Channel = InformationRequest.Channel


@dataclass(frozen=True)
class DemoRequest:
    unit_slug: str | None
    channel: str
    working_days_ago: int
    details: str
    purpose: str
    person: str
    nik: str
    # What happens next: "", "route", "extend", "notice", "refuse", "fulfil", "incomplete".
    step: str = ""


DEMO_REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        "dinkes",
        Channel.WALK_IN,
        1,
        "Data jumlah kasus demam berdarah per kecamatan di Kota Serang tahun 2025.",
        "Bahan liputan kesehatan masyarakat.",
        "Rahmat Hidayat (demo)",
        "3673010101850001",
    ),
    DemoRequest(
        None,
        Channel.EMAIL,
        3,
        "Salinan Rencana Umum Pengadaan (RUP) Pemerintah Kota Serang tahun 2026.",
        "Pemantauan pengadaan barang dan jasa oleh masyarakat sipil.",
        "Nur Aini (demo)",
        "3673024202900002",
        "route",
    ),
    DemoRequest(
        "kecamatan-serang",
        Channel.LETTER,
        8,
        "Daftar penerima bantuan sosial di Kecamatan Serang tahun 2026 (tanpa NIK).",
        "Penelitian skripsi tentang ketepatan sasaran bantuan sosial.",
        "Fajar Nugroho (demo)",
        "3673011203980003",
        "extend",
    ),
    DemoRequest(
        "dinkes",
        Channel.PHONE,
        6,
        "Laporan realisasi anggaran Dinas Kesehatan triwulan III 2026.",
        "Kajian anggaran kesehatan daerah.",
        "Lestari Wulandari (demo)",
        "3673035507920004",
        "notice",
    ),
    DemoRequest(
        "dinkes",
        Channel.WALK_IN,
        5,
        "Rekam medis pasien rumah sakit daerah atas nama orang lain.",
        "Keperluan pribadi.",
        "Dedi Kurniawan (demo)",
        "3673040808870005",
        "refuse",
    ),
    DemoRequest(
        None,
        Channel.LETTER,
        4,
        "Informasi tentang rencana pembangunan.",
        "Ingin tahu.",
        "Yuliani Putri (demo)",
        "3673056106950006",
        "incomplete",
    ),
    DemoRequest(
        "kecamatan-serang",
        Channel.WALK_IN,
        14,
        "Jadwal pelayanan administrasi kependudukan di Kecamatan Serang.",
        "Informasi untuk warga RW 05.",
        "Hendra Saputra (demo)",
        "3673012309800007",
    ),
)


def _received_at(working_days_ago: int, calendar: Calendar, region: str) -> datetime:
    view = calendar.view(region)
    day = timezone.localdate()
    remaining = working_days_ago
    while remaining > 0:
        day -= timedelta(days=1)
        if view.is_working(day):
            remaining -= 1
    stamp = timezone.make_aware(datetime.combine(day, time(9, 30)))
    return min(stamp, timezone.now())


def load_demo_requests(body: PublicBody, officer: User) -> int:
    """Record the demo requests for `body` as `officer` (the PPID Utama); return how many.

    Nothing happens when the body already has requests, so running it again changes nothing.
    """
    if InformationRequest.objects.filter(body=body).exists():
        return 0
    units = {u.slug: u for u in Unit.objects.filter(body=body)}
    today = timezone.localdate()
    calendar = Calendar.load(today - timedelta(days=60), today + timedelta(days=60))
    created = 0
    for spec in DEMO_REQUESTS:
        with transaction.atomic():
            request = services.request_record(
                actor=officer,
                body=body,
                unit=units.get(spec.unit_slug or ""),
                channel=spec.channel,
                received_at=_received_at(spec.working_days_ago, calendar, body.region_code),
                details=spec.details,
                purpose=spec.purpose,
                obtain_method=InformationRequest.ObtainMethod.SOFTCOPY,
                delivery_method=InformationRequest.DeliveryMethod.EMAIL,
                identity_data={
                    "kind": "perorangan",
                    "full_name": spec.person,
                    "nik": spec.nik,
                    "address": "Jl. Contoh No. 1, Serang (demo)",
                    "phone": "081200000000",
                    "email": "",
                },
            )
            _advance(request, spec, officer, units)
        created += 1
    services.request_mark_overdue(today)
    return created


def _advance(
    request: InformationRequest, spec: DemoRequest, officer: User, units: dict[str, Any]
) -> None:
    if spec.step == "route":
        services.request_route(
            request=request,
            actor=officer,
            units=[units["bappeda"]] if "bappeda" in units else [],
            note="Mohon disiapkan bersama bagian pengadaan.",
        )
    elif spec.step == "extend":
        services.request_extend(
            request=request,
            actor=officer,
            reason="Data masih dihimpun dari enam kelurahan; perlu waktu tambahan.",
        )
    elif spec.step == "notice":
        services.request_issue_notice(
            request=request,
            actor=officer,
            possession="held",
            decision="granted_full",
            form="softcopy",
            material="Laporan realisasi anggaran triwulan III 2026 (PDF).",
            provide_within_days=3,
        )
    elif spec.step == "refuse":
        # UU 14/2008 Pasal 17 huruf h: medical records are personal secrets.
        services.request_issue_notice(
            request=request,
            actor=officer,
            possession="held",
            decision="refused",
            form="none",
            refusal_letters=["h"],
        )
    elif spec.step == "incomplete":
        services.request_ask_completion(
            request=request,
            actor=officer,
            missing="Sebutkan rencana pembangunan yang dimaksud (lokasi, kegiatan, tahun).",
        )
