"""The actions on an objection and its dispute: one service each, shown when state and role allow.

An objection action is available when `OBJECTION_TRANSITIONS` allows its target status; a
dispute action when `DISPUTE_TRANSITIONS` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbuka.inforequests.selectors import request_settings_for
from terbuka.objections import office_forms, permissions, services
from terbuka.objections.models import Dispute, Objection
from terbuka.objections.office.common import AuthedRequest
from terbuka.objections.services import DISPUTABLE
from terbuka.objections.states import (
    DISPUTE_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    DisputeStatus,
    ObjectionStatus,
)

OS = ObjectionStatus
DS = DisputeStatus


@dataclass(frozen=True)
class Action:
    name: str  # URL name and path segment
    path: str
    title: Promise
    form: Callable[..., forms.Form]
    allowed: Callable[[Any, Objection], bool]
    available: Callable[[Objection], bool]
    run: Callable[[AuthedRequest, Objection, dict[str, Any]], str]
    once_scope: str = ""
    # Which part of the page shows the action: "objection" or "dispute".
    section: str = "objection"


def dispute_of(objection: Objection) -> Dispute | None:
    """Return the objection's dispute (cached on the object after the first look)."""
    try:
        return objection.dispute
    except Dispute.DoesNotExist:
        return None


def _to(status: ObjectionStatus) -> Callable[[Objection], bool]:
    return lambda o: status in OBJECTION_TRANSITIONS[OS(o.status)]


def _dispute_to(status: DisputeStatus) -> Callable[[Objection], bool]:
    def check(objection: Objection) -> bool:
        dispute = dispute_of(objection)
        return dispute is not None and status in DISPUTE_TRANSITIONS[DS(dispute.status)]

    return check


def _dispute_in(*statuses: DisputeStatus) -> Callable[[Objection], bool]:
    def check(objection: Objection) -> bool:
        dispute = dispute_of(objection)
        return dispute is not None and dispute.status in statuses

    return check


def _dispute(objection: Objection) -> Dispute:
    dispute = dispute_of(objection)
    assert dispute is not None  # noqa: S101 - the action is available only with a dispute
    return dispute


def _handle(user: Any, objection: Objection) -> bool:
    return permissions.can_handle_objection(user, objection)


def _can_deliberate(objection: Objection) -> bool:
    # UU 14/2008 Pasal 35(2): only grounds b-g may be settled by deliberation.
    return _to(OS.IN_DELIBERATION)(objection) and objection.can_deliberate


def _can_answer(objection: Objection) -> bool:
    return _to(OS.ANSWERED_UPHELD)(objection) and not hasattr(objection, "response")


def _can_respond(objection: Objection) -> bool:
    answered = objection.status in DISPUTABLE or objection.status == OS.SETTLED_BY_DELIBERATION
    return answered and not objection.requester_response


def _can_file_dispute(objection: Objection) -> bool:
    return objection.status in DISPUTABLE and dispute_of(objection) is None


def _dispute_open(objection: Objection) -> bool:
    dispute = dispute_of(objection)
    return dispute is not None and dispute.status != DS.CLOSED


# --- Runs -------------------------------------------------------------------------------------


