"""Images: EXIF and GPS (INFO because they are stripped), PNG text, decompression bombs."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from terbuka.core.exceptions import ValidationError
from terbuka.safety.scanners import image as image_scanner
from terbuka.safety.tests import corpus
from terbuka.safety.tests.helpers import kinds, one, scan


def test_jpeg_exif_and_gps_are_info_because_they_are_stripped() -> None:
    findings = scan(corpus.jpeg(), "foto.jpg")
    exif = one(findings, "exif")
    assert exif.severity == "info"
    assert "Make" in exif.detail
    assert "Model" in exif.detail
    gps = one(findings, "gps")
    assert gps.severity == "info"
    assert "GPS" in gps.detail


def test_jpeg_without_gps_has_exif_only() -> None:
    assert kinds(scan(corpus.jpeg(gps=False), "foto.jpg")) == {"exif": "info"}


def test_orientation_alone_is_not_reported() -> None:
    image = Image.new("RGB", (8, 8))
    data = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6
    image.save(data, "JPEG", exif=exif.tobytes())
    assert scan(data.getvalue(), "foto.jpg") == []


def test_png_text_chunks_are_reported() -> None:
    finding = one(scan(corpus.png(text=True), "gambar.png"), "exif")
    assert "Author" in finding.detail


def test_metadata_that_cannot_be_stripped_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_scanner, "strip_bytes", lambda data, kind: data)
    findings = scan(corpus.jpeg(), "foto.jpg")
    assert one(findings, "gps").severity == "blocking"
    assert one(findings, "exif").severity == "blocking"


def test_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_scanner, "MAX_PIXELS", 100)
    with pytest.raises(ValidationError) as excinfo:
        scan(corpus.png(), "gambar.png")
    assert excinfo.value.code == "archive_bomb"


def test_broken_image_is_unreadable() -> None:
    data = corpus.png()[:40]
    assert one(scan(data, "gambar.png"), "unreadable").severity == "blocking"
