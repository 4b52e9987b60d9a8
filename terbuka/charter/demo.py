"""Demo service information for Pemerintah Kota Serang: charter, procedures, hours, fees.

`load_demo_charter()` goes through the services (events, accessible formats) and fills only
what is missing, so a second run changes nothing and never overwrites an officer's edits.
The texts follow what a city Diskominfo PPID typically publishes; names are fictitious.
"""

from __future__ import annotations

from datetime import date, time

from terbuka.accounts.models import User
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody
from terbuka.charter import services
from terbuka.charter.models import Charter, CharterEvent, Procedure, ServiceDay
from terbuka.charter.services import DayHours

LEGAL_BASIS = (
    "1. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.\n"
    "2. Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.\n"
    "3. Peraturan Pemerintah Nomor 61 Tahun 2010 tentang Pelaksanaan UU 14/2008.\n"
    "4. Peraturan Komisi Informasi Nomor 1 Tahun 2021 tentang Standar Layanan Informasi Publik.\n"
    "5. Peraturan Wali Kota Serang Nomor 35 Tahun 2022 tentang Pedoman Pengelolaan Informasi "
    "dan Dokumentasi."
)
PROCEDURE = (
    "Permohonan diajukan langsung di meja layanan PPID, melalui surat, e-mail, atau formulir "
    "daring. Setiap permohonan dicatat dalam buku register dan diberi nomor pendaftaran; "
    "permohonan yang informasinya dikuasai PPID Pelaksana diteruskan ke perangkat daerah yang "
    "bersangkutan."
)
COMPLETION_TIME = (
    "Pemberitahuan tertulis paling lambat 10 hari kerja sejak permohonan diterima, dan dapat "
    "diperpanjang paling lama 7 hari kerja. Keberatan ditanggapi Atasan PPID paling lambat 30 "
    "hari kerja."
)
FEES_TEXT = (
    "Tidak dipungut biaya. Pemohon hanya menanggung biaya penggandaan salinan cetak dan "
    "pengiriman sesuai tarif yang diumumkan; salinan elektronik gratis."
)
GUARANTEE = (
    "Informasi diberikan sesuai permohonan, tepat waktu, dan tanpa diskriminasi. Bila layanan "
    "tidak sesuai maklumat ini, pemohon dapat mengajukan keberatan kepada Atasan PPID."
)
EVALUATION = (
    "Kinerja PPID dievaluasi setiap tahun melalui laporan layanan informasi publik, survei "
    "kepuasan pemohon dan monitoring serta evaluasi Komisi Informasi Provinsi Banten."
)
STATEMENT = (
    "Dengan ini kami menyatakan sanggup menyelenggarakan pelayanan informasi publik sesuai "
    "standar layanan yang telah ditetapkan dan apabila tidak menepati janji ini, kami siap "
    "menerima sanksi sesuai peraturan perundang-undangan yang berlaku."
)

REQUEST_STEPS = (
    "Pemohon datang ke meja layanan PPID Utama (Diskominfo), mengirim surat atau e-mail, atau "
    "mengisi formulir daring.\n"
    "Petugas memeriksa kelengkapan permohonan dan identitas pemohon.\n"
    "Petugas mencatat permohonan di buku register dan memberikan nomor pendaftaran.\n"
    "PPID Utama meneruskan permohonan ke PPID Pelaksana perangkat daerah yang menguasai "
    "informasi.\n"
    "PPID menyampaikan pemberitahuan tertulis beserta informasi yang diminta, atau alasan "
    "penolakannya."
)
REQUEST_REQUIREMENTS = (
    "Perorangan: fotokopi atau pindaian KTP.\n"
    "Badan hukum: akta pendirian yang disahkan Kementerian Hukum.\n"
    "Kelompok masyarakat: surat kuasa dan fotokopi KTP pemberi kuasa."
)
OBJECTION_STEPS = (
    "Pemohon mengisi formulir keberatan di meja layanan atau melalui halaman permohonannya di "
    "situs ini.\n"
    "Petugas mencatat keberatan dan memberikan nomor registrasi keberatan.\n"
    "Untuk alasan b sampai g, PPID dan pemohon dapat bermusyawarah lebih dulu.\n"
    "Sekretaris Daerah selaku Atasan PPID memeriksa keberatan dan memberikan tanggapan "
    "tertulis."
)
DISPUTE_STEPS = (
    "Pemohon mengajukan permohonan penyelesaian sengketa ke Komisi Informasi Provinsi Banten.\n"
    "Pemohon melampirkan salinan permohonan, keberatan dan tanggapan Atasan PPID.\n"
    "Komisi Informasi meregistrasi sengketa dan memanggil para pihak ke sidang.\n"
    "Sengketa diselesaikan melalui mediasi; bila gagal, melalui ajudikasi nonlitigasi."
)

