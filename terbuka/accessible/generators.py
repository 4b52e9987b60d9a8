"""Pure generators: a text in, the bytes of one accessible format out.

Each external tool is found with `shutil.which` (Debian packages: espeak-ng, opus-tools,
liblouis-bin) and run without a shell, with a timeout; the text always goes on stdin, never in
argv, so no text can become an option or a command. A missing tool, or a WeasyPrint that cannot
be imported, raises `ToolMissing` (the format is then "unavailable" on this server); anything
else that goes wrong raises `GenerationError` with a message naming the tool.
"""

from __future__ import annotations

import logging
import re
import shutil
import struct
import subprocess
import unicodedata
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# Seconds one tool run may take; a stuck tool must not hold a task worker for ever.
DEFAULT_TIMEOUT = 120
# Longest text spoken or translated: far above any announcement (about an hour of speech), it
# bounds a worker's time and disk on a pathological input.
MAX_CHARS = 60_000
# Ogg Opus bitrate for speech: 24 kbit/s is clear for a synthetic voice at about 180 KB a minute.
OPUS_BITRATE_KBPS = 24
# Embosser page: 40 cells by 25 lines, the usual size of a braille sheet (BANA BRF practice).
BRF_CELLS = 40
BRF_LINES = 25

ESPEAK = "espeak-ng"
OPUSENC = "opusenc"
LOU_TRANSLATE = "lou_translate"
WEASYPRINT = "weasyprint"  # a Python package (with Pango), not a program on PATH

# Liblouis has no Indonesian table. Indonesian braille (Pedoman Umum Simbol Braille Indonesia)
# is uncontracted: the Latin alphabet letter for letter, the number sign (dots 3-4-5-6) with the
# letters a-j for digits, and the capital sign (dot 6). The Unified English Braille grade 1 table
# gives exactly that alphabet and those indicators, uncontracted; it is the right base. A
# contracted table (en-ueb-g2, en-us-g2, or ms-my-g2 for Malay, the only neighbour language
# liblouis has) would turn Indonesian words into English or Malay contractions that an
# Indonesian reader does not know. A few punctuation signs may differ from the Indonesian
# pedoman; letters and numbers, which carry the announcement, do not.
BRAILLE_TABLES = {"id": "en-ueb-g1.ctb", "en": "en-ueb-g1.ctb"}
BRF_DISPLAY = "en-us-brf.dis"  # North American ASCII braille: what embossers read as .brf
UNICODE_DISPLAY = "unicode.dis"  # Unicode braille patterns (U+2800-U+28FF)
VOICES = {"id": "id", "en": "en"}


class GenerationError(RuntimeError):
    """A tool failed, timed out or gave unusable output."""

    def __init__(self, tool: str, message: str) -> None:
        super().__init__(f"{tool}: {message}")
        self.tool = tool
        self.message = message


class ToolMissing(GenerationError):
    """The tool is not installed on this server."""

    def __init__(self, tool: str) -> None:
        super().__init__(tool, "not installed on this server")


@dataclass(frozen=True)
class Output:
    """The bytes of a generated file and how to serve them."""

    data: bytes
    content_type: str
    extension: str
    tool: str
    duration_seconds: float | None = None


def tool_path(name: str) -> str | None:
    """The path of an external tool, or None when it is not installed."""
    return shutil.which(name)


def tools_available() -> dict[str, bool]:
    """Which of the external tools this server has."""
    return {name: tool_path(name) is not None for name in (ESPEAK, OPUSENC, LOU_TRANSLATE)}


def _timeout() -> float:
    return float(getattr(settings, "TERBUKA_ACCESSIBLE_TIMEOUT", DEFAULT_TIMEOUT))


