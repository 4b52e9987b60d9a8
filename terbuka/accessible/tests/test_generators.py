"""The generators: pure functions from text to the bytes of a format."""

from __future__ import annotations

import io
import shutil
import stat
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from terbuka.accessible import generators
from terbuka.accessible.tests.conftest import needs_espeak, needs_louis, needs_opusenc

TEXT = (
    "Peringatan dini banjir\n\n"
    "Status siaga banjir di bantaran Sungai Cibanten (12/12/2026). Warga Kecamatan Kasemen "
    "diminta menuju titik kumpul di Jl. Veteran No. 3 dan menghubungi BPBD di 112."
)
HOSTILE = '--help -v en; rm -rf / $(reboot) `id` <speak><audio src="x"/></speak> \\x00 -o /tmp/x'


def _no_tools(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)


def test_clean_text_drops_controls_and_tidies_space() -> None:
    text = "  Banjir\u0000 di\tKasemen\u200b \r\n\r\n\r\n\r\nSegera  mengungsi \n"
    assert generators.clean_text(text) == "Banjir di Kasemen\n\nSegera mengungsi"


def test_clean_text_bounds_the_length() -> None:
    assert len(generators.clean_text("a" * (generators.MAX_CHARS + 10))) == generators.MAX_CHARS


def test_braille_ready_text_is_ascii() -> None:
    text = "Caf\u00e9 \u201cSehat\u201d \u2013 na\u00efve\u2026 \u65e5\u672c \U0001f389 Jl. Veteran"
    assert generators.braille_ready_text(text) == 'Cafe "Sehat" - naive... Jl. Veteran'


def test_compose_puts_the_title_first() -> None:
    assert generators.compose(" Judul ", "Isi") == "Judul\n\nIsi"
    assert generators.compose("Judul", "") == "Judul"


def test_wrap_cells_keeps_lines_within_the_width() -> None:
    line = "KATA " * 20 + "X" * 95
    wrapped = generators.wrap_cells(line.strip(), 40)
    assert all(len(part) <= 40 for part in wrapped)
    assert "".join(wrapped).replace(" ", "") == line.replace(" ", "")


def test_paginate_puts_25_lines_on_a_page() -> None:
    pages = generators.paginate([str(i) for i in range(60)]).split("\f")
    assert [len(page.split("\r\n")) - 1 for page in pages] == [25, 25, 10]


def test_wav_duration_reads_a_streamed_header() -> None:
    import struct

    header = b"RIFF" + struct.pack("<I", 0xFFFFFFFF) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 22050, 44100, 2, 16)
    data = b"data" + struct.pack("<I", 0xFFFFFFFF) + b"\0" * 44100
    assert generators.wav_duration(header + fmt + data) == pytest.approx(1.0)
    assert generators.wav_duration(b"not a wav") is None


@pytest.mark.parametrize(
    ("call", "tool"),
    [
        (lambda: generators.audio(TEXT, language="id"), "espeak-ng"),
        (lambda: generators.braille_brf(TEXT, language="id"), "lou_translate"),
        (lambda: generators.braille_unicode(TEXT, language="id"), "lou_translate"),
    ],
)
def test_missing_tool_raises_tool_missing(
    monkeypatch: pytest.MonkeyPatch, call: Any, tool: str
) -> None:
    _no_tools(monkeypatch)
    with pytest.raises(generators.ToolMissing) as caught:
        call()
    assert caught.value.tool == tool
    assert str(caught.value) == f"{tool}: not installed on this server"


def test_tools_available_reports_each_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/x" if name == "opusenc" else None)
    assert generators.tools_available() == {
        "espeak-ng": False,
        "opusenc": True,
        "lou_translate": False,
    }


