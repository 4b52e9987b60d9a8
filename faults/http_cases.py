"""Fault tests against gunicorn: F1 worker kills, F2 crash durability, F6 double submits,
F7 backup and restore during load, F12 soak."""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from faults.server import ROOT, Answer, call, csrf_form, post_json, serving
from faults.world import URL, Result, count, database_path, payload, request_problems

RETRYABLE = {409, 500, 502, 503, 504}


def _submit(port: int, token: str, key: str, body: dict[str, Any]) -> tuple[Answer | None, int]:
    """POST until a final answer, retrying with the same key; return (answer, retries)."""
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
    for attempt in range(60):
        try:
            answer = post_json(port, URL, body, headers)
        except OSError:
            answer = None
        if answer is not None and answer.status not in RETRYABLE:
            return answer, attempt
        time.sleep(0.05 + random.random() * 0.1)  # noqa: S311 - jitter, not security
    return None, 60


class Load:
    """Clients submitting requests with fresh keys until stopped; every answer kept."""

    def __init__(self, port: int, tokens: list[str], units: list[tuple[str, str]]) -> None:
        self.port, self.tokens, self.units = port, tokens, units
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.done: dict[str, tuple[int, str, int]] = {}  # key -> (id, number, client)
        self.payloads: dict[str, dict[str, Any]] = {}
        self.failures: list[str] = []
        self.retries = 0
        self.latencies: list[float] = []
        self.threads = [
            threading.Thread(target=self._client, args=(c,), daemon=True)
            for c in range(len(tokens))
        ]

    def __enter__(self) -> Load:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(120)

    def _client(self, c: int) -> None:
        n = 0
        while not self.stop.is_set():
            n += 1
            key = str(uuid.uuid4())
            body_slug, unit = self.units[(c + n) % len(self.units)]
            body = payload(c * 100_000 + n, unit, body_slug)
            began = time.perf_counter()
            answer, retries = _submit(self.port, self.tokens[c], key, body)
            with self.lock:
                self.retries += retries
                if answer is None:
                    self.failures.append(f"{key}: no final answer after retries")
                elif answer.status != 201:
                    self.failures.append(f"{key}: {answer.status} {answer.body[:200]!r}")
                else:
                    data = answer.json()
                    self.done[key] = (data["id"], data["registration_number"], c)
                    self.payloads[key] = body
                    self.latencies.append(time.perf_counter() - began)

    def acked(self) -> int:
        with self.lock:
            return len(self.done)


def replay(port: int, load: Load) -> list[str]:
    """POST every acknowledged key once more: each must answer the same request."""
    wrong = []
    for key, (pk, number, c) in list(load.done.items()):
        answer = post_json(
            port,
            URL,
            load.payloads[key],
            {"Authorization": f"Bearer {load.tokens[c]}", "Idempotency-Key": key},
        )
        if answer.status != 201 or answer.json()["id"] != pk:
            wrong.append(f"{key}: replay gave {answer.status} {answer.body[:120]!r}, not {pk}")
        elif answer.json()["registration_number"] != number:
            wrong.append(f"{key}: replay gave another number")
    return wrong


def _requests() -> int:
    return count(database_path(), "SELECT count(*) FROM inforequests_informationrequest")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- F1 --------------------------------------------------------------------------------------


def f1_kill_workers(ctx: Any) -> Result:
    result = Result("F1", "kill -9 a gunicorn worker mid-write; clients retry with the same key")
    kills_wanted = 8 if ctx.quick else 100
    tokens = ctx.citizens("f1", 8)
    before = _requests()
    kills = 0
    with serving(ctx.tmp, workers=2, name="f1") as server:
        with Load(server.port, tokens, ctx.units) as load:
            while kills < kills_wanted:
                time.sleep(random.uniform(0.05, 0.6))  # noqa: S311 - random kill points
                pids = server.workers()
                if pids:
                    os.kill(random.choice(pids), signal.SIGKILL)  # noqa: S311
                    kills += 1
            time.sleep(1.0)
        wrong = replay(server.port, load)
    created = _requests() - before
    result.tried.append(
        f"{kills} SIGKILLs of random workers (2 sync workers) at random points while 8 clients "
        f"posted; {load.acked()} requests acknowledged, {load.retries} retries"
    )
    result.figures.append(f"{created} requests created for {load.acked()} keys")
    result.lost += load.failures[:10]
    result.lost += wrong[:10]
    if created != load.acked():
        result.lost.append(f"{created} requests in the database for {load.acked()} keys")
    if len({pk for pk, _n, _c in load.done.values()}) != load.acked():
        result.lost.append("two keys answered with the same request")
    result.lost += request_problems(database_path())
    return result


