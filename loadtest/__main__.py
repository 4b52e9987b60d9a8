"""`python -m loadtest` (`make load`): the journey mix against two app servers behind a balancer.

Builds a throwaway installation (SQLite file, or a new PostgreSQL database with a `replica`
alias on the same database and the Redis cache when Redis answers), loads the demo, starts two
gunicorn servers (`--workers` sync workers each) behind the round-robin balancer of
`loadtest/balancer.py`, runs locust headless (`loadtest/locustfile.py`) and prints req/s and
p50/p95 per journey. It fails on any failed request, on a throughput below `--min-ratio` of the
target (visitors x pace), on a server that took no traffic, or when the requests filed are not
all in the database with unique registration numbers. Everything it started is stopped and the
database dropped on the way out. See docs/deployment.md for the figures.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

from bench.served import free_port, stop_group

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEMO_BODY = "kota-serang"
NIK = "3673011708900001"
READY_TIMEOUT_S = 60.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.split("\n")[0])
    parser.add_argument("--stack", choices=["sqlite", "pg"], default="sqlite")
    parser.add_argument("--users", type=int, default=20, help="concurrent visitors (default 20)")
    parser.add_argument("--seconds", type=int, default=30, help="load duration (default 30)")
    parser.add_argument("--pace", type=float, default=1.0, help="tasks per visitor per second")
    parser.add_argument("--servers", type=int, default=2, help="app servers (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--demo",
        choices=["full", "quick"],
        default="full",
        help="full: `terbuka setup` (the whole demo); quick: bodies, requests and DIP only",
    )
    parser.add_argument(
        "--min-ratio", type=float, default=0.8, help="fail below this share of the target req/s"
    )
    add_service_arguments(parser)
    return parser.parse_args(argv)


def add_service_arguments(parser: argparse.ArgumentParser, *, redis: bool = True) -> None:
    """`--pg-url`, `--redis-url` and `--skip-unreachable`, shared with `bench.scaleout` and
    `bench.jobs`."""
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("LOADTEST_PG_URL", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server for --stack pg (a database is created and dropped)",
    )
    if redis:
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
        )
    parser.add_argument(
        "--skip-unreachable",
        action="store_true",
        help="exit 0 with a message when PostgreSQL does not answer (CI)",
    )


# --- The installation --------------------------------------------------------------------------


def pg_reachable(url: str) -> str | None:
    """Return None when PostgreSQL answers at `url`, else the reason."""
    import psycopg

    try:
        with psycopg.connect(f"{url}/postgres", connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0]


def redis_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@contextmanager
def pg_database(url: str) -> Iterator[str]:
    """Create a throwaway database and drop it (closing its sessions) on the way out."""
    import psycopg

    name = f"terbuka_load_{os.getpid()}"
    with psycopg.connect(f"{url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{url}/{name}"
    finally:
        with suppress(psycopg.Error), psycopg.connect(f"{url}/postgres", autocommit=True) as c:
            c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def redis_prefix(url: str) -> Iterator[str]:
    """A key prefix of this run; its keys are deleted on the way out."""
    import redis

    prefix = f"terbuka-load-{os.getpid()}"
    try:
        yield prefix
    finally:
        with suppress(redis.RedisError):
            client = redis.Redis.from_url(url, socket_connect_timeout=1)
            for key in client.scan_iter(match=f"*{prefix}*", count=1000):
                client.delete(key)


def environment(tmp: Path, database_url: str, *, replica: bool, cache_url: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "loadtest.settings",
        "DATABASE_URL": database_url,
        "TERBUKA_DEBUG": "false",
        "TERBUKA_VAR_DIR": str(tmp),
        "TERBUKA_MEDIA_ROOT": str(tmp / "media"),
        "TERBUKA_PRIVATE_ROOT": str(tmp / "private"),
        "TERBUKA_STATIC_ROOT": str(tmp / "static"),
        "TERBUKA_SECRET_KEY": secrets.token_urlsafe(50),
        "TERBUKA_FIELD_KEYS": Fernet.generate_key().decode(),
        "TERBUKA_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "TERBUKA_SECURE_SSL_REDIRECT": "false",
        "TERBUKA_SECURE_COOKIES": "false",
        # Jobs run in the web process as on a single small machine with the worker idle; the
        # load is on the servers, not on e-mail.
        "TERBUKA_TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "TERBUKA_EMAIL_URL": "memorymail://",
        "TERBUKA_LOG_LEVEL": "ERROR",
        # Every visitor comes from 127.0.0.1: the per-IP limits would measure the limiter.
        "TERBUKA_RATE_LIMITS_ENABLED": "false",
        "TERBUKA_CACHE_URL": cache_url,
    }
    if replica:
        # A second alias on the same database: the routing runs under load (not replication).
        env["TERBUKA_DATABASE_REPLICA_URL"] = database_url
    if cache_url.startswith("redis"):
        env["TERBUKA_SESSION_ENGINE"] = "django.contrib.sessions.backends.cached_db"
    return env


def install(demo: str) -> float:
    """Migrate and load the demo in this process; return the seconds it took."""
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    out = io.StringIO()
    if demo == "full":
        call_command("setup", verbosity=0, stdout=out)
    else:
        from django.utils import timezone

        from terbuka.calendars.services import holidays_seed

        call_command("migrate", verbosity=0, interactive=False, stdout=out)
        year = timezone.localdate().year
        holidays_seed(years=[year - 1, year, year + 1])
        for command in ("loaddemo", "loaddemo_requests", "loaddemo_dip"):
            call_command(command, verbosity=0, stdout=out)
    return time.perf_counter() - started


def officer_cookie(email: str) -> tuple[str, str]:
    """Sign an officer in (TOTP enrolled, as production requires) and return the cookie."""
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client

    from terbuka.accounts.models import User

    user = User.objects.get(email=email)
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "load"}}
    )
    client = Client()
    client.force_login(user)
    return settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value


def fixture(users: int) -> dict[str, Any]:
    """The URLs, tokens and cookies of the journeys, each URL checked once in-process."""
    from django.test import Client
    from django.utils import timezone

    from terbuka.accounts.models import User
    from terbuka.accounts.services import api_token_create
    from terbuka.bodies.models import PublicBody, Unit
    from terbuka.inforequests.selectors import request_office_visible_to
    from terbuka.registry import selectors as registry_selectors

    body = PublicBody.objects.get(slug=DEMO_BODY)
    kelurahan = Unit.objects.filter(body=body, kind=Unit.Kind.KELURAHAN).first()
    entry = registry_selectors.entry_list_public(body).first()
    if kelurahan is None or entry is None:
        raise SystemExit("The demo has no kelurahan or no published DIP entry.")
    year = timezone.localdate().year
    portal = [
        ("home", "/"),
        ("unit list", f"/b/{DEMO_BODY}/unit/"),
        ("unit page", f"/b/{DEMO_BODY}/unit/{kelurahan.slug}/"),
        ("DIP", f"/informasi/{DEMO_BODY}/"),
        ("DIP entry", f"/informasi/{DEMO_BODY}/{entry.number}/"),
        ("search", "/cari/?q=anggaran"),
        ("search", "/cari/?q=kesehatan"),
        ("statistics", f"/statistik/{DEMO_BODY}/"),
        ("budget", f"/anggaran/{DEMO_BODY}/"),
        ("open data", "/data/"),
        ("calculator", "/kalender/"),
    ]
    api = [
        ("units", f"/api/v1/bodies/{DEMO_BODY}/units"),
        ("DIP entries", f"/api/v1/registry/entries?body={DEMO_BODY}"),
        ("search", "/api/v1/search?q=anggaran"),
        ("statistics", f"/api/v1/reports/statistics?body={DEMO_BODY}&year={year - 1}"),
    ]
    citizens = [
        User.objects.create_user(email=f"load-{i}@example.test", full_name=f"Warga Beban {i}")
        for i in range(max(1, min(users, 50)))
    ]
    tokens = [api_token_create(user=u, actor=u)[1] for u in citizens]
    officers = []
    for email in ("ppid-utama@demo.test", "pelaksana-dinkes@demo.test"):
        name, value = officer_cookie(email)
        officers.append({"email": email, "cookie_name": name, "cookie": value})
    for officer in officers:
        seen = request_office_visible_to(User.objects.get(email=officer["email"]))
        first = seen.order_by("pk").first()
        if first is None:
            raise SystemExit(f"{officer['email']} sees no information request in the demo.")
        officer["request_url"] = f"/kantor/permohonan/{first.pk}/"
    client = Client()
    for _label, url in [*portal, *api]:
        check(client.get(url), url)
    for officer in officers:
        officer_client = Client()
        officer_client.cookies[officer["cookie_name"]] = officer["cookie"]
        for url in ("/kantor/permohonan/", officer["request_url"]):
            check(officer_client.get(url), f"{officer['email']} {url}")
    payload = {
        "body": DEMO_BODY,
        "unit": None,
        "requester": {
            "kind": "individual",
            "name": "Pemohon Uji Beban",
            "nik": NIK,
            "address": "Jl. Contoh No. 3, Serang",
            "phone": "081200000002",
            "email": "pemohon@example.test",
        },
        "purpose": "Uji beban.",
        "obtain_method": "salinan_softcopy",
        "delivery_method": "email",
    }
    return {
        "portal": [(label, url, "</html>") for label, url in portal],
        "api": api,
        "tokens": tokens,
        "officers": officers,
        "request_payload": payload,
    }


def check(response: Any, what: str) -> None:
    if response.status_code != 200:
        raise SystemExit(f"Before the load, {what} answered {response.status_code}.")


def filed_numbers() -> tuple[int, int]:
    """Return (requests, distinct registration numbers) of the demo body."""
    from django.db.models import Count

    from terbuka.inforequests.models import InformationRequest

    found = InformationRequest.objects.filter(body__slug=DEMO_BODY).aggregate(
        n=Count("pk"), numbers=Count("registration_number", distinct=True)
    )
    return int(found["n"]), int(found["numbers"])


# --- Processes ---------------------------------------------------------------------------------


@contextmanager
def process(
    command: list[str], *, log: Path, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a command in its own process group; SIGTERM, then SIGKILL, the group at the end."""
    with open(log, "ab") as log_file:
        proc = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        stop_group(proc)


