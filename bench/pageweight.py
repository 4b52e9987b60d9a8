"""PW (page weight): the bytes a first visit to each main public page transfers, against a budget.

A first-time visitor on a cheap phone and a slow, metered connection pays for every byte: the
HTML, then each stylesheet, script and image it links. For each page (a body's home, a unit's
page, the DIP list, a DIP entry, search results, the request form, the public archive, the
statistics) the page is requested in process through the full middleware stack
(`django.test.Client`, `Accept-Encoding: gzip, br`), and every stylesheet, script, image and
icon it links (and every `url()` inside the stylesheets) is requested the same way from
WhiteNoise. Counted as transferred:
- HTML: the body as Django sends it. The settings have no `GZipMiddleware` (compressing
  per-request HTML next to CSRF tokens invites BREACH), so the HTML goes out uncompressed
  unless a proxy compresses it; its gzip size is recorded beside it as `html_gzip_bytes`.
- CSS, JS, SVG: gzip at level 9, as WhiteNoise's `CompressedManifestStaticFilesStorage`
  pre-compresses them in production and serves the `.gz` to any browser that accepts gzip
  (`bench/settings.py` skips the compression only to make the setup quicker). Browsers that
  accept Brotli get the smaller `.br`: the figure is an upper bound.
- Images and fonts: their bytes (already compressed formats).

Budgets: a page's first visit <= 150 KB (enforced); its HTML <= 14 KB (the first TCP
round trip's ten segments, so the page starts rendering after one round trip; a target:
recorded, shown with ✗ when over). A repeat visit costs the HTML only: static files carry
hashed names and a year's `Cache-Control`.

The pages show the Kota Serang demo with its requests, DIP, monev cycle and statistics (the
`loaddemo_*` commands are run when the DIP is empty). Run alone with `python -m bench.pageweight`
(throwaway SQLite, migrated, demo, collectstatic).
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import shutil
import signal
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from types import FrameType
from typing import Any
from urllib.parse import urljoin, urlsplit

KB = 1024
TOTAL_BUDGET = 150 * KB
HTML_TARGET = 14 * KB
COMPRESSED_TYPES = ("text/css", "javascript", "image/svg+xml", "application/json")
DEMO_BODY = "kota-serang"
DEMO_REQUESTER = "warga@demo.test"
SEARCH_QUERY = "informasi publik"


class _Assets(HTMLParser):
    """The URLs of what a browser fetches to show a page: stylesheets, scripts, images, icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        rel = values.get("rel", "").lower().split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel):
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img", "source") and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "img" and values.get("srcset"):
            self.urls.extend(part.split()[0] for part in values["srcset"].split(",") if part)