# --- F2 --------------------------------------------------------------------------------------


def f2_crash_durability(ctx: Any) -> Result:
    result = Result("F2", "acknowledged commits survive kill -9 of the whole process group")
    rounds = 1 if ctx.quick else 10
    tokens = ctx.citizens("f2", 8)
    lost_total = acked_total = 0
    for r in range(rounds):
        snapshot = ctx.tmp / f"f2-crash-{r}"
        snapshot.mkdir()
        with (
            serving(ctx.tmp, workers=2, name=f"f2-{r}") as server,
            Load(server.port, tokens, ctx.units) as load,
        ):
            time.sleep(random.uniform(1.5, 3.0))  # noqa: S311
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(10)
            with load.lock:
                acked = dict(load.done)
            # The files as the crash left them, WAL and all (what a restart would open).
            db = database_path()
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{db}{suffix}")
                if source.exists():
                    shutil.copy2(source, snapshot / f"crash.sqlite3{suffix}")
        image = snapshot / "crash.sqlite3"
        ids = {pk for pk, _n, _c in acked.values()}
        import sqlite3

        with sqlite3.connect(image) as conn:
            present = {
                row[0] for row in conn.execute("SELECT id FROM inforequests_informationrequest")
            }
        missing = ids - present
        lost_total += len(missing)
        acked_total += len(ids)
        result.lost += request_problems(image)
        if missing:
            result.lost.append(f"round {r}: {len(missing)} acknowledged requests missing")
    result.tried.append(
        f"{rounds} rounds: 8 clients posting, SIGKILL to the gunicorn process group after "
        "1.5-3 s, the files copied as left and opened"
    )
    result.figures.append(f"{acked_total} acknowledged, {lost_total} missing after the crash")
    result.notes.append(
        "kill -9 keeps the OS page cache; power loss is what synchronous=FULL adds (each "
        "commit fsyncs the WAL), which a process kill cannot show."
    )
    return result


# --- F6 --------------------------------------------------------------------------------------


