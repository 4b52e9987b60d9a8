"""Size limit and archive bombs: refused before anything is decompressed or saved."""

from __future__ import annotations

import struct

import pytest
from django.conf import LazySettings

from terbuka.core.exceptions import ValidationError
from terbuka.safety import services
from terbuka.safety.scanners import archive
from terbuka.safety.tests import corpus
from terbuka.safety.tests.helpers import one, scan


def _refused(data: bytes, filename: str) -> ValidationError:
    with pytest.raises(ValidationError) as excinfo:
        services.scan_bytes(data, filename)
    return excinfo.value


def test_files_above_the_setting_are_too_large(settings: LazySettings) -> None:
    settings.TERBUKA_MAX_UPLOAD_BYTES = 1000
    error = _refused(b"a" * 1001, "a.txt")
    assert error.code == "file_too_large"
    assert error.details["limit"] == 1000
    services.scan_bytes(b"a" * 1000, "a.txt")


def test_default_limit_is_25_mb(settings: LazySettings) -> None:
    delattr(settings, "TERBUKA_MAX_UPLOAD_BYTES")
    assert services.max_file_bytes() == 25 * 1024 * 1024
    assert _refused(b"a" * (services.MAX_FILE_BYTES + 1), "a.txt").code == "file_too_large"


def test_size_is_checked_before_the_type() -> None:
    data = b"MZ" + b"\x00" * (services.MAX_FILE_BYTES + 1)
    assert _refused(data, "setup.exe").code == "file_too_large"


def test_highly_compressed_member_is_a_bomb() -> None:
    data = corpus.rezip(corpus.clean_xlsx(), add={"xl/media/nol.bin": b"\x00" * (2 * 1024 * 1024)})
    error = _refused(data, "a.xlsx")
    assert error.code == "archive_bomb"
    assert error.details["ratio"] > archive.MAX_RATIO


def test_too_much_uncompressed_data_is_a_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_TOTAL_UNCOMPRESSED", 2000)
    assert _refused(corpus.clean_xlsx(), "a.xlsx").code == "archive_bomb"


def test_too_many_members_is_a_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    error = _refused(corpus.clean_xlsx(), "a.xlsx")
    assert (error.code, error.details["members"] > 5) == ("archive_bomb", True)


def _declare_size(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size a member declares in the central directory."""
    patched = bytearray(data)
    position = patched.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if bytes(patched[position + 46 : position + 46 + name_length]) == name:
            struct.pack_into("<I", patched, position + 24, size)
        position = patched.find(b"PK\x01\x02", position + 4)
    return bytes(patched)


def test_a_member_declaring_a_huge_size_is_refused_before_decompression() -> None:
    data = _declare_size(corpus.clean_xlsx(), b"xl/worksheets/sheet1.xml", 3_000_000_000)
    assert _refused(data, "a.xlsx").code == "archive_bomb"


def test_a_member_larger_than_it_declares_is_never_read_past_its_size() -> None:
    data = _declare_size(corpus.clean_xlsx(), b"xl/worksheets/sheet1.xml", 40)
    assert one(scan(data, "a.xlsx"), "unreadable").severity == "blocking"


def test_the_read_budget_stops_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = archive.Archive(corpus.clean_xlsx())
    monkeypatch.setattr(archive, "MAX_TOTAL_UNCOMPRESSED", 100)
    with pytest.raises(ValidationError) as excinfo:
        bundle.read("xl/worksheets/sheet1.xml")
    assert excinfo.value.code == "archive_bomb"


@pytest.mark.django_db
def test_refused_files_save_nothing() -> None:
    from terbuka.safety.models import Scan

    data = corpus.rezip(corpus.clean_xlsx(), add={"xl/media/nol.bin": b"\x00" * (2 * 1024 * 1024)})
    with pytest.raises(ValidationError):
        services.scan_file(data=data, filename="a.xlsx")
    with pytest.raises(ValidationError):
        services.scan_file(data=b"<html></html>", filename="a.html")
    assert not Scan.objects.exists()
