"""Personal data in text: NIK, phone numbers, e-mail addresses and NPWP, found and masked.

Only the masked form of a match leaves this module; callers never store the raw value.

- NIK: 16 digits, contiguous or in 6-6-4 groups separated by spaces or dots, that pass
  `terbuka.accounts.nik.parse_nik` (province code, non-zero region codes, a real birth date with
  the +40 day offset for women, serial not 0000).
- Mobile numbers: 08…, 628… or +628…, 10-13 digits in the 0 form, with optional spaces, dots or
  dashes between groups. A bare 628… number ending in 000 is taken for an amount, not a phone.
- Landlines: an area code (02x-09x except 08) in parentheses or followed by a space or dash, then
  5-8 digits; or +62 and the area code without its 0. They are reported as INFO: on official
  documents they are almost always the office number in the letterhead.
- E-mail: reported as INFO when institutional (a role-style local part such as ppid@ or info@,
  or a government/education/village domain such as .go.id), otherwise BLOCKING.
- NPWP: the 15-digit 99.999.999.9-999.999 layout, or 15/16 digits right after the word NPWP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError as DjangoValidationError

from terbuka.accounts.nik import parse_nik


@dataclass(frozen=True)
class PiiMatch:
    """One personal-data match: where it is and how to show it masked."""

    kind: str  # a FindingKind value: nik, phone, email, npwp
    start: int
    end: int
    masked: str
    institutional: bool = False  # landline or role/government e-mail: reported as INFO


_NOT_AFTER_NUMBER = r"(?<![\w+])(?<!\d[.,])"
_NOT_BEFORE_NUMBER = r"(?!\d|[.,]\d)"
_NIK_RE = re.compile(_NOT_AFTER_NUMBER + r"(\d{16}|\d{6}([ .])\d{6}\2\d{4})" + _NOT_BEFORE_NUMBER)
_MOBILE_RE = re.compile(
    r"(?<![\w+])(?<!\d[.,])(\+62|62|0)[ .\-]?(8\d{2,3})[ .\-]?(\d{3,4})[ .\-]?(\d{2,5})"
    + _NOT_BEFORE_NUMBER
)
_LANDLINE_RE = re.compile(
    _NOT_AFTER_NUMBER
    + r"(?:\((0[2-79]\d{1,3})\)[ .\-]?|(0[2-79]\d{1,3})[ \-]|\+62[ \-]?\(?([2-79]\d{1,2})\)?[ \-])"
    r"(\d{3,4})[ .\-]?(\d{2,4})" + _NOT_BEFORE_NUMBER
)
_NPWP_FORMATTED_RE = re.compile(
    _NOT_AFTER_NUMBER + r"\d{2}\.\d{3}\.\d{3}\.\d[.\-]\d{3}\.\d{3}" + _NOT_BEFORE_NUMBER
)
_NPWP_LABELLED_RE = re.compile(
    r"\bNPWP\b[^\d\n]{0,24}?(\d[\d .\-]{13,24}\d)" + _NOT_BEFORE_NUMBER, re.IGNORECASE
)
_EMAIL_DOMAIN_RE = re.compile(
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![\w-]|\.\w)"
)
_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})$")
_DIGITS = re.compile(r"\D")

ROLE_MAILBOXES = frozenset(
    {
        "ppid",
        "info",
        "humas",
        "admin",
        "kontak",
        "pengaduan",
        "sekretariat",
        "layanan",
        "helpdesk",
        "webmaster",
        "postmaster",
        "noreply",
        "no-reply",
    }
)
INSTITUTIONAL_DOMAINS = (".go.id", ".ac.id", ".sch.id", ".desa.id", ".mil.id")


def _digits(value: str) -> str:
    return _DIGITS.sub("", value)


def mask_nik(digits: str) -> str:
    """3604********0001: province and regency, then the serial."""
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


def mask_phone(digits: str) -> str:
    """0812****7890 in the 0 form; at least four digits stay hidden, at most eight are shown."""
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    tail = max(2, min(4, len(digits) - 8))
    return digits[:4] + "*" * (len(digits) - 4 - tail) + digits[-tail:]


def mask_landline(area: str, subscriber: str) -> str:
    """(0254) ***123: the area code and the last three digits."""
    return f"({area}) " + "*" * (len(subscriber) - 3) + subscriber[-3:]


def mask_npwp(digits: str) -> str:
    """01.***.***.*-***.000 for 15 digits; first two and last three digits otherwise."""
    if len(digits) == 15:
        return f"{digits[:2]}.***.***.*-***.{digits[-3:]}"
    return digits[:2] + "*" * (len(digits) - 5) + digits[-3:]


def mask_email(local: str, domain: str) -> str:
    """b***@gmail.com."""
    return f"{local[:1]}***@{domain.lower()}"


def is_plausible_nik(digits: str) -> bool:
    try:
        parse_nik(digits)
    except DjangoValidationError:
        return False
    return True


# One pass finds where a number-shaped value may start; the specific patterns then decide. A
# single scan over the text is several times faster than one scan per pattern.
_CANDIDATE = re.compile(
    _NOT_AFTER_NUMBER + r"(?=\d{16}(?!\d)|\d{6}[ .]\d{6}[ .]\d{4}"
    r"|(?:\+62|62|0)[ .\-]?8\d"
    r"|\(0[2-79]|0[2-79]\d{1,3}[ \-]\d|\+62[ \-]?\(?[2-79]"
    r"|\d{2}\.\d{3}\.\d{3}\.\d)"
)


def _number_at(text: str, pos: int) -> PiiMatch | None:
    """The NIK, NPWP or phone number that starts at `pos`, if any."""
    match = _NIK_RE.match(text, pos)
    if match:
        digits = _digits(match.group(1))
        if is_plausible_nik(digits):
            return PiiMatch("nik", match.start(1), match.end(1), mask_nik(digits))
    match = _NPWP_FORMATTED_RE.match(text, pos)
    if match:
        return PiiMatch("npwp", match.start(), match.end(), mask_npwp(_digits(match.group(0))))
    match = _MOBILE_RE.match(text, pos)
    if match:
        prefix = match.group(1)
        digits = _digits(match.group(0))
        national = "0" + digits[2:] if prefix != "0" else digits
        # A bare 628… number ending in 000 reads as an amount, not a phone.
        if 10 <= len(national) <= 13 and not (prefix == "62" and national.endswith("000")):
            return PiiMatch("phone", match.start(), match.end(), mask_phone(national))
    match = _LANDLINE_RE.match(text, pos)
    if match:
        area = match.group(1) or match.group(2) or "0" + (match.group(3) or "")
        subscriber = match.group(4) + match.group(5)
        if 5 <= len(subscriber) <= 8:
            return PiiMatch(
                "phone",
                match.start(),
                match.end(),
                mask_landline(area, subscriber),
                institutional=True,
            )
    return None


def find_numbers(text: str) -> list[PiiMatch]:
    """NIKs, formatted NPWPs and phone numbers, in order and without overlaps."""
    found: list[PiiMatch] = []
    last_end = 0
    for candidate in _CANDIDATE.finditer(text):
        pos = candidate.start()
        if pos < last_end:
            continue
        match = _number_at(text, pos)
        if match is not None:
            found.append(match)
            last_end = match.end
    return found


def find_niks(text: str) -> list[PiiMatch]:
    return [m for m in find_numbers(text) if m.kind == "nik"]


def find_phones(text: str) -> list[PiiMatch]:
    return [m for m in find_numbers(text) if m.kind == "phone"]


def is_institutional_email(local: str, domain: str) -> bool:
    first = re.split(r"[._+\-\d]", local.lower(), maxsplit=1)[0]
    return (
        local.lower() in ROLE_MAILBOXES
        or first in ROLE_MAILBOXES
        or domain.lower().endswith(INSTITUTIONAL_DOMAINS)
    )


def find_emails(text: str) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    if "@" not in text:
        return found
    for match in _EMAIL_DOMAIN_RE.finditer(text):
        at = match.start()
        local_match = _EMAIL_LOCAL_RE.search(text, max(0, at - 64), at)
        if local_match is None:
            continue
        start = local_match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "._%+-"):
            continue  # the local part is longer than an address allows
        local, domain = local_match.group(0), match.group(1)
        found.append(
            PiiMatch(
                "email",
                start,
                match.end(),
                mask_email(local, domain),
                institutional=is_institutional_email(local, domain),
            )
        )
    return found


def _labelled_npwps(text: str, taken: set[tuple[int, int]]) -> list[PiiMatch]:
    found: list[PiiMatch] = []
    if "npwp" not in text.lower():
        return found
    for match in _NPWP_LABELLED_RE.finditer(text):
        digits = _digits(match.group(1))
        span = (match.start(1), match.end(1))
        if len(digits) in (15, 16) and span not in taken:
            found.append(PiiMatch("npwp", span[0], span[1], mask_npwp(digits)))
    return found


def find_npwps(text: str) -> list[PiiMatch]:
    formatted = [m for m in find_numbers(text) if m.kind == "npwp"]
    return formatted + _labelled_npwps(text, {(m.start, m.end) for m in formatted})


def find_pii(text: str) -> list[PiiMatch]:
    """Every personal-data match in `text`, in order; an NPWP wins over a NIK on the same digits."""
    numbers = find_numbers(text)
    labelled = _labelled_npwps(text, {(m.start, m.end) for m in numbers if m.kind == "npwp"})
    if labelled:
        spans = [(m.start, m.end) for m in labelled]
        numbers = [
            m for m in numbers if not any(start < m.end and m.start < end for start, end in spans)
        ]
    matches = numbers + labelled + find_emails(text)
    matches.sort(key=lambda m: (m.start, m.kind))
    return matches