def f6_double_submits(ctx: Any) -> Result:
    result = Result("F6", "double submits: portal form and API")
    token = ctx.citizens("f6", 1)[0]
    auth = {"Authorization": f"Bearer {token}"}
    form_path = "/permohonan/ajukan/?badan=kota-serang"
    with serving(ctx.tmp, workers=2, name="f6") as server:
        port = server.port

        def together(*calls: Any) -> list[Any]:
            out: list[Any] = [None] * len(calls)
            barrier = threading.Barrier(len(calls))

            def run(i: int) -> None:
                barrier.wait()
                time.sleep(i * 0.03)  # the second click 30 ms after the first
                out[i] = calls[i]()

            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(60)
            return out

        # API: two POSTs within 100 ms with one key.
        before = _requests()
        key = str(uuid.uuid4())
        body = payload(600_001)
        first, second = together(
            lambda: post_json(port, URL, body, {**auth, "Idempotency-Key": key}),
            lambda: post_json(port, URL, body, {**auth, "Idempotency-Key": key}),
        )
        ids = {a.json()["id"] for a in (first, second) if a.status == 201}
        statuses = sorted([first.status, second.status])
        result.tried.append(f"API, 2 POSTs 30 ms apart, one key: {statuses}")
        if _requests() - before != 1 or len(ids) != 1 or statuses not in ([201, 201], [201, 409]):
            result.lost.append(f"API double POST: {statuses}, {_requests() - before} requests")

        # API retry after a client-side timeout: the first answer is never read.
        before = _requests()
        key = str(uuid.uuid4())
        body = payload(600_002)
        with contextlib.suppress(OSError):
            call(
                port,
                "POST",
                URL,
                body=json.dumps(body).encode(),
                headers={**auth, "Idempotency-Key": key, "Content-Type": "application/json"},
                timeout=0.005,
            )
        time.sleep(0.5)
        retry, _n = _submit(port, token, key, body)
        again, _n = _submit(port, token, key, body)
        ok = retry is not None and again is not None and retry.status == again.status == 201
        result.tried.append("API retry after a 5 ms client timeout, then once more")
        if not ok or _requests() - before != 1 or retry.json()["id"] != again.json()["id"]:  # type: ignore[union-attr]
            result.lost.append(f"API retry: {_requests() - before} requests")

        # A key reused with another body.
        other = post_json(
            port, URL, {**body, "details": "Isi lain."}, {**auth, "Idempotency-Key": key}
        )
        code = other.json().get("error", {}).get("code") if other.status < 500 else None
        result.tried.append(f"key reused with another body: {other.status} {code}")
        if other.status not in (409, 422) or code != "idempotency_key_reused":
            result.failed.append(f"reused key answered {other.status} {code}")

        # Portal form: double click, then back-and-resubmit.
        before = _requests()
        cookie, csrf = csrf_form(port, form_path, ctx.session("warga@demo.test"))
        fields = {
            "csrfmiddlewaretoken": csrf,
            "form_token": str(uuid.uuid4()),
            "identity": "baru",
            "unit": "",
            "details": "Salinan DPA Dinas Kesehatan tahun 2025 (uji klik ganda).",
            "purpose": "Uji keandalan.",
            "obtain_method": "salinan_softcopy",
            "delivery_method": "email",
            "pemohon-kind": "perorangan",
            "pemohon-full_name": "Warga Uji",
            "pemohon-nik": "3673011708900001",
            "pemohon-address": "Jl. Jenderal Sudirman No. 5, Serang",
            "pemohon-phone": "081234567890",
            "pemohon-email": "warga@demo.test",
        }
        form_headers = {
            "Cookie": cookie,
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}{form_path}",
        }
        encoded = urlencode(fields).encode()

        def post_form() -> Answer:
            return call(port, "POST", form_path, body=encoded, headers=form_headers)[1]

        a, b = together(post_form, post_form)
        resubmit = post_form()
        answers = [a, b, resubmit]
        places = {x.headers.get("location") for x in answers if x.status == 303}
        result.tried.append(
            "portal form, 2 POSTs 30 ms apart, then the same page posted again (back + "
            f"resubmit): {[x.status for x in answers]}"
        )
        if _requests() - before != 1 or len(places) != 1 or resubmit.status != 303:
            result.lost.append(
                f"portal double submit: {_requests() - before} requests, redirects {places}"
            )
    result.lost += request_problems(database_path())
    return result


# --- F7 --------------------------------------------------------------------------------------


def _terbuka(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str, float]:
    began = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "terbuka", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - began


def f7_backup_restore_drill(ctx: Any) -> Result:
    result = Result("F7", "backup during load, restore on a clean installation")
    tokens = ctx.citizens("f7", 4)
    seconds = 4 if ctx.quick else 30
    output = ctx.tmp / "f7-backups"
    with (
        serving(ctx.tmp, workers=2, name="f7") as server,
        Load(server.port, tokens, ctx.units) as load,
    ):
        time.sleep(seconds / 2)
        acked_before = load.acked()
        rc, out, backup_s = _terbuka(["backup", "--output", str(output)])
        acked_after_backup = load.acked()
        time.sleep(seconds / 2)
    if rc != 0:
        result.lost.append(f"terbuka backup failed: {out[-500:]}")
        return result
    backup = Path(out.strip().splitlines()[-1])
    clean = ctx.tmp / "f7-clean"
    env = {
        "DATABASE_URL": f"sqlite:///{clean / 'restored.sqlite3'}",
        "TERBUKA_MEDIA_ROOT": str(clean / "media"),
        "TERBUKA_PRIVATE_ROOT": str(clean / "private"),
    }
    clean.mkdir()
    rc, out, restore_s = _terbuka(["restore", str(backup)], env)
    if rc != 0:
        result.lost.append(f"terbuka restore failed: {out[-800:]}")
        return result
    restored_db = clean / "restored.sqlite3"
    restored = count(restored_db, "SELECT count(*) FROM inforequests_informationrequest")
    live = _requests()
    size = sum(p.stat().st_size for p in backup.iterdir())
    result.tried.append(
        f"{len(tokens)} clients posting for {seconds} s; `terbuka backup` at mid-run; "
        "`terbuka restore` into an empty SQLite file and empty folders"
    )
    result.figures += [
        f"backup {backup_s:.1f} s for {size / 1e6:.1f} MB while serving; restore {restore_s:.1f} s "
        f"(RTO here; at this rate 10 GB takes ~{10e9 / max(size / restore_s, 1) / 60:.0f} min)",
        f"restored {restored} requests of {live} now; {live - restored} written after the "
        "backup started = the RPO window (the time between backups, 24 h with a daily cron)",
        f"acknowledged while the backup ran: {acked_after_backup - acked_before}",
    ]
    result.notes += [line for line in out.strip().splitlines() if line.startswith("WARNING")]
    result.lost += request_problems(restored_db)
    if restored < acked_before:
        result.lost.append(
            f"restored {restored} requests, fewer than the {acked_before} acknowledged before"
        )
    return result


