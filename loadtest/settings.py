"""Settings for `python -m loadtest`: the production profile with two setup-only changes.

Pages are rendered as in production (debug off, cached templates, staff MFA on); the demo
accounts get a fast password hasher and static files are not hashed, so the installation needs
no `collectstatic` (the journeys fetch pages and JSON, not stylesheets).
"""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
