"""TERBUKA_SITE_URL, the start of every link in e-mails, checked in clean subprocesses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
PRINT_SITE_URL = "from django.conf import settings; print(settings.TERBUKA_SITE_URL)"


def _shell(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TERBUKA_", "DJANGO_", "DATABASE_URL"))
    }
    env.update(
        TERBUKA_SECRET_KEY="x" * 50,
        TERBUKA_FIELD_KEYS=Fernet.generate_key().decode(),
        TERBUKA_VAR_DIR=str(tmp_path),
        **extra,
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "terbuka", "shell", "--no-imports", "-c", PRINT_SITE_URL],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_debug_default_is_the_local_server(tmp_path: Path) -> None:
    result = _shell(tmp_path, TERBUKA_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8000"


def test_production_default_is_https_on_the_first_allowed_host(tmp_path: Path) -> None:
    result = _shell(tmp_path, TERBUKA_ALLOWED_HOSTS="ppid.serangkota.go.id,localhost")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://ppid.serangkota.go.id"


def test_explicit_value_loses_its_trailing_slash(tmp_path: Path) -> None:
    result = _shell(tmp_path, TERBUKA_SITE_URL="https://ppid.example.go.id:8443/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://ppid.example.go.id:8443"


def test_required_outside_debug_without_a_usable_host(tmp_path: Path) -> None:
    result = _shell(tmp_path, TERBUKA_ALLOWED_HOSTS=".serangkota.go.id")
    assert result.returncode != 0
    assert "TERBUKA_SITE_URL is required when TERBUKA_DEBUG is off." in result.stderr


def test_a_path_or_another_scheme_is_refused(tmp_path: Path) -> None:
    for value in ("ftp://ppid.example.go.id", "https://ppid.example.go.id/ppid", "ppid.go.id"):
        result = _shell(tmp_path, TERBUKA_SITE_URL=value)
        assert result.returncode != 0, value
        assert "TERBUKA_SITE_URL must be http(s)://host[:port] without a path" in result.stderr
