"""Settings for the test suite: fast hashing, in-memory e-mail, immediate tasks."""

import os

os.environ.setdefault("TERBUKA_DEBUG", "false")
os.environ.setdefault("TERBUKA_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("TERBUKA_FIELD_KEYS", "ZmFrZS10ZXN0LWtleS0wMTIzNDU2Nzg5MDEyMzQ1Njc=")
os.environ.setdefault("TERBUKA_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TERBUKA_SECURE_COOKIES", "false")
os.environ.setdefault("TERBUKA_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Officers in tests sign in without TOTP unless a test switches it on.
TERBUKA_STAFF_MFA_REQUIRED = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
