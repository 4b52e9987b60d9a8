"""Encryption at rest for identity data, and keyed hashes for look-ups without decryption."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode()) for k in keys])


def _keys() -> tuple[str, ...]:
    return tuple(settings.FIELD_ENCRYPTION_KEYS)


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes with the primary field key."""
    return _fernet(_keys()).encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    """Decrypt bytes encrypted with any configured field key."""
    try:
        return _fernet(_keys()).decrypt(token)
    except InvalidToken as exc:
        raise ValueError("Encrypted value cannot be decrypted with the configured keys.") from exc


def encrypt_str(value: str) -> str:
    return encrypt_bytes(value.encode()).decode("ascii")


def decrypt_str(token: str) -> str:
    return decrypt_bytes(token.encode("ascii")).decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """Return an HMAC-SHA256 of a normalised value, for equality look-ups of encrypted data.

    The HMAC key is derived from `TERBUKA_HASH_KEY`, or else from the oldest field key (the last
    in the list, which stays when keys are rotated by prepending), and the purpose, so a leaked
    hash column cannot be reversed by hashing every possible NIK without the key.
    """
    anchor = (getattr(settings, "FIELD_HASH_KEY", "") or _keys()[-1]).encode()
    key = hmac.new(anchor, f"terbuka:{purpose}".encode(), hashlib.sha256).digest()
    return hmac.new(key, value.strip().encode(), hashlib.sha256).hexdigest()
