"""Stored files follow their transaction, and the sweep finds what a crash left (quality.md F3).

The rollback tests run with real transactions (`transaction=True`): a test's own transaction
never commits, so only there does a service's rollback end a transaction.
"""

from __future__ import annotations

import errno
import os
import uuid
from datetime import timedelta
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from terbuka.accounts import services as account_services
from terbuka.accounts.models import RequesterIdentity
from terbuka.accounts.tests.factories import RequesterIdentityFactory
from terbuka.core import files
from terbuka.core.tests.fake_s3 import FakeS3, s3_options
from terbuka.inforequests.models import InformationRequest, ResponseDocument
from terbuka.inforequests.tests.factories import InformationRequestFactory
from terbuka.inforequests.tests.test_views import _post_data

PDF = b"%PDF-1.7\n" + b"KTP PDF" * 50
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"KTP-PIXELS-" * 50


@pytest.fixture(autouse=True)
def _nothing_pending() -> None:
    """Forget files that earlier tests stored in transactions that never ended."""
    files._pending().clear()


def _private_files() -> list[str]:
    return sorted(files.walk(storages["private"], "identity"))


def _attach(identity: RequesterIdentity, actor: Any) -> RequesterIdentity:
    upload = SimpleUploadedFile("ktp.pdf", PDF, content_type="application/pdf")
    return account_services.identity_attach_ktp(identity=identity, actor=actor, upload=upload)


# --- Rollback -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_file_whose_transaction_rolls_back_is_deleted(user: Any) -> None:
    identity = RequesterIdentityFactory.create(owner=user, created_by=user)

    def attach_then_fail() -> None:
        with transaction.atomic():
            _attach(identity, user)
            assert len(_private_files()) == 1
            raise RuntimeError("a later step of the same transaction failed")

    with pytest.raises(RuntimeError):
        attach_then_fail()
    assert files.discard_uncommitted() == 1
    assert _private_files() == []
    identity.refresh_from_db()
    assert identity.ktp_scan_name == ""


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_and_is_forgotten(user: Any) -> None:
    identity = _attach(RequesterIdentityFactory.create(owner=user, created_by=user), user)
    assert files.discard_uncommitted() == 0
    assert _private_files() == [identity.ktp_scan_name]
    assert files._pending() == []


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_savepoint_loses_its_file_when_the_outer_transaction_commits(
    user: Any,
) -> None:
    kept = RequesterIdentityFactory.create(owner=user, created_by=user)
    dropped = RequesterIdentityFactory.create(owner=user, created_by=user)

    def attach_then_fail() -> None:
        with transaction.atomic():
            _attach(dropped, user)
            raise RuntimeError("refused")

    with transaction.atomic():
        with pytest.raises(RuntimeError):
            attach_then_fail()
        _attach(kept, user)  # its commit hook deletes the earlier, rolled-back file
    kept.refresh_from_db()
    assert _private_files() == [kept.ktp_scan_name]


@pytest.mark.django_db(transaction=True)
def test_a_file_named_by_a_committed_row_is_never_deleted(user: Any) -> None:
    """Even when its commit hook did not run (another hook raised before it)."""
    identity = _attach(RequesterIdentityFactory.create(owner=user, created_by=user), user)
    files._pending().append(
        files._Stored(
            -1,
            storages["private"],
            identity.ktp_scan_name,
            RequesterIdentity,
            "ktp_scan_name",
            "default",
        )
    )
    assert files.discard_uncommitted() == 0
    assert _private_files() == [identity.ktp_scan_name]


@pytest.mark.django_db(transaction=True)
def test_the_portal_form_leaves_no_scan_when_a_later_file_is_refused(
    client: Client, applicant: Any, body: Any
) -> None:
    """The KTP scan is stored, then the power of attorney is refused: the request, the identity
    and the stored scan all go."""
    client.force_login(applicant)
    spy = mock.patch("terbuka.accounts.services.save_new", wraps=files.save_new)
    with spy as save_new:
        response = client.post(
            reverse("inforequests:create") + f"?badan={body.slug}",
            _post_data(
                **{
                    "pemohon-proxy_name": "Budi Kuasa",
                    "pemohon-proxy_nik": "3673011708900002",
                    "pemohon-ktp_scan": SimpleUploadedFile(
                        "ktp.png", PNG, content_type="image/png"
                    ),
                    "pemohon-power_of_attorney": SimpleUploadedFile("kuasa.txt", b"bukan berkas"),
                }
            ),
        )
    assert save_new.call_count == 1  # the scan was stored before the refusal
    assert response.status_code == 200
    assert "Jenis berkas tidak diterima" in response.content.decode()
    assert not InformationRequest.objects.exists()
    assert not RequesterIdentity.objects.exists()
    assert _private_files() == []


def test_a_write_that_fails_half_way_leaves_no_partial_file(tmp_path: Path) -> None:
    storage = FileSystemStorage(location=tmp_path)

    def full_after_a_few_bytes(*args: Any, **kwargs: Any) -> Any:
        (tmp_path / "identity").mkdir(exist_ok=True)
        (tmp_path / "identity" / "abc.bin").write_bytes(b"half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        mock.patch.object(storage, "_save", side_effect=full_after_a_few_bytes),
        pytest.raises(OSError, match="No space left"),
    ):
        files.save_new(
            storage,
            "identity/abc.bin",
            ContentFile(b"whole file"),
            model=RequesterIdentity,
            column="ktp_scan_name",
        )
    assert list(files.walk(storage, "identity")) == []


