"""A throwaway production-like installation in a temporary folder (before `django.setup()`).

The SQLite file, media, private files and keys all live under one temporary folder, removed at
the end. Jobs use the real database task backend, e-mail goes to a loopback SMTP port that the
fault tests open (a fake server) or leave closed (SMTP down), and rate limits are off: the
clients here post far faster than any citizen may (X9 tests the limits on their own).
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet

from bench.served import free_port

HOST = "127.0.0.1"  # loopback only

__all__ = ["HOST", "free_port", "prepare_environment"]


def prepare_environment() -> tuple[Path, int]:
    """Point settings at a fresh temporary folder; return it and the SMTP port."""
    tmp = Path(tempfile.mkdtemp(prefix="terbuka-faults-"))
    smtp_port = free_port()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "faults.settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'faults.sqlite3'}",
            "TERBUKA_DEBUG": "false",
            "TERBUKA_VAR_DIR": str(tmp),
            "TERBUKA_STATIC_ROOT": str(tmp / "static"),
            "TERBUKA_MEDIA_ROOT": str(tmp / "media"),
            "TERBUKA_PRIVATE_ROOT": str(tmp / "private"),
            "TERBUKA_SECRET_KEY": secrets.token_urlsafe(50),
            "TERBUKA_FIELD_KEYS": Fernet.generate_key().decode(),
            "TERBUKA_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
            "TERBUKA_SITE_URL": "http://127.0.0.1:8000",
            "TERBUKA_SECURE_SSL_REDIRECT": "false",
            "TERBUKA_SECURE_COOKIES": "false",
            "TERBUKA_STAFF_MFA_REQUIRED": "false",
            "TERBUKA_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "TERBUKA_EMAIL_URL": f"smtp://{HOST}:{smtp_port}",
            "TERBUKA_RATE_LIMITS_ENABLED": "false",
            "TERBUKA_LOG_LEVEL": "ERROR",
        }
    )
    return tmp, smtp_port
