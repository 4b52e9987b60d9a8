"""Every write to a body's service information; each one checks its actor and logs a CharterEvent.

Each service locks the body row, so two officers' edits of the same body queue up, and each is
idempotent: sending the same form twice leaves one version and one event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.accessible.services import accessible_refresh
from terbuka.bodies import selectors as body_selectors
from terbuka.bodies import services as body_services
from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import UserLike
from terbuka.charter import formats, permissions, selectors
from terbuka.charter.models import (
    CHARTER_PARTS,
    Charter,
    CharterEvent,
    FeeItem,
    Procedure,
    ServiceChannel,
    ServiceDay,
)
from terbuka.core.exceptions import Conflict, PermissionDenied
from terbuka.core.service_helpers import field_error, full_clean
from terbuka.inforequests import services as request_services

CHARTER_FIELDS = (
    *CHARTER_PARTS,
    "statement",
    "signatory_name",
    "signatory_position",
    "established_place",
    "established_on",
)
PROCEDURE_FIELDS = ("steps", "requirements", "notes")
# The copy and delivery tariffs are `inforequests.RequestSettings` fields: the written notice
# computes a request's cost from them (UU 14/2008 Pasal 22(7) huruf g), so they are kept once.
TARIFF_FIELDS = ("copy_fee_per_sheet", "courier_fee", "post_fee", "fax_fee", "payment_instructions")
MAX_ROWS = 20


@dataclass(frozen=True)
class DayHours:
    """One weekday of the hours form; `opens_at` None means closed."""

    weekday: int
    opens_at: time | None = None
    closes_at: time | None = None
    break_starts_at: time | None = None
    break_ends_at: time | None = None


# --- Helpers ---------------------------------------------------------------------------------


def _require_editor(actor: UserLike, body: PublicBody) -> None:
    if not permissions.can_edit_service_info(actor, body):
        raise PermissionDenied(
            _(
                "Hanya PPID Utama atau admin badan publik ini yang dapat mengubah informasi "
                "layanannya."
            )
        )


def _lock(body: PublicBody) -> PublicBody:
    return PublicBody.objects.select_for_update().get(pk=body.pk)


def _event(*, body: PublicBody, kind: str, actor: UserLike, data: dict[str, Any]) -> CharterEvent:
    return CharterEvent.objects.create(body=body, kind=kind, actor_id=actor.pk, data=data)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


# --- Charter ---------------------------------------------------------------------------------


@transaction.atomic
def charter_establish(
    *, body: PublicBody, actor: UserLike, based_on: int | None, **parts: Any
) -> Charter:
    """Establish a new version of the body's service charter (Perki 1/2021 Pasal 47-48).

    `based_on` is the version the form was opened on (None for the first). The same content
    sent twice returns the current version; a form opened on an older version is refused, so
    one officer never silently overwrites another's charter.
    """
    _require_editor(actor, body)
    unknown = set(parts) - set(CHARTER_FIELDS)
    if unknown:
        raise TypeError(f"Not a charter field: {sorted(unknown)}")
    locked = _lock(body)
    values = {
        name: parts.get(name) if name == "established_on" else _text(parts.get(name))
        for name in CHARTER_FIELDS
    }
    current = selectors.charter_current(locked)
    if current is not None and all(getattr(current, k) == v for k, v in values.items()):
        return current
    current_version = current.version if current else None
    if based_on != current_version:
        raise Conflict(
            _(
                "Maklumat pelayanan sudah diubah (kini versi %(version)s) sejak formulir ini "
                "dibuka. Muat ulang halaman dan periksa isinya sebelum menyimpan."
            )
            % {"version": current_version}
        )
    established_on = values["established_on"]
    if not isinstance(established_on, date):
        field_error("established_on", _("Isi tanggal ditetapkan."))
    if established_on > timezone.localdate():
        field_error("established_on", _("Tanggal ditetapkan tidak boleh setelah hari ini."))
    if current is not None and established_on < current.established_on:
        field_error(
            "established_on",
            _("Tanggal ditetapkan tidak boleh sebelum tanggal versi sebelumnya (%(date)s).")
            % {"date": current.established_on.strftime("%d-%m-%Y")},
        )
    charter = Charter(
        body=locked, version=(current_version or 0) + 1, created_by_id=actor.pk, **values
    )
    full_clean(
        charter, _("Periksa kembali isian maklumat pelayanan."), exclude=["body", "created_by"]
    )
    charter.save()
    _event(
        body=locked,
        kind=CharterEvent.Kind.CHARTER_ESTABLISHED,
        actor=actor,
        data={"version": charter.version, "established_on": established_on.isoformat()},
    )
    # Perki 1/2021 Pasal 24 and 48: the accessible formats (audio, visual, braille).
    accessible_refresh(kind=formats.CHARTER, pk=charter.pk)
    return charter


# --- Procedures ------------------------------------------------------------------------------


@transaction.atomic
def procedure_update(*, body: PublicBody, kind: str, actor: UserLike, **values: Any) -> Procedure:
    """Write the body's steps, requirements and notes for one procedure kind."""
    _require_editor(actor, body)
    if kind not in selectors.PROCEDURE_KINDS:
        field_error("kind", _("Jenis prosedur tidak dikenal."))
    unknown = set(values) - set(PROCEDURE_FIELDS)
    if unknown:
        raise TypeError(f"Not a procedure field: {sorted(unknown)}")
    locked = _lock(body)
    procedure = Procedure.objects.filter(body=locked, kind=kind).first()
    is_new = procedure is None
    if procedure is None:
        procedure = Procedure(body=locked, kind=kind)
    changed = []
    for name in PROCEDURE_FIELDS:
        value = _text(values.get(name))
        if getattr(procedure, name) != value:
            setattr(procedure, name, value)
            changed.append(name)
    if not is_new and not changed:
        return procedure
    if not procedure.steps:
        field_error("steps", _("Tuliskan paling sedikit satu langkah."))
    procedure.updated_by_id = actor.pk
    full_clean(procedure, _("Periksa kembali isian prosedur."), exclude=["body", "updated_by"])
    procedure.save()
    _event(
        body=locked,
        kind=CharterEvent.Kind.PROCEDURE_UPDATED,
        actor=actor,
        data={"kind": kind, "created": is_new, "fields": changed},
    )
    # Perki 1/2021 Pasal 24 and 48: the accessible formats (audio, visual, braille).
    accessible_refresh(kind=formats.PROCEDURE, pk=procedure.pk)
    return procedure