HOURS = [DayHours(weekday, time(8), time(16), time(12), time(13)) for weekday in range(4)] + [
    DayHours(4, time(8), time(16, 30), time(11, 30), time(13))
]
HOURS_NOTE = "Layanan tutup pada hari Sabtu, Minggu, hari libur nasional dan cuti bersama."
CHANNELS = [
    {
        "kind": "langsung",
        "address": "Meja Layanan PPID, Kantor Diskominfo, Puspemkot Serang, Jl. Jenderal "
        "Sudirman No. 5",
        "note": "",
    },
    {"kind": "email", "address": "ppid@serangkota.test", "note": ""},
    {"kind": "telepon", "address": "(0254) 200001", "note": "pada jam layanan"},
    {"kind": "pos", "address": "PPID Kota Serang, Jl. Jenderal Sudirman No. 5, Serang 42111"},
]
TARIFFS = {
    "copy_fee_per_sheet": 500,
    "courier_fee": 0,
    "post_fee": 0,
    "fax_fee": 0,
    "payment_instructions": (
        "Tunai di meja layanan PPID dengan kuitansi bernomor. Biaya pos atau kurir dibayar "
        "langsung oleh pemohon kepada jasa pengiriman."
    ),
}
FEE_ITEMS = [
    {
        "name": "Salinan dalam CD/DVD atau flashdisk",
        "amount": 0,
        "unit": "",
        "note": "media dibawa sendiri oleh pemohon",
    },
]


def load_demo_charter(body: PublicBody, *, officer: User) -> int:
    """Fill what the body lacks of the demo; return how many parts were written."""
    written = 0
    ppid_utama = body_selectors.unit_ppid_utama(body)
    position = ppid_utama.ppid_position if ppid_utama else "PPID Utama"
    name = (ppid_utama.ppid_name if ppid_utama else "") or "Rina Kartika"
    if not Charter.objects.filter(body=body).exists():
        parts = {
            "legal_basis": LEGAL_BASIS,
            "procedure": PROCEDURE,
            "completion_time": COMPLETION_TIME,
            "fees": FEES_TEXT,
            "guarantee": GUARANTEE,
            "evaluation": EVALUATION,
            "statement": STATEMENT,
            "signatory_name": name,
            "signatory_position": position,
            "established_place": "Serang",
        }
        first = services.charter_establish(
            body=body,
            actor=officer,
            based_on=None,
            **{**parts, "completion_time": COMPLETION_TIME.split(" Keberatan")[0]},
            established_on=date(2023, 1, 2),
        )
        services.charter_establish(
            body=body,
            actor=officer,
            based_on=first.version,
            **parts,
            established_on=date(2025, 1, 6),
        )
        written += 2
    kinds = set(Procedure.objects.filter(body=body).values_list("kind", flat=True))
    for kind, steps, requirements in (
        (Procedure.Kind.PERMOHONAN, REQUEST_STEPS, REQUEST_REQUIREMENTS),
        (Procedure.Kind.KEBERATAN, OBJECTION_STEPS, "Nomor pendaftaran permohonan."),
        (Procedure.Kind.SENGKETA, DISPUTE_STEPS, ""),
    ):
        if kind not in kinds:
            services.procedure_update(
                body=body, kind=kind, actor=officer, steps=steps, requirements=requirements
            )
            written += 1
    if not ServiceDay.objects.filter(body=body).exists():
        services.service_hours_set(
            body=body, actor=officer, days=HOURS, note=HOURS_NOTE, channels=CHANNELS
        )
        written += 1
    if not CharterEvent.objects.filter(body=body, kind=CharterEvent.Kind.FEES_UPDATED).exists():
        services.fees_set(body=body, actor=officer, tariffs=TARIFFS, items=FEE_ITEMS)
        written += 1
    return written
