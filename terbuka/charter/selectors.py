"""Reads of a body's service information, for the public pages and the back office."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from django.utils.translation import gettext as _

from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody, Unit
from terbuka.charter import law
from terbuka.charter.models import (
    Charter,
    FeeItem,
    Procedure,
    ServiceChannel,
    ServiceDay,
    ServiceDesk,
)
from terbuka.core.exceptions import NotFound
from terbuka.inforequests.models import RequestSettings
from terbuka.inforequests.selectors import request_settings_for

PROCEDURE_KINDS: tuple[str, ...] = tuple(Procedure.Kind.values)


# --- Charter ---------------------------------------------------------------------------------


def charter_current(body: PublicBody) -> Charter | None:
    """Return the body's current (highest) charter version, if it has one."""
    return Charter.objects.filter(body=body).order_by("-version").first()


def charter_list_versions(body: PublicBody) -> list[Charter]:
    """Return every charter version of the body, newest first (number and dates only)."""
    return list(
        Charter.objects.filter(body=body)
        .only("pk", "body_id", "version", "established_on", "signatory_name", "created_at")
        .order_by("-version")
    )


def charter_get_version(body: PublicBody, version: int) -> Charter:
    """Return one charter version of the body or raise `NotFound`."""
    found = Charter.objects.filter(body=body, version=version).first()
    if found is None:
        raise NotFound(_("Versi maklumat pelayanan tidak ditemukan."))
    return found


# --- Procedures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedurePage:
    """A procedure as published: the body's text (or the law's default) and the legal periods."""

    kind: str
    label: str
    steps: list[str]
    requirements: list[str]
    notes: str
    deadlines: list[law.Deadline]
    procedure: Procedure | None
    grounds: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_default(self) -> bool:
        return self.procedure is None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def procedure_get(body: PublicBody, kind: str) -> Procedure | None:
    """Return the body's own procedure of this kind, if written."""
    if kind not in PROCEDURE_KINDS:
        raise NotFound(_("Prosedur tidak ditemukan."))
    return Procedure.objects.filter(body=body, kind=kind).first()


def procedure_page(body: PublicBody, kind: str) -> ProcedurePage:
    """Return the procedure of this kind as the public page shows it, or raise `NotFound`."""
    procedure = procedure_get(body, kind)
    settings = request_settings_for(body.pk)
    return ProcedurePage(
        kind=kind,
        label=str(Procedure.Kind(kind).label),
        steps=_lines(procedure.steps if procedure else law.default_steps(kind)),
        requirements=_lines(procedure.requirements) if procedure else [],
        notes=procedure.notes if procedure else "",
        deadlines=law.deadlines(kind, completion_days=settings.completion_days),
        procedure=procedure,
        grounds=law.objection_grounds() if kind == law.KEBERATAN else [],
    )


def procedure_list(body: PublicBody) -> list[tuple[str, str, Procedure | None]]:
    """Return (kind, label, the body's procedure or None) for the three kinds, in one query."""
    written = {p.kind: p for p in Procedure.objects.filter(body=body)}
    return [(kind, str(label), written.get(kind)) for kind, label in Procedure.Kind.choices]


# --- Hours, channels and fees ----------------------------------------------------------------


def service_days(body: PublicBody) -> list[ServiceDay]:
    """Return the body's open weekdays, Monday first."""
    return list(ServiceDay.objects.filter(body=body).order_by("weekday"))


def service_desk(body: PublicBody) -> ServiceDesk:
    """Return the body's desk notes, or unsaved empty ones."""
    found = ServiceDesk.objects.filter(body=body).first()
    return found if found is not None else ServiceDesk(body=body)


def service_channels(body: PublicBody) -> list[ServiceChannel]:
    """Return the body's service channels in their published order."""
    return list(ServiceChannel.objects.filter(body=body).order_by("position"))


def fee_items(body: PublicBody) -> list[FeeItem]:
    """Return the body's extra fee rows in their published order."""
    return list(FeeItem.objects.filter(body=body).order_by("position"))


def fee_tariffs(body: PublicBody) -> RequestSettings:
    """Return the copy and delivery tariffs the written notice charges (inforequests)."""
    return request_settings_for(body.pk)


def _hhmm(value: time) -> str:
    return f"{value:%H.%M}"


def _day_hours(day: ServiceDay) -> str:
    text = f"{_hhmm(day.opens_at)}-{_hhmm(day.closes_at)}"
    if day.break_starts_at and day.break_ends_at:
        text += " " + _("(istirahat %(start)s-%(end)s)") % {
            "start": _hhmm(day.break_starts_at),
            "end": _hhmm(day.break_ends_at),
        }
    return text


def hours_summary(days: list[ServiceDay], note: str = "") -> str:
    """Return the week as short lines, consecutive days with equal hours grouped.

    E.g. "Senin-Kamis 08.00-16.00 (istirahat 12.00-13.00)". The same text is kept on the
    PPID Utama unit, whose public page shows it.
    """
    groups: list[tuple[int, int, str]] = []
    for day in sorted(days, key=lambda d: d.weekday):
        hours = _day_hours(day)
        if groups and groups[-1][2] == hours and groups[-1][1] == day.weekday - 1:
            groups[-1] = (groups[-1][0], day.weekday, hours)
        else:
            groups.append((day.weekday, day.weekday, hours))
    names = dict(ServiceDay.Weekday.choices)
    lines = []
    for first, last, hours in groups:
        label = str(names[first]) if first == last else f"{names[first]}-{names[last]}"
        lines.append(f"{label} {hours}")
    if note.strip():
        lines.append(note.strip())
    return "\n".join(lines)


# --- The public page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceInfo:
    """Everything the public "Layanan informasi" page shows."""

    charter: Charter | None
    versions: list[Charter]
    days: list[ServiceDay]
    desk: ServiceDesk
    channels: list[ServiceChannel]
    tariffs: RequestSettings
    fees: list[FeeItem]
    procedures: list[tuple[str, str, Procedure | None]]
    ppid_utama: Unit | None

    @property
    def earlier_versions(self) -> list[Charter]:
        return [v for v in self.versions if self.charter is None or v.pk != self.charter.pk]

    @property
    def fallback_hours(self) -> str:
        """The PPID Utama unit's free-text hours, when the week table is empty."""
        return self.ppid_utama.service_hours if self.ppid_utama and not self.days else ""


def service_info_for_body(body: PublicBody) -> ServiceInfo:
    """Return the body's charter, hours, channels, fees and procedures (fixed query count)."""
    versions = charter_list_versions(body)
    return ServiceInfo(
        charter=charter_current(body) if versions else None,
        versions=versions,
        days=service_days(body),
        desk=service_desk(body),
        channels=service_channels(body),
        tariffs=fee_tariffs(body),
        fees=fee_items(body),
        procedures=procedure_list(body),
        ppid_utama=body_selectors.unit_ppid_utama(body),
    )
