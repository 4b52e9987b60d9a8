"""Masks for identity values shown on screen (ASVS 14.2.6: show the minimum)."""

from __future__ import annotations

MASK_CHAR = "*"


def _mask_tail(value: str, visible: int) -> str:
    value = value.strip()
    if not value:
        return ""
    if len(value) <= visible:
        return MASK_CHAR * len(value)
    return MASK_CHAR * (len(value) - visible) + value[-visible:]


def mask_nik(nik: str | None) -> str:
    """Show only the last 4 digits of a NIK: ``************1234``."""
    return _mask_tail(nik or "", 4)


def mask_legal_entity_number(number: str | None) -> str:
    """Show only the last 4 characters of a legal-entity decree number."""
    return _mask_tail(number or "", 4)


def mask_phone(phone: str | None) -> str:
    """Show only the last 3 digits of a phone number: ``*********789``."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    return _mask_tail(digits, 3)


def mask_address(address: str | None) -> str:
    """Show at most the first word of an address (e.g. ``Jl. ***``), never the rest."""
    words = (address or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return MASK_CHAR * 3
    return f"{words[0]} {MASK_CHAR * 3}"
