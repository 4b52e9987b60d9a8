"""Monev demo for Kota Serang: its KI Banten results (domain.md 4.3), imported like any history
file; last year's internal monev of the six kecamatan by the PPID Utama, run through every
stage with the services (answers with evidence links, a few verified or changed with notes,
announced so results, history and improvement actions exist); and an upcoming coordination
meeting for Kecamatan Serang and Kecamatan Cipocok Jaya.

The kecamatan answers are invented; the KI Banten figures are the published ones. Every part is
created only when missing, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody, Unit
from terbuka.monev import services, transfer
from terbuka.monev.models import EvaluationCycle, ImprovementAction, Meeting, Participant
from terbuka.monev.rubric import Evidence as EvidenceRule
from terbuka.monev.states import CycleStatus

KI_BANTEN = "Komisi Informasi Provinsi Banten"
KI_GROUP = "Pemerintah kabupaten/kota"
# domain.md 4.3: (year, score, category, rank, source). 2020's score is printed garbled in the
# source ("8,32"), so it stays empty; 2025's rank among the eight is not published.
KI_HISTORY: tuple[tuple[int, str, str, str, str], ...] = (
    (
        2019,
        "92,50",
        "Informatif",
        "3",
        "https://pelayananpublik.id/2020/02/06/kota-serang-peringkat-3-se-provinsi-banten-dalam-keterbukaan-informasi-publik/",
    ),
    (
        2020,
        "",
        "Informatif",
        "5",
        "https://banten.antaranews.com/berita/144168/pemkot-serang-bahas-keterbukaan-informasi-publik-di-lingkungan-kecamatan",
    ),
    (
        2025,
        "99,85",
        "Informatif",
        "",
        "https://distrikbantennews.com/2025/12/17/skor-nyaris-sempurna-kota-serang-cetak-rekor-keterbukaan-informasi-di-banten",
    ),
)

TEMPLATE = "monev_internal_kota"
CYCLE_PREFIX = "Monev Internal PPID Pelaksana Kecamatan"
EVIDENCE_HOST = "https://ppid.serangkota.test"

# The best option of every question of `monev_internal_kota.json`; each kecamatan departs from
# it where it fell short, so scores, categories and ranks differ.
BEST = {
    "dip_terbit": "ya",
    "dip_mutakhir": "enam_bulan",
    "dip_klasifikasi": "ya",
    "register_permohonan": "lengkap",
    "jawaban_tepat_waktu": "semua",
    "perpanjangan_beralasan": "ya",
    "register_keberatan": "ya",
    "keberatan_tepat_waktu": "ya",
    "prosedur_diumumkan": "ya",
    "maklumat_pelayanan": "ya",
    "berita_berkala": "ya",
    "dpa_terbit": "ya",
    "realisasi_terbit": "ya",
    "sk_ppid_pelaksana": "ya",
    "laporan_ke_utama": "ya",
}
SHORTFALLS: dict[str, dict[str, str]] = {
    "kecamatan-serang": {"dip_mutakhir": "setahun", "berita_berkala": "jarang"},
    "kecamatan-cipocok-jaya": {
        "dip_klasifikasi": "tanpa_uji",
        "jawaban_tepat_waktu": "sebagian_besar",
        "maklumat_pelayanan": "salah_satu",
        "realisasi_terbit": "ringkasan",
    },
    "kecamatan-taktakan": {
        "dip_mutakhir": "setahun",
        "keberatan_tepat_waktu": "terlambat",
        "berita_berkala": "jarang",
        "laporan_ke_utama": "sebagian",
    },
    "kecamatan-walantaka": {
        "dip_mutakhir": "lebih",
        "dip_klasifikasi": "tanpa_uji",
        "jawaban_tepat_waktu": "sebagian_besar",
        "prosedur_diumumkan": "sebagian",
        "realisasi_terbit": "tidak",
        "sk_ppid_pelaksana": "kedaluwarsa",
    },
    "kecamatan-kasemen": {
        "dip_mutakhir": "lebih",
        "dip_klasifikasi": "tidak",
        "register_permohonan": "tidak_lengkap",
        "jawaban_tepat_waktu": "sebagian_besar",
        "keberatan_tepat_waktu": "terlambat",
        "berita_berkala": "tidak",
        "laporan_ke_utama": "sebagian",
    },
    "kecamatan-curug": {
        "dip_terbit": "draf",
        "dip_mutakhir": "lebih",
        "dip_klasifikasi": "tidak",
        "register_permohonan": "tidak_lengkap",
        "jawaban_tepat_waktu": "kurang",
        "register_keberatan": "tidak",
        "prosedur_diumumkan": "sebagian",
        "maklumat_pelayanan": "salah_satu",
        "realisasi_terbit": "ringkasan",
        "laporan_ke_utama": "tidak",
    },
}
# The evaluator's changes: (kecamatan, question, option, note).
CHANGES: tuple[tuple[str, str, str, str], ...] = (
    (
        "kecamatan-cipocok-jaya",
        "register_permohonan",
        "tidak_lengkap",
        "Kolom alasan penolakan kosong pada 3 dari 12 permohonan di register.",
    ),
    (
        "kecamatan-kasemen",
        "dpa_terbit",
        "tidak",
        "Tautan DPA mengarah ke halaman kosong saat diperiksa pada 22 September.",
    ),
    (
        "kecamatan-taktakan",
        "dip_terbit",
        "draf",
        "DIP yang diunggah belum ditetapkan dengan keputusan camat.",
    ),
)
# Accepted with a note: (kecamatan, question, note).
NOTES: tuple[tuple[str, str, str], ...] = (
    (
        "kecamatan-serang",
        "register_permohonan",
        "Register lengkap; contoh baik untuk kecamatan lain.",
    ),
    (
        "kecamatan-curug",
        "sk_ppid_pelaksana",
        "Keputusan camat tentang PPID Pelaksana terbit Maret; sudah diumumkan.",
    ),
)
EVIDENCE_PAGES = {
    "dip": "dip",
    "register": "register",
    "keberatan": "keberatan",
    "jawaban": "register",
    "prosedur": "prosedur-layanan",
    "maklumat": "maklumat-pelayanan",
    "berita": "berita",
    "dpa": "anggaran/dpa",
    "realisasi": "anggaran/realisasi",
    "sk": "sk-ppid-pelaksana",
}
MEETING_UNITS = ("kecamatan-serang", "kecamatan-cipocok-jaya")
ACTIONS_PER_UNIT = 2


@dataclass
class MonevDemoResult:
    history: int = 0
    cycles: int = 0
    meetings: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.history or self.cycles or self.meetings)


def history_csv() -> bytes:
    """Kota Serang's KI Banten results as a history file, as an officer would keep it."""
    lines = ["peserta;tahun;penyelenggara;kelompok;nilai;kategori;peringkat;sumber"]
    lines += [
        f"Pemerintah Kota Serang;{year};{KI_BANTEN};{KI_GROUP};{score};{category};{rank};{source}"
        for year, score, category, rank, source in KI_HISTORY
    ]
    return ("\n".join(lines) + "\n").encode()


