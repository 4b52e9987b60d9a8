"""The requester area ("Ruang saya"): a citizen's requests, objections and disputes in one place.

Each row carries its state, its legal clock (the stored due date; working days left computed
by `inforequests.deadlines.working_days_left` on one calendar, as the officers' inbox does),
what the requester may or must do next (UU 14/2008 Pasal 35-37) and links to the documents.
The lists are capped at `LIMIT` rows each, with links to the full lists, and read with a fixed
number of queries whatever the number of cases. Like `retention.py`, this module reads the case
apps: the one reading exception to the dependency order for the requester area.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from terbuka.inforequests import deadlines
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.selectors import request_visible_to
from terbuka.inforequests.states import CLOCK_RUNNING, Status, phase_of
from terbuka.objections.models import Objection
from terbuka.objections.selectors import (
    objection_list_for_requester,
    objection_open_until_for_requests,
)
from terbuka.objections.services import DISPUTABLE
from terbuka.objections.states import (
    DISPUTE_TERMINAL,
    OBJECTION_CLOCK_RUNNING,
    ObjectionStatus,
    objection_phase_of,
)

LIMIT = 10


@dataclass
class Action:
    """Something the requester must or may do, by a date, with where to do it."""

    text: Any
    url: str
    due_on: date | None = None
    law: str = ""
    is_required: bool = False


@dataclass
class Link:
    label: Any
    url: str


@dataclass
class Row:
    """One case of the dashboard."""

    kind: str  # "request", "objection" or "dispute"
    number: str
    url: str
    title: str
    phase: Any
    status: Any
    due_label: Any = ""
    due_on: date | None = None
    days_left: int | None = None
    is_overdue: bool = False
    actions: list[Action] = field(default_factory=list)
    documents: list[Link] = field(default_factory=list)

    @property
    def overdue_days(self) -> int | None:
        return -self.days_left if self.days_left is not None and self.days_left < 0 else None


@dataclass
class Dashboard:
    requests: list[Row]
    request_count: int
    objections: list[Row]
    objection_count: int
    disputes: list[Row]
    today: date

    @property
    def actions(self) -> list[tuple[Row, Action]]:
        """Every action of every row, required ones first, the earliest date first."""
        found = [
            (row, action)
            for row in (*self.requests, *self.objections, *self.disputes)
            for action in row.actions
        ]
        return sorted(found, key=lambda pair: (not pair[1].is_required, pair[1].due_on or date.max))


def _request_actions(req: InformationRequest, objection_until: date | None) -> list[Action]:
    url = reverse("inforequests:detail", kwargs={"pk": req.pk})
    actions: list[Action] = []
    if req.status == Status.INCOMPLETE:
        actions.append(
            Action(
                _("Lengkapi permohonan Anda; bila tidak, permohonan gugur."),
                f"{url}#complete-heading",
                req.completion_due_on,
                "Perki 1/2021",
                is_required=True,
            )
        )
    elif req.status == Status.AWAITING_PAYMENT:
        actions.append(
            Action(
                _("Bayar biaya salinan informasi."),
                f"{url}#notice-heading",
                law="UU 14/2008 Pasal 21",
            )
        )
    if objection_until is not None:
        notice = getattr(req, "notice", None)
        if notice is not None and notice.is_refusal:
            text = _("Permohonan ditolak: Anda dapat mengajukan keberatan kepada Atasan PPID.")
            law = "UU 14/2008 Pasal 35(1) huruf a, Pasal 36(1)"
        elif req.is_overdue:
            text = _("Batas waktu terlewati: Anda dapat mengajukan keberatan kepada Atasan PPID.")
            law = "UU 14/2008 Pasal 35(1) huruf c/g, Pasal 36(1)"
        else:
            text = _("Bila jawaban tidak sesuai permintaan, Anda dapat mengajukan keberatan.")
            law = "UU 14/2008 Pasal 35(1), Pasal 36(1)"
        file_url = reverse("objections:file", kwargs={"request_id": req.pk})
        actions.append(Action(text, file_url, objection_until, law))
    return actions


def _request_row(
    req: InformationRequest, today: date, calendar: Any, objection_until: date | None
) -> Row:
    url = reverse("inforequests:detail", kwargs={"pk": req.pk})
    row = Row(
        kind="request",
        number=req.registration_number,
        url=url,
        title=req.body.name + (f" / {req.unit.name}" if req.unit else ""),
        phase=phase_of(req.status).label,
        status=req.get_status_display(),
        is_overdue=req.is_overdue,
        actions=_request_actions(req, objection_until),
    )
    if req.status == Status.INCOMPLETE and req.completion_due_on:
        row.due_label, row.due_on = _("Batas kelengkapan"), req.completion_due_on
    elif req.status in CLOCK_RUNNING and req.due_on:
        row.due_label = (
            _("Batas pemenuhan perintah")
            if req.status == Status.ORDERED
            else _("Batas pemberitahuan tertulis")
        )
        row.due_on = req.due_on
    if row.due_on is not None:
        row.days_left = deadlines.working_days_left(
            row.due_on, today, calendar=calendar, region_code=req.body.region_code
        )
        row.is_overdue = row.is_overdue or row.days_left < 0
    row.documents.append(
        Link(_("Tanda bukti permohonan (PDF)"), reverse("inforequests:receipt", args=[req.pk]))
    )
    if getattr(req, "notice", None) is not None:
        row.documents.append(
            Link(
                _("Pemberitahuan tertulis (PDF)"),
                reverse("inforequests:notice-pdf", args=[req.pk]),
            )
        )
    return row


def _dispute_window_open(objection: Objection, dispute: Any, today: date) -> bool:
    """Whether the requester may still take the objection to the Komisi Informasi in time."""
    # UU 14/2008 Pasal 37(2): within 14 working days of the answer or of its lapse.
    due = objection.dispute_due_on
    return objection.status in DISPUTABLE and dispute is None and due is not None and today <= due


def _objection_actions(objection: Objection, today: date) -> list[Action]:
    url = reverse("objections:detail", kwargs={"pk": objection.pk})
    actions: list[Action] = []
    if _dispute_window_open(objection, getattr(objection, "dispute", None), today):
        actions.append(
            Action(
                _("Bila tidak puas, Anda dapat mengajukan sengketa ke Komisi Informasi."),
                f"{url}#dispute-heading",
                objection.dispute_due_on,
                "UU 14/2008 Pasal 37(2)",
            )
        )
    answered = objection.status in DISPUTABLE or (
        objection.status == ObjectionStatus.SETTLED_BY_DELIBERATION
    )
    if answered and not objection.requester_response:
        actions.append(
            Action(
                _("Catat tanggapan Anda atas jawaban keberatan."),
                f"{url}#answer-heading",
                law="Perki 1/2021",
            )
        )
    return actions


def _objection_row(objection: Objection, today: date, calendar: Any) -> Row:
    url = reverse("objections:detail", kwargs={"pk": objection.pk})
    title = (
        objection.request.registration_number
        if objection.request is not None
        else str(_("Informasi berkala (alasan b)"))
    )
    row = Row(
        kind="objection",
        number=objection.registration_number,
        url=url,
        title=f"{title} · {objection.body.name}",
        phase=objection_phase_of(objection.status).label,
        status=objection.get_status_display(),
        is_overdue=objection.is_overdue,
        actions=_objection_actions(objection, today),
    )
    dispute = getattr(objection, "dispute", None)
    if objection.status in OBJECTION_CLOCK_RUNNING:
        row.due_label, row.due_on = _("Batas tanggapan Atasan PPID"), objection.response_due_on
    elif _dispute_window_open(objection, dispute, today):
        row.due_label = _("Batas pengajuan sengketa")
        row.due_on = objection.dispute_due_on
    if row.due_on is not None:
        row.days_left = deadlines.working_days_left(
            row.due_on, today, calendar=calendar, region_code=objection.body.region_code
        )
        row.is_overdue = row.is_overdue or (
            objection.status in OBJECTION_CLOCK_RUNNING and row.days_left < 0
        )
    row.documents.append(
        Link(
            _("Tanda terima keberatan (PDF)"),
            reverse("objections:receipt-pdf", args=[objection.pk]),
        )
    )
    if getattr(objection, "response", None) is not None:
        row.documents.append(
            Link(
                _("Tanggapan Atasan PPID (PDF)"),
                reverse("objections:response-pdf", args=[objection.pk]),
            )
        )
    return row


def _dispute_row(objection: Objection, today: date, calendar: Any) -> Row:
    dispute = objection.dispute
    row = Row(
        kind="dispute",
        number=dispute.case_number or objection.registration_number,
        url=reverse("objections:detail", kwargs={"pk": objection.pk}) + "#dispute-heading",
        title=dispute.commission_name,
        phase=dispute.get_status_display(),
        status=dispute.get_status_display(),
    )
    if dispute.status not in DISPUTE_TERMINAL:
        # UU 14/2008 Pasal 38(2), for information: the commission keeps its own clock.
        if dispute.compliance_due_on and dispute.complied_on is None:
            row.due_label, row.due_on = _("Batas pelaksanaan putusan"), dispute.compliance_due_on
        elif dispute.commission_settle_due_on and not dispute.decided_on:
            row.due_label = _("Batas penyelesaian oleh Komisi Informasi")
            row.due_on = dispute.commission_settle_due_on
    if row.due_on is not None:
        row.days_left = deadlines.working_days_left(
            row.due_on, today, calendar=calendar, region_code=objection.body.region_code
        )
    return row


def requester_dashboard(user: Any, *, today: date) -> Dashboard:
    """Return the user's newest cases with clocks, next steps and documents (fixed queries)."""
    requests_qs = (
        request_visible_to(user)
        .filter(requester_id=user.pk)
        .select_related("body", "unit", "notice")
        .order_by("-received_at", "-pk")
    )
    requests = list(requests_qs[:LIMIT])
    objections_qs = objection_list_for_requester(user).select_related("dispute")
    objections = list(objections_qs[:LIMIT])
    windows = objection_open_until_for_requests(requests, today=today)
    dues = [today]
    dues += [d for r in requests for d in (r.due_on, r.completion_due_on) if d]
    dues += [d for o in objections for d in (o.response_due_on, o.dispute_due_on) if d]
    for objection in objections:
        dispute = getattr(objection, "dispute", None)
        if dispute is not None:
            dues += [d for d in (dispute.compliance_due_on, dispute.commission_settle_due_on) if d]
    calendar = deadlines.calendar_for(min(dues), max(dues))
    with_dispute = [o for o in objections if getattr(o, "dispute", None) is not None]
    return Dashboard(
        requests=[_request_row(r, today, calendar, windows.get(r.pk)) for r in requests],
        request_count=requests_qs.count(),
        objections=[_objection_row(o, today, calendar) for o in objections],
        objection_count=objections_qs.count(),
        disputes=[_dispute_row(o, today, calendar) for o in with_dispute],
        today=today,
    )
