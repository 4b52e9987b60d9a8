"""The tests marked `threads` again, on an SQLite test database in a file.

Several threads cannot share Django's in-memory SQLite test database, so those tests skip there
(root conftest.py). This runner starts one pytest subprocess for all of them with the database
in a file (config/settings/test_file_db.py): one Django start and one migration whatever their
number. On PostgreSQL they run directly and this runner skips.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from terbuka.core.sqlite import is_in_memory


def _threaded_tests(session: pytest.Session) -> list[str]:
    """Node ids of every collected test marked `threads` (each xdist worker collects all)."""
    return sorted(
        item.nodeid for item in session.items if item.get_closest_marker("threads") is not None
    )


def test_threaded_tests_pass_on_a_sqlite_file(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if not is_in_memory():
        pytest.skip("the threaded tests run directly on this database")
    node_ids = _threaded_tests(request.session)
    if not node_ids:
        pytest.skip("no threaded test was collected in this run")
    env = {**os.environ, "TERBUKA_FILE_TEST_DB": str(tmp_path / "threads.sqlite3")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and test files
        [
            sys.executable,
            "-m",
            "pytest",
            "-o",
            "addopts=",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-p",
            "no:randomly",
            "-q",
            "--ds=config.settings.test_file_db",
            *node_ids,
        ],
        cwd=request.config.rootpath,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(node_ids)} passed" in result.stdout, result.stdout
    assert "skipped" not in result.stdout, result.stdout
