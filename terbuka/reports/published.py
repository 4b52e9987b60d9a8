"""The published service reports under /laporan/ (namespace `reports`): the bodies, and each
body's reports with their PDF and XLSX from the DIP.

UU 14/2008 Pasal 11(1) huruf h: the report of the information service is available at any
time. Only reports whose DIP entry is published are listed; the files are served by the DIP's
own download view, which checks the entry and the release scan again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import body_get_by_slug, body_list_public
from terbuka.core.web import found_or_404
from terbuka.registry.models import InfoClass
from terbuka.registry.states import EntryStatus
from terbuka.reports.models import ReportStatus, ServiceReport


def report_list_published(body: PublicBody | None = None) -> QuerySet[ServiceReport]:
    """The latest generated report of each published DIP entry, newest period first."""
    latest = (
        ServiceReport.objects.filter(entry=OuterRef("entry"), status=ReportStatus.DONE)
        .order_by("-finished_at", "-id")
        .values("pk")[:1]
    )
    qs = ServiceReport.objects.filter(
        status=ReportStatus.DONE,
        entry__status=EntryStatus.PUBLISHED,
        entry__info_class=InfoClass.SETIAP_SAAT,
        pk=Subquery(latest),
    )
    if body is not None:
        qs = qs.filter(body=body)
    return qs


@dataclass(frozen=True)
class PublishedReport:
    report: ServiceReport
    subject: str
    pdf_version: Any
    xlsx_version: Any
    received: int | None


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    """Every body, with how many service reports it has published."""
    counts = dict(
        report_list_published()
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
        .values_list("body_id", "n")
    )
    bodies = [(body, counts.get(body.pk, 0)) for body in body_list_public()]
    return render(request, "reports/published/body_list.html", {"bodies": bodies})


@require_GET
def body_reports(request: HttpRequest, body_slug: str) -> HttpResponse:
    """A body's published service reports, newest period first, with their files."""
    body = found_or_404(body_get_by_slug, body_slug)
    reports = (
        report_list_published(body)
        .select_related("unit", "entry", "pdf_document__current", "xlsx_document__current")
        .order_by("-year", "-semester", "unit__path", "-id")
    )
    rows = [
        PublishedReport(
            report=report,
            subject=report.unit.name if report.unit is not None else body.name,
            pdf_version=report.pdf_document.current if report.pdf_document else None,
            xlsx_version=report.xlsx_document.current if report.xlsx_document else None,
            received=(report.figures or {}).get("received"),
        )
        for report in reports
    ]
    context = {"body": body, "rows": rows}
    return render(request, "reports/published/body_reports.html", context)
