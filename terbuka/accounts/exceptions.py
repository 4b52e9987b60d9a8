"""Authentication errors of the accounts API, in the project's error shape."""

from __future__ import annotations

from terbuka.core.exceptions import DomainError


class AuthenticationFailedError(DomainError):
    """Credentials or second factor missing or wrong (codes: invalid_credentials,
    otp_required, otp_invalid)."""

    status_code = 401
    code = "invalid_credentials"


class TooManyAttemptsError(DomainError):
    """Too many failed sign-in attempts for this e-mail address or client address."""

    status_code = 429
    code = "too_many_attempts"