def test_text_goes_on_stdin_never_in_argv(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The tool gets fixed arguments; the hostile text arrives on stdin only."""
    argv_file, stdin_file = tmp_path / "argv", tmp_path / "stdin"
    script = tmp_path / "espeak-ng"
    script.write_text(
        f'#!/bin/sh\nprintf "%s\\n" "$@" > {argv_file}\ncat > {stdin_file}\n'
        "printf 'RIFF\\0\\0\\0\\0WAVE'\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(shutil, "which", lambda name: str(script) if name == "espeak-ng" else None)
    output = generators.audio(HOSTILE, language="id")
    assert output.content_type == "audio/wav"
    assert argv_file.read_text().split("\n")[:-1] == [
        "-v",
        "id",
        "-s",
        "160",
        "--stdin",
        "--stdout",
    ]
    assert stdin_file.read_text() == generators.clean_text(HOSTILE)


def test_empty_text_is_refused_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(generators.GenerationError, match="espeak-ng: nothing to speak"):
        generators.audio(" \n\u200b ", language="id")


@needs_espeak
def test_audio_is_spoken_indonesian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        generators, "tool_path", lambda name: None if name == "opusenc" else shutil.which(name)
    )
    output = generators.audio(TEXT, language="id")
    assert output.content_type == "audio/wav"
    assert output.data[:4] == b"RIFF"
    assert output.duration_seconds is not None
    assert 5 < output.duration_seconds < 60
    assert output.tool == "espeak-ng"


@needs_espeak
@needs_opusenc
def test_audio_is_compressed_to_ogg_opus() -> None:
    output = generators.audio(TEXT, language="id")
    assert output.content_type == "audio/ogg"
    assert output.extension == "opus"
    assert output.data[:4] == b"OggS"
    assert b"OpusHead" in output.data[:200]
    assert output.duration_seconds is not None
    # 24 kbit/s: about 3 KB a second, well under the WAV's 44 KB.
    assert len(output.data) < output.duration_seconds * 4_000


@needs_louis
def test_braille_brf_fits_an_embosser_page() -> None:
    output = generators.braille_brf(TEXT * 8, language="id")
    text = output.data.decode("ascii")
    pages = text.split("\f")
    assert len(pages) > 1
    for page in pages:
        lines = page.split("\r\n")[:-1]
        assert len(lines) <= 25
        assert all(len(line) <= 40 for line in lines)
    assert text.startswith(",PERINGATAN DINI BANJIR")  # capital sign, letter for letter
    assert "#AB" in text  # number sign and digits as letters a-j


@needs_louis
def test_braille_unicode_is_braille_patterns() -> None:
    output = generators.braille_unicode(TEXT, language="id")
    text = output.data.decode("utf-8")
    assert text.startswith("⠠⠏⠑⠗⠊⠝⠛⠁⠞⠁⠝")  # "Peringatan", letter for letter
    assert set(text) <= {chr(c) for c in range(0x2800, 0x2900)} | {"\n"}
    assert text.split("\n")[1] == ""  # paragraphs stay apart


def test_large_print_pdf_has_title_and_large_type() -> None:
    from pypdf import PdfReader

    output = generators.large_print("Peringatan dini banjir", TEXT, language="id")
    assert output.content_type == "application/pdf"
    reader = PdfReader(io.BytesIO(output.data))
    assert reader.metadata is not None
    assert reader.metadata.title == "Peringatan dini banjir"
    assert "/StructTreeRoot" in reader.trailer["/Root"].get_object()  # type: ignore[operator]
    assert "Kecamatan Kasemen" in reader.pages[0].extract_text().replace("\n", " ")
    html = generators.render_large_print_html("Judul", "Isi", language="id")
    assert "font-size: 18pt" in html
    assert "line-height: 1.5" in html


class _BrokenWeasyPrint(types.ModuleType):
    """A WeasyPrint installed without Pango: reaching its HTML raises OSError, as cffi does."""

    def __getattr__(self, name: str) -> Any:
        raise OSError("cannot load library 'libpango-1.0-0'")


@pytest.mark.parametrize("module", [None, _BrokenWeasyPrint("weasyprint")], ids=["absent", "pango"])
def test_large_print_without_weasyprint_raises_tool_missing(
    monkeypatch: pytest.MonkeyPatch, module: types.ModuleType | None
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", module)  # None: the import raises ImportError
    with pytest.raises(generators.ToolMissing) as caught:
        generators.large_print("Judul", "Isi", language="id")
    assert caught.value.tool == "weasyprint"
    assert str(caught.value) == "weasyprint: not installed on this server"


@needs_louis
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
@example("C:\\Dokumen\\n\\x0041 \\")  # lou_translate would read these backslashes as escapes
def test_braille_takes_any_unicode_text(text: str) -> None:
    if not generators.braille_ready_text(text):
        with pytest.raises(generators.GenerationError, match="nothing to translate"):
            generators.braille_brf(text, language="id")
        return
    brf = generators.braille_brf(text, language="id").data.decode("ascii")
    uni = generators.braille_unicode(text, language="id").data.decode("utf-8")
    assert all(len(line) <= 40 for page in brf.split("\f") for line in page.split("\r\n"))
    assert set(uni) <= {chr(c) for c in range(0x2800, 0x2900)} | {"\n"}


@needs_espeak
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80) | st.sampled_from([HOSTILE, "-", "--", "-h", "<speak>x</speak>"]))
def test_audio_takes_any_unicode_text(text: str) -> None:
    if not generators.clean_text(text):
        with pytest.raises(generators.GenerationError, match="nothing to speak"):
            generators.audio(text, language="id")
        return
    output = generators.audio(text, language="id")
    assert output.data[:4] in (b"OggS", b"RIFF")
