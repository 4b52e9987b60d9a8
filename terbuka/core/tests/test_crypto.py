from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.conf import LazySettings

from terbuka.core import crypto


def test_round_trip() -> None:
    token = crypto.encrypt_str("3673010101900001")
    assert "3673010101900001" not in token
    assert crypto.decrypt_str(token) == "3673010101900001"


def test_old_key_still_decrypts_after_rotation(settings: LazySettings) -> None:
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    token = crypto.encrypt_str("rahasia")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), old]
    assert crypto.decrypt_str(token) == "rahasia"
    assert crypto.decrypt_bytes(crypto.encrypt_bytes(b"baru")) == b"baru"


def test_unknown_key_fails_clearly(settings: LazySettings) -> None:
    token = crypto.encrypt_str("rahasia")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="cannot be decrypted"):
        crypto.decrypt_str(token)


def test_keyed_hash_is_stable_and_separated_by_purpose() -> None:
    a = crypto.keyed_hash("3673010101900001", purpose="nik")
    assert a == crypto.keyed_hash(" 3673010101900001 ", purpose="nik")
    assert a != crypto.keyed_hash("3673010101900001", purpose="phone")
    assert len(a) == 64


def test_keyed_hash_depends_on_the_key(settings: LazySettings) -> None:
    a = crypto.keyed_hash("3673010101900001", purpose="nik")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    assert crypto.keyed_hash("3673010101900001", purpose="nik") != a


def test_keyed_hash_survives_key_rotation(settings: LazySettings) -> None:
    a = crypto.keyed_hash("3673010101900001", purpose="nik")
    keys = settings.FIELD_ENCRYPTION_KEYS
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *keys]
    assert crypto.keyed_hash("3673010101900001", purpose="nik") == a
