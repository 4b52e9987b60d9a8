"""KTP scans: type by magic bytes, size limit, encrypted in private storage, guarded download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terbuka.accounts import services
from terbuka.accounts.models import AccountEvent, IdentityAccessLog, RequesterIdentity
from terbuka.accounts.tests.factories import RequesterIdentityFactory, UserFactory
from terbuka.core import crypto
from terbuka.core.exceptions import NotFound, ValidationError

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"KTP-PIXELS-" * 50
JPEG = b"\xff\xd8\xff\xe0" + b"JFIF-KTP" * 50
PDF = b"%PDF-1.7\n" + b"KTP PDF" * 50


def _upload(data: bytes, name: str = "ktp saya.png", content_type: str = "image/png") -> Any:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def identity(user: Any) -> RequesterIdentity:
    return RequesterIdentityFactory.create(owner=user, created_by=user)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [(PNG, "image/png"), (JPEG, "image/jpeg"), (PDF, "application/pdf")],
)
def test_scan_is_stored_encrypted_under_a_random_name(
    identity: RequesterIdentity, user: Any, data: bytes, content_type: str, settings: Any
) -> None:
    # The client's name and Content-Type are ignored: the type comes from the bytes.
    services.identity_attach_ktp(
        identity=identity, actor=user, upload=_upload(data, "../../evil.html", "text/html")
    )
    identity.refresh_from_db()
    assert identity.ktp_scan_content_type == content_type
    assert identity.ktp_scan_size == len(data)
    assert "evil" not in identity.ktp_scan_name
    assert identity.ktp_scan_name.startswith("identity/")
    on_disk = (Path(settings.PRIVATE_ROOT) / identity.ktp_scan_name).read_bytes()
    assert data not in on_disk
    assert b"KTP" not in on_disk
    assert crypto.decrypt_bytes(on_disk) == data
    event = AccountEvent.objects.get(kind="identity_ktp_attached")
    assert event.data == {
        "document": "ktp_scan",
        "content_type": content_type,
        "size": len(data),
        "replaced": False,
    }


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a" + b"\x00" * 20,
        b"<html><script>alert(1)</script>",
        b"PK\x03\x04zip",
        b"",
        b"\x89PN",  # truncated PNG signature
        b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    ],
)
def test_other_types_are_refused(identity: RequesterIdentity, user: Any, data: bytes) -> None:
    with pytest.raises(ValidationError) as info:
        services.identity_attach_ktp(identity=identity, actor=user, upload=_upload(data))
    assert info.value.message == (
        "Jenis berkas tidak diterima: unggah foto JPEG atau PNG, atau berkas PDF."
    )
    assert info.value.code == "file_type"
    identity.refresh_from_db()
    assert identity.ktp_scan_name == ""


def test_files_over_the_limit_are_refused(
    identity: RequesterIdentity, user: Any, settings: Any
) -> None:
    settings.TERBUKA_IDENTITY_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as info:
        services.identity_attach_ktp(
            identity=identity, actor=user, upload=_upload(PNG + b"\x00" * 1024)
        )
    assert info.value.message == "Berkas terlalu besar: ukuran maksimal 1,0\xa0KB."
    assert info.value.code == "file_too_large"
    assert not list(Path(settings.PRIVATE_ROOT).glob("**/*.bin"))


def test_default_limit_is_two_megabytes(identity: RequesterIdentity, user: Any) -> None:
    big = PNG + b"\x00" * (2 * 1024 * 1024)
    with pytest.raises(ValidationError) as info:
        services.identity_attach_ktp(identity=identity, actor=user, upload=_upload(big))
    assert info.value.message == "Berkas terlalu besar: ukuran maksimal 2,0\xa0MB."


def test_a_new_scan_replaces_and_deletes_the_old_file(
    identity: RequesterIdentity,
    user: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.identity_attach_ktp(identity=identity, actor=user, upload=_upload(PNG))
    identity.refresh_from_db()
    first = identity.ktp_scan_name
    with django_capture_on_commit_callbacks(execute=True):
        services.identity_attach_ktp(identity=identity, actor=user, upload=_upload(PDF))
    identity.refresh_from_db()
    assert identity.ktp_scan_name != first
    assert not storages["private"].exists(first)
    assert storages["private"].exists(identity.ktp_scan_name)


def test_others_cannot_attach(identity: RequesterIdentity) -> None:
    with pytest.raises(NotFound):
        services.identity_attach_ktp(
            identity=identity, actor=UserFactory.create(), upload=_upload(PNG)
        )


# --- Download -------------------------------------------------------------------------------


@pytest.fixture
def scanned(identity: RequesterIdentity, user: Any) -> RequesterIdentity:
    return services.identity_attach_ktp(identity=identity, actor=user, upload=_upload(PDF))


def _assert_download(response: Any, identity: RequesterIdentity) -> None:
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="identitas-{identity.pk}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_owner_downloads_the_decrypted_scan(
    client: Client, user: Any, scanned: RequesterIdentity
) -> None:
    client.force_login(user)
    response = client.get(reverse("accounts:identity-ktp", args=[scanned.pk]))
    _assert_download(response, scanned)
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field, log.ip) == (user, "ktp_scan", "127.0.0.1")


def test_officer_gives_a_reason_then_downloads(
    client: Client, unit_officer: Any, scanned: RequesterIdentity, officer_perm: None
) -> None:
    client.force_login(unit_officer)
    url = reverse("accounts:identity-ktp", args=[scanned.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page["Cache-Control"] == "no-store"
    assert b"Alasan / keperluan" in page.content
    assert not IdentityAccessLog.objects.exists()
    short = client.post(url, {"reason": "lihat"})
    assert short.status_code == 200
    assert "Pastikan nilai ini mengandung paling sedikit 10 karakter" in short.content.decode()
    response = client.post(url, {"reason": "Verifikasi permohonan 12/PPID/2026"})
    _assert_download(response, scanned)
    log = IdentityAccessLog.objects.get()
    assert (log.viewer, log.field, log.reason) == (
        unit_officer,
        "ktp_scan",
        "Verifikasi permohonan 12/PPID/2026",
    )


def test_others_get_404(client: Client, scanned: RequesterIdentity) -> None:
    client.force_login(UserFactory.create())
    url = reverse("accounts:identity-ktp", args=[scanned.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Verifikasi permohonan 12/PPID"}).status_code == 404
    assert client.get(reverse("accounts:identity-ktp", args=[scanned.pk + 100])).status_code == 404
    assert not IdentityAccessLog.objects.exists()


def test_anonymous_is_sent_to_login(client: Client, scanned: RequesterIdentity) -> None:
    response = client.get(reverse("accounts:identity-ktp", args=[scanned.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_no_scan_is_404(client: Client, user: Any, identity: RequesterIdentity) -> None:
    client.force_login(user)
    assert client.get(reverse("accounts:identity-ktp", args=[identity.pk])).status_code == 404


def test_scan_lives_outside_media_root(scanned: RequesterIdentity, settings: Any) -> None:
    path = Path(storages["private"].path(scanned.ktp_scan_name)).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