def _template() -> dict[str, Any]:
    return dict(transfer.rubric_templates())[TEMPLATE]


def _evidence_url(slug: str, question: str) -> str:
    page = next((p for prefix, p in EVIDENCE_PAGES.items() if question.startswith(prefix)), "")
    return f"{EVIDENCE_HOST}/{slug.removeprefix('kecamatan-')}/{page or question}"


def _run_cycle(body: PublicBody, officer: User, units: list[Unit], year: int) -> EvaluationCycle:
    data = _template()
    data["year"] = year
    rubric = services.rubric_create(
        actor=officer, body=body, data=data, source=f"Templat Terbuka: {TEMPLATE}.json"
    )
    cycle = services.cycle_create(
        actor=officer,
        body=body,
        name=f"{CYCLE_PREFIX} Kota Serang {year}",
        year=year,
        rubric=rubric,
        participants=units,
        open_questionnaire=True,
    )
    parsed = services.rubric_of(cycle)
    participants = {p.unit.slug: p for p in cycle.participants.select_related("unit")}
    for slug, participant in participants.items():
        answers = {**BEST, **SHORTFALLS.get(slug, {})}
        saved = services.answers_save(participant=participant, actor=officer, answers=answers)
        for answer in saved:
            question = parsed.question(answer.question_key)
            option = question.option(answer.option_key) if question else None
            if question is None or option is None or option.score <= 0:
                continue
            if question.evidence != EvidenceRule.NONE:
                services.evidence_add_link(
                    answer=answer, actor=officer, url=_evidence_url(slug, question.key)
                )
        services.participant_submit(participant=participant, actor=officer)
    cycle = services.cycle_move(cycle=cycle, actor=officer, to=CycleStatus.VERIFICATION)
    changed = {(slug, key): (choice, note) for slug, key, choice, note in CHANGES}
    notes = {(slug, key): note for slug, key, note in NOTES}
    for slug, participant in participants.items():
        for answer in participant.answers.order_by("id"):
            where = (slug, answer.question_key)
            if where in changed:
                choice, note = changed[where]
                services.answer_verify(answer=answer, actor=officer, option_key=choice, note=note)
            else:
                services.answer_verify(answer=answer, actor=officer, note=notes.get(where, ""))
    cycle = services.cycle_move(
        cycle=cycle,
        actor=officer,
        to=CycleStatus.ANNOUNCED,
        note="Hasil monev internal diumumkan kepada seluruh PPID Pelaksana kecamatan.",
    )
    # Last year's cycle ran on last year's calendar: its schedule is recorded once it is over
    # (a closing day in the past would have refused the answers given above).
    return services.cycle_reschedule(
        cycle=cycle,
        actor=officer,
        schedule=services.Schedule(
            questionnaire_opens_on=date(year, 7, 1),
            questionnaire_closes_on=date(year, 8, 29),
            verification_closes_on=date(year, 9, 30),
            announced_on=date(year, 10, 28),
        ),
        note="Jadwal siklus tahun lalu.",
    )


