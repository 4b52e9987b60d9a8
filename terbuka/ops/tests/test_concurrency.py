"""Threaded fault tests cheap enough for CI (quality.md section 6): an online backup while
requests are written, F5 at 200 submissions, F6 two POSTs at once. `python -m faults` runs the
full versions against gunicorn.

They need a database threads can share (mark `threads`): PostgreSQL, or SQLite in a file
(terbuka/core/tests/test_threads_on_file_db.py runs them again in a subprocess for that); on the
in-memory test database they skip.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from django.db import connections
from django.test import Client
from django.utils import timezone

from terbuka.accounts.services import api_token_create
from terbuka.accounts.tests.factories import UserFactory
from terbuka.bodies.tests.factories import PublicBodyFactory, UnitFactory
from terbuka.inforequests.models import InformationRequest, RegistrationCounter, RequestEvent
from terbuka.ops.backup import backup_create, backup_restore
from terbuka.ops.tests.conftest import api_payload, file_request

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.threads]


SUBMISSIONS = 200
CLIENTS = 20
URL = "/api/v1/requests/"


def _threads(count: int, work: Any) -> list[BaseException]:
    """Run `work(i)` in `count` threads released together; return what they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return errors


def test_backup_while_requests_are_written_is_consistent(
    applicant: Any, body: Any, fresh_database: str, tmp_path: Path
) -> None:
    """Each backup taken while a writer files requests is one committed state."""
    stop = threading.Event()
    written: list[int] = []
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                written.append(file_request(applicant, body).pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    backups = []
    try:
        while len(written) < 5:
            time.sleep(0.05)
        for _ in range(3):
            backups.append(backup_create(output=tmp_path / "backups"))
            time.sleep(0.1)
    finally:
        stop.set()
        thread.join(60)
    assert errors == []
    backup_restore(backups[-1], using=fresh_database)
    restored = InformationRequest.objects.using(fresh_database)
    count = restored.count()
    assert 0 < count <= len(written)
    # One committed state: every request has its submission event and the counter agrees.
    assert RequestEvent.objects.using(fresh_database).filter(kind="submitted").count() == count
    counter = RegistrationCounter.objects.using(fresh_database).get(body=body)
    assert counter.last_seq == count
    assert sorted(restored.values_list("registration_seq", flat=True)) == list(range(1, count + 1))


def test_f5_concurrent_submissions_are_numbered_gap_free_per_body() -> None:
    """200 API submissions from 20 clients across 10 units of two bodies."""
    bodies = [PublicBodyFactory.create(slug=f"kota-f5-{b}") for b in range(2)]
    units = [
        UnitFactory.create(body=bodies[u % 2], slug=f"opd-{u}", name=f"OPD {u}") for u in range(10)
    ]
    tokens = [
        api_token_create(user=user, actor=user)[1]
        for user in (UserFactory.create(email=f"f5-{c}@example.test") for c in range(CLIENTS))
    ]
    statuses: list[int] = []

    def client(c: int) -> None:
        http = Client()
        for i in range(SUBMISSIONS // CLIENTS):
            unit = units[(c + i) % len(units)]
            response = http.post(
                URL,
                json.dumps(api_payload(unit.body.slug, unit.slug, n=c * 1000 + i)),
                content_type="application/json",
                headers={"Authorization": f"Bearer {tokens[c]}", "Idempotency-Key": f"{c}-{i}"},
            )
            statuses.append(response.status_code)

    assert _threads(CLIENTS, client) == []
    assert statuses == [201] * SUBMISSIONS
    year = timezone.localdate().year
    seqs: dict[int, list[int]] = defaultdict(list)
    for body_id, seq, number_year in InformationRequest.objects.values_list(
        "body_id", "registration_seq", "registration_year"
    ):
        assert number_year == year
        seqs[body_id].append(seq)
    assert {b: sorted(s) for b, s in seqs.items()} == {
        b.pk: list(range(1, SUBMISSIONS // 2 + 1)) for b in bodies
    }
    numbers = InformationRequest.objects.values_list("registration_number", flat=True)
    assert len(set(numbers)) == SUBMISSIONS


def test_f6_two_api_posts_at_once_with_one_key_file_one_request(applicant: Any, body: Any) -> None:
    _token, raw = api_token_create(user=applicant, actor=applicant)
    key = str(uuid.uuid4())
    answers: list[Any] = []

    def post(_i: int) -> None:
        answers.append(
            Client().post(
                URL,
                json.dumps(api_payload(body.slug)),
                content_type="application/json",
                headers={"Authorization": f"Bearer {raw}", "Idempotency-Key": key},
            )
        )

    assert _threads(2, post) == []
    assert InformationRequest.objects.count() == 1
    pk = InformationRequest.objects.get().pk
    for response in answers:
        # The loser of the race either waited and got the same request, or was told to retry.
        assert response.status_code in (201, 409), response.content
        if response.status_code == 201:
            assert response.json()["id"] == pk
    assert 201 in {r.status_code for r in answers}


def test_f6_double_click_on_the_portal_form_files_one_request(applicant: Any, body: Any) -> None:
    from terbuka.ops.tests.test_double_submit import form_data, form_url

    data = form_data()
    answers: list[Any] = []

    def post(_i: int) -> None:
        client = Client()
        client.force_login(applicant)
        answers.append(client.post(form_url(body), data))

    assert _threads(2, post) == []
    assert InformationRequest.objects.count() == 1
    pk = InformationRequest.objects.get().pk
    assert [r.status_code for r in answers] == [303, 303] or sorted(
        r.status_code for r in answers
    ) == [200, 303]
    for response in answers:
        if response.status_code == 303:
            assert response["Location"] == f"/permohonan/{pk}/"
