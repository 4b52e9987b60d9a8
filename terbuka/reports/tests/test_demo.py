"""The statistics demo: a deterministic register of past years, loaded once, in the sums."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from terbuka.bodies.models import PublicBody
from terbuka.inforequests.models import InformationRequest
from terbuka.reports.figures import Period, league, service_figures
from terbuka.reports.models import MonthlyStat, ReportNarrative, StatsQueue

pytestmark = pytest.mark.django_db


def test_the_statistics_demo_loads_once_and_fills_the_sums() -> None:
    call_command("loaddemo", stdout=StringIO())
    call_command("loaddemo_requests", stdout=StringIO())
    out = StringIO()
    call_command("loaddemo_reports", stdout=out)
    assert "Statistics demo: 320 past requests, 1 report narrative(s)" in out.getvalue()
    body = PublicBody.objects.get(slug="kota-serang")
    total = InformationRequest.objects.filter(body=body).count()
    assert MonthlyStat.objects.aggregate(n=Sum("received"))["n"] == total
    assert not StatsQueue.objects.exists()
    last_year = timezone.localdate().year - 1
    figures = service_figures(body, Period(last_year, 0))
    assert figures.received > 100
    assert figures.outcomes["refused"] > 0
    assert sum(figures.refused_by_ground.values()) >= figures.outcomes["refused"]
    assert figures.extended > 0
    assert figures.overdue > 0
    assert figures.on_time.rate is not None
    assert 0.75 < figures.on_time.rate < 0.98
    assert figures.notice_days.median is not None
    assert len(league(figures.by_unit).ranked) >= 3
    assert ReportNarrative.objects.get(body=body, year=last_year).profile

    again = StringIO()
    call_command("loaddemo_reports", stdout=again)
    assert "already loaded" in again.getvalue()
    assert InformationRequest.objects.filter(body=body).count() == total


def test_the_demo_identities_never_reach_the_figures() -> None:
    call_command("loaddemo", stdout=StringIO())
    call_command("loaddemo_reports", stdout=StringIO())
    body = PublicBody.objects.get(slug="kota-serang")
    text = str(service_figures(body, Period(timezone.localdate().year - 1, 0)).as_json())
    assert "(demo)" not in text
    assert "3673011505900101" not in text
