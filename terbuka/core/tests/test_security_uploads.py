"""Upload hardening (quality.md X5; ASVS 5.2.x, 5.3.x, 5.4.1): one hostile corpus thrown at the
KTP scan, DIP documents and monev evidence. Each file is refused, or stored under a name of the
server's choosing and served only as an attachment with nosniff. The detectors themselves are
tested in terbuka/safety/tests (types, limits, bombs); this module checks the upload points."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terbuka.accounts import services as account_services
from terbuka.accounts.tests.factories import RequesterIdentityFactory
from terbuka.core.exceptions import DomainError

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"PIXELS" * 40
JPEG_HTML = b"\xff\xd8\xff\xe0" + b"JFIF" * 20 + b"<html><script>alert(1)</script></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _zip(members: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", level) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
BOMB = _zip({"a.txt": b"\0" * (40 * 1024 * 1024)})
PDF_ZIP = PDF + _zip({"payload.html": HTML})

# (label, bytes, name): files that no upload point may accept as they are.
REFUSED = [
    ("svg with script", SVG, "ktp.svg"),
    ("html", HTML, "ktp.html"),
    ("html named as pdf", HTML, "surat.pdf"),
    ("svg named as png", SVG, "ktp.png"),
    ("zip bomb", BOMB, "data.zip"),
    ("exe named as pdf", b"MZ\x90\x00" + b"\0" * 200, "dokumen.pdf"),
]


@pytest.fixture
def identity(user: Any) -> Any:
    return RequesterIdentityFactory(owner=user, created_by=user)


# --- KTP scan --------------------------------------------------------------------------------


@pytest.mark.parametrize(("label", "data", "name"), REFUSED, ids=[r[0] for r in REFUSED])
def test_ktp_scan_refuses_hostile_files(
    identity: Any, user: Any, label: str, data: bytes, name: str
) -> None:
    with pytest.raises(DomainError):
        account_services.identity_attach_ktp(
            identity=identity, actor=user, upload=SimpleUploadedFile(name, data)
        )
    identity.refresh_from_db()
    assert identity.ktp_scan_name == ""


def test_ktp_scan_refuses_oversize(identity: Any, user: Any, settings: Any) -> None:
    settings.TERBUKA_IDENTITY_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(DomainError):
        account_services.identity_attach_ktp(
            identity=identity, actor=user, upload=SimpleUploadedFile("ktp.png", PNG * 10)
        )


@pytest.mark.parametrize(
    ("data", "name"),
    [(PNG, "../../etc/passwd.png"), (JPEG_HTML, "ktp.html.jpg"), (PDF_ZIP, "..\\..\\ktp.pdf")],
)
def test_ktp_scan_names_and_polyglots_are_neutralised(
    client: Client, identity: Any, user: Any, data: bytes, name: str
) -> None:
    """A path in the name is dropped; a polyglot is kept only as an attachment, never run."""
    stored = account_services.identity_attach_ktp(
        identity=identity, actor=user, upload=SimpleUploadedFile(name, data)
    )
    assert ".." not in stored.ktp_scan_name
    assert "/" not in stored.ktp_scan_name.rpartition("/")[2]
    assert "passwd" not in stored.ktp_scan_name
    client.force_login(user)
    response = client.get(reverse("accounts:identity-ktp", args=[identity.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] in {"image/png", "image/jpeg", "application/pdf"}
    assert response.getvalue() == data


# --- DIP documents ---------------------------------------------------------------------------


@pytest.fixture
def entry(body: Any, unit: Any, unit_officer: Any) -> Any:
    from terbuka.registry.tests.factories import make_entry

    return make_entry(actor=unit_officer, body=body, unit=unit)


@pytest.mark.parametrize(("label", "data", "name"), REFUSED, ids=[r[0] for r in REFUSED])
def test_dip_document_refuses_hostile_files(
    entry: Any, unit_officer: Any, label: str, data: bytes, name: str
) -> None:
    from terbuka.registry import services
    from terbuka.registry.models import Document

    with pytest.raises(DomainError):
        services.document_add(
            entry=entry, actor=unit_officer, title="Lampiran", data=data, filename=name
        )
    assert not Document.objects.filter(entry=entry).exists()


def test_dip_document_refuses_oversize(entry: Any, unit_officer: Any, settings: Any) -> None:
    from terbuka.registry import services
    from terbuka.registry.tests.factories import CLEAN_CSV

    settings.TERBUKA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(DomainError):
        services.document_add(
            entry=entry, actor=unit_officer, title="Besar", data=CLEAN_CSV * 10, filename="a.csv"
        )


def test_dip_document_path_names_are_refused_and_files_served_as_attachments(
    client: Client, entry: Any, unit_officer: Any
) -> None:
    from terbuka.registry import services
    from terbuka.registry.tests.factories import CLEAN_CSV

    # A path as the name keeps only its last part: storage never sees a directory.
    for name in ("../../../var/www/lra.csv", "..\\..\\lra.csv", "C:\\laporan\\lra.csv"):
        stored = services.document_add(
            entry=entry, actor=unit_officer, title="Laporan", data=CLEAN_CSV, filename=name
        )
        kept = stored.versions.get()
        assert kept.original_name == "lra.csv"
        assert ".." not in kept.file.name
        assert "/var/www" not in kept.file.name
        assert "\\" not in kept.file.name
    document = services.document_add(
        entry=entry, actor=unit_officer, title="Laporan", data=CLEAN_CSV, filename="lra.csv"
    )
    services.entry_publish(entry=entry, actor=unit_officer)
    version = document.versions.get()
    response = client.get(reverse("registry:download", args=[version.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
