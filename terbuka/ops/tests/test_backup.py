"""`terbuka backup` and `terbuka restore`: a verified round trip, refusals, damaged parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings
from django.core.management import CommandError, call_command
from django.db import connections

from terbuka.ops.backup import (
    MANIFEST,
    SQLITE_PART,
    BackupError,
    backup_create,
    backup_restore,
    backup_verify,
    sha256_file,
)
from terbuka.ops.tests.conftest import NIK, PNG

pytestmark = pytest.mark.django_db(transaction=True)


def _counts(alias: str) -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - catalogue names
            counts[table] = cursor.fetchone()[0]
    return counts


def _move_storages(settings: LazySettings, root: Path) -> None:
    """Point the file storages at empty folders, as on the machine a backup is restored on."""
    settings.MEDIA_ROOT = root / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "media")},
        },
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root / "private"), "base_url": None},
        },
    }


def test_restore_into_a_fresh_database_gives_the_same_rows_and_files(
    filled: dict[str, Any], fresh_database: str, tmp_path: Path, settings: LazySettings
) -> None:
    backup = backup_create(output=tmp_path / "backups")
    manifest = backup_verify(backup)
    assert manifest["row_counts"]["inforequests_informationrequest"] == 3
    assert manifest["migrations"]["inforequests"]
    private = manifest["files"]["private"]["entries"]
    assert len(private) == 1
    assert [e["name"] for e in manifest["files"]["default"]["entries"]] == ["dip/laporan.txt"]

    _move_storages(settings, tmp_path / "elsewhere")
    report = backup_restore(backup, using=fresh_database)

    assert _counts(fresh_database) == _counts("default") == manifest["row_counts"]
    assert report.files == {"default": 1, "private": 1}
    assert report.rows == sum(manifest["row_counts"].values())
    restored = tmp_path / "elsewhere" / "private" / private[0]["name"]
    assert sha256_file(restored) == private[0]["sha256"]
    assert report.warnings == []
    assert "row counts of every table match the manifest" in report.checks


def test_identity_data_stays_encrypted_in_the_backup(
    filled: dict[str, Any], tmp_path: Path
) -> None:
    backup = backup_create(output=tmp_path)
    for part in backup.iterdir():
        content = part.read_bytes()
        assert NIK.encode() not in content, part.name
        assert b"Sudirman" not in content, part.name
        assert PNG[:8] not in content, part.name  # the KTP scan is stored encrypted


def test_a_damaged_part_is_refused(filled: dict[str, Any], tmp_path: Path) -> None:
    backup = backup_create(output=tmp_path)
    part = backup / ("media.tar" if connections["default"].vendor != "sqlite" else SQLITE_PART)
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="is damaged: its sha256 differs"):
        backup_verify(backup)
    with pytest.raises(CommandError, match=r"Restore refused: Part .* is damaged"):
        call_command("restore", str(backup), "--yes")


def test_a_folder_without_manifest_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=f"has no {MANIFEST}"):
        call_command("restore", str(tmp_path))


def test_restore_refuses_a_database_with_tables(filled: dict[str, Any], tmp_path: Path) -> None:
    backup = backup_create(output=tmp_path)
    with pytest.raises(CommandError, match="confirm with --yes"):
        call_command("restore", str(backup))


def test_key_not_configured_is_reported(
    filled: dict[str, Any], fresh_database: str, tmp_path: Path, settings: LazySettings
) -> None:
    backup = backup_create(output=tmp_path / "b")
    _move_storages(settings, tmp_path / "elsewhere")
    settings.FIELD_ENCRYPTION_KEYS = ["bmV3LWtleS1ub3QtaW4tdGhlLWJhY2t1cC0wMTIzNDU2Nzg="]
    report = backup_restore(backup, using=fresh_database)
    assert any("will not decrypt" in w for w in report.warnings)


def test_backup_command_prints_the_folder(filled: dict[str, Any], tmp_path: Path) -> None:
    from io import StringIO

    out = StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    path = Path(out.getvalue().strip().splitlines()[-1])
    assert path.parent == tmp_path
    assert (path / MANIFEST).is_file()
    assert not list(tmp_path.glob("*.partial"))
