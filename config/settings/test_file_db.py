"""Test settings with the SQLite test database in a file (`TERBUKA_FILE_TEST_DB`).

Threads cannot share Django's in-memory SQLite test database the way they share a file: tests
marked `threads` skip there, and terbuka/core/tests/test_threads_on_file_db.py runs them again
in a subprocess with these settings.
"""

import os

from .test import *  # noqa: F403
from .test import DATABASES

DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "TEST": {"NAME": os.environ["TERBUKA_FILE_TEST_DB"]},
    },
}