def _run(tool: str, args: list[str], data: bytes) -> bytes:
    path = tool_path(tool)
    if path is None:
        raise ToolMissing(tool)
    try:
        done = subprocess.run(  # noqa: S603 - argv is fixed here; the text is on stdin
            [path, *args],
            input=data,
            capture_output=True,
            timeout=_timeout(),
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GenerationError(tool, f"timed out after {_timeout():g} seconds") from None
    except OSError as exc:
        raise GenerationError(tool, f"could not be started: {exc}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-500:]
        raise GenerationError(tool, f"exit status {done.returncode}: {detail or 'no message'}")
    if not done.stdout:
        raise GenerationError(tool, "produced no output")
    return done.stdout


# --- Text clean-up ------------------------------------------------------------------------------

_PUNCTUATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u2026": "...",
        "\u00a0": " ",
        "\u00b7": ".",
        "\u2022": "-",
    }
)
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Text fit for a voice or a braille table: NFC, no control characters, tidy spacing."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char == "\n":
            kept.append(char)
        elif unicodedata.category(char)[0] in "CZ":
            # Controls, format characters, surrogates, unassigned, exotic separators: a space.
            kept.append(" ")
        else:
            kept.append(char)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(kept).split("\n")]
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return cleaned[:MAX_CHARS]


def braille_ready_text(text: str) -> str:
    """Text a Latin braille table can write: accents dropped, typographic signs made ASCII,
    anything else (other scripts, emoji) left out rather than written as code points."""
    text = clean_text(text).translate(_PUNCTUATION)
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(char for char in decomposed if char == "\n" or (32 <= ord(char) < 127))
    lines = [_SPACES.sub(" ", line).strip() for line in ascii_only.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def compose(title: str, text: str) -> str:
    """The title, a blank line and the text: what every format carries."""
    title = clean_text(title)
    body = clean_text(text)
    return f"{title}\n\n{body}" if title and body else title or body


# --- Audio --------------------------------------------------------------------------------------


def wav_duration(wav: bytes) -> float | None:
    """Seconds of a PCM WAV (espeak-ng writes it streaming, so its sizes are not filled in)."""
    if len(wav) < 44 or wav[:4] != b"RIFF" or wav[8:12] != b"WAVE":
        return None
    position = 12
    rate = block = 0
    while position + 8 <= len(wav):
        chunk = wav[position : position + 4]
        size = int(struct.unpack("<I", wav[position + 4 : position + 8])[0])
        body = position + 8
        if chunk == b"fmt " and body + 16 <= len(wav):
            fields = struct.unpack("<HHIIH", wav[body : body + 14])
            rate, block = int(fields[2]), int(fields[4])
        elif chunk == b"data":
            if not rate or not block:
                return None
            available = len(wav) - body
            return min(size, available) / (rate * block)
        position = body + size + (size % 2)
    return None


def audio(text: str, *, language: str) -> Output:
    """Speak `text` with espeak-ng; Ogg Opus at a speech bitrate when opusenc is installed,
    else WAV."""
    spoken = clean_text(text)
    if not spoken:
        raise GenerationError(ESPEAK, "nothing to speak")
    voice = VOICES.get(language, "id")
    # --stdin: the text is read from standard input; no -m, so markup is spoken, not obeyed.
    wav = _run(ESPEAK, ["-v", voice, "-s", "160", "--stdin", "--stdout"], spoken.encode("utf-8"))
    if wav[:4] != b"RIFF":
        raise GenerationError(ESPEAK, "did not write a WAV file")
    duration = wav_duration(wav)
    if tool_path(OPUSENC) is None:
        return Output(wav, "audio/wav", "wav", ESPEAK, duration)
    ogg = _run(
        OPUSENC,
        ["--quiet", "--speech", "--bitrate", str(OPUS_BITRATE_KBPS), "-", "-"],
        wav,
    )
    if ogg[:4] != b"OggS":
        raise GenerationError(OPUSENC, "did not write an Ogg file")
    return Output(ogg, "audio/ogg", "opus", f"{ESPEAK}+{OPUSENC}", duration)


# --- Braille ------------------------------------------------------------------------------------


def _translate(text: str, *, language: str, display: str) -> list[str]:
    """Translate line by line (lou_translate reads stdin one line at a time)."""
    table = BRAILLE_TABLES.get(language, BRAILLE_TABLES["id"])
    lines = braille_ready_text(text).split("\n")
    if not any(lines):
        raise GenerationError(LOU_TRANSLATE, "nothing to translate")
    # Blank lines are left out of the input (lou_translate would echo nothing for them) and put
    # back in the output, so paragraphs stay apart.
    # lou_translate reads backslash escapes in its input ("\\x0041"); a literal one is doubled.
    written = [line.replace("\\", "\\\\") for line in lines if line]
    stdout = _run(
        LOU_TRANSLATE,
        ["--forward", f"{display},{table}"],
        ("\n".join(written) + "\n").encode("ascii"),
    )
    translated = stdout.decode("utf-8", "replace").rstrip("\n").split("\n")
    if len(translated) != len(written):
        raise GenerationError(LOU_TRANSLATE, "returned a different number of lines")
    result: list[str] = []
    produced = iter(translated)
    for line in lines:
        result.append(next(produced) if line else "")
    return result


def wrap_cells(line: str, width: int) -> list[str]:
    """Wrap one braille line at spaces into lines of at most `width` cells."""
    if not line:
        return [""]
    wrapped: list[str] = []
    current = ""
    for word in line.split(" "):
        while len(word) > width:
            if current:
                wrapped.append(current)
                current = ""
            wrapped.append(word[:width])
            word = word[width:]
        if not current:
            current = word
        elif len(current) + 1 + len(word) <= width:
            current = f"{current} {word}"
        else:
            wrapped.append(current)
            current = word
    wrapped.append(current)
    return wrapped


def paginate(lines: list[str], *, per_page: int = BRF_LINES) -> str:
    """Pages of `per_page` lines separated by form feeds, as embossers expect."""
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)] or [[]]
    return "\f".join("\r\n".join(page) + "\r\n" for page in pages)


