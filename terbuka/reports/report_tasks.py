"""Background work of the service reports: generating one report (PDF, XLSX, DIP)."""

from __future__ import annotations

from django_tasks import task

from terbuka.reports import services


@task()
def generate_report(report_id: int) -> str:
    """Generate the queued service report `report_id`; return its status afterwards."""
    return services.report_generate(report_id)
