"""Data of the throwaway installation and the checks every fault test ends with.

Everything here runs in the suite's own process, after `django.setup()`, on the same SQLite
file the gunicorn servers use.
"""

from __future__ import annotations

import io
import sqlite3
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NIK = "3673011708900001"
DEMO_BODY = "kota-serang"
URL = "/api/v1/requests/"


@dataclass
class Result:
    """What one fault test tried, what it measured and what was lost (must be nothing)."""

    id: str
    title: str
    tried: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.lost and not self.failed


def install() -> None:
    """Migrate and load the demo bodies, units and accounts."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddemo", verbosity=0, stdout=io.StringIO())


def citizens(prefix: str, count: int) -> list[str]:
    """Create `count` citizens, each with an API token; return the tokens."""
    from terbuka.accounts.models import User
    from terbuka.accounts.services import api_token_create

    tokens = []
    for i in range(count):
        user = User.objects.create_user(
            email=f"{prefix}-{i}-{uuid.uuid4().hex[:6]}@example.test", full_name=f"Warga {i}"
        )
        tokens.append(api_token_create(user=user, actor=user)[1])
    return tokens


def session_cookie(email: str) -> str:
    """Sign a demo user in (as the test client does); return the Cookie header."""
    from django.conf import settings
    from django.test import Client

    from terbuka.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def units(count: int) -> list[tuple[str, str]]:
    """(body slug, unit slug) of `count` active units of the demo body."""
    from terbuka.bodies.models import Unit

    rows = Unit.objects.filter(body__slug=DEMO_BODY, is_active=True).exclude(
        kind=Unit.Kind.PPID_UTAMA
    )
    return [
        (DEMO_BODY, slug) for slug in rows.order_by("pk").values_list("slug", flat=True)[:count]
    ]


def payload(n: int, unit: str | None = None, body: str = DEMO_BODY) -> dict[str, Any]:
    return {
        "body": body,
        "unit": unit,
        "requester": {
            "kind": "individual",
            "name": f"Pemohon {n}",
            "nik": NIK,
            "address": "Jl. Jenderal Sudirman No. 5, Serang",
            "phone": "081234567890",
            "email": f"pemohon-{n}@example.test",
        },
        "details": f"Salinan DPA tahun 2025, permohonan uji {n}.",
        "purpose": "Uji keandalan.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
    }


def request_problems(path: Path) -> list[str]:
    """Integrity, half-written requests, pending keys, duplicate or missing numbers of an
    SQLite file (read with plain sqlite3, so it works on crash snapshots and restored copies)."""
    problems: list[str] = []
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        check = [str(r[0]) for r in conn.execute("PRAGMA integrity_check").fetchall()]
        if check != ["ok"]:
            problems.append(f"integrity_check: {check[:3]}")
        (half,) = conn.execute(
            "SELECT count(*) FROM inforequests_informationrequest r WHERE NOT EXISTS (SELECT 1 "
            "FROM inforequests_requestevent e WHERE e.request_id = r.id "
            "AND e.kind IN ('submitted', 'recorded'))"
        ).fetchone()
        if half:
            problems.append(f"{half} requests without their creation event")
        (pending,) = conn.execute(
            "SELECT count(*) FROM inforequests_idempotencykey WHERE request_id IS NULL"
        ).fetchone()
        if pending:
            problems.append(f"{pending} idempotency keys left pending (no request)")
        seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
        for body, year, seq in conn.execute(
            "SELECT body_id, registration_year, registration_seq "
            "FROM inforequests_informationrequest"
        ):
            seqs[(body, year)].append(seq)
        counters = {
            (b, y): n
            for b, y, n in conn.execute(
                "SELECT body_id, year, last_seq FROM inforequests_registrationcounter"
            )
        }
        (dupes,) = conn.execute(
            "SELECT count(*) - count(DISTINCT registration_number) "
            "FROM inforequests_informationrequest"
        ).fetchone()
    for (body, year), values in seqs.items():
        values.sort()
        if len(values) != len(set(values)):
            problems.append(f"duplicate registration numbers in body {body}, {year}")
        if values != list(range(1, len(values) + 1)):
            missing = sorted(set(range(1, max(values) + 1)) - set(values))
            problems.append(f"numbers missing in body {body}, {year}: {missing[:10]}")
        if counters.get((body, year)) != len(values):
            problems.append(f"counter of body {body}, {year} is not {len(values)}")
    if dupes:
        problems.append(f"{dupes} duplicate registration number strings")
    return problems


def file_problems(path: Path, private_root: Path) -> list[str]:
    """Identity files referenced but missing or empty, and files no row refers to."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        names = {
            n
            for row in conn.execute(
                "SELECT ktp_scan_name, power_of_attorney_name FROM accounts_requesteridentity"
            )
            for n in row
            if n
        }
    problems = []
    for name in sorted(names):
        file = private_root / name
        if not file.is_file() or file.stat().st_size == 0:
            problems.append(f"identity file {name} missing or empty")
    on_disk = (
        {p.relative_to(private_root).as_posix() for p in private_root.rglob("*") if p.is_file()}
        if private_root.is_dir()
        else set()
    )
    orphans = on_disk - names
    if orphans:
        problems.append(f"{len(orphans)} files no row refers to: {sorted(orphans)[:3]}")
    return problems


def count(path: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return int(conn.execute(sql).fetchone()[0])


def database_path() -> Path:
    from django.db import connection

    return Path(str(connection.settings_dict["NAME"]))