def gunicorn(port: int, workers: int, tmp: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--no-control-socket",
        "--worker-tmp-dir",
        str(tmp),
        "--log-level",
        "warning",
        "--graceful-timeout",
        "5",
        # Stops the server if this runner is killed outright.
        "--config",
        "python:bench.gunicorn_conf",
        "config.wsgi:application",
    ]


def wait_healthy(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"A server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        url = f"http://{HOST}:{port}/healthz"
        with suppress(OSError), urllib.request.urlopen(url, timeout=5) as r:
            if r.status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"http://{HOST}:{port}/healthz did not answer:\n{log.read_text()[-3000:]}")


# --- The run -----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="terbuka-load-"))
        stack.callback(shutil.rmtree, tmp, True)
        if args.stack == "pg":
            reason = pg_reachable(args.pg_url)
            if reason is not None:
                message = f"loadtest: PostgreSQL at {args.pg_url} is unreachable ({reason})"
                if args.skip_unreachable:
                    print(f"{message}: skipped.")
                    return 0
                print(f"{message}.", file=sys.stderr)
                return 2
            database_url = stack.enter_context(pg_database(args.pg_url))
        else:
            database_url = f"sqlite:///{tmp / 'load.sqlite3'}"
        cache_url = "locmemcache://terbuka-load"
        if args.stack == "pg" and redis_reachable(args.redis_url):
            prefix = stack.enter_context(redis_prefix(args.redis_url))
            cache_url = f"{args.redis_url}?key_prefix={prefix}"
        (tmp / "static").mkdir()
        env = environment(tmp, database_url, replica=args.stack == "pg", cache_url=cache_url)
        os.environ.update(env)
        setup_s = install(args.demo)
        data = fixture(args.users)
        before, _ = filed_numbers()
        from django.db import connections

        connections.close_all()
        fixture_path, summary_path = tmp / "fixture.json", tmp / "summary.json"
        fixture_path.write_text(json.dumps(data))
        child_env = {**os.environ}

        ports = [free_port() for _ in range(args.servers)]
        servers = []
        for i, port in enumerate(ports):
            log = tmp / f"gunicorn-{i}.log"
            proc = stack.enter_context(
                process(gunicorn(port, args.workers, tmp), log=log, env=child_env)
            )
            servers.append((port, proc, log))
        for port, proc, log in servers:  # booting side by side
            wait_healthy(port, proc, log)
        lb_port = free_port()
        lb_log = tmp / "balancer.log"
        balancer = stack.enter_context(
            process(
                [sys.executable, "-m", "loadtest.balancer", str(lb_port), *map(str, ports)],
                log=lb_log,
                env=child_env,
            )
        )
        wait_healthy(lb_port, balancer, lb_log)
        ready_s = time.perf_counter() - started

        print(
            f"loadtest: {args.stack}, {args.servers} servers x {args.workers} sync workers behind "
            f"a round-robin balancer, cache {cache_url.split('?')[0]}"
            f"{', replica alias' if args.stack == 'pg' else ''}; {args.users} visitors x "
            f"{args.pace:g} task/s for {args.seconds} s (ready in {ready_s:.0f} s, demo "
            f"{setup_s:.0f} s)",
            flush=True,
        )
        locust = subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(max(1, args.users // 3)),
                "--run-time",
                f"{args.seconds}s",
                "--host",
                f"http://{HOST}:{lb_port}",
                "--only-summary",
                "--stop-timeout",
                "5",
                "--loglevel",
                "ERROR",
            ],
            cwd=ROOT,
            env={
                **child_env,
                "LOADTEST_FIXTURE": str(fixture_path),
                "LOADTEST_SUMMARY": str(summary_path),
                "LOADTEST_PACE": str(args.pace),
            },
            capture_output=True,
            text=True,
            timeout=args.seconds + 120,
            check=False,
        )
        # Stop the balancer first: it prints how many connections each server took.
        os.killpg(balancer.pid, signal.SIGTERM)
        balancer.wait(timeout=10)
        lines = lb_log.read_text().strip().splitlines()
        per_server = json.loads(lines[-1]) if lines else {}
        if not summary_path.exists():
            print(locust.stdout[-3000:], locust.stderr[-3000:], sep="\n", file=sys.stderr)
            print("loadtest: FAIL (locust wrote no summary)", file=sys.stderr)
            return 1
        summary = json.loads(summary_path.read_text())
        after, numbers = filed_numbers()
        return report(args, summary, per_server, filed=after - before, unique=numbers == after)
    return 1