def braille_brf(text: str, *, language: str) -> Output:
    """ASCII braille for embossers: 40 cells a line, 25 lines a page."""
    lines = _translate(text, language=language, display=BRF_DISPLAY)
    wrapped = [part for line in lines for part in wrap_cells(line, BRF_CELLS)]
    brf = paginate(wrapped)
    if any(not (32 <= ord(c) < 127 or c in "\r\n\f") for c in brf):
        raise GenerationError(LOU_TRANSLATE, "wrote characters that are not ASCII braille")
    return Output(brf.encode("ascii"), "text/plain; charset=us-ascii", "brf", LOU_TRANSLATE)


def braille_unicode(text: str, *, language: str) -> Output:
    """Unicode braille patterns for screen readers and refreshable displays; one line a
    paragraph (displays pan, so nothing is wrapped)."""
    lines = _translate(text, language=language, display=UNICODE_DISPLAY)
    body = "\n".join(line.replace(" ", "\u2800") for line in lines) + "\n"
    if any(not ("\u2800" <= c <= "\u28ff" or c == "\n") for c in body):
        raise GenerationError(LOU_TRANSLATE, "wrote characters that are not braille patterns")
    return Output(body.encode("utf-8"), "text/plain; charset=utf-8", "txt", LOU_TRANSLATE)


# --- Large print ---------------------------------------------------------------------------------


def render_large_print_html(title: str, text: str, *, language: str) -> str:
    """The HTML of the large-print version (its stylesheet sets the type)."""
    from django.template.loader import render_to_string

    paragraphs = [p for p in clean_text(text).split("\n\n") if p.strip()]
    return render_to_string(
        "accessible/large_print_pdf.html",
        {
            "title": clean_text(title),
            "paragraphs": [p.split("\n") for p in paragraphs],
            "language": language,
        },
    )


def large_print(title: str, text: str, *, language: str) -> Output:
    """A PDF in 18 pt sans-serif, high contrast, 1.5 line height, with title metadata."""
    try:
        from weasyprint import HTML  # heavy import, kept out of module load
    except (ImportError, OSError) as exc:
        # Not installed, or installed without its system libraries (OSError: Pango missing).
        logger.warning("WeasyPrint cannot be loaded: %s", exc)
        raise ToolMissing(WEASYPRINT) from exc
    html = render_large_print_html(title, text, language=language)
    try:
        # Tagged PDF: screen readers and reflow tools read the headings and paragraphs.
        pdf = bytes(HTML(string=html).write_pdf(pdf_tags=True))
    except Exception as exc:
        raise GenerationError(WEASYPRINT, str(exc)[:500]) from exc
    if pdf[:5] != b"%PDF-":
        raise GenerationError(WEASYPRINT, "did not write a PDF")
    return Output(pdf, "application/pdf", "pdf", WEASYPRINT)