# --- F12 -------------------------------------------------------------------------------------


def _rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(match.group(1)) if match else 0


def f12_soak(ctx: Any) -> Result:
    result = Result("F12", "soak: steady request mix, error rate and worker RSS growth")
    seconds = ctx.soak_seconds
    token = ctx.citizens("f12", 1)[0]
    reads = ["/", "/b/kota-serang/", "/b/kota-serang/unit/", "/kalender/", "/permohonan/arsip/"]
    reads += ["/api/v1/calendar/working-days?start=2026-03-16&days=10"]
    counts = {"ok": 0, "error": 0, "writes": 0}
    failures: Counter[str] = Counter()
    lock = threading.Lock()
    stop = threading.Event()
    with serving(ctx.tmp, workers=1, name="f12") as server:
        port = server.port
        for url in reads * 20:  # warm caches and imports before the first RSS reading
            call(port, "GET", url)
        worker = server.workers()[0]
        rss_start = _rss_kb(worker)

        def client(c: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    if n % 10 == 0:  # one write in ten, at a steady pace (about half of B5)
                        answer = post_json(
                            port,
                            URL,
                            payload(900_000 + c * 100_000 + n),
                            {"Authorization": f"Bearer {token}", "Idempotency-Key": f"{c}-{n}"},
                        )
                        ok = answer.status == 201
                        kind = "writes"
                        what = f"POST {answer.status}"
                    else:
                        url = random.choice(reads)  # noqa: S311
                        status = call(port, "GET", url)[0]
                        ok = status in (200, 302)
                        kind = ""
                        what = f"GET {url} {status}"
                except OSError as exc:
                    ok = False
                    what = type(exc).__name__
                with lock:
                    counts["ok" if ok else "error"] += 1
                    if not ok:
                        failures[what] += 1
                    if kind and ok:
                        counts[kind] += 1
                time.sleep(0.02)

        threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join(30)
        rss_end = _rss_kb(worker) if worker in server.workers() else 0
    total = counts["ok"] + counts["error"]
    rate = counts["error"] / total if total else 1.0
    growth = (rss_end - rss_start) / rss_start if rss_start else 1.0
    result.tried.append(
        f"{seconds} s, 4 clients, 90% pages and API reads, 10% submissions ({counts['writes']}), "
        "1 sync worker"
    )
    result.figures.append(
        f"{total} requests ({total / seconds:.0f}/s), error rate {rate:.3%}; worker RSS "
        f"{rss_start / 1024:.0f} -> {rss_end / 1024:.0f} MB ({growth:+.1%})"
    )
    if failures:
        result.figures.append(f"failed answers: {dict(failures.most_common(8))}")
    if rate >= 0.001:
        result.failed.append(f"error rate {rate:.3%} >= 0.1%")
    if growth > 0.10:
        result.failed.append(f"RSS grew {growth:.1%} (> 10%)")
    result.lost += request_problems(database_path())
    return result
