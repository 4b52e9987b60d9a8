"""Settings for `python -m faults`: the production profile with cost-only changes.

A fast password hasher (no fault test checks a password) and plain static storage (no page
fetched here needs the collected, hashed files), so the throwaway installation starts quickly.
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
