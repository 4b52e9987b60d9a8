"""Evidence Terbuka proposes from its own records for a participant's questionnaire.

Monev asks each body to prove its practice (domain.md 3.7: a request register, answers on time,
periodic information kept up to date, objections handled). Terbuka already holds that
evidence as daily work, so the questionnaire offers it: each proposal says where its figures
come from and links to the public page that shows them. The participant checks a proposal
before attaching it to an answer (`services.evidence_add_link(..., proposed=True)`); nothing is
attached on its own.

Figures cover the participant's unit in the cycle's year. Only aggregate counts are read: no
requester identity is touched here.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.budget import selectors as budget_selectors
from terbuka.calendars.workdays import Calendar, working_days_between
from terbuka.inforequests.models import InformationRequest, WrittenNotice
from terbuka.monev.models import Participant
from terbuka.objections.models import Objection
from terbuka.registry.models import InfoClass, InformationEntry
from terbuka.registry.states import EntryStatus


@dataclass(frozen=True)
class Proposal:
    key: str
    title: str
    detail: str
    url: str  # a path on this site ("" when there is no public page)
    source: str


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _requests(participant: Participant, year: int) -> list[Proposal]:
    unit = participant.unit
    first, last = _year_bounds(year)
    received = InformationRequest.objects.filter(
        unit=unit, received_at__date__gte=first, received_at__date__lte=last
    )
    counts = received.aggregate(
        total=Count("id"),
        late=Count("id", filter=Q(is_overdue=True)),
    )
    total = counts["total"] or 0
    if not total:
        return []
    # UU 14/2008 Pasal 22(7): the written notice within 10 working days (+7 when extended).
    notices = list(
        WrittenNotice.objects.filter(request__in=received)
        .values_list("request__clock_started_on", "request__received_at", "issued_at")
        .order_by()
    )
    days: list[int] = []
    if notices:
        starts = [
            (started or timezone.localtime(received_at).date(), timezone.localtime(issued).date())
            for started, received_at, issued in notices
        ]
        low = min(s for s, _e in starts)
        high = max(e for _s, e in starts)
        calendar = Calendar.load(low, high)
        days = [working_days_between(s, e, calendar=calendar) for s, e in starts]
    on_time = total - (counts["late"] or 0)
    detail = _(
        "%(total)d permohonan diterima pada %(year)d; %(on_time)d (%(share)s%%) dijawab tanpa "
        "melewati batas waktu."
    ) % {
        "total": total,
        "year": year,
        "on_time": on_time,
        "share": f"{round(100 * on_time / total)}",
    }
    if days:
        detail += " " + _(
            "Median waktu sampai pemberitahuan tertulis: %(days)s hari kerja (%(n)d pemberitahuan)."
        ) % {"days": f"{statistics.median(days):g}", "n": len(days)}
    return [
        Proposal(
            key="requests",
            title=_("Register dan ketepatan waktu permohonan informasi"),
            detail=detail,
            url=reverse("inforequests:archive"),
            source=_("Register permohonan Terbuka"),
        )
    ]


def _dip(participant: Participant, today: date) -> list[Proposal]:
    unit = participant.unit
    counts = InformationEntry.objects.filter(unit=unit, status=EntryStatus.PUBLISHED).aggregate(
        total=Count("id"),
        periodic=Count("id", filter=Q(info_class=InfoClass.BERKALA)),
        any_time=Count("id", filter=Q(info_class=InfoClass.SETIAP_SAAT)),
        immediate=Count("id", filter=Q(info_class=InfoClass.SERTA_MERTA)),
        stale=Count(
            "id",
            filter=Q(info_class=InfoClass.BERKALA, next_update_due_on__lt=today),
        ),
    )
    if not counts["total"]:
        return []
    detail = (
        _(
            "%(total)d entri DIP terbit: %(periodic)d berkala, %(any_time)d tersedia setiap saat, "
            "%(immediate)d serta-merta. %(stale)d informasi berkala melewati jadwal pembaruannya "
            "(UU 14/2008 Pasal 9 ayat 4)."
        )
        % counts
    )
    url = reverse("registry:body", args=[unit.body.slug]) + "?" + urlencode({"unit": unit.pk})
    return [
        Proposal(
            key="dip",
            title=_("Daftar Informasi Publik unit"),
            detail=detail,
            url=url,
            source=_("DIP Terbuka"),
        )
    ]


def _budget(participant: Participant, year: int) -> list[Proposal]:
    unit = participant.unit
    released = budget_selectors.documents_public(unit.body, year=year, unit=unit)
    if not released:
        return []
    kinds = ", ".join(sorted({str(d.get_kind_display()) for d in released}))
    detail = _("%(n)d dokumen anggaran tahun %(year)d terbit di DIP: %(kinds)s.") % {
        "n": len(released),
        "year": year,
        "kinds": kinds,
    }
    url = reverse("budget:body", args=[unit.body.slug]) + "?" + urlencode({"unit": unit.slug})
    return [
        Proposal(
            key="budget",
            title=_("Laporan keuangan dan anggaran yang diumumkan"),
            detail=detail,
            url=url,
            source=_("Transparansi anggaran Terbuka"),
        )
    ]


def _objections(participant: Participant, year: int) -> list[Proposal]:
    unit = participant.unit
    first, last = _year_bounds(year)
    counts = Objection.objects.filter(
        request__unit=unit, filed_at__date__gte=first, filed_at__date__lte=last
    ).aggregate(
        total=Count("id"),
        late=Count("id", filter=Q(is_overdue=True)),
        disputes=Count("dispute", distinct=True),
    )
    if not counts["total"]:
        return []
    detail = _(
        "%(total)d keberatan atas permohonan unit ini pada %(year)d; %(late)d melewati 30 hari "
        "kerja tanggapan Atasan PPID (UU 14/2008 Pasal 36); %(disputes)d berlanjut ke sengketa."
    ) % {**counts, "year": year}
    return [
        Proposal(
            key="objections",
            title=_("Penanganan keberatan"),
            detail=detail,
            url="",
            source=_("Register keberatan Terbuka"),
        )
    ]


def for_participant(participant: Participant, *, today: date | None = None) -> list[Proposal]:
    """The proposals for a participant's questionnaire, for the cycle's year."""
    today = today or timezone.localdate()
    year = participant.cycle.year
    return [
        *_requests(participant, year),
        *_dip(participant, today),
        *_budget(participant, year),
        *_objections(participant, year),
    ]