# --- Hours and channels ----------------------------------------------------------------------


def _check_day(day: DayHours) -> None:
    name = str(ServiceDay.Weekday(day.weekday).label)
    field = f"day_{day.weekday}"
    if (day.opens_at is None) != (day.closes_at is None):
        field_error(
            field,
            _("%(day)s: isi jam buka dan jam tutup, atau kosongkan keduanya bila tutup.")
            % {"day": name},
        )
    if day.opens_at is None:
        if day.break_starts_at or day.break_ends_at:
            field_error(
                field, _("%(day)s: hari tutup tidak memiliki jam istirahat.") % {"day": name}
            )
        return
    assert day.closes_at is not None  # noqa: S101 - checked above
    if day.opens_at >= day.closes_at:
        field_error(field, _("%(day)s: jam buka harus sebelum jam tutup.") % {"day": name})
    if (day.break_starts_at is None) != (day.break_ends_at is None):
        field_error(
            field,
            _("%(day)s: isi awal dan akhir istirahat, atau kosongkan keduanya.") % {"day": name},
        )
    if day.break_starts_at and day.break_ends_at:
        within = day.opens_at < day.break_starts_at < day.break_ends_at < day.closes_at
        if not within:
            field_error(
                field,
                _("%(day)s: istirahat harus di antara jam buka dan jam tutup.") % {"day": name},
            )


