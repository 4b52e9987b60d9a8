from __future__ import annotations

import itertools
from collections import defaultdict

import pytest
from django.core.management import CommandError
from django.db import connection, models, transaction

from terbuka.accounts.models import RequesterIdentity
from terbuka.accounts.nik import parse_nik
from terbuka.bodies.models import PublicBody, Unit
from terbuka.core import crypto
from terbuka.inforequests.models import (
    InformationRequest,
    RegistrationCounter,
    RequestEvent,
    WrittenNotice,
)
from terbuka.inforequests.states import TRANSITIONS, Status
from terbuka.monev.models import HistoricalResult, Result
from terbuka.objections.models import Objection, ObjectionCounter
from terbuka.objections.states import OBJECTION_TRANSITIONS, ObjectionStatus
from terbuka.registry.models import DocumentVersion
from terbuka.reports import facts
from terbuka.reports.models import MonthlyStat, RequestFact
from terbuka.search import selectors as search_selectors
from terbuka.synth.tests.worlds import NOTICE_STATUSES, generate_tiny
from terbuka.synth.text import WORDS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tiny_storage")]


def test_counts_follow_the_plan(tiny: str) -> None:
    assert PublicBody.objects.filter(slug__startswith="sintetis-").count() == 2
    assert Unit.objects.filter(body__slug__startswith="sintetis-").count() == 30
    assert InformationRequest.objects.count() == 400
    assert RequestFact.objects.count() == 400
    assert WrittenNotice.objects.exists()
    assert Objection.objects.exists()
    assert Result.objects.exists()
    assert HistoricalResult.objects.count() == Result.objects.count()
    assert "Generated" in tiny
    assert "inforequests.InformationRequest" in tiny


def test_unit_tree_paths_are_materialised(tiny: str) -> None:
    units = {u.pk: u for u in Unit.objects.filter(body__slug__startswith="sintetis-")}
    for unit in units.values():
        if unit.parent_id is None:
            assert unit.kind == Unit.Kind.PPID_UTAMA
            assert unit.path == f"{unit.pk:08d}."
        else:
            parent = units[unit.parent_id]
            assert unit.path == f"{parent.path}{unit.pk:08d}."
            assert unit.depth == parent.depth + 1


def test_registration_numbers_are_unique_and_gap_free(tiny: str) -> None:
    seqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    numbers = set()
    for body, year, seq, number in InformationRequest.objects.order_by(
        "received_at", "pk"
    ).values_list("body_id", "registration_year", "registration_seq", "registration_number"):
        seqs[(body, year)].append(seq)
        numbers.add((body, number))
    assert len(numbers) == 400
    for key, issued in seqs.items():
        # Issued in order of receipt, from 1 with no gap.
        assert issued == list(range(1, len(issued) + 1)), key
    counters = {(c.body_id, c.year): c.last_seq for c in RegistrationCounter.objects.all()}
    assert counters == {key: len(issued) for key, issued in seqs.items()}
    objection_counters = {(c.body_id, c.year): c.last_seq for c in ObjectionCounter.objects.all()}
    for (body, year), last in objection_counters.items():
        issued = sorted(
            Objection.objects.filter(body_id=body, registration_year=year).values_list(
                "registration_seq", flat=True
            )
        )
        assert issued == list(range(1, last + 1))


def test_events_follow_the_state_machine(tiny: str) -> None:
    events: dict[int, list[RequestEvent]] = defaultdict(list)
    for event in RequestEvent.objects.order_by("occurred_at", "id"):
        events[event.request_id].append(event)
    noticed = set(WrittenNotice.objects.values_list("request_id", flat=True))
    seen_statuses = set()
    for request in InformationRequest.objects.all():
        timeline = events[request.pk]
        transitions = [e for e in timeline if e.to_status]
        assert transitions[0].from_status == ""
        assert transitions[0].to_status == Status.REGISTERED
        assert transitions[0].occurred_at == request.received_at
        for old, new in itertools.pairwise(transitions):
            assert new.from_status == old.to_status
            assert Status(new.to_status) in TRANSITIONS[Status(old.to_status)], (old, new)
        assert transitions[-1].to_status == request.status
        has_notice_event = any(e.kind == RequestEvent.Kind.NOTICE_ISSUED for e in timeline)
        assert has_notice_event == (request.pk in noticed)
        if request.status in NOTICE_STATUSES:
            assert request.pk in noticed
        if request.is_overdue:
            assert any(e.kind == RequestEvent.Kind.OVERDUE for e in timeline)
        if request.status in {Status.CLOSED, Status.FORWARDED, Status.WITHDRAWN, Status.LAPSED}:
            assert request.closed_at == timeline[-1].occurred_at
        seen_statuses.add(request.status)
    # The cut at the world's end leaves open requests beside decided ones.
    assert Status.CLOSED in seen_statuses
    assert seen_statuses - {Status.CLOSED, Status.FORWARDED, Status.WITHDRAWN, Status.LAPSED}


def test_objection_events_follow_their_state_machine(tiny: str) -> None:
    for objection in Objection.objects.prefetch_related("events"):
        statuses = [
            e for e in objection.events.order_by("occurred_at", "id") if e.subject == "objection"
        ]
        assert statuses[0].to_status == ObjectionStatus.RECEIVED
        for old, new in itertools.pairwise(statuses):
            assert (
                ObjectionStatus(new.to_status)
                in OBJECTION_TRANSITIONS[ObjectionStatus(old.to_status)]
            )
        assert statuses[-1].to_status == objection.status


def test_identity_fields_are_encrypted_at_rest(tiny: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, nik, address, phone FROM accounts_requesteridentity WHERE nik <> ''"
        )
        rows = cursor.fetchall()
    assert rows
    for pk, nik, address, phone in rows[:50]:
        for stored in (nik, address, phone):
            assert stored.startswith("gAAAAA")  # a Fernet token, never the clear value
        clear = crypto.decrypt_str(nik)
        parsed = parse_nik(clear)
        # Regency and district 99 were never issued: no real person has this NIK.
        assert (parsed.regency_code, parsed.district_code) == ("99", "99")
        assert RequesterIdentity.objects.get(pk=pk).nik == clear
        assert crypto.decrypt_str(phone).startswith("08000")


def test_facts_equal_what_refresh_computes(tiny: str) -> None:
    sample = list(InformationRequest.objects.order_by("?").values_list("pk", flat=True)[:120])
    before = MonthlyStat.objects.count()
    with transaction.atomic():
        assert facts.refresh(sample) == 0
        transaction.set_rollback(True)
    assert MonthlyStat.objects.count() == before > 0
    totals = MonthlyStat.objects.aggregate(models.Sum("received"))
    assert totals["received__sum"] == 400


def test_search_finds_generated_documents(tiny: str) -> None:
    version = DocumentVersion.objects.order_by("pk").first()
    assert version is not None
    rare = [w.strip(".").lower() for w in version.text.split()]
    rare = [w for w in dict.fromkeys(rare) if w.isalpha() and w not in WORDS][:3]
    page = search_selectors.search(q=" ".join(rare))
    assert ("document", version.document_id) in {(hit.type, hit.id) for hit in page.results}


def test_foreign_keys_hold(tiny: str) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite checks deferred keys only on demand")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        assert cursor.fetchall() == []


def test_a_second_run_refuses(tiny: str) -> None:
    with pytest.raises(CommandError, match="already exists"):
        generate_tiny()
