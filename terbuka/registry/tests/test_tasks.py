"""The DIP's daily job: exemptions that end go to review, reminders once per day."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from terbuka.notifications.models import OutboundEmail
from terbuka.registry import services, tasks
from terbuka.registry.models import ConsequenceTest
from terbuka.registry.states import ConsequenceStatus
from terbuka.registry.tests.factories import in_days, make_entry, test_values

pytestmark = pytest.mark.django_db


def test_update_reminders_before_and_after_due(
    body: Any,
    unit: Any,
    unit_officer: Any,
    ppid_utama: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    entry = make_entry(actor=unit_officer, body=body, unit=unit, update_every_months=1)
    services.entry_publish(entry=entry, actor=unit_officer)
    entry.refresh_from_db()
    due = entry.next_update_due_on
    assert due is not None
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.daily_run(due - timedelta(days=14))
    assert result.update_reminders == 2  # the unit's PPID Pelaksana and the PPID Utama
    with django_capture_on_commit_callbacks(execute=True):
        again = tasks.daily_run(due - timedelta(days=14))
    assert again.update_reminders == 0
    with django_capture_on_commit_callbacks(execute=True):
        late = tasks.daily_run(due + timedelta(days=3))
    assert late.update_reminders == 2
    subjects = set(OutboundEmail.objects.values_list("subject", flat=True))
    assert any("terlambat" in s for s in subjects)
    with django_capture_on_commit_callbacks(execute=True):
        quiet = tasks.daily_run(due - timedelta(days=5))
    assert quiet.update_reminders == 0


def test_exemption_reminders_and_review_due(
    body: Any, unit: Any, ppid_utama: Any, django_capture_on_commit_callbacks: Any
) -> None:
    test = services.consequence_test_create(
        actor=ppid_utama,
        body=body,
        unit=unit,
        **test_values(pasal17_letters=["a"], exempt_until=in_days(40), legal_basis="KUHAP"),
    )
    services.consequence_test_decide(
        test=test, actor=ppid_utama, decision_number="PPID/1", decision_date=in_days(0)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_run(in_days(10)).exemption_reminders == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_run(in_days(11)).exemption_reminders == 0
    with django_capture_on_commit_callbacks(execute=True):
        ended = tasks.daily_run(in_days(41))
    assert ended.review_due == 1
    test.refresh_from_db()
    assert test.status == ConsequenceStatus.REVIEW_DUE
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_run(in_days(42)).review_due == 0
    assert ConsequenceTest.objects.filter(status=ConsequenceStatus.REVIEW_DUE).count() == 1