def _run_start_deliberation(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.objection_start_deliberation(objection=o, actor=r.user, note=d["note"])
    return _("Musyawarah dimulai.")


def _run_deliberation(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    meeting = services.objection_record_deliberation(objection=o, actor=r.user, **d)
    if meeting.outcome == meeting.Outcome.AGREED:
        return _("Musyawarah dicatat; keberatan selesai melalui musyawarah.")
    return _("Musyawarah dicatat.")


def _run_answer(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    response = services.objection_answer(objection=o, actor=r.user, **d)
    if response.is_order:
        return _("Tanggapan Atasan PPID dicatat; permohonan dibuka kembali atas perintah.")
    return _("Tanggapan Atasan PPID dicatat.")


def _run_withdraw(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.objection_withdraw(objection=o, actor=r.user, reason=d["reason"])
    return _("Keberatan dicabut atas surat pemohon.")


def _run_respond(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.objection_record_requester_response(
        objection=o, actor=r.user, response=d["response"], note=d["note"]
    )
    return _("Tanggapan pemohon dicatat.")


def _run_note(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.objection_add_note(objection=o, actor=r.user, note=d["note"])
    return _("Catatan ditambahkan.")


def _run_dispute_file(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    dispute = services.dispute_file(objection=o, actor=r.user, **d)
    if dispute.is_late:
        return _("Sengketa dicatat. Pengajuan melewati 14 hari kerja (UU 14/2008 Pasal 37 ayat 2).")
    return _("Sengketa dicatat.")


def _run_case_number(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_set_case_number(dispute=_dispute(o), actor=r.user, **d)
    return _("Nomor register sengketa dicatat.")


def _run_mediation(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_start_mediation(dispute=_dispute(o), actor=r.user, note=d["note"])
    return _("Mediasi dicatat.")


def _run_adjudication(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_start_adjudication(dispute=_dispute(o), actor=r.user, note=d["note"])
    return _("Ajudikasi dicatat.")


def _run_session(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_record_session(dispute=_dispute(o), actor=r.user, **d)
    return _("Sidang dicatat.")


def _run_decision(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_record_decision(dispute=_dispute(o), actor=r.user, **d)
    return _("Putusan Komisi Informasi dicatat.")


def _run_appeal(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_appeal(dispute=_dispute(o), actor=r.user, **d)
    return _("Keberatan ke pengadilan dicatat.")


def _run_court_outcome(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_record_court_outcome(dispute=_dispute(o), actor=r.user, **d)
    return _("Putusan pengadilan dicatat.")


def _run_compliance(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_start_compliance(dispute=_dispute(o), actor=r.user, **d)
    return _("Pelaksanaan putusan mulai dipantau.")


def _run_complied(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_record_compliance(dispute=_dispute(o), actor=r.user, **d)
    return _("Putusan dinyatakan telah dilaksanakan; sengketa selesai.")


def _run_dispute_close(r: AuthedRequest, o: Objection, d: dict[str, Any]) -> str:
    services.dispute_close(dispute=_dispute(o), actor=r.user, reason=d["reason"])
    return _("Sengketa selesai.")


# --- Forms ------------------------------------------------------------------------------------


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    def make(data: Any, objection: Objection, user: Any) -> forms.Form:
        return form_class(data)

    return make


def _answer_form(data: Any, objection: Objection, user: Any) -> forms.Form:
    """The answer form, its signatory prefilled from the user and the body's settings."""
    config = request_settings_for(objection.body_id)
    name = user.get_full_name()
    position = _("Atasan PPID %(body)s") % {"body": objection.body.name}
    # The body's signatory is the Atasan when the names match; then take its position.
    if config.signatory_name and config.signatory_name == name:
        position = config.signatory_position or position
    initial = {
        "atasan_name": name,
        "atasan_position": position,
        "responded_on": timezone.localdate(),
    }
    return office_forms.AnswerForm(data, initial=initial)


ACTIONS: tuple[Action, ...] = (
    Action(
        "start-deliberation",
        "mulai-musyawarah",
        gettext_lazy("Mulai musyawarah"),
        _plain(office_forms.OptionalNoteForm),
        _handle,
        _can_deliberate,
        _run_start_deliberation,
    ),
    Action(
        "record-deliberation",
        "musyawarah",
        gettext_lazy("Catat musyawarah"),
        _plain(office_forms.DeliberationForm),
        _handle,
        lambda o: o.status == OS.IN_DELIBERATION,
        _run_deliberation,
        once_scope="deliberation",
    ),
    Action(
        "answer",
        "tanggapan",
        gettext_lazy("Catat tanggapan Atasan PPID"),
        _answer_form,
        permissions.can_decide_objection,
        _can_answer,
        _run_answer,
    ),
    Action(
        "withdraw",
        "cabut",
        gettext_lazy("Catat pencabutan keberatan"),
        _plain(office_forms.WithdrawForm),
        _handle,
        _to(OS.WITHDRAWN),
        _run_withdraw,
    ),
    Action(
        "requester-response",
        "tanggapan-pemohon",
        gettext_lazy("Catat tanggapan pemohon"),
        _plain(office_forms.RequesterResponseForm),
        _handle,
        _can_respond,
        _run_respond,
    ),
    Action(
        "add-note",
        "catatan",
        gettext_lazy("Tambah catatan internal"),
        _plain(office_forms.NoteForm),
        _handle,
        lambda o: True,
        _run_note,
        once_scope="note",
    ),
    Action(
        "dispute-file",
        "sengketa",
        gettext_lazy("Catat pengajuan sengketa"),
        _plain(office_forms.DisputeFileForm),
        permissions.can_record_dispute,
        _can_file_dispute,
        _run_dispute_file,
        section="dispute",
    ),
    Action(
        "dispute-case-number",
        "sengketa/nomor",
        gettext_lazy("Catat nomor register sengketa"),
        _plain(office_forms.CaseNumberForm),
        _handle,
        _dispute_open,
        _run_case_number,
        section="dispute",
    ),
    Action(
        "dispute-mediation",
        "sengketa/mediasi",
        gettext_lazy("Catat mulainya mediasi"),
        _plain(office_forms.OptionalNoteForm),
        _handle,
        _dispute_to(DS.MEDIATION),
        _run_mediation,
        section="dispute",
    ),
    Action(
        "dispute-adjudication",
        "sengketa/ajudikasi",
        gettext_lazy("Catat mulainya ajudikasi"),
        _plain(office_forms.OptionalNoteForm),
        _handle,
        _dispute_to(DS.ADJUDICATION),
        _run_adjudication,
        section="dispute",
    ),
    Action(
        "dispute-session",
        "sengketa/sidang",
        gettext_lazy("Catat sidang"),
        _plain(office_forms.SessionForm),
        _handle,
        _dispute_in(DS.MEDIATION, DS.ADJUDICATION),
        _run_session,
        once_scope="session",
        section="dispute",
    ),
    Action(
        "dispute-decision",
        "sengketa/putusan",
        gettext_lazy("Catat putusan Komisi Informasi"),
        _plain(office_forms.DecisionForm),
        _handle,
        _dispute_to(DS.DECIDED),
        _run_decision,
        section="dispute",
    ),
    Action(
        "dispute-appeal",
        "sengketa/pengadilan",
        gettext_lazy("Catat keberatan ke pengadilan"),
        _plain(office_forms.AppealForm),
        _handle,
        _dispute_to(DS.COURT_APPEAL),
        _run_appeal,
        section="dispute",
    ),
    Action(
        "dispute-court-outcome",
        "sengketa/putusan-pengadilan",
        gettext_lazy("Catat putusan pengadilan"),
        _plain(office_forms.CourtOutcomeForm),
        _handle,
        _dispute_in(DS.COURT_APPEAL),
        _run_court_outcome,
        section="dispute",
    ),
    Action(
        "dispute-compliance",
        "sengketa/pelaksanaan",
        gettext_lazy("Mulai pantau pelaksanaan putusan"),
        _plain(office_forms.ComplianceStartForm),
        _handle,
        _dispute_to(DS.COMPLIANCE),
        _run_compliance,
        section="dispute",
    ),
    Action(
        "dispute-complied",
        "sengketa/dilaksanakan",
        gettext_lazy("Catat putusan telah dilaksanakan"),
        _plain(office_forms.CompliedForm),
        _handle,
        _dispute_in(DS.COMPLIANCE),
        _run_complied,
        section="dispute",
    ),
    Action(
        "dispute-close",
        "sengketa/selesai",
        gettext_lazy("Tutup sengketa"),
        _plain(office_forms.DisputeCloseForm),
        _handle,
        _dispute_to(DS.CLOSED),
        _run_dispute_close,
        section="dispute",
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def build_form(action: Action, data: Any, objection: Objection, user: Any) -> forms.Form:
    form = action.form(data, objection, user)
    # Many forms share one page: ids carry the action so no two inputs share an id.
    form.auto_id = f"{action.name}-%s"
    return form
