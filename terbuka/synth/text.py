"""Indonesian-like words, names and identity numbers for synthetic data.

Text is drawn from real Indonesian words of public administration (so the Sastrawi stemmer and
the search behave as on real documents), most frequent first with Zipf weights, followed by
syllable words that carry no meaning. Names are common Indonesian given names and family names.

Identity numbers have the shape the validators accept and can never belong to a person:
every synthetic NIK uses regency code 99 and district code 99, which Kemendagri has not
issued in any province (regencies are numbered from 01 and cities from 71), and every phone
number starts with 0800-0, a prefix no Indonesian operator uses for subscribers.
"""

from __future__ import annotations

import random
from itertools import accumulate

from terbuka.accounts.nik import PROVINCE_CODES

WORDS = """
dan yang dengan untuk dari pada dalam tahun anggaran daerah kota kabupaten dinas informasi
publik program kegiatan pelayanan laporan data rencana kerja badan bidang pembangunan jalan
sekolah kesehatan pendidikan masyarakat desa kelurahan kecamatan warga pajak retribusi aset
barang jasa pengadaan belanja modal pegawai gaji tunjangan hibah bantuan sosial usaha mikro
kecil menengah pertanian perikanan kehutanan lingkungan sampah banjir bencana jembatan gedung
kantor rumah sakit puskesmas obat dokter guru murid buku izin surat keputusan peraturan
penetapan rapat sidang musyawarah audit pemeriksaan hasil capaian target realisasi pendapatan
keuangan neraca kontrak penyedia lelang tender paket nilai pagu dokumen salinan daftar
penerima manfaat lokasi proyek perencanaan pengawasan evaluasi kinerja indikator sasaran
strategis operasional pemeliharaan rehabilitasi peningkatan penyediaan penyelenggaraan
pengelolaan pemberdayaan perlindungan kependudukan pencatatan sipil perizinan penanaman
transportasi perhubungan terminal pasar perdagangan industri koperasi pariwisata kebudayaan
olahraga pemuda perempuan anak keluarga berencana ketahanan pangan air minum sanitasi drainase
irigasi perumahan permukiman pertanahan tata ruang kebersihan pemadam kebakaran ketertiban
umum satuan polisi pamong praja inspektorat sekretariat dewan perwakilan rakyat persandian
statistik komunikasi informatika arsip perpustakaan standar maklumat pengaduan tindak lanjut
semester triwulan bulan minggu tanggal nomor rekening kode uraian jumlah sisa lebih kurang
""".split()  # noqa: SIM905 (a paragraph of words reads better)

FIRST_NAMES = """
Ahmad Budi Siti Dewi Rizki Maya Agus Sri Eko Rina Hendra Fitri Dedi Wulan Yusuf Nur Bambang
Lestari Joko Indah Andi Ratna Fajar Ayu Teguh Putri Irfan Nanda Rudi Sari Hadi Citra Arif Dian
Yanti Bayu Kartika Dimas Intan Taufik
""".split()  # noqa: SIM905
FAMILY_NAMES = """
Santoso Rahmawati Pratama Lestari Wijaya Saputra Hidayat Kusuma Nugroho Setiawan Siregar
Nasution Harahap Simanjuntak Sihombing Lubis Gunawan Hasibuan Sulistyo Purnomo Hakim Syahputra
Permana Firmansyah Ramadhan Wibowo Kurniawan Susanto Maulana Utami
""".split()  # noqa: SIM905
STREETS = """
Merdeka Sudirman Diponegoro Ahmad-Yani Gatot-Subroto Veteran Pahlawan Pemuda Kartini
Siliwangi Cendana Melati Mawar Kenanga Flamboyan
""".split()  # noqa: SIM905
OCCUPATIONS = (
    "Mahasiswa",
    "Wartawan",
    "Peneliti",
    "Wiraswasta",
    "Pegawai swasta",
    "Pengurus LSM",
    "Guru",
    "Petani",
    "Pedagang",
)
SYNTHETIC_REGENCY = "99"
SYNTHETIC_DISTRICT = "99"
SYLLABLE_WORDS = 2000


def vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Return the words, most frequent first, with cumulative Zipf weights."""
    words = list(dict.fromkeys(WORDS))
    seen = set(words)
    consonants, vowels = "bcdghjklmnprstw", "aiueo"
    target = len(words) + SYLLABLE_WORDS
    while len(words) < target:
        word = "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(3))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words, list(accumulate(1 / (rank + 1) for rank in range(len(words))))


class Writer:
    """Sentences and paragraphs of Indonesian-like text from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.words, self.weights = vocabulary(rng)

    def words_of(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.weights, k=count)

    def sentence(self, count: int) -> str:
        words = self.words_of(count)
        return " ".join(words).capitalize() + "."

    def text(self, chars: int) -> str:
        """Return paragraphs of about `chars` characters (sentences of 8 to 16 words)."""
        parts: list[str] = []
        size = 0
        while size < chars:
            sentence = self.sentence(self.rng.randrange(8, 17))
            parts.append(sentence)
            size += len(sentence) + 1
        return " ".join(parts)


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)}"


_PROVINCES = sorted(PROVINCE_CODES)


def synthetic_nik(rng: random.Random) -> str:
    """Return a NIK of valid shape under the unissued regency and district code 99."""
    province = rng.choice(_PROVINCES)
    day = rng.randrange(1, 29) + (40 if rng.random() < 0.5 else 0)
    month = rng.randrange(1, 13)
    year = rng.randrange(100)
    serial = rng.randrange(1, 10000)
    return (
        f"{province}{SYNTHETIC_REGENCY}{SYNTHETIC_DISTRICT}"
        f"{day:02d}{month:02d}{year:02d}{serial:04d}"
    )


def synthetic_phone(rng: random.Random) -> str:
    return f"08000{rng.randrange(10**7):07d}"


def synthetic_address(rng: random.Random) -> str:
    street = rng.choice(STREETS).replace("-", " ")
    number, rt, rw = rng.randrange(1, 200), rng.randrange(1, 15), rng.randrange(1, 9)
    return f"Jl. {street} No. {number}, RT {rt:02d}/RW {rw:02d}"
