"""Fixtures of the operations tests: data to back up, a fresh database to restore into."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.db.utils import load_backend

from terbuka.inforequests import services
from terbuka.inforequests.tests.factories import identity_data

NIK = "3673011708900001"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def file_request(actor: Any, body: Any, **overrides: Any) -> Any:
    kwargs: dict[str, Any] = {
        "actor": actor,
        "body": body,
        "details": "Salinan DPA Dinas Kesehatan tahun 2025.",
        "purpose": "Penelitian.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
        "identity_data": identity_data(nik=NIK),
    }
    kwargs.update(overrides)
    return services.request_submit(**kwargs)


def api_payload(body_slug: str, unit_slug: str | None = None, n: int = 0) -> dict[str, Any]:
    return {
        "body": body_slug,
        "unit": unit_slug,
        "requester": {
            "kind": "individual",
            "name": f"Pemohon {n}",
            "nik": NIK,
            "address": "Jl. Jenderal Sudirman No. 5, Serang",
            "phone": "081234567890",
            "email": "siti@example.test",
        },
        "details": f"Salinan DPA tahun 2025 nomor {n}.",
        "purpose": "Penelitian.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
    }


@pytest.fixture(autouse=True)
def _no_rate_limits(settings: LazySettings) -> None:
    """The fault tests post far faster than a citizen may (X9 is tested on its own)."""
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def filled(applicant: Any, body: Any) -> dict[str, Any]:
    """Three requests with their identities, a KTP scan (encrypted) and a public upload."""
    from terbuka.accounts.services import identity_attach_files

    requests = [file_request(applicant, body) for _ in range(3)]
    upload = ContentFile(PNG, name="ktp.png")
    upload.content_type = "image/png"  # type: ignore[attr-defined]
    identity_attach_files(
        identity=requests[0].requester_identity, actor=applicant, files={"ktp_scan": upload}
    )
    storages["default"].save("dip/laporan.txt", ContentFile(b"Laporan layanan 2025."))
    return {"requests": requests}


@pytest.fixture
def fresh_database(tmp_path: Path, transactional_db: None) -> Iterator[str]:
    """An empty database of the same engine under a new alias: an SQLite file in tmp_path, or
    a new PostgreSQL database dropped afterwards."""
    default = connections["default"]
    alias = "ops_restore"
    settings_dict = {**default.settings_dict}
    if default.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"{default.settings_dict['NAME']}_r{uuid.uuid4().hex[:8]}"
        _pg_admin(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    # A wrapper made here, not listed in settings.DATABASES: Django's test case then allows
    # it as a dynamically created connection.
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias)
    connections[alias] = wrapper
    try:
        yield alias
    finally:
        wrapper.close()
        del connections[alias]
        if default.vendor == "postgresql":
            _pg_admin(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')


def _pg_admin(sql: str) -> None:
    default = connections["default"]
    raw = default.get_new_connection(default.get_connection_params())
    raw.autocommit = True
    try:
        raw.cursor().execute(sql)
    finally:
        raw.close()
