"""Who may write the narratives of service reports, ask for reports and see the office pages.

Role x unit scope, written once here: the body's PPID Utama and admins keep the consolidated
report of the body and the report of any of its units; a PPID Pelaksana keeps the report of its
own unit only. The same roles keep the DIP (`registry.selectors.DIP_BODY_ROLES`,
`DIP_UNIT_ROLES`), so whoever asks for a report may also publish it in the DIP: the report is
information available at any time (UU 14/2008 Pasal 11(1) huruf h). The Atasan PPID and the
evaluators read every report of the body without writing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from terbuka.bodies import roles
from terbuka.bodies.models import Membership, PublicBody, Unit
from terbuka.bodies.selectors import UserLike, is_superuser, membership_active_for_user
from terbuka.core.exceptions import NotFound
from terbuka.reports.models import ServiceReport

Role = Membership.Role

# UU 14/2008 Pasal 12 and Perki 1/2021: the PPID (Utama) reports for the whole body; each PPID
# Pelaksana reports on its own unit to the PPID Utama (Perwal Serang 35/2022: every 6 months).
REPORT_BODY_ROLES: frozenset[str] = roles.MANAGER_ROLES
REPORT_UNIT_ROLES: frozenset[str] = frozenset({Role.PPID_PELAKSANA})
REPORT_READ_ROLES: frozenset[str] = frozenset({Role.ATASAN_PPID, Role.EVALUATOR})


def report_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Body ids whose every report the user keeps (PPID Utama, admin)."""
    return (
        membership_active_for_user(user)
        .filter(role__in=list(REPORT_BODY_ROLES))
        .values("unit__body_id")
    )


def report_unit_ids(user: UserLike) -> QuerySet[Membership, Any]:
    """Unit ids whose report the user keeps as PPID Pelaksana."""
    return (
        membership_active_for_user(user).filter(role__in=list(REPORT_UNIT_ROLES)).values("unit_id")
    )


def _read_body_ids(user: UserLike) -> QuerySet[Membership, Any]:
    return (
        membership_active_for_user(user)
        .filter(role__in=list(REPORT_READ_ROLES))
        .values("unit__body_id")
    )


def bodies_for_reports(user: UserLike) -> QuerySet[PublicBody]:
    """Return the bodies for which the user may write at least one report (body or unit)."""
    if is_superuser(user):
        return PublicBody.objects.order_by("name", "pk")
    return PublicBody.objects.filter(
        Q(pk__in=report_body_ids(user)) | Q(units__in=report_unit_ids(user))
    ).distinct()


def bodies_for_report_office(user: UserLike) -> QuerySet[PublicBody]:
    """Return the bodies whose reports the user may at least read in the office."""
    if is_superuser(user):
        return PublicBody.objects.order_by("name", "pk")
    return PublicBody.objects.filter(
        Q(pk__in=report_body_ids(user))
        | Q(pk__in=_read_body_ids(user))
        | Q(units__in=report_unit_ids(user))
    ).distinct()


def units_for_reports(user: UserLike, body: PublicBody) -> QuerySet[Unit]:
    """Return the active units of `body` whose report the user may write."""
    units = Unit.objects.filter(body=body, is_active=True)
    if is_superuser(user) or report_body_ids(user).filter(unit__body_id=body.pk).exists():
        return units
    return units.filter(pk__in=report_unit_ids(user))


def can_write_body_report(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user keeps the consolidated report of the whole body."""
    if is_superuser(user):
        return True
    return report_body_ids(user).filter(unit__body_id=body.pk).exists()


def can_write_report(user: UserLike, body: PublicBody, unit: Unit | None) -> bool:
    """Return whether the user may write the narrative of, and ask for, this report."""
    if not user.is_authenticated or not user.is_active:
        return False
    if unit is None:
        return can_write_body_report(user, body)
    return unit.body_id == body.pk and units_for_reports(user, body).filter(pk=unit.pk).exists()


def report_visible_to(user: UserLike) -> QuerySet[ServiceReport]:
    """Return the reports the user sees in the office (keepers plus Atasan and evaluators)."""
    if is_superuser(user):
        return ServiceReport.objects.all()
    if not user.is_authenticated:
        return ServiceReport.objects.none()
    return ServiceReport.objects.filter(
        Q(body_id__in=report_body_ids(user))
        | Q(body_id__in=_read_body_ids(user))
        | Q(unit_id__in=report_unit_ids(user))
    )


def can_view_report(user: UserLike, report: ServiceReport) -> bool:
    """Return whether the user sees this report's page in the office."""
    return report_visible_to(user).filter(pk=report.pk).exists()


def can_view_period(user: UserLike, body: PublicBody, unit: Unit | None) -> bool:
    """Return whether the user may read the narrative of this body or unit (read roles too)."""
    if can_write_report(user, body, unit):
        return True
    return (
        bool(user.is_authenticated) and _read_body_ids(user).filter(unit__body_id=body.pk).exists()
    )


def report_get_for_user(user: UserLike, pk: int) -> ServiceReport:
    """Return the report `pk` if the user may see it; `NotFound` for missing and forbidden."""
    report = (
        report_visible_to(user)
        .select_related(
            "body",
            "unit",
            "entry",
            "pdf_document__current",
            "xlsx_document__current",
            "requested_by",
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise NotFound(_("Laporan tidak ditemukan."))
    return report


def units_for_report_office(user: UserLike) -> QuerySet[Unit]:
    """Return the active units whose reports the user may at least read, across bodies."""
    units = Unit.objects.filter(is_active=True)
    if is_superuser(user):
        return units
    if not user.is_authenticated:
        return units.none()
    return units.filter(
        Q(body_id__in=report_body_ids(user))
        | Q(body_id__in=_read_body_ids(user))
        | Q(pk__in=report_unit_ids(user))
    )
