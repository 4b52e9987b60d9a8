"""The settings behave as the README promises, in subprocesses with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]


def _env(**extra: str) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TERBUKA_", "DJANGO_", "DATABASE_URL"))
    }
    return {**base, **extra}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "terbuka", *args],
        cwd=ROOT,
        env=_env(**env),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_profile_passes_check_deploy(tmp_path: Path) -> None:
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        TERBUKA_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0987",
        TERBUKA_FIELD_KEYS=Fernet.generate_key().decode(),
        TERBUKA_ALLOWED_HOSTS="ppid.serangkota.go.id",
        TERBUKA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_profile_refuses_to_start_without_secret_key(tmp_path: Path) -> None:
    result = _run(["check"], TERBUKA_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "TERBUKA_SECRET_KEY is required" in result.stderr


def test_debug_profile_generates_local_secrets_once(tmp_path: Path) -> None:
    first = _run(["check"], TERBUKA_DEBUG="true", TERBUKA_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    secret = (tmp_path / "secret_key").read_text()
    key = (tmp_path / "field_key").read_text()
    assert len(secret) >= 50
    Fernet(key.encode())  # a valid key
    _run(["check"], TERBUKA_DEBUG="true", TERBUKA_VAR_DIR=str(tmp_path))
    assert (tmp_path / "secret_key").read_text() == secret
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite settings only"
)
def test_sqlite_runs_wal_immediate_and_group_commit(tmp_path: Path) -> None:
    """WAL, IMMEDIATE, and NORMAL sync plus the backend's own log fsync (FULL's durability)."""
    code = (
        "import django; django.setup();"
        "from django.db import connection;"
        "c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA synchronous').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.transaction_mode, connection.group_commit)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(
            TERBUKA_DEBUG="true",
            TERBUKA_VAR_DIR=str(tmp_path),
            DJANGO_SETTINGS_MODULE="config.settings.base",
        ),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "1", "20000", "IMMEDIATE", "True"]
    assert (tmp_path / "terbuka.sqlite3").exists()


def test_time_zone_and_language() -> None:
    from django.conf import settings

    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "id"