# --- The sweep ----------------------------------------------------------------------------------

OLD = timedelta(days=3)


def _age(storage: Any, name: str, by: timedelta) -> None:
    when = (timezone.now() - by).timestamp()
    os.utime(storage.path(name), (when, when))


@pytest.fixture
def stored(db: None, user: Any) -> dict[str, str]:
    """Private and default storage with named, orphaned, young and foreign files."""
    private, default = storages["private"], storages["default"]
    names = {
        "named_scan": private.save("identity/" + "a" * 32 + ".bin", ContentFile(b"x")),
        "orphan_scan": private.save("identity/" + "b" * 32 + ".bin", ContentFile(b"orphan")),
        "young_scan": private.save("identity/" + "c" * 32 + ".bin", ContentFile(b"young")),
        "staged": private.save("budget/staged/" + str(uuid.uuid4()), ContentFile(b"staged")),
        "named_answer": default.save("inforequests/2025/01/jawaban.pdf", ContentFile(b"%PDF")),
        "orphan_answer": default.save("inforequests/2025/01/yatim.pdf", ContentFile(b"%PDF-1")),
        "other": default.save("unduhan/lain.txt", ContentFile(b"not ours")),
    }
    for key, name in names.items():
        if key != "young_scan":
            _age(private if key in ("named_scan", "orphan_scan", "staged") else default, name, OLD)
    RequesterIdentityFactory.create(owner=user, created_by=user, ktp_scan_name=names["named_scan"])
    ResponseDocument.objects.create(
        request=InformationRequestFactory.create(),
        file=names["named_answer"],
        title="Jawaban",
        uploaded_at=timezone.now(),
    )
    return names


def test_the_sweep_lists_old_unnamed_files_and_deletes_them_only_when_asked(
    stored: dict[str, str],
) -> None:
    report = files.orphans_sweep(older_than=timedelta(hours=24))
    found = {(o.storage, o.name) for o in report.orphans}
    assert found == {
        ("private", stored["orphan_scan"]),
        ("default", stored["orphan_answer"]),
    }
    assert (report.scanned, report.named, report.recent, report.deleted) == (5, 2, 1, 0)
    assert storages["private"].exists(stored["orphan_scan"])

    report = files.orphans_sweep(older_than=timedelta(hours=24), delete=True)
    assert report.deleted == 2
    for key, name in stored.items():
        storage = storages["default" if "answer" in key or key == "other" else "private"]
        assert storage.exists(name) is (not key.startswith("orphan")), key


def test_the_command_is_a_dry_run_unless_told_to_delete(stored: dict[str, str]) -> None:
    out = StringIO()
    call_command("files_sweep", stdout=out)
    text = out.getvalue()
    assert f"private:{stored['orphan_scan']}  6 B  72 h old" in text
    assert "5 files checked, 2 named by a row, 1 unnamed but younger than 24 h; " in text
    assert "; 2 orphans (12 B) would be deleted (dry run; add --delete)." in text
    assert storages["private"].exists(stored["orphan_scan"])

    out = StringIO()
    call_command("files_sweep", "--delete", "--older-than", "1", stdout=out)
    assert out.getvalue().rstrip().endswith("deleted; 2 deleted.")
    assert not storages["private"].exists(stored["orphan_scan"])
    assert storages["private"].exists(stored["young_scan"])


def test_the_daily_job_deletes_orphans_older_than_a_day(stored: dict[str, str]) -> None:
    assert files.daily_counts(timezone.localdate()) == {"orphan_files_deleted": 2}
    assert files.daily_counts(timezone.localdate()) == {"orphan_files_deleted": 0}


def test_the_sweep_walks_s3_storage(db: None, user: Any, settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options("private")},
    }
    bucket = FakeS3()
    bucket.attach(storages["private"])
    old = timezone.now() - OLD
    named, orphan, young = ("identity/" + c * 32 + ".bin" for c in "def")
    bucket.put(f"private/{named}", b"named", old)
    bucket.put(f"private/{orphan}", b"orphan", old)
    bucket.put(f"private/{young}", b"young")
    bucket.put("private/registry/2025/01/yatim.csv", b"a,b", old)
    bucket.put("private/registry/2025/01/lain/dalam.csv", b"a,b", old)  # no writer names this
    bucket.put("media/identity/" + "0" * 32 + ".bin", b"another location", old)
    RequesterIdentityFactory.create(owner=user, created_by=user, ktp_scan_name=named)

    report = files.orphans_sweep(older_than=timedelta(hours=24), delete=True)

    assert sorted(o.name for o in report.orphans) == [orphan, "registry/2025/01/yatim.csv"]
    assert {o.storage for o in report.orphans} == {"private"}
    assert report.deleted == 2
    assert sorted(bucket.objects) == [
        "media/identity/" + "0" * 32 + ".bin",
        f"private/{named}",
        f"private/{young}",
        "private/registry/2025/01/lain/dalam.csv",
    ]
    assert "ListObjects" in bucket.calls


def test_upload_to_patterns_match_only_names_the_field_gives() -> None:
    folder, pattern = files._upload_to_pattern("registry/%Y/%m/")
    assert folder == "registry"
    assert pattern.fullmatch("registry/2025/01/lra_AbC1234.csv")
    assert not pattern.fullmatch("registry/staged/lra.csv")
    assert not pattern.fullmatch("registry/2025/01/sub/lra.csv")
    assert files._upload_to_pattern("docs")[0] == "docs"
    assert files._upload_to_pattern("a/b%Y")[0] == "a"
