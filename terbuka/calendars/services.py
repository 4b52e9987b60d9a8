"""Every write to the holiday table. Each change writes a HolidayEvent and, on commit, tells
the apps whose legal clocks depend on working days (see `terbuka.calendars.signals`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version as package_version
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from terbuka.calendars.models import Holiday, HolidayEvent
from terbuka.calendars.signals import holidays_changed
from terbuka.calendars.tasks import recompute_open_clocks as recompute_open_clocks_task
from terbuka.calendars.workdays import EARLIEST_START, LATEST_START
from terbuka.core.exceptions import Conflict, InvalidTransition, ValidationError

if TYPE_CHECKING:
    from terbuka.accounts.models import User

# The package's categories and the kinds they become. Cuti bersama (joint leave decided by
# the SKB of three ministers each year) are only in the GOVERNMENT category.
SEED_CATEGORIES: tuple[tuple[str, Holiday.Kind], ...] = (
    ("public", Holiday.Kind.NATIONAL),
    ("government", Holiday.Kind.JOINT_LEAVE),
)


def _notify_on_commit(dates: Iterable[dt.date]) -> None:
    changed = sorted(set(dates))
    if not changed:
        return

    def notify() -> None:
        holidays_changed.send(sender=Holiday, dates=changed)
        recompute_open_clocks_task.enqueue([day.isoformat() for day in changed])

    transaction.on_commit(notify)


def _full_clean(holiday: Holiday) -> None:
    try:
        holiday.full_clean()
    except DjangoValidationError as exc:
        fields = exc.message_dict
        first = next(iter(fields.values()))[0]
        raise ValidationError(first, fields=fields) from exc


def _event(
    holiday: Holiday | None,
    kind: HolidayEvent.Kind,
    *,
    day: dt.date,
    actor: User | None,
    data: dict[str, Any],
) -> HolidayEvent:
    return HolidayEvent.objects.create(holiday=holiday, kind=kind, date=day, actor=actor, data=data)


def _snapshot(holiday: Holiday) -> dict[str, Any]:
    return {
        "date": holiday.date.isoformat(),
        "name": holiday.name,
        "kind": holiday.kind,
        "region_code": holiday.region_code,
        "source": holiday.source,
        "note": holiday.note,
    }


def _locked(holiday: Holiday) -> Holiday:
    return Holiday.objects.select_for_update().get(pk=holiday.pk)


@transaction.atomic
def holiday_create(
    *,
    date: dt.date,
    name: str,
    kind: str,
    region_code: str = "",
    note: str = "",
    actor: User | None,
) -> Holiday:
    """Add a holiday by hand (late SKB change, local holiday)."""
    holiday = Holiday(
        date=date,
        name=name.strip(),
        kind=kind,
        region_code=region_code.strip(),
        note=note.strip(),
        source=Holiday.Source.MANUAL,
        updated_by=actor,
    )
    _full_clean(holiday)
    holiday.save()
    _event(holiday, HolidayEvent.Kind.CREATED, day=date, actor=actor, data=_snapshot(holiday))
    _notify_on_commit([date])
    return holiday


@transaction.atomic
def holiday_update(
    *,
    holiday: Holiday,
    actor: User | None,
    date: dt.date | None = None,
    name: str | None = None,
    kind: str | None = None,
    region_code: str | None = None,
    note: str | None = None,
) -> Holiday:
    """Change a holiday's date, name, kind, region or note; None leaves a field as it is.

    An edited seeded row is marked `is_edited`, so a reseed never overwrites it.
    """
    holiday = _locked(holiday)
    old_date = holiday.date
    wanted: dict[str, Any] = {
        "date": date,
        "name": name.strip() if name is not None else None,
        "kind": kind,
        "region_code": region_code.strip() if region_code is not None else None,
        "note": note.strip() if note is not None else None,
    }
    changes: dict[str, list[Any]] = {}
    for field_name, value in wanted.items():
        old = getattr(holiday, field_name)
        if value is not None and value != old:
            changes[field_name] = [str(old), str(value)]
            setattr(holiday, field_name, value)
    if not changes:
        return holiday
    if holiday.is_seeded:
        holiday.is_edited = True
    holiday.updated_by = actor
    _full_clean(holiday)
    holiday.save(update_fields=[*changes, "is_edited", "updated_by", "updated_at"])
    _event(
        holiday, HolidayEvent.Kind.UPDATED, day=holiday.date, actor=actor, data={"changes": changes}
    )
    if not holiday.is_cancelled and changes.keys() & {"date", "kind", "region_code"}:
        _notify_on_commit([old_date, holiday.date])
    return holiday


@transaction.atomic
def holiday_cancel(*, holiday: Holiday, reason: str = "", actor: User | None) -> Holiday:
    """Keep the date a working day (e.g. an SKB revoked a cuti bersama); reseeds respect it."""
    holiday = _locked(holiday)
    if holiday.is_cancelled:
        raise InvalidTransition(_("Hari libur ini sudah dibatalkan."))
    reason = reason.strip()
    data: dict[str, Any] = {"reason": reason}
    holiday.is_cancelled = True
    holiday.updated_by = actor
    update_fields = ["is_cancelled", "updated_by", "updated_at"]
    if reason:
        data["old_note"] = holiday.note
        holiday.note = reason[:300]
        update_fields.append("note")
    holiday.save(update_fields=update_fields)
    _event(holiday, HolidayEvent.Kind.CANCELLED, day=holiday.date, actor=actor, data=data)
    _notify_on_commit([holiday.date])
    return holiday


@transaction.atomic
def holiday_restore(*, holiday: Holiday, actor: User | None) -> Holiday:
    """Make a cancelled holiday a non-working day again."""
    holiday = _locked(holiday)
    if not holiday.is_cancelled:
        raise InvalidTransition(_("Hari libur ini tidak sedang dibatalkan."))
    holiday.is_cancelled = False
    holiday.updated_by = actor
    holiday.save(update_fields=["is_cancelled", "updated_by", "updated_at"])
    _event(holiday, HolidayEvent.Kind.RESTORED, day=holiday.date, actor=actor, data={})
    _notify_on_commit([holiday.date])
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, actor: User | None) -> None:
    """Delete a holiday added by hand; seeded rows are cancelled instead, so reseeds skip them."""
    holiday = _locked(holiday)
    if holiday.is_seeded:
        raise Conflict(
            _(
                "Hari libur dari paket tidak dapat dihapus. Batalkan saja agar tanggalnya "
                "tetap hari kerja."
            )
        )
    _event(
        holiday, HolidayEvent.Kind.DELETED, day=holiday.date, actor=actor, data=_snapshot(holiday)
    )
    if not holiday.is_cancelled:
        _notify_on_commit([holiday.date])
    holiday.delete()


@dataclass
class SeedResult:
    """What a seeding run did, per row."""

    created: list[Holiday] = field(default_factory=list)
    renamed: list[Holiday] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # seed keys of rows the package dropped
    kept: int = 0  # rows already right, or edited/cancelled by an officer
    skipped: int = 0  # dates an officer already entered by hand


def seed_key(day: dt.date, kind: str) -> str:
    """Return the key that identifies a package holiday across reseeds."""
    return f"{day.isoformat()}:{kind}"


def package_holidays(years: Sequence[int]) -> dict[str, tuple[dt.date, str, str]]:
    """Return {seed key: (date, name, kind)} offered by the `holidays` package for Indonesia."""
    # Imported here: the package's country tables cost about a second of start-up, and only
    # the seeding of holidays reads them.
    import holidays as holidays_package

    offered: dict[str, tuple[dt.date, str, str]] = {}
    for category, kind in SEED_CATEGORIES:
        table = holidays_package.country_holidays(
            "ID", years=list(years), categories=(category,), language="id"
        )
        for day, name in sorted(table.items()):
            offered[seed_key(day, kind)] = (day, str(name), str(kind))
    return offered


def _check_years(years: Sequence[int]) -> list[int]:
    cleaned = sorted(set(years))
    if not cleaned:
        raise ValidationError(_("Pilih paling sedikit satu tahun."))
    for year in cleaned:
        if not EARLIEST_START.year <= year <= LATEST_START.year:
            raise ValidationError(
                _("Tahun harus antara %(first)s dan %(last)s.")
                % {"first": EARLIEST_START.year, "last": LATEST_START.year},
                year=year,
            )
    return cleaned


@transaction.atomic
def holidays_seed(*, years: Sequence[int], actor: User | None = None) -> SeedResult:
    """Fill the table for `years` from the `holidays` package (public + government categories).

    Idempotent. Never overrides an officer: rows they edited or cancelled stay as they are, and
    a date they already entered by hand (same kind, or same name) is not added again. Seeded
    rows the package no longer offers (e.g. an estimated Islamic date that moved) are removed
    unless an officer touched them.
    """
    cleaned = _check_years(years)
    offered = package_holidays(cleaned)
    version = f"holidays {package_version('holidays')}"
    in_years = Q()
    for year in cleaned:
        in_years |= Q(seed_key__startswith=f"{year}-")
    existing = {
        row.seed_key: row
        for row in Holiday.objects.select_for_update().filter(
            in_years, source=Holiday.Source.SEEDED
        )
    }
    manual = Holiday.objects.filter(
        date__year__in=cleaned, region_code="", source=Holiday.Source.MANUAL
    ).values_list("date", "kind", "name")
    manual_kinds = {(day, kind) for day, kind, _name in manual}
    manual_names = {(day, name) for day, _kind, name in manual}

    result = SeedResult()
    changed: list[dt.date] = []
    for key, (day, name, kind) in offered.items():
        row = existing.get(key)
        if row is None:
            if (day, kind) in manual_kinds or (day, name) in manual_names:
                result.skipped += 1
                continue
            row = Holiday(
                date=day,
                name=name,
                kind=kind,
                source=Holiday.Source.SEEDED,
                seed_key=key,
                updated_by=actor,
            )
            _full_clean(row)
            row.save()
            data: dict[str, Any] = {"name": name, "kind": kind, "package": version}
            _event(row, HolidayEvent.Kind.SEEDED, day=day, actor=actor, data=data)
            result.created.append(row)
            changed.append(day)
        elif row.is_edited or row.is_cancelled or row.name == name:
            result.kept += 1
        else:
            changes = {"name": [row.name, name]}
            row.name = name
            row.updated_by = actor
            row.save(update_fields=["name", "updated_by", "updated_at"])
            data = {"changes": changes, "package": version}
            _event(row, HolidayEvent.Kind.UPDATED, day=row.date, actor=actor, data=data)
            result.renamed.append(row)
    for key, row in existing.items():
        if key in offered:
            continue
        if row.is_edited or row.is_cancelled:
            result.kept += 1
            continue
        data = {**_snapshot(row), "reason": "no longer offered", "package": version}
        _event(row, HolidayEvent.Kind.DELETED, day=row.date, actor=actor, data=data)
        changed.append(row.date)
        result.removed.append(key)
        row.delete()
    _notify_on_commit(changed)
    return result
