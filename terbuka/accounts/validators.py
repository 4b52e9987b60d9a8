from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PHONE = re.compile(r"^\+?[0-9 ()\-.]+$")


def validate_phone(value: str) -> None:
    """Accept an Indonesian or international phone number of 8 to 15 digits."""
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE.match(value) or not 8 <= digits <= 15:
        raise ValidationError(
            _("Nomor telepon tidak valid: gunakan 8 sampai 15 angka, mis. 0812 3456 7890."),
            code="phone",
        )
