"""The statutory deadlines and default steps of each procedure, rendered from the law.

The numbers are the ones the clocks use (`inforequests.deadlines`, `objections.deadlines`), so a
published procedure can never promise a different period than the one the system enforces.
Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from terbuka.inforequests.deadlines import EXTENSION_DAYS, NOTICE_DAYS, OBJECTION_DAYS
from terbuka.objections.deadlines import (
    COMMISSION_SETTLE_DAYS,
    COMMISSION_START_DAYS,
    DISPUTE_FILING_DAYS,
    RESPONSE_DAYS,
)
from terbuka.objections.models import GROUND_LETTERS, GROUND_MEANINGS

PERMOHONAN = "permohonan"
KEBERATAN = "keberatan"
SENGKETA = "sengketa"


@dataclass(frozen=True)
class Deadline:
    """One period of a procedure: what must happen, within how many working days, and why."""

    text: str
    days: int | None
    basis: str


def deadlines(kind: str, *, completion_days: int) -> list[Deadline]:
    """Return the statutory periods of a procedure, in the order they run."""
    if kind == PERMOHONAN:
        return [
            # UU 14/2008 Pasal 22(4)-(5): the registration number at receipt.
            Deadline(
                _("Nomor pendaftaran diberikan saat permohonan diterima."),
                None,
                "UU 14/2008 Pasal 22 ayat (4)-(5)",
            ),
            # Perki 1/2021: an incomplete request is completed within the body's set period.
            # No Pasal: neither domain.md (2.11: "not confirmed as a Perki rule") nor
            # inforequests/deadlines.py names one.
            Deadline(
                _(
                    "Bila permohonan belum lengkap, pemohon melengkapinya paling lambat "
                    "%(days)s hari kerja setelah diberi tahu."
                )
                % {"days": completion_days},
                completion_days,
                "Perki 1/2021",
            ),
            # UU 14/2008 Pasal 22(7): the written notice within 10 working days.
            Deadline(
                _(
                    "Pemberitahuan tertulis (diterima, ditolak, atau informasi tidak dikuasai) "
                    "paling lambat %(days)s hari kerja sejak permohonan diterima."
                )
                % {"days": NOTICE_DAYS},
                NOTICE_DAYS,
                "UU 14/2008 Pasal 22 ayat (7)",
            ),
            # UU 14/2008 Pasal 22(8): one extension of at most 7 working days, with reasons.
            Deadline(
                _(
                    "Jangka waktu itu dapat diperpanjang satu kali paling lama %(days)s hari "
                    "kerja, dengan alasan tertulis. Paling lama seluruhnya %(total)s hari kerja."
                )
                % {"days": EXTENSION_DAYS, "total": NOTICE_DAYS + EXTENSION_DAYS},
                EXTENSION_DAYS,
                "UU 14/2008 Pasal 22 ayat (8)",
            ),
            # UU 14/2008 Pasal 36(1): an objection within 30 working days.
            Deadline(
                _(
                    "Bila tidak puas, pemohon dapat mengajukan keberatan paling lambat "
                    "%(days)s hari kerja setelah alasan keberatan ditemukan."
                )
                % {"days": OBJECTION_DAYS},
                OBJECTION_DAYS,
                "UU 14/2008 Pasal 36 ayat (1)",
            ),
        ]
    if kind == KEBERATAN:
        return [
            # UU 14/2008 Pasal 36(1).
            Deadline(
                _(
                    "Keberatan diajukan secara tertulis kepada Atasan PPID paling lambat "
                    "%(days)s hari kerja setelah alasan keberatan ditemukan."
                )
                % {"days": OBJECTION_DAYS},
                OBJECTION_DAYS,
                "UU 14/2008 Pasal 35 ayat (1) dan Pasal 36 ayat (1)",
            ),
            # UU 14/2008 Pasal 36(2)-(3): a written answer within 30 working days.
            Deadline(
                _(
                    "Atasan PPID memberikan tanggapan tertulis paling lambat %(days)s hari "
                    "kerja sejak keberatan diterima, dengan alasan bila menguatkan putusan PPID."
                )
                % {"days": RESPONSE_DAYS},
                RESPONSE_DAYS,
                "UU 14/2008 Pasal 36 ayat (2)-(3)",
            ),
            # UU 14/2008 Pasal 37(2).
            Deadline(
                _(
                    "Bila tidak puas dengan tanggapan itu, pemohon dapat mengajukan sengketa "
                    "ke Komisi Informasi paling lambat %(days)s hari kerja setelah menerimanya."
                )
                % {"days": DISPUTE_FILING_DAYS},
                DISPUTE_FILING_DAYS,
                "UU 14/2008 Pasal 37 ayat (2)",
            ),
        ]
    if kind == SENGKETA:
        return [
            # UU 14/2008 Pasal 37(2).
            Deadline(
                _(
                    "Permohonan penyelesaian sengketa diajukan ke Komisi Informasi paling "
                    "lambat %(days)s hari kerja setelah tanggapan tertulis Atasan PPID diterima."
                )
                % {"days": DISPUTE_FILING_DAYS},
                DISPUTE_FILING_DAYS,
                "UU 14/2008 Pasal 37 ayat (2)",
            ),
            # UU 14/2008 Pasal 38(1): the commission starts within 14 working days.
            Deadline(
                _(
                    "Komisi Informasi mulai menyelesaikan sengketa melalui mediasi dan/atau "
                    "ajudikasi nonlitigasi paling lambat %(days)s hari kerja setelah "
                    "permohonan diterima."
                )
                % {"days": COMMISSION_START_DAYS},
                COMMISSION_START_DAYS,
                "UU 14/2008 Pasal 38 ayat (1)",
            ),
            # UU 14/2008 Pasal 38(2): and settles within 100 working days.
            Deadline(
                _("Sengketa diselesaikan paling lambat %(days)s hari kerja.")
                % {"days": COMMISSION_SETTLE_DAYS},
                COMMISSION_SETTLE_DAYS,
                "UU 14/2008 Pasal 38 ayat (2)",
            ),
        ]
    raise ValueError(f"Unknown procedure kind: {kind}")


def default_steps(kind: str) -> str:
    """Return the steps the law describes, used until the body writes its own (one per line)."""
    if kind == PERMOHONAN:
        return "\n".join(
            [
                # UU 14/2008 Pasal 22(1) and (3): written or oral; an oral request is recorded.
                _(
                    "Pemohon mengajukan permohonan secara tertulis (formulir daring, e-mail, "
                    "surat) atau lisan di meja layanan PPID."
                ),
                # UU 14/2008 Pasal 22(2) (name, address, subject, how delivered) and
                # Pasal 4(3) (the request states its reasons).
                _(
                    "Pemohon menyebutkan nama, alamat, informasi yang diminta, tujuan "
                    "penggunaannya, serta cara memperoleh dan mendapatkan salinannya."
                ),
                # UU 14/2008 Pasal 22(4)-(5): the registration number at receipt.
                _("Petugas mencatat permohonan dan memberikan nomor pendaftaran."),
                # UU 14/2008 Pasal 22(7) huruf a-c: held or not, who holds it, exempt or not.
                _(
                    "PPID memeriksa apakah informasi dikuasai, dikecualikan atau harus "
                    "diteruskan ke badan publik lain."
                ),
                # UU 14/2008 Pasal 22(7) and Pasal 17: the written notice, rejection reasons.
                _(
                    "PPID menyampaikan pemberitahuan tertulis beserta informasinya, atau "
                    "alasan penolakan berdasarkan Pasal 17 UU 14/2008."
                ),
            ]
        )
    if kind == KEBERATAN:
        return "\n".join(
            [
                # UU 14/2008 Pasal 35(1) (the grounds, huruf a-g) and Pasal 36(1) (in writing
                # to the Atasan PPID); the form itself: Perki 1/2021 (domain.md 2.8).
                _(
                    "Pemohon mengisi formulir keberatan dan menyebutkan nomor pendaftaran "
                    "permohonan serta alasan keberatan."
                ),
                # Perki 1/2021: the objection register and its registration number
                # (domain.md 2.8; the Pasal is not recorded there).
                _("Petugas mencatat keberatan dan memberikan nomor registrasi keberatan."),
                # UU 14/2008 Pasal 35(2): grounds b-g may be settled by musyawarah.
                _(
                    "Untuk alasan selain penolakan berdasarkan Pasal 17, keberatan dapat "
                    "diselesaikan secara musyawarah."
                ),
                # UU 14/2008 Pasal 36(2)-(3): the Atasan PPID's written answer, with reasons.
                _("Atasan PPID memeriksa keberatan dan memberikan tanggapan tertulis."),
            ]
        )
    if kind == SENGKETA:
        return "\n".join(
            [
                # UU 14/2008 Pasal 37(1)-(2): to the Komisi Informasi Pusat, provinsi or
                # kabupaten/kota by its authority, when the Atasan PPID's answer does not satisfy.
                _(
                    "Pemohon mengajukan permohonan penyelesaian sengketa informasi kepada "
                    "Komisi Informasi sesuai wilayahnya."
                ),
                # The attachments and the registration below are the Komisi Informasi's own
                # procedure (Perki 1/2013, domain.md 1.6), not the UU; no Pasal recorded.
                _(
                    "Pemohon melampirkan salinan permohonan, keberatan dan tanggapan Atasan "
                    "PPID (bila ada)."
                ),
                _("Komisi Informasi meregistrasi sengketa dan memanggil para pihak."),
                # UU 14/2008 Pasal 38(1) (mediation and/or non-litigation adjudication),
                # Pasal 40-41 (mediation, a commissioner as mediator) and Pasal 42 (adjudication
                # only when mediation fails). domain.md 1.6 records only Pasal 37-38.
                _(
                    "Sengketa diselesaikan melalui mediasi; bila gagal, melalui ajudikasi "
                    "nonlitigasi yang diputus oleh Majelis Komisioner."
                ),
            ]
        )
    raise ValueError(f"Unknown procedure kind: {kind}")


def objection_grounds() -> list[tuple[str, str]]:
    """Return the grounds of an objection by letter (UU 14/2008 Pasal 35 ayat (1) huruf a-g)."""
    return [(letter, str(GROUND_MEANINGS[letter])) for letter in GROUND_LETTERS]
