"""F3: the disk fills up during submissions and uploads.

On a 64 MB tmpfs mounted for the test when the machine allows `mount` (root with
CAP_SYS_ADMIN); otherwise simulated with RLIMIT_FSIZE on the gunicorn processes (writes past
the limit fail with EFBIG instead of ENOSPC), which the report then says.
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from faults.server import ROOT, Answer, call, csrf_form, multipart, post_json, serving
from faults.world import URL, Result, count, database_path, file_problems, payload, request_problems

FORM = "/permohonan/ajukan/?badan=kota-serang"


def _png() -> bytes:
    # A valid 1x1 PNG padded with an ancillary chunk to ~300 KB, like a phone's KTP photo.
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00\x00\x00\x00")
    pad = chunk(b"tEXt", b"Comment\x00" + os.urandom(150_000).hex().encode())
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + pad
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def form_with_ktp(ctx: Any, port: int, email: str = "warga@demo.test") -> Answer:
    """Post the portal request form with a new identity and a KTP scan."""
    cookie, csrf = csrf_form(port, FORM, ctx.session(email))
    fields = {
        "csrfmiddlewaretoken": csrf,
        "form_token": str(uuid.uuid4()),
        "identity": "baru",
        "unit": "",
        "details": f"Salinan DPA tahun 2025 (uji unggah {uuid.uuid4().hex[:6]}).",
        "purpose": "Uji keandalan.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
        "pemohon-kind": "perorangan",
        "pemohon-full_name": "Warga Uji",
        "pemohon-nik": "3673011708900001",
        "pemohon-address": "Jl. Jenderal Sudirman No. 5, Serang",
        "pemohon-phone": "081234567890",
        "pemohon-email": email,
    }
    body, ctype = multipart(fields, {"pemohon-ktp_scan": ("ktp.png", "image/png", _png())})
    headers = {"Cookie": cookie, "Content-Type": ctype, "Referer": f"http://127.0.0.1:{port}{FORM}"}
    return call(port, "POST", FORM, body=body, headers=headers, timeout=60)[1]


def _mount(path: Path) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(path)],  # noqa: S607
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def _fill(path: Path) -> int:
    """Write a filler file until the file system refuses; return its size."""
    written = 0
    with (path / "filler").open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
                written += 65536
        except OSError:
            pass
    return written


def _sweep_orphans(env: dict[str, str]) -> tuple[int, str]:
    """Run `terbuka files_sweep --older-than 0` (a dry run) on the installation; return the
    number of stored files no row names and the command's summary line."""
    done = subprocess.run(
        [sys.executable, "-m", "terbuka", "files_sweep", "--older-than", "0"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    summary = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
    found = re.search(r"; (\d+) orphans", summary)
    return (int(found.group(1)) if found else -1), summary


def f8_storage_outage(ctx: Any) -> Result:
    """F8's storage part (faults/storage.py), registered next to F3's disk-full case."""
    from faults.storage import f8_storage_outage

    return f8_storage_outage(ctx)


def f3_disk_full(ctx: Any) -> Result:
    result = Result("F3", "disk full during submissions and uploads")
    mount = ctx.tmp / "f3-disk"
    mounted = _mount(mount)
    try:
        db = mount / "terbuka.sqlite3"
        with (
            closing(sqlite3.connect(database_path())) as source,
            closing(sqlite3.connect(db)) as copy,
        ):
            source.backup(copy)
        # The session and token must exist in the copy: make them before copying again.
        token = ctx.citizens("f3", 1)[0]
        ctx.session("warga@demo.test")
        with (
            closing(sqlite3.connect(database_path())) as source,
            closing(sqlite3.connect(db)) as copy,
        ):
            source.backup(copy)
        private = mount / "private"
        env = {
            "DATABASE_URL": f"sqlite:///{db}",
            "TERBUKA_MEDIA_ROOT": str(mount / "media"),
            "TERBUKA_PRIVATE_ROOT": str(private),
        }
        how = "a 64 MB tmpfs" if mounted else "RLIMIT_FSIZE (mount not allowed here)"
        if not mounted:
            os.environ["FAULTS_IGNORE_SIGXFSZ"] = "1"  # EFBIG instead of a killed worker
        statuses: dict[str, list[int]] = {"before": [], "full": [], "freed": []}

        def round_(phase: str, port: int, n: int) -> None:
            for i in range(n):
                answer = post_json(
                    port,
                    URL,
                    payload(300_000 + len(statuses[phase]) * 10 + i),
                    {"Authorization": f"Bearer {token}", "Idempotency-Key": str(uuid.uuid4())},
                )
                statuses[phase].append(answer.status)
                statuses[phase].append(form_with_ktp(ctx, port).status)

        with serving(ctx.tmp, workers=1, env=env, name="f3") as server:
            round_("before", server.port, 2)
            if mounted:
                filled = _fill(mount)
            else:
                filled = 0
                for pid in server.workers():  # lower the limit to what is written now
                    resource.prlimit(
                        pid, resource.RLIMIT_FSIZE, (db.stat().st_size, resource.RLIM_INFINITY)
                    )
            round_("full", server.port, 4)
            rows_full = count(db, "SELECT count(*) FROM inforequests_informationrequest")
            problems_full = request_problems(db) + file_problems(db, private)
            orphans_full, _summary = _sweep_orphans(env)
            with contextlib.suppress(FileNotFoundError):
                (mount / "filler").unlink()
            if not mounted:
                for pid in server.workers():
                    resource.prlimit(pid, resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY,) * 2)
            round_("freed", server.port, 2)
        orphans_after, summary_after = _sweep_orphans(env)
        result.tried.append(
            f"{how}: API submissions and portal forms with a 300 KB KTP scan; the disk filled "
            f"({filled / 1e6:.0f} MB of filler), then freed without a restart"
        )
        result.figures.append(
            f"answers before {statuses['before']}, disk full {statuses['full']}, "
            f"after freeing {statuses['freed']}; {rows_full} requests while full"
        )
        result.figures.append(
            f"stored files no row names (files_sweep over private and media storage): "
            f"{orphans_full} while full, {orphans_after} after freeing ({summary_after})"
        )
        if orphans_full or orphans_after:
            result.lost.append(
                f"orphan files: {orphans_full} while full, {orphans_after} after freeing"
            )
        full = statuses["full"]
        if any(s >= 500 and s not in (503, 507) for s in full):
            result.failed.append(f"disk full answered {sorted(set(full))}, not a friendly 503/507")
        if any(s not in (201, 303) for s in statuses["freed"]):
            result.failed.append(f"after freeing the disk: {statuses['freed']}")
        after = request_problems(db) + file_problems(db, private)
        result.lost += problems_full + [p for p in after if p not in problems_full]
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(mount)], check=False)  # noqa: S603, S607
        shutil.rmtree(mount, ignore_errors=True)
        os.environ.pop("FAULTS_IGNORE_SIGXFSZ", None)
    return result
