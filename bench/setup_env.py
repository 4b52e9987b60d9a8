"""Prepare a throwaway production-like installation for the benchmarks.

Everything lives in a temporary folder: an SQLite file database (the default stack), the
collected static files and generated keys. Must run before `django.setup()`.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet


def prepare_environment() -> Path:
    """Point settings at a fresh temporary folder and return it."""
    tmp = Path(tempfile.mkdtemp(prefix="terbuka-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "TERBUKA_DEBUG": "false",
            "TERBUKA_VAR_DIR": str(tmp),
            "TERBUKA_STATIC_ROOT": str(tmp / "static"),
            "TERBUKA_MEDIA_ROOT": str(tmp / "media"),
            "TERBUKA_PRIVATE_ROOT": str(tmp / "private"),
            "TERBUKA_SECRET_KEY": secrets.token_urlsafe(50),
            "TERBUKA_FIELD_KEYS": Fernet.generate_key().decode(),
            "TERBUKA_ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
            # Plain HTTP inside the process: no redirect to HTTPS, no secure-only cookies.
            "TERBUKA_SECURE_SSL_REDIRECT": "false",
            "TERBUKA_SECURE_COOKIES": "false",
            "TERBUKA_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "TERBUKA_EMAIL_URL": "memorymail://",
            "TERBUKA_LOG_LEVEL": "ERROR",
            # Every benchmark client calls from 127.0.0.1: per-IP rate limits would refuse
            # the load itself (the limits are tested in core/tests/test_security_ratelimits.py).
            "TERBUKA_RATE_LIMITS_ENABLED": "false",
        }
    )
    return tmp
