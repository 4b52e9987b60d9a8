"""Test settings with the SQLite test database in a file, for the threaded number test.

An in-memory SQLite database cannot be shared by threads the way a file can; the
concurrency test runs itself again in a subprocess with these settings.
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
