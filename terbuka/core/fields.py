"""Model fields that encrypt their value at rest."""

from __future__ import annotations

from typing import Any

from django.db import models

from terbuka.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """A text field stored as a Fernet token; decrypted transparently when loaded.

    Encrypted values cannot be filtered or ordered in SQL: pair the field with a keyed hash
    column where look-ups are needed.
    """

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt_str(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value in (None, ""):
            return value
        return crypto.decrypt_str(value)
