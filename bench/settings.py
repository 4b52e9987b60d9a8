"""Settings for `make bench`: the production profile with two cost-only changes.

Pages are rendered exactly as in production; only the setup is made quicker: a fast password
hasher for the demo accounts (no page in the benchmarks checks a password) and hashed static
file names without pre-compressed copies (compression is a deploy-time cost, not a request one).
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