def report(
    args: argparse.Namespace,
    summary: dict[str, Any],
    per_server: dict[str, int],
    *,
    filed: int,
    unique: bool,
) -> int:
    rows = summary["rows"]
    print(f"{'journey':<9} {'requests':>8} {'failed':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7}")
    for name, row in rows.items():
        print(
            f"{name:<9} {row['requests']:>8} {row['failures']:>6} {row['rps']:>7.1f} "
            f"{row['p50']:>7.0f} {row['p95']:>7.0f}"
        )
    for error in summary["errors"][:10]:
        print(f"  error x{error['count']}: {error['name']}: {error['error'][:200]}")
    total = rows["total"]
    # Each task is one request, except filing (two): 0.08 extra per task.
    target = args.users * args.pace * 1.08
    ratio = total["rps"] / target if target else 0.0
    print(
        f"throughput {total['rps']:.1f} req/s of a target {target:.1f} ({ratio:.2f}); "
        f"connections per server {per_server}; requests filed {filed}"
    )
    problems = []
    if total["failures"]:
        problems.append(f"{total['failures']} failed requests")
    if ratio < args.min_ratio:
        problems.append(f"throughput below {args.min_ratio:.2f} of the target")
    if len(per_server) != args.servers or not all(per_server.values()):
        problems.append("a server took no traffic")
    if not unique:
        problems.append("registration numbers are not unique")
    if filed != summary.get("filed", filed):
        problems.append(f"{summary.get('filed')} filings answered 201 but {filed} are stored")
    if problems:
        print("loadtest: FAIL (" + "; ".join(problems) + ")")
        return 1
    print("loadtest: pass")
    return 0


def main() -> None:
    sys.exit(run(parse_args()))


if __name__ == "__main__":
    main()
