"""Test settings with the SQLite test database in a file, for the threaded ops tests.

Threads cannot share Django's in-memory SQLite test database the way they share a file; the
runner in test_backup.py runs test_concurrency.py again in a subprocess with these settings.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES

DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "TEST": {"NAME": os.environ["TERBUKA_FILE_TEST_DB"]},
    },
}
