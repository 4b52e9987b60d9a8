"""The scale-out settings, the read-replica routing rule and the health check.

The replica tests run with a second database alias, `replica`, mirroring the test database (as
`TERBUKA_DATABASE_REPLICA_URL` does in production, where PostgreSQL streams the primary to it):
reads routed to it go through their own connection and see only committed rows.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, DatabaseError, close_old_connections, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django_tasks_db.models import DBTaskResult

from config.dbrouters import PRIMARY, REPLICA, PrimaryReplicaRouter, replica_reads
from terbuka.accounts.models import User
from terbuka.bodies.models import PublicBody
from terbuka.bodies.tests.factories import PublicBodyFactory
from terbuka.core.web import file_response
from terbuka.search.models import SearchEntry

ROOT = Path(__file__).resolve().parents[3]


def _add_replica_alias() -> None:
    """Declare `replica` as a test mirror of the default database before the test DB exists."""
    if REPLICA not in connections.settings:
        replica = copy.deepcopy(connections.settings[DEFAULT_DB_ALIAS])
        replica["TEST"]["MIRROR"] = DEFAULT_DB_ALIAS
        connections.settings[REPLICA] = replica


_add_replica_alias()

BOTH = [DEFAULT_DB_ALIAS, REPLICA]


@pytest.fixture
def routed() -> Iterator[None]:
    with override_settings(DATABASE_ROUTERS=["config.dbrouters.PrimaryReplicaRouter"]):
        yield


@contextmanager
def in_request(method: str, path: str) -> Iterator[None]:
    """Run the block as Django's handler runs a view: between request_started and _finished."""
    # As Django's test client does: closing "old" connections would end a test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ={"REQUEST_METHOD": method, "PATH_INFO": path})
        try:
            yield
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# --- The routing rule (decisions only, no database access) -----------------------------------


@pytest.mark.usefixtures("routed")
@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/statistik/kota-serang/", REPLICA),
        ("HEAD", "/cari/", REPLICA),
        ("GET", "/data/register.csv", REPLICA),
        ("GET", "/laporan/kota-serang/", REPLICA),
        ("GET", "/api/v1/reports/statistics", REPLICA),
        ("GET", "/api/v1/search", REPLICA),
        ("POST", "/cari/", PRIMARY),
        ("GET", "/", PRIMARY),
        ("GET", "/kantor/laporan/", PRIMARY),
        ("GET", "/permohonan/saya/", PRIMARY),
        ("GET", "/api/v1/requests/", PRIMARY),
    ],
)
def test_only_reads_of_the_read_mostly_paths_use_the_replica(
    method: str, path: str, expected: str
) -> None:
    with in_request(method, path):
        assert SearchEntry.objects.all().db == expected
        assert PublicBody.objects.all().db == expected


@pytest.mark.usefixtures("routed")
def test_reads_outside_a_request_use_the_primary() -> None:
    assert SearchEntry.objects.all().db == PRIMARY
    with in_request("GET", "/statistik/"):
        pass
    assert SearchEntry.objects.all().db == PRIMARY


@pytest.mark.usefixtures("routed")
@pytest.mark.parametrize("model", [Session, User, DBTaskResult])
def test_sessions_accounts_and_the_task_queue_never_read_the_replica(model: Any) -> None:
    with in_request("GET", "/statistik/"), replica_reads():
        assert model.objects.all().db == PRIMARY


@pytest.mark.usefixtures("routed")
def test_after_a_write_the_rest_of_the_request_reads_the_primary() -> None:
    with in_request("GET", "/cari/"):
        assert SearchEntry.objects.all().db == REPLICA
        assert PrimaryReplicaRouter().db_for_write(PublicBody) == PRIMARY
        assert SearchEntry.objects.all().db == PRIMARY
        assert PublicBody.objects.all().db == PRIMARY
    with in_request("GET", "/cari/"):
        assert SearchEntry.objects.all().db == REPLICA  # a new request starts afresh


@pytest.mark.usefixtures("routed")
def test_replica_reads_opts_a_block_in_and_writes_still_go_to_the_primary() -> None:
    with replica_reads():
        assert SearchEntry.objects.all().db == REPLICA
        assert PrimaryReplicaRouter().db_for_write(SearchEntry) == PRIMARY
        assert SearchEntry.objects.all().db == PRIMARY
    assert SearchEntry.objects.all().db == PRIMARY