def _meeting_start(today: date) -> datetime:
    """Ten days ahead, moved to the next Tuesday-Thursday, at 09.00 local time."""
    day = today + timedelta(days=10)
    while day.weekday() not in (1, 2, 3):
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 0), tzinfo=timezone.get_current_timezone())


def _plan_meeting(body: PublicBody, officer: User, cycle: EvaluationCycle) -> Meeting:
    units = list(Unit.objects.filter(body=body, slug__in=MEETING_UNITS).order_by("name"))
    actions: list[ImprovementAction] = []
    for unit in units:
        found = list(
            ImprovementAction.objects.filter(participant__cycle=cycle, participant__unit=unit)
            .select_related("participant")
            .order_by("-lost_points", "id")[:ACTIONS_PER_UNIT]
        )
        actions += found
        # The first action of each is already being worked on, with someone answerable for it.
        if found:
            services.action_update(
                action=found[0],
                actor=officer,
                status="in_progress",
                owner_name=f"Sekretaris {unit.name}",
                due_on=timezone.localdate() + timedelta(days=60),
                note="Dibahas pada rapat koordinasi berikutnya.",
            )
    return services.meeting_create(
        actor=officer,
        body=body,
        title=f"Rapat koordinasi tindak lanjut monev internal {cycle.year}: "
        + " dan ".join(u.name for u in units),
        starts_at=_meeting_start(timezone.localdate()),
        place="Ruang Rapat Diskominfo, Pusat Pemerintahan Kota Serang",
        agenda=(
            "1. Paparan hasil monev internal dan poin yang hilang per pertanyaan. "
            "2. Rencana perbaikan DIP, register permohonan dan pengumuman di situs web. "
            "3. Penetapan penanggung jawab dan tenggat setiap tindakan."
        ),
        units=units,
        cycle=cycle,
        actions=actions,
    )


def load_demo_monev(body: PublicBody, *, officer: User) -> MonevDemoResult:
    """Load whatever part of the monev demo is missing; return what was created."""
    result = MonevDemoResult()
    year = timezone.localdate().year - 1
    with transaction.atomic():
        result.history = transfer.history_import(
            actor=officer, body=body, data=history_csv(), filename="riwayat-monev-ki-banten.csv"
        )
        cycle = EvaluationCycle.objects.filter(body=body, name__startswith=CYCLE_PREFIX).first()
        if cycle is None:
            units = list(
                Unit.objects.filter(body=body, kind=Unit.Kind.KECAMATAN, is_active=True).order_by(
                    "code", "name"
                )
            )
            if not units:
                return result
            cycle = _run_cycle(body, officer, units, year)
            result.cycles = 1
        if (
            cycle.status == CycleStatus.ANNOUNCED
            and not Meeting.objects.filter(body=body, cycle=cycle).exists()
            and Participant.objects.filter(cycle=cycle, unit__slug__in=MEETING_UNITS).exists()
        ):
            _plan_meeting(body, officer, cycle)
            result.meetings = 1
    return result
