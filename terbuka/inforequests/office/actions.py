"""The actions on a request: one service each, shown only when the state and the role allow.

An action is available when `states.TRANSITIONS` allows its target status from the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbuka.bodies.models import PublicBody, Unit
from terbuka.inforequests import office_forms, permissions, selectors, services
from terbuka.inforequests.models import InformationRequest
from terbuka.inforequests.office.common import (
    S,
)
from terbuka.inforequests.states import TERMINAL, TRANSITIONS, Status
from terbuka.inforequests.views import AuthedRequest

# --- Actions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    name: str  # URL name and path segment
    path: str
    title: Promise
    form: Callable[..., forms.Form]
    allowed: Callable[[Any, InformationRequest], bool]
    available: Callable[[InformationRequest], bool]
    run: Callable[[AuthedRequest, InformationRequest, dict[str, Any]], str]
    once_scope: str = ""
    multipart: bool = False


def _to(status: Status) -> Callable[[InformationRequest], bool]:
    return lambda req: status in TRANSITIONS[Status(req.status)]


def _handle(user: Any, req: InformationRequest) -> bool:
    return permissions.can_handle_request(user, req)


def _manage(user: Any, req: InformationRequest) -> bool:
    return permissions.can_manage_request(user, req)


def _route_units(req: InformationRequest) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(body_id=req.body_id, is_active=True)
        .exclude(kind=Unit.Kind.PPID_UTAMA)
        .order_by("name")
    )


def _return_units(req: InformationRequest, user: Any = None) -> QuerySet[Unit]:
    routed = req.routings.filter(is_active=True).values("unit_id")
    units = Unit.objects.filter(pk__in=routed)
    if user is not None and not permissions.can_manage_request(user, req):
        units = units.filter(pk__in=selectors.handler_unit_ids(user))
    return units.order_by("name")


def _run_ask(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_ask_completion(request=req, actor=r.user, missing=d["missing"])
    return _("Pemohon diminta melengkapi permohonan; jam hukum berhenti.")


def _run_complete(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_complete(
        request=req, actor=r.user, note=d["note"], details=d["details"], purpose=d["purpose"]
    )
    return _("Kelengkapan dicatat; jam hukum mulai berjalan.")


def _run_lapse(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_lapse(request=req, actor=r.user)
    return _("Permohonan dinyatakan gugur.")


def _run_route(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_route(request=req, actor=r.user, units=list(d["units"]), note=d["note"])
    return _("Permohonan didisposisikan.")


def _run_return(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_return(request=req, actor=r.user, unit=d["unit"], note=d["note"])
    return _("Disposisi dikembalikan kepada PPID Utama.")


def _run_start(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_start(request=req, actor=r.user)
    return _("Permohonan ditandai sedang diproses.")


def _run_forward(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_forward(
        request=req,
        actor=r.user,
        to_body=d["to_body"],
        to_body_name=d["to_body_name"],
        note=d["note"],
    )
    return _("Permohonan diteruskan ke badan publik lain.")


def _run_extend(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_extend(request=req, actor=r.user, reason=d["reason"])
    return _("Jangka waktu diperpanjang tujuh hari kerja.")


def _run_notice(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_issue_notice(request=req, actor=r.user, **d)
    return _("Pemberitahuan tertulis diterbitkan.")


def _run_payment(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_record_payment(request=req, actor=r.user, **d)
    return _("Pembayaran dicatat.")


def _run_document(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    document = services.request_attach_document(
        request=req, actor=r.user, upload=d["upload"], title=d["title"]
    )
    if not document.release_cleared:
        return _("Dokumen dilampirkan, tetapi belum lolos pemeriksaan rilis; lihat laporannya.")
    return _("Dokumen dilampirkan dan lolos pemeriksaan rilis.")


def _run_fulfil(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_fulfil(request=req, actor=r.user, method=d["method"], reference=d["reference"])
    return _("Informasi dinyatakan telah diberikan.")


def _run_close(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_close(request=req, actor=r.user, note=d["note"])
    return _("Permohonan ditutup.")


def _run_note(r: AuthedRequest, req: InformationRequest, d: dict[str, Any]) -> str:
    services.request_add_note(
        request=req, actor=r.user, note=d["note"], is_internal=d["is_internal"]
    )
    return _("Catatan ditambahkan.")


def _not_extended(status: Status) -> Callable[[InformationRequest], bool]:
    return lambda req: _to(status)(req) and not req.is_extended


def _can_decide(req: InformationRequest) -> bool:
    # UU 14/2008 Pasal 22(7): one written notice per request.
    could = _to(S.NOTICE_ISSUED)(req) or _to(S.AWAITING_PAYMENT)(req)
    return could and getattr(req, "notice", None) is None


def _plain(form_class: type[forms.Form]) -> Callable[..., forms.Form]:
    def make(data: Any, files: Any, req: InformationRequest, user: Any) -> forms.Form:
        return form_class(data, files, prefix=None)

    return make


def _route_form(data: Any, files: Any, req: InformationRequest, user: Any) -> forms.Form:
    return office_forms.RouteForm(data, units=_route_units(req))


def _return_form(data: Any, files: Any, req: InformationRequest, user: Any) -> forms.Form:
    return office_forms.ReturnForm(data, units=_return_units(req, user))


def _forward_form(data: Any, files: Any, req: InformationRequest, user: Any) -> forms.Form:
    bodies = PublicBody.objects.exclude(pk=req.body_id).order_by("name")
    return office_forms.ForwardForm(data, bodies=bodies)


ACTIONS: tuple[Action, ...] = (
    Action(
        "ask-completion",
        "minta-kelengkapan",
        gettext_lazy("Minta kelengkapan"),
        _plain(office_forms.AskCompletionForm),
        _handle,
        _not_extended(S.INCOMPLETE),
        _run_ask,
    ),
    Action(
        "complete",
        "catat-kelengkapan",
        gettext_lazy("Catat kelengkapan"),
        _plain(office_forms.CompleteForm),
        permissions.can_complete_request,
        lambda req: req.status == S.INCOMPLETE,
        _run_complete,
    ),
    Action(
        "lapse",
        "gugurkan",
        gettext_lazy("Gugurkan permohonan"),
        _plain(office_forms.EmptyForm),
        _handle,
        lambda req: req.status == S.INCOMPLETE,
        _run_lapse,
    ),
    Action(
        "route",
        "disposisi",
        gettext_lazy("Disposisi ke PPID Pelaksana"),
        _route_form,
        _manage,
        _to(S.ROUTED),
        _run_route,
        once_scope="route",
    ),
    Action(
        "return",
        "kembalikan",
        gettext_lazy("Kembalikan ke PPID Utama"),
        _return_form,
        _handle,
        lambda req: req.routings.filter(is_active=True).exists(),
        _run_return,
        once_scope="return",
    ),
    Action(
        "start",
        "mulai-proses",
        gettext_lazy("Mulai proses"),
        _plain(office_forms.EmptyForm),
        _handle,
        _to(S.IN_PROGRESS),
        _run_start,
    ),
    Action(
        "forward",
        "teruskan",
        gettext_lazy("Teruskan ke badan publik lain"),
        _forward_form,
        _manage,
        _to(S.FORWARDED),
        _run_forward,
    ),
    Action(
        "extend",
        "perpanjang",
        gettext_lazy("Perpanjang jangka waktu"),
        _plain(office_forms.ExtendForm),
        _handle,
        _not_extended(S.EXTENDED),
        _run_extend,
    ),
    Action(
        "issue-notice",
        "pemberitahuan",
        gettext_lazy("Terbitkan pemberitahuan tertulis"),
        _plain(office_forms.NoticeForm),
        _handle,
        _can_decide,
        _run_notice,
    ),
    Action(
        "record-payment",
        "pembayaran",
        gettext_lazy("Catat pembayaran"),
        _plain(office_forms.PaymentForm),
        _handle,
        lambda req: req.status == S.AWAITING_PAYMENT,
        _run_payment,
    ),
    Action(
        "attach-document",
        "dokumen",
        gettext_lazy("Lampirkan dokumen jawaban"),
        _plain(office_forms.DocumentForm),
        _handle,
        lambda req: req.status not in TERMINAL and req.status != S.INCOMPLETE,
        _run_document,
        once_scope="document",
        multipart=True,
    ),
    Action(
        "fulfil",
        "diberikan",
        gettext_lazy("Nyatakan informasi diberikan"),
        _plain(office_forms.FulfilForm),
        _handle,
        _to(S.FULFILLED),
        _run_fulfil,
    ),
    Action(
        "close",
        "tutup",
        gettext_lazy("Tutup permohonan"),
        _plain(office_forms.CloseForm),
        _handle,
        _to(S.CLOSED),
        _run_close,
    ),
    Action(
        "add-note",
        "catatan",
        gettext_lazy("Tambah catatan"),
        _plain(office_forms.NoteForm),
        _handle,
        lambda req: True,
        _run_note,
        once_scope="note",
    ),
)
ACTIONS_BY_NAME = {action.name: action for action in ACTIONS}


def build_form(
    action: Action, data: Any, files: Any, req: InformationRequest, user: Any
) -> forms.Form:
    form = action.form(data, files, req, user)
    # Many forms share one page: ids carry the action so no two inputs share an id.
    form.auto_id = f"{action.name}-%s"
    return form