CSS_URL = re.compile(rb"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass
class Weight:
    """The transferred bytes of one page's first visit, by kind."""

    name: str
    url: str
    status: int = 0
    html: int = 0
    html_gzip: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: {"css": 0, "js": 0, "img": 0})
    files: list[tuple[str, int]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.html + sum(self.by_kind.values())


def _kind(content_type: str, path: str) -> str:
    if "css" in content_type or path.endswith(".css"):
        return "css"
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "js"
    return "img"


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    content: bytes = response.content
    return content


def _transferred(response: Any, body: bytes) -> int:
    """Bytes on the wire: as sent when encoded, else as WhiteNoise's pre-compressed copy."""
    if response.get("Content-Encoding"):
        return len(body)
    content_type = response.get("Content-Type", "")
    if any(kind in content_type for kind in COMPRESSED_TYPES):
        from whitenoise.compress import Compressor  # type: ignore[import-untyped]

        return len(Compressor.compress_gzip(body))
    return len(body)


def measure_page(client: Any, name: str, url: str) -> Weight:
    """Request a page and everything it links, once each, and add up the bytes."""
    weight = Weight(name, url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    weight.status = response.status_code
    if response.status_code != 200:
        return weight
    html = _body(response)
    weight.html = len(html)
    weight.html_gzip = len(gzip.compress(html, 6))
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    queue = [urljoin(url, u) for u in parser.urls if u and not u.startswith("data:")]
    seen: set[str] = set()
    while queue:
        asset = queue.pop(0)
        parts = urlsplit(asset)
        if parts.netloc not in ("", "testserver") or asset in seen:
            continue  # another origin: nothing of the site's own; none linked today
        seen.add(asset)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        answer = client.get(path, HTTP_ACCEPT_ENCODING="gzip, br")
        if answer.status_code != 200:
            weight.missing.append(f"{path} ({answer.status_code})")
            continue
        body = _body(answer)
        size = _transferred(answer, body)
        kind = _kind(answer.get("Content-Type", ""), parts.path)
        weight.by_kind[kind] += size
        weight.files.append((parts.path, size))
        if kind == "css":
            queue.extend(
                urljoin(path, ref.decode())
                for ref in CSS_URL.findall(body)
                if not ref.startswith(b"data:")
            )
    return weight


# The demo's content beyond the bodies and units: what the public pages show (the same set the
# QA world loads, terbuka/qa/world.py). Each command is idempotent.
DEMO_COMMANDS = (
    "loaddemo_requests",
    "loaddemo_dip",
    "loaddemo_monev",
    "loaddemo_reports",
)


def load_content() -> None:
    """Load the demo's requests, DIP, monev and statistics unless a DIP is already there."""
    from django.core.management import call_command
    from django.utils import timezone

    from terbuka.calendars.services import holidays_seed
    from terbuka.registry.models import InformationEntry

    if InformationEntry.objects.filter(body__slug=DEMO_BODY).exists():
        return
    year = timezone.localdate().year
    holidays_seed(years=[year - 1, year, year + 1])
    for command in DEMO_COMMANDS:
        call_command(command, stdout=io.StringIO())


def public_pages() -> list[tuple[str, str, bool]]:
    """The measured pages as (name, URL, needs a signed-in requester)."""
    from django.urls import reverse

    from terbuka.bodies.models import Unit
    from terbuka.registry.models import InfoClass, InformationEntry
    from terbuka.registry.states import EntryStatus

    unit = Unit.objects.filter(body__slug=DEMO_BODY, kind=Unit.Kind.KELURAHAN).first()
    entry = (
        InformationEntry.objects.filter(body__slug=DEMO_BODY, status=EntryStatus.PUBLISHED)
        .exclude(info_class=InfoClass.DIKECUALIKAN)
        .order_by("number")
        .first()
    )
    if unit is None or entry is None:
        raise SystemExit("The demo has no kelurahan or published DIP entry: did loaddemo run?")
    return [
        ("body home", reverse("portal:body-detail", args=[DEMO_BODY]), False),
        ("unit page", reverse("portal:unit-detail", args=[DEMO_BODY, unit.slug]), False),
        ("DIP list", reverse("registry:body", args=[DEMO_BODY]), False),
        ("DIP entry", reverse("registry:entry", args=[DEMO_BODY, entry.number]), False),
        ("search results", reverse("search:index") + "?q=" + SEARCH_QUERY.replace(" ", "+"), False),
        ("request form", reverse("inforequests:create"), True),
        ("archive", reverse("inforequests:archive"), False),
        ("statistics", reverse("stats:body", args=[DEMO_BODY]), False),
    ]


def _kb(size: int) -> str:
    return f"{size / KB:.1f} KB"


def _row(weight: Weight) -> dict[str, Any]:
    kinds = weight.by_kind
    return {
        "id": "PW",
        "name": f"page weight, first visit: {weight.name}",
        "baseline": f"budget {_kb(TOTAL_BUDGET)}",
        "app": (
            f"HTML {_kb(weight.html)} (gzip {_kb(weight.html_gzip)}) + CSS {_kb(kinds['css'])}"
            f" + JS {_kb(kinds['js'])} + img {_kb(kinds['img'])} = {_kb(weight.total)}"
        ),
        "ratio": f"{weight.total / TOTAL_BUDGET:.2f}x budget",
        "checks": [
            {
                "label": f"200, every linked file found ({weight.status})",
                "ok": weight.status == 200 and not weight.missing,
                "enforced": True,
            },
            {
                "label": f"total <= {TOTAL_BUDGET // KB} KB",
                "ok": weight.total <= TOTAL_BUDGET,
                "enforced": True,
            },
            {
                "label": f"HTML <= {HTML_TARGET // KB} KB",
                "ok": weight.html <= HTML_TARGET,
                "enforced": False,
            },
        ],
        "values": {
            "total_bytes": weight.total,
            "html_bytes": weight.html,
            "html_gzip_bytes": weight.html_gzip,
            "css_bytes": kinds["css"],
            "js_bytes": kinds["js"],
            "img_bytes": kinds["img"],
            "repeat_visit_bytes": weight.html,
        },
    }


def bench_pageweight(*, quick: bool = False) -> list[dict[str, Any]]:
    """Measure every page (the same work with or without `--quick`: one request each)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    load_content()
    anonymous = Client()
    requester = Client()
    user = get_user_model().objects.filter(email=DEMO_REQUESTER).first()
    if user is None:
        raise SystemExit(f"The demo has no {DEMO_REQUESTER}: did loaddemo run?")
    requester.force_login(user)
    rows = []
    for name, url, signed_in in public_pages():
        weight = measure_page(requester if signed_in else anonymous, name, url)
        if weight.missing:
            print(f"PW {name}: linked files not found: {', '.join(weight.missing)}")
        rows.append(_row(weight))
    return rows


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pageweight", description=__doc__)
    parser.parse_args(argv)
    from bench.setup_env import prepare_environment

    signal.signal(signal.SIGTERM, _terminate)
    tmp = prepare_environment()
    rows: list[dict[str, Any]] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        call_command("loaddemo", verbosity=0, stdout=io.StringIO())
        call_command("collectstatic", verbosity=0, interactive=False)
        rows = bench_pageweight()
        for row in rows:
            print(f"{row['id']}  {row['name']}: {row['app']} ({row['ratio']})")
            for check in row["checks"]:
                mark = "ok" if check["ok"] else "MISSED"
                target = "" if check["enforced"] else " (target)"
                print(f"     {check['label']}{target}: {mark}")
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    enforced = [c for row in rows for c in row["checks"] if c["enforced"]]
    return 0 if rows and all(c["ok"] for c in enforced) else 1


if __name__ == "__main__":
    sys.exit(main())
