"""Screenshots of the main pages on the Kota Serang demo, for the README (docs/screenshots/).

    .venv/bin/python -m terbuka.qa.screenshots [--out docs/screenshots] [--base-url URL]

It does what `make run` does in a throw-away folder (`terbuka setup` into a fresh SQLite
database under a temporary TERBUKA_VAR_DIR, then `terbuka runserver`), opens Debian's Chromium
through Playwright and saves each page at 360x800 (the whole page, up to four screens) and
1280x800 (the first screen) as <name>-360.png and <name>-1280.png. PNGs are reduced to a
palette of 256 colours or fewer, so each stays under 200 KB. Nothing is downloaded: Chromium is
/usr/bin/chromium (TERBUKA_CHROMIUM overrides). `--base-url` shoots a server already running
the demo instead (it publishes one of the demo citizen's requests in the public archive).
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TERBUKA_CHROMIUM", "/usr/bin/chromium")
BODY = "kota-serang"
CITIZEN = "warga@demo.test"
PASSWORD = "demo12345"  # noqa: S105 (the demo accounts' password, terbuka/bodies/demo.py)
WIDTHS = (360, 1280)
HEIGHT = 800
MAX_BYTES = 200_000
MAX_PHONE_HEIGHT = 3_200  # four screens: the long statistics page stops there


@dataclass(frozen=True)
class Shot:
    name: str
    title: str  # for the README
    # Opens the page on the signed-in or anonymous page; returns False when it does not exist.
    open: Callable[[Page, str], bool]
    signed_in: bool = False


def _goto(path: str) -> Callable[[Page, str], bool]:
    def open_(page: Page, base: str) -> bool:
        response = page.goto(base + path)
        return response is not None and response.ok

    return open_


def _first_link(path: str, selector: str) -> Callable[[Page, str], bool]:
    """Open a list page and follow its first link matching the selector."""

    def open_(page: Page, base: str) -> bool:
        response = page.goto(base + path)
        if response is None or not response.ok:
            return False
        link = page.locator(selector).first
        if link.count() == 0:
            return False
        href = link.get_attribute("href")
        if not href:
            return False
        response = page.goto(base + href if href.startswith("/") else href)
        return response is not None and response.ok

    return open_


def _search(page: Page, base: str) -> bool:
    response = page.goto(f"{base}/cari/?q=APBD&body={BODY}")
    return response is not None and response.ok


SHOTS: tuple[Shot, ...] = (
    Shot("home", "Beranda badan publik", _goto("/")),
    Shot("search", "Hasil pencarian", _search),
    Shot(
        "dip-entry",
        "Entri Daftar Informasi Publik",
        _first_link(f"/informasi/{BODY}/", f"main a[href^='/informasi/{BODY}/'][href$='/']"),
    ),
    Shot("request-form", "Formulir permohonan", _goto("/permohonan/ajukan/"), signed_in=True),
    Shot(
        "archive-request",
        "Permohonan di arsip publik",
        _first_link("/permohonan/arsip/", "main a[href^='/permohonan/arsip/'][href$='/']"),
    ),
    Shot("statistics", "Statistik layanan", _goto(f"/statistik/{BODY}/")),
    Shot(
        "monev-result",
        "Hasil monev keterbukaan",
        _first_link(f"/monev/{BODY}/", "main a[href^='/monev/hasil/']"),
    ),
    Shot("service-charter", "Standar layanan informasi", _goto(f"/layanan/{BODY}/")),
    Shot("my-area", "Ruang saya (pemohon)", _goto("/akun/saya/"), signed_in=True),
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def demo_server(var_dir: Path) -> Iterator[str]:
    """`terbuka setup` into var_dir, then `terbuka runserver`; yields the base URL."""
    env = {
        **os.environ,
        "TERBUKA_VAR_DIR": str(var_dir),
        "TERBUKA_DEBUG": "true",
        "TERBUKA_STAFF_MFA_REQUIRED": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "terbuka"]
    print(f"Loading the Kota Serang demo into {var_dir} (about a minute)...")
    subprocess.run(  # noqa: S603 (our own command, no outside input)
        [*command, "setup"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 (our own command, no outside input)
        [*command, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2):  # noqa: S310 (local)
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("the demo server did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


def _save(png: bytes, target: Path) -> int:
    """Write the screenshot as a palette PNG of 256 colours, fewer if it would pass 200 KB;
    return its size in bytes."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for colors in (256, 128, 64, 32):
        small = image.quantize(
            colors=colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        small.save(target, format="PNG", optimize=True)
        if target.stat().st_size <= MAX_BYTES:
            break
    return target.stat().st_size


def _publish_one_request(page: Page, base: str) -> None:
    """The demo has no request in the public archive: the demo citizen publishes one of
    theirs, as a requester may (the archive never shows their identity)."""
    page.goto(base + "/permohonan/saya/")
    hrefs = page.locator("main a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
        ".filter(h => /^\\/permohonan\\/\\d+\\/$/.test(h || ''))"
    )
    for href in dict.fromkeys(hrefs):
        page.goto(base + href)
        button = page.get_by_role("button", name="Terbitkan di arsip publik")
        if button.count():
            button.click()
            page.wait_for_load_state()
            return
    print("the demo citizen has no request to publish in the public archive")


def _screenshot(page: Page, width: int) -> bytes:
    """The first screen at desktop width; on a phone the whole page, up to MAX_PHONE_HEIGHT."""
    if width >= 400:
        return page.screenshot()
    height = page.evaluate("() => document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, MAX_PHONE_HEIGHT)}
    return page.screenshot(full_page=True, clip=clip)  # type: ignore[arg-type]


def _sign_in(page: Page, base: str) -> None:
    page.goto(base + "/akun/login/")
    page.locator("main input[type='email']").fill(CITIZEN)
    page.locator("main input[type='password']").first.fill(PASSWORD)
    page.locator("main form button[type='submit']").last.click()
    page.wait_for_load_state()


def take(base: str, out: Path) -> list[tuple[Shot, list[str]]]:
    """Every shot at every width; returns the shots taken with the file names written."""
    out.mkdir(parents=True, exist_ok=True)
    taken: list[tuple[Shot, list[str]]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        files: dict[str, list[str]] = {}
        for width in WIDTHS:
            # Signed in first: the citizen publishes a request the archive shot then shows.
            for signed_in in (True, False):
                context = browser.new_context(
                    locale="id-ID",
                    viewport={"width": width, "height": HEIGHT},
                    reduced_motion="reduce",
                )
                page = context.new_page()
                if signed_in:
                    _sign_in(page, base)
                    if width == WIDTHS[0]:
                        _publish_one_request(page, base)
                for shot in SHOTS:
                    if shot.signed_in != signed_in:
                        continue
                    if not shot.open(page, base):
                        print(f"skipped {shot.name} at {width}px: the page does not exist")
                        continue
                    page.wait_for_load_state("networkidle")
                    name = f"{shot.name}-{width}.png"
                    size = _save(_screenshot(page, width), out / name)
                    flag = "" if size <= MAX_BYTES else "  (over 200 KB)"
                    print(f"{name}: {size // 1024} KB{flag}")
                    files.setdefault(shot.name, []).append(name)
                context.close()
        browser.close()
    for shot in SHOTS:
        if shot.name in files:
            taken.append((shot, files[shot.name]))
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--base-url", help="use a running server instead of starting the demo")
    args = parser.parse_args(argv)
    if args.base_url:
        take(args.base_url.rstrip("/"), args.out)
        return 0
    with (
        tempfile.TemporaryDirectory(prefix="terbuka-shots-") as var_dir,
        demo_server(Path(var_dir)) as base,
    ):
        take(base, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
