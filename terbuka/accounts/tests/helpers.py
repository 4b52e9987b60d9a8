"""Helpers shared by the accounts tests."""

from __future__ import annotations

import base64
import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

SECRET = base64.b32encode(b"terbuka-uji-rahasia!").decode()


def totp_now(secret: str, *, step: int = 0) -> str:
    """Return the TOTP code allauth accepts now (or `step` periods later)."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + step
    return str(format_hotp_value(hotp_value(secret, counter)))


def enrol_totp(user: Any, secret: str = SECRET) -> Authenticator:
    """Give the user an active authenticator app with a known secret."""
    return TOTP.activate(user, secret).instance