def _channel_rows(channels: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    rows = []
    kinds = set(ServiceChannel.Kind.values)
    for index, row in enumerate(channels, start=1):
        kind, address, note = (
            _text(row.get("kind")),
            _text(row.get("address")),
            _text(row.get("note")),
        )
        if kind not in kinds:
            field_error("channels", _("Saluran %(n)s: pilih jenis saluran.") % {"n": index})
        if not address:
            field_error("channels", _("Saluran %(n)s: isi alamat atau nomornya.") % {"n": index})
        rows.append((kind, address, note))
    if len(rows) > MAX_ROWS:
        field_error("channels", _("Paling banyak %(n)s saluran.") % {"n": MAX_ROWS})
    return rows


@transaction.atomic
def service_hours_set(
    *,
    body: PublicBody,
    actor: UserLike,
    days: list[DayHours],
    note: str,
    channels: list[dict[str, Any]],
) -> str:
    """Set the PPID Utama desk's weekly hours, their note and the service channels.

    The PPID Utama unit's free-text hours (shown on its unit page) are rewritten from the
    table, so the two never disagree. Returns the hours as text.
    """
    _require_editor(actor, body)
    locked = _lock(body)
    weekdays = [d.weekday for d in days]
    if len(set(weekdays)) != len(weekdays) or not set(weekdays) <= set(ServiceDay.Weekday.values):
        field_error("days", _("Setiap hari hanya boleh diisi satu kali."))
    for day in days:
        _check_day(day)
    note = _text(note)
    rows = _channel_rows(channels)
    new_days = [
        ServiceDay(
            body=locked,
            weekday=d.weekday,
            opens_at=d.opens_at,
            closes_at=d.closes_at,  # type: ignore[misc]  # set whenever opens_at is
            break_starts_at=d.break_starts_at,
            break_ends_at=d.break_ends_at,
        )
        for d in sorted(days, key=lambda d: d.weekday)
        if d.opens_at is not None
    ]
    summary = selectors.hours_summary(new_days, note)
    old_days = selectors.service_days(locked)
    desk = selectors.service_desk(locked)
    old_rows = [(c.kind, c.address, c.note) for c in selectors.service_channels(locked)]

    def key(day: ServiceDay) -> tuple[Any, ...]:
        return (day.weekday, day.opens_at, day.closes_at, day.break_starts_at, day.break_ends_at)

    same_days = [key(d) for d in old_days] == [key(d) for d in new_days]
    if same_days and desk.pk is not None and desk.hours_note == note and old_rows == rows:
        return summary
    ServiceDay.objects.filter(body=locked).delete()
    ServiceDay.objects.bulk_create(new_days)
    desk.hours_note = note
    desk.save()
    ServiceChannel.objects.filter(body=locked).delete()
    ServiceChannel.objects.bulk_create(
        ServiceChannel(body=locked, position=i, kind=k, address=a, note=n)
        for i, (k, a, n) in enumerate(rows, start=1)
    )
    ppid_utama = body_selectors.unit_ppid_utama(locked)
    # Written even when empty (every day closed, no note): the unit page must not keep
    # showing the hours this table replaced.
    if ppid_utama is not None:
        body_services.unit_update(unit=ppid_utama, actor=actor, service_hours=summary)
    _event(
        body=locked,
        kind=CharterEvent.Kind.HOURS_UPDATED,
        actor=actor,
        data={"hours": summary, "channels": len(rows)},
    )
    return summary


# --- Fees ------------------------------------------------------------------------------------


def _fee_rows(items: list[dict[str, Any]]) -> list[tuple[str, int, str, str]]:
    rows = []
    for index, row in enumerate(items, start=1):
        name = _text(row.get("name"))
        amount = row.get("amount")
        if not name:
            field_error("items", _("Baris biaya %(n)s: isi nama layanannya.") % {"n": index})
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            field_error(
                "items",
                _("Baris biaya %(n)s: biaya harus bilangan bulat 0 atau lebih (0 = gratis).")
                % {"n": index},
            )
        rows.append((name, amount, _text(row.get("unit")), _text(row.get("note"))))
    if len(rows) > MAX_ROWS:
        field_error("items", _("Paling banyak %(n)s baris biaya.") % {"n": MAX_ROWS})
    return rows


@transaction.atomic
def fees_set(
    *, body: PublicBody, actor: UserLike, tariffs: dict[str, Any], items: list[dict[str, Any]]
) -> None:
    """Set the copy and delivery tariffs and the extra fee rows the body publishes.

    UU 14/2008 Pasal 21: access is low-cost; reading and viewing are free and only copies and
    delivery may be charged, at a tariff the body announces (domain.md 1.7).
    """
    _require_editor(actor, body)
    unknown = set(tariffs) - set(TARIFF_FIELDS)
    if unknown:
        raise TypeError(f"Not a tariff: {sorted(unknown)}")
    locked = _lock(body)
    for name in TARIFF_FIELDS[:-1]:
        value = tariffs.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            field_error(name, _("Biaya harus bilangan bulat 0 atau lebih."))
    rows = _fee_rows(items)
    current = selectors.fee_tariffs(locked)
    tariff_changes = {
        name: _text(value) if name == "payment_instructions" else value
        for name, value in tariffs.items()
        if getattr(current, name) != (_text(value) if name == "payment_instructions" else value)
    }
    old_rows = [(f.name, f.amount, f.unit, f.note) for f in selectors.fee_items(locked)]
    if not tariff_changes and old_rows == rows:
        return
    if tariff_changes:
        request_services.request_settings_update(body=locked, actor=actor, **tariff_changes)
    if old_rows != rows:
        FeeItem.objects.filter(body=locked).delete()
        FeeItem.objects.bulk_create(
            FeeItem(body=locked, position=i, name=n, amount=a, unit=u, note=t)
            for i, (n, a, u, t) in enumerate(rows, start=1)
        )
    _event(
        body=locked,
        kind=CharterEvent.Kind.FEES_UPDATED,
        actor=actor,
        data={"tariffs": tariff_changes, "items": len(rows)},
    )
