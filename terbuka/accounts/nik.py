"""Parse and validate the NIK (Nomor Induk Kependudukan) printed on an Indonesian KTP.

Layout (UU 24/2013 Adminduk; Permendagri on NIK):

    PP KK CC DDMMYY SSSS
    |  |  |  |      `- serial number of the person registered that day in that district (0001+)
    |  |  |  `- birth date; women add 40 to the day (DD 41-71)
    |  |  `- kecamatan (district) code
    |  `- kabupaten/kota (regency/city) code
    `- province code (Kemendagri)

There is no check digit, so validation can only reject numbers that cannot exist; it cannot
prove that a well-formed number was issued.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kemendagri province codes (Permendagri 72/2019 and Kepmendagri 100.1.1-6117/2022, which gave
# the provinces formed in 2022 their codes: 93 Papua Selatan, 94 Papua Tengah, 95 Papua
# Pegunungan, 96 Papua Barat Daya). Dukcapil issues NIKs with these codes. BPS numbers the
# Papua provinces differently (up to 97); those codes never appear in a NIK.
PROVINCE_CODES: frozenset[str] = frozenset(
    [f"{n}" for n in range(11, 20)]  # Aceh .. Kepulauan Bangka Belitung
    + ["21"]  # Kepulauan Riau
    + [f"{n}" for n in range(31, 37)]  # DKI Jakarta .. Banten
    + ["51", "52", "53"]  # Bali, NTB, NTT
    + [f"{n}" for n in range(61, 66)]  # Kalimantan
    + [f"{n}" for n in range(71, 77)]  # Sulawesi, Gorontalo
    + ["81", "82"]  # Maluku, Maluku Utara
    + [f"{n}" for n in range(91, 97)]  # Papua, Papua Barat and the 2022 provinces
)

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
_SEPARATORS = re.compile(r"[\s.]+")

MESSAGES = {
    "format": _("NIK harus terdiri dari tepat 16 angka."),
    "province": _("Kode provinsi pada NIK (dua angka pertama) tidak dikenal."),
    "region": _("Kode kabupaten/kota atau kecamatan pada NIK tidak valid."),
    "birth_date": _("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) tidak valid."),
    "serial": _("Nomor urut pada NIK (empat angka terakhir) tidak boleh 0000."),
}


@dataclass(frozen=True)
class ParsedNik:
    """The parts of a valid NIK."""

    number: str
    province_code: str
    regency_code: str
    district_code: str
    birth_day: int
    birth_month: int
    birth_year_2digit: int
    is_female: bool
    serial: str


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=f"nik_{code}")


def normalise_nik(value: object) -> str:
    """Strip the spaces and dots people type between the NIK's groups of digits."""
    return _SEPARATORS.sub("", str(value))


def _date_exists(day: int, month: int, yy: int) -> bool:
    """Whether DD-MM-YY is a real date in the 1900s or the 2000s (the century is not encoded)."""
    if not 1 <= month <= 12 or day < 1:
        return False
    longest = max(calendar.monthrange(century + yy, month)[1] for century in (1900, 2000))
    return day <= longest


def parse_nik(value: object) -> ParsedNik:
    """Return the parts of a NIK, or raise a ValidationError that says which part is wrong."""
    number = normalise_nik(value)
    if len(number) != NIK_LENGTH or not (number.isascii() and number.isdigit()):
        raise _error("format")
    province, regency, district = number[0:2], number[2:4], number[4:6]
    if province not in PROVINCE_CODES:
        raise _error("province")
    if regency == "00" or district == "00":
        raise _error("region")
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    is_female = day > FEMALE_DAY_OFFSET
    if is_female:
        day -= FEMALE_DAY_OFFSET
    if not _date_exists(day, month, yy):
        raise _error("birth_date")
    serial = number[12:16]
    if serial == "0000":
        raise _error("serial")
    return ParsedNik(
        number=number,
        province_code=province,
        regency_code=regency,
        district_code=district,
        birth_day=day,
        birth_month=month,
        birth_year_2digit=yy,
        is_female=is_female,
        serial=serial,
    )


def validate_nik(value: object) -> None:
    """Model/form validator: raise a ValidationError unless `value` is a plausible NIK."""
    parse_nik(value)
