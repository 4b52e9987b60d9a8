"""The register of objections (Perki 1/2021): its rows, masked or clear, and the full export.

Columns (domain.md 2.8): registration number, date received, identity of the requester and of
the proxy, request number, information requested, purpose, Pasal 35 ground, the Atasan PPID's
decision, the day and date of the response, name and position of the Atasan PPID, and the
requester's response. Identities are masked unless the PPID Utama / an admin exports them with
MFA and a written reason; each identity exported is logged (UU 27/2022 Pasal 16(2)).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terbuka.accounts import services as account_services
from terbuka.accounts.masking import mask_address, mask_nik, mask_phone
from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import UserLike
from terbuka.core.service_helpers import require
from terbuka.inforequests import permissions as request_permissions
from terbuka.objections import permissions
from terbuka.objections.models import GROUND_MEANINGS, Objection
from terbuka.objections.selectors import objection_office_visible_to

REGISTER_COLUMNS: tuple[tuple[str, Any], ...] = (
    ("no", gettext_lazy("No.")),
    ("registration_number", gettext_lazy("Nomor registrasi keberatan")),
    ("filed_on", gettext_lazy("Tanggal diterima")),
    ("name", gettext_lazy("Nama pemohon")),
    ("nik", gettext_lazy("NIK / nomor SK badan hukum")),
    ("address", gettext_lazy("Alamat")),
    ("contact", gettext_lazy("Telepon / e-mail")),
    ("proxy_name", gettext_lazy("Nama kuasa")),
    ("proxy_nik", gettext_lazy("NIK kuasa")),
    ("request_number", gettext_lazy("Nomor pendaftaran permohonan")),
    ("information", gettext_lazy("Informasi yang diminta")),
    ("purpose", gettext_lazy("Tujuan penggunaan")),
    ("grounds", gettext_lazy("Alasan keberatan (Pasal 35 ayat 1)")),
    ("decision", gettext_lazy("Keputusan Atasan PPID")),
    ("responded_on", gettext_lazy("Hari dan tanggal tanggapan")),
    ("atasan", gettext_lazy("Nama dan jabatan Atasan PPID")),
    ("requester_response", gettext_lazy("Tanggapan pemohon")),
    ("status", gettext_lazy("Status")),
)
# Columns whose values are dates (real dates in XLSX, a long date on screen).
DATE_COLUMNS = frozenset({"filed_on", "responded_on"})


def register_years(body: PublicBody) -> list[int]:
    """Return the registration years that have objections, newest first."""
    years = (
        Objection.objects.filter(body=body)
        .values_list("registration_year", flat=True)
        .distinct()
        .order_by("-registration_year")
    )
    return list(years)


def objection_register_queryset(user: UserLike, body: PublicBody, year: int) -> QuerySet[Objection]:
    """Return the register's objections the user may see, in registration order."""
    return (
        objection_office_visible_to(user)
        .filter(body=body, registration_year=year)
        .select_related("request", "requester_identity", "response")
        .order_by("registration_seq", "pk")
    )


def _register_row(objection: Objection, index: int, *, unmasked: bool) -> dict[str, Any]:
    identity = objection.requester_identity
    request = objection.request
    response = getattr(objection, "response", None)
    number = identity.nik or identity.legal_entity_number
    if unmasked:
        address, phone = identity.address, identity.phone
        nik, proxy_nik = number, identity.proxy_nik
    else:
        address, phone = mask_address(identity.address), mask_phone(identity.phone)
        nik, proxy_nik = mask_nik(number), mask_nik(identity.proxy_nik)
    grounds = "; ".join(f"{letter}. {GROUND_MEANINGS[letter]}" for letter in objection.grounds)
    if response is not None:
        decision = response.get_decision_display()
        names = (response.atasan_name, response.atasan_position)
        atasan = ", ".join(part for part in names if part)
    else:
        decision = objection.get_status_display()
        atasan = ""
    information = request.details if request is not None else objection.information_description
    answer = objection.get_requester_response_display() if objection.requester_response else ""
    if answer and objection.requester_response_note:
        answer = f"{answer}: {objection.requester_response_note}"
    return {
        "no": index,
        "registration_number": objection.registration_number,
        "filed_on": timezone.localdate(objection.filed_at),
        "name": identity.full_name,
        "nik": nik,
        "address": address,
        "contact": " / ".join(part for part in (phone, identity.email) if part),
        "proxy_name": identity.proxy_name,
        "proxy_nik": proxy_nik if identity.proxy_name else "",
        "request_number": request.registration_number if request is not None else "",
        "information": information,
        "purpose": request.purpose if request is not None else "",
        "grounds": grounds,
        "decision": decision,
        "responded_on": response.responded_on if response is not None else None,
        "atasan": atasan,
        "requester_response": answer,
        "status": objection.get_status_display(),
    }


def register_rows_for(
    objections: list[Objection], *, start: int = 1, unmasked: bool = False
) -> list[dict[str, Any]]:
    """Return register rows for already loaded objections, numbered from `start`."""
    return [
        _register_row(objection, index, unmasked=unmasked)
        for index, objection in enumerate(objections, start=start)
    ]


def can_export_unmasked(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may export the register with clear identities.

    The same rule as the request register: the PPID Utama and admins of the body only.
    """
    return permissions.can_view_objection_register(
        user, body
    ) and request_permissions.can_export_register_unmasked(user, body)


@transaction.atomic
def register_export_unmasked(
    *, body: PublicBody, year: int, actor: Any, reason: str, ip: str | None = None
) -> list[dict[str, Any]]:
    """Return the body's objection register with clear identities, logging each identity.

    Only the PPID Utama / admins of the body; MFA and a written reason are enforced by
    `accounts.services.officer_reveal_reason` (ASVS 6.3.3, UU 27/2022 Pasal 16(2)).
    """
    require(can_export_unmasked(actor, body))
    reason = account_services.officer_reveal_reason(viewer=actor, reason=reason or "")
    objections = list(objection_register_queryset(actor, body, year))
    note = _("Ekspor register keberatan %(body)s %(year)d: %(reason)s") % {
        "body": body.slug,
        "year": year,
        "reason": reason,
    }
    account_services.identity_log_export(
        identities=(o.requester_identity for o in objections), viewer=actor, note=note, ip=ip
    )
    return register_rows_for(objections, unmasked=True)
