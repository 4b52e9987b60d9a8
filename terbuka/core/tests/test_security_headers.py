"""Configuration (quality.md X10): `check --deploy` is clean in production, every answer carries
the security headers, and no template needs inline script or style that the CSP would block."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.conf import LazySettings, settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "object-src 'none'; base-uri 'none'"
)


def _directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: rest for name, *values in parts for rest in [values[0] if values else ""]}


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TERBUKA_", "DJANGO_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "TERBUKA_DEBUG": "false",
            "TERBUKA_SECRET_KEY": secrets.token_urlsafe(50),
            "TERBUKA_FIELD_KEYS": Fernet.generate_key().decode(),
            "TERBUKA_ALLOWED_HOSTS": "ppid.serangkota.go.id",
            "TERBUKA_VAR_DIR": str(tmp_path),
            **extra,
        }
    )
    return env


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    """`terbuka check --deploy` with the production profile: not one warning."""
    result = subprocess.run(
        [sys.executable, "-m", "terbuka", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_profile_turns_on_https_and_hsts(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.X_FRAME_OPTIONS, "
        "s.RATELIMIT_ENABLE)"
    )
    result = subprocess.run(  # noqa: S603 (fixed argv, this interpreter)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["True", "True", "True", "31536000", "True", "DENY", "True"]


def _assert_common_headers(response: Any) -> None:
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Permissions-Policy"] == settings.TERBUKA_PERMISSIONS_POLICY
    assert "camera=()" in response["Permissions-Policy"]


def test_public_page_headers(client: Client, settings: LazySettings, body: Any) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False  # the default follows TERBUKA_DEBUG; fix it here
    response = client.get(reverse("portal:home"), secure=True)
    assert response.status_code == 200
    _assert_common_headers(response)
    assert _directives(response["Content-Security-Policy"]) == _directives(CSP)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_is_only_sent_over_https(client: Client, settings: LazySettings) -> None:
    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = client.get(reverse("search:index"))
    assert "Strict-Transport-Security" not in response


def test_api_answer_headers(client: Client) -> None:
    response = client.get("/api/v1/search", {"q": "anggaran"})
    assert response.status_code == 200
    _assert_common_headers(response)
    assert _directives(response["Content-Security-Policy"])["default-src"] == "'self'"


def test_api_error_answer_headers(client: Client) -> None:
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    _assert_common_headers(response)


def test_file_download_headers(client: Client, body: Any, unit: Any, unit_officer: Any) -> None:
    """A stored file is an attachment in a sandbox: the page policy never replaces it."""
    from terbuka.registry import services
    from terbuka.registry.tests.factories import CLEAN_CSV, make_entry

    entry = make_entry(actor=unit_officer, body=body, unit=unit)
    services.document_add(
        entry=entry, actor=unit_officer, title="Laporan", data=CLEAN_CSV, filename="lra.csv"
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    version = entry.documents.get().current
    assert version is not None
    response = client.get(reverse("registry:download", args=[version.pk]))
    assert response.status_code == 200
    _assert_common_headers(response)
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_open_data_download_headers(client: Client) -> None:
    response = client.get("/data/permohonan.csv")
    assert response.status_code == 200
    _assert_common_headers(response)
    assert "attachment" in response["Content-Disposition"]


def test_report_only_switch(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(hasattr(s, 'CONTENT_SECURITY_POLICY'), "
        "hasattr(s, 'CONTENT_SECURITY_POLICY_REPORT_ONLY'))"
    )
    result = subprocess.run(  # noqa: S603 (fixed argv, this interpreter)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(tmp_path, TERBUKA_CSP_REPORT_ONLY="true"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


# --- Templates the CSP would break -----------------------------------------------------------

# Rendered to PDF or e-mail, never served as a page under the policy.
NOT_PAGES = ("notifications/", "_pdf.html", "certificate.html", "reports/document/")


def _page_templates() -> list[Path]:
    found = sorted((ROOT / "templates").rglob("*.html"))
    found += sorted((ROOT / "terbuka").rglob("templates/**/*.html"))
    return [p for p in found if not any(part in str(p) for part in NOT_PAGES)]


@pytest.mark.parametrize(
    ("what", "pattern"),
    [
        ("inline script", r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
        ("style attribute", r"\sstyle=\""),
        ("style element", r"<style\b"),
        ("event handler attribute", r"\son[a-z]+=\""),
        ("htmx inline handler", r"\shx-on[:-]"),
        ("javascript: URL", r"javascript:"),
    ],
)
def test_no_template_needs_inline_code(what: str, pattern: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _page_templates()
        if re.search(pattern, path.read_text(), re.IGNORECASE)
    ]
    assert offenders == [], f"{what} in {offenders}"


def test_htmx_indicator_styles_come_from_the_stylesheet() -> None:
    base = (ROOT / "templates" / "base.html").read_text()
    assert '"includeIndicatorStyles": false' in base
    css = (ROOT / "static" / "css" / "terbuka.css").read_text()
    assert ".htmx-request .htmx-indicator" in css
    # Every whole percent a bar can take has its class.
    for n in (0, 1, 50, 99, 100):
        assert f".pct-w-{n}{{width:{n}%}}" in css
        assert f".pct-l-{n}{{left:{n}%}}" in css


def test_a_bar_width_is_a_class(client: Client) -> None:
    from django.template import engines

    template = engines["django"].from_string(
        '{% load charts %}<span class="bar pct-w-{{ v|bar_width:m|floatformat:"0" }}"></span>'
    )
    assert template.render({"v": 2, "m": 3}) == '<span class="bar pct-w-67"></span>'
    assert template.render({"v": 0, "m": 3}) == '<span class="bar pct-w-0"></span>'