def test_the_replica_never_receives_migrations() -> None:
    router = PrimaryReplicaRouter()
    assert router.allow_migrate(REPLICA, "search") is False
    assert router.allow_migrate(PRIMARY, "search") is None


# --- The rule on a real mirror -----------------------------------------------------------------


@pytest.mark.usefixtures("routed")
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_public_statistics_page_reads_only_the_replica() -> None:
    PublicBodyFactory(name="Pemerintah Kota Cermin", slug="kota-cermin")
    client = Client()
    with (
        CaptureQueriesContext(connections[PRIMARY]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get("/statistik/")
    assert response.status_code == 200
    assert "Pemerintah Kota Cermin" in response.content.decode()  # committed rows are mirrored
    assert len(replica.captured_queries) > 0
    assert primary.captured_queries == []


@pytest.mark.usefixtures("routed")
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_search_ranks_and_reads_its_hits_on_the_replica() -> None:
    client = Client()
    with (
        CaptureQueriesContext(connections[PRIMARY]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = client.get("/cari/", {"q": "anggaran belanja"})
    assert response.status_code == 200
    sql = " ".join(q["sql"] for q in replica.captured_queries).lower()
    assert "search" in sql  # the ranking query itself ran on the replica
    assert primary.captured_queries == []


@pytest.mark.usefixtures("routed")
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_the_portal_home_and_the_health_check_read_only_the_primary() -> None:
    client = Client()
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert client.get("/").status_code in (200, 404)
        assert client.get("/healthz").status_code == 200
    assert replica.captured_queries == []


@pytest.mark.usefixtures("routed")
@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_a_read_inside_a_transaction_or_after_a_write_reads_what_was_written() -> None:
    from django.db import transaction

    with in_request("GET", "/statistik/"):
        with transaction.atomic():
            body = PublicBodyFactory.create(slug="kota-baru")
            assert PublicBody.objects.filter(slug="kota-baru").db == PRIMARY
            assert PublicBody.objects.filter(pk=body.pk).exists()  # uncommitted: primary only
        assert PublicBody.objects.filter(slug="kota-baru").exists()
        assert PublicBody.objects.all().db == PRIMARY


# --- The health check --------------------------------------------------------------------------


@pytest.mark.django_db
def test_health_check_answers_ok_with_one_query_and_no_cookie(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_health_check_answers_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError("down")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_health_check_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405


# --- Files off the local disk ------------------------------------------------------------------


def test_a_stored_file_is_served_from_storage_other_than_the_local_disk() -> None:
    storage = InMemoryStorage()
    name = storage.save("private/laporan.pdf", ContentFile(b"%PDF-1.7 isi"))
    response = file_response(
        storage.open(name), filename="laporan.pdf", content_type="application/pdf"
    )
    assert b"".join(response.streaming_content) == b"%PDF-1.7 isi"  # type: ignore[arg-type]
    assert response["Content-Disposition"].startswith("attachment")


def test_s3_storage_keeps_objects_private_and_signs_any_url() -> None:
    from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

    options = _settings_under(
        TERBUKA_STORAGE="s3",
        TERBUKA_S3_BUCKET="terbuka-media",
        TERBUKA_S3_ENDPOINT_URL="https://s3.example.test",
        TERBUKA_S3_ACCESS_KEY_ID="AKIAEXAMPLE",
        TERBUKA_S3_SECRET_ACCESS_KEY="secret-example",
        TERBUKA_S3_REGION="ap-southeast-3",
    )["storages"]["private"]["OPTIONS"]
    storage = S3Storage(**options)
    url = storage.url("ktp/1.jpg")  # signed locally, no request is sent
    assert url.startswith("https://s3.example.test/terbuka-media/private/ktp/1.jpg?")
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url
    assert storage.default_acl is None
    assert storage.file_overwrite is False


# --- Settings, read in a clean environment -----------------------------------------------------

_DUMP = (
    "import json, django; django.setup(); from django.conf import settings as s;"
    "print(json.dumps({'databases': s.DATABASES, 'routers': s.DATABASE_ROUTERS,"
    " 'caches': s.CACHES, 'session': s.SESSION_ENGINE, 'storages': s.STORAGES}, default=str))"
)


def _settings_under(**env: str) -> dict[str, Any]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TERBUKA_", "DJANGO_", "DATABASE_URL", "AWS_"))
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", _DUMP],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "TERBUKA_DEBUG": "true",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        raise AssertionError(result.stderr)
    loaded: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_defaults_stay_single_machine(tmp_path: Path) -> None:
    found = _settings_under(TERBUKA_VAR_DIR=str(tmp_path))
    assert list(found["databases"]) == ["default"]
    assert found["databases"]["default"]["ENGINE"] == "terbuka.core.sqlite"  # SQLite, fair writes
    assert found["routers"] == []
    assert found["caches"]["default"]["BACKEND"].endswith("LocMemCache")
    assert found["session"] == "django.contrib.sessions.backends.db"
    assert found["storages"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert found["storages"]["private"]["BACKEND"].endswith("FileSystemStorage")


def test_scale_out_variables_configure_replica_redis_and_s3(tmp_path: Path) -> None:
    found = _settings_under(
        TERBUKA_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://terbuka@db-primary:5432/terbuka",
        TERBUKA_DATABASE_REPLICA_URL="postgres://terbuka_ro@db-replica:5432/terbuka",
        TERBUKA_CACHE_URL="redis://127.0.0.1:6379/1",
        TERBUKA_SESSION_ENGINE="django.contrib.sessions.backends.cached_db",
        TERBUKA_STORAGE="s3",
        TERBUKA_S3_BUCKET="terbuka-media",
        TERBUKA_S3_PRIVATE_BUCKET="terbuka-private",
    )
    replica = found["databases"]["replica"]
    assert replica["HOST"] == "db-replica"
    assert replica["USER"] == "terbuka_ro"
    assert replica["TEST"]["MIRROR"] == "default"
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert found["routers"] == ["config.dbrouters.PrimaryReplicaRouter"]
    cache = found["caches"]["default"]
    assert cache["BACKEND"] == "terbuka.core.cache.ResilientRedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/1"
    assert cache["OPTIONS"] == {"socket_connect_timeout": 1, "socket_timeout": 1}
    assert found["session"] == "django.contrib.sessions.backends.cached_db"
    storages = found["storages"]
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storages["default"]["OPTIONS"]["bucket_name"] == "terbuka-media"
    assert storages["default"]["OPTIONS"]["location"] == "media"
    assert storages["private"]["OPTIONS"]["bucket_name"] == "terbuka-private"
    assert storages["private"]["OPTIONS"]["location"] == "private"
    for name in ("default", "private"):
        assert storages[name]["OPTIONS"]["default_acl"] is None
        assert storages[name]["OPTIONS"]["querystring_auth"] is True
    assert storages["staticfiles"]["BACKEND"].startswith("django.contrib.staticfiles")


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TERBUKA_STORAGE": "s3"}, "TERBUKA_S3_BUCKET is required"),
        ({"TERBUKA_STORAGE": "nfs"}, "TERBUKA_STORAGE must be local or s3"),
    ],
)
def test_a_storage_misconfiguration_stops_the_start(
    tmp_path: Path, env: dict[str, str], message: str
) -> None:
    with pytest.raises(AssertionError, match=message):
        _settings_under(TERBUKA_VAR_DIR=str(tmp_path), **env)


@pytest.mark.skipif(
    os.environ.get("TERBUKA_TEST_REDIS_URL") is None and not Path("/usr/bin/redis-cli").exists(),
    reason="no local Redis",
)
def test_the_redis_cache_works_with_a_local_redis(tmp_path: Path) -> None:
    url = os.environ.get("TERBUKA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    code = (
        "import django; django.setup(); from django.core.cache import cache;"
        "cache.set('terbuka-scaleout-test', {'n': 1}, 5);"
        "print(cache.get('terbuka-scaleout-test')); cache.delete('terbuka-scaleout-test')"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TERBUKA_", "DJANGO_"))}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "TERBUKA_DEBUG": "true",
            "TERBUKA_VAR_DIR": str(tmp_path),
            "TERBUKA_CACHE_URL": url,
        },
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if "Connection refused" in result.stderr or "Error 111" in result.stderr:
        pytest.skip(f"Redis at {url} does not answer")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "{'n': 1}"
