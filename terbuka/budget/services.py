"""Every write of budgets: importing a file (all or nothing) and replacing the active import.

UU 14/2008 Pasal 9(2) huruf c (financial reports published periodically) and Pasal 11(1) huruf
d (work plans with estimated yearly spending available at any time): a unit's officer imports
the spreadsheet, the portal re-publishes its numbers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terbuka.bodies.models import PublicBody, Unit
from terbuka.budget import permissions
from terbuka.budget.imports import (
    ParsedTable,
    check_mapping,
    parse_table,
    read_table,
)
from terbuka.budget.models import (
    PLAN_KINDS,
    BudgetEvent,
    BudgetIdempotencyKey,
    BudgetImport,
    BudgetKind,
    BudgetLine,
)
from terbuka.core.exceptions import Conflict
from terbuka.core.files import save_to_field
from terbuka.core.service_helpers import (
    actor_or_none,
    claim_key,
    field_error,
    full_clean,
    require,
)
from terbuka.safety import services as safety_services

Status = BudgetImport.Status
Kind = BudgetEvent.Kind

FIRST_YEAR = 1990
# Plans (RKA) are prepared for the coming year; a little more room for multi-year plans.
YEARS_AHEAD = 2
LINE_BATCH = 2000
MAX_NOTE = 2000


def _event(
    kind: str, *, budget_import: BudgetImport, actor: Any, data: dict[str, Any], note: str = ""
) -> BudgetEvent:
    return BudgetEvent.objects.create(
        budget_import=budget_import,
        kind=kind,
        actor=actor_or_none(actor),
        note=note,
        data=data,
        occurred_at=timezone.now(),
    )


def check_year(year: int) -> None:
    last = timezone.localdate().year + YEARS_AHEAD
    if not FIRST_YEAR <= year <= last:
        field_error(
            "year",
            _("Tahun anggaran harus antara %(first)d dan %(last)d.")
            % {"first": FIRST_YEAR, "last": last},
        )


def check_kind(kind: str) -> None:
    if kind not in BudgetKind.values:
        field_error("kind", _("Jenis dokumen anggaran tidak dikenal."))


def safe_name(filename: str) -> str:
    name = PurePosixPath(PureWindowsPath(filename or "").name).name.strip()
    return name[:200] or "anggaran"


def payload_digest(**values: Any) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def import_summary(budget_import: BudgetImport) -> dict[str, Any]:
    """The facts an officer confirms before replacing an import (JSON-safe)."""
    return {
        "id": budget_import.pk,
        "original_name": budget_import.original_name,
        "lines_count": budget_import.lines_count,
        "total_allocation": str(budget_import.total_allocation),
        "total_realisation": (
            None
            if budget_import.total_realisation is None
            else str(budget_import.total_realisation)
        ),
        "created_at": budget_import.created_at.isoformat(),
    }


def budget_import(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit,
    year: int,
    kind: str,
    data: bytes,
    filename: str,
    mapping: Mapping[str, str] | None = None,
    header_row: int = 1,
    replace: bool = False,
    idempotency_key: str | None = None,
    note: str = "",
) -> BudgetImport:
    """Import a unit's budget file for a year and kind, all or nothing.

    Every row is checked first (see `imports.py`); any error raises `ImportFailed` (422,
    `import_failed`) listing every row, column and reason, and nothing is stored. An active
    import of the same body, unit, year and kind is replaced only with `replace=True`;
    otherwise `Conflict` (409, `import_exists`) carries its id, totals and date for the
    officer to confirm. The replaced import stays, superseded, with its lines and history.

    The original file is scanned by the safety scanner and kept in private storage with the
    scan. Findings do not block the import: the portal re-publishes the checked numbers, never
    the file itself; they are shown to the officer (and block the file wherever it is released
    as a document, e.g. through the DIP).

    A repeated `idempotency_key` with the same file and choices returns the first import.
    """
    require(permissions.can_import_budget(actor, body, unit))
    check_year(year)
    check_kind(kind)
    columns = check_mapping(mapping)
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        field_error("note", _("Catatan paling banyak %(n)d karakter.") % {"n": MAX_NOTE})
    sha256 = hashlib.sha256(data).hexdigest()
    scope = f"budget:{actor.pk}:{body.pk}"
    digest = payload_digest(
        unit=unit.pk,
        year=year,
        kind=kind,
        sha256=sha256,
        mapping=columns,
        header_row=header_row,
        replace=replace,
    )
    if idempotency_key:
        # A repeat is answered without reading the file again (the claim below re-checks).
        earlier = (
            BudgetIdempotencyKey.objects.filter(
                scope=scope, key=idempotency_key, payload_hash=digest
            )
            .exclude(budget_import=None)
            .select_related("budget_import")
            .first()
        )
        if earlier is not None and earlier.budget_import is not None:
            return earlier.budget_import
    # Reading and checking happen before the transaction: a refused file writes nothing.
    table = parse_table(
        read_table(data, filename),
        needs_realisation=kind not in PLAN_KINDS,
        mapping=columns,
        header_row=header_row,
    )
    return _store(
        actor=actor,
        body=body,
        unit=unit,
        year=year,
        kind=kind,
        data=data,
        filename=safe_name(filename),
        sha256=sha256,
        table=table,
        replace=replace,
        scope=scope,
        idempotency_key=idempotency_key,
        digest=digest,
        note=note,
    )


@transaction.atomic
def _store(
    *,
    actor: Any,
    body: PublicBody,
    unit: Unit,
    year: int,
    kind: str,
    data: bytes,
    filename: str,
    sha256: str,
    table: ParsedTable,
    replace: bool,
    scope: str,
    idempotency_key: str | None,
    digest: str,
    note: str,
) -> BudgetImport:
    key_row, existing = claim_key(
        BudgetIdempotencyKey,
        "budget_import",
        scope,
        idempotency_key,
        digest,
        reused=_("Kunci idempotensi sudah dipakai untuk impor lain."),
        pending=_("Impor dengan kunci ini sedang diproses."),
    )
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    # The unit row serialises imports of one unit (two officers confirming at once).
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()
    current = (
        BudgetImport.objects.select_for_update()
        .filter(body=body, unit=unit, year=year, kind=kind, status=Status.ACTIVE)
        .first()
    )
    if current is not None and not replace:
        raise Conflict(
            _(
                "Sudah ada %(kind)s %(year)d untuk unit ini (diimpor %(when)s). Konfirmasi untuk "
                "menggantinya; impor lama tetap tersimpan sebagai riwayat."
            )
            % {
                "kind": BudgetKind(kind).label,
                "year": year,
                "when": timezone.localtime(current.created_at).strftime("%d-%m-%Y %H:%M"),
            },
            code="import_exists",
            existing=import_summary(current),
        )
    result = safety_services.scan_file(data=data, filename=filename, actor=actor)
    if current is not None:
        current.status = Status.SUPERSEDED
        current.save(update_fields=["status"])
    new = BudgetImport(
        body=body,
        unit=unit,
        year=year,
        kind=kind,
        original_name=filename,
        sha256=sha256,
        scan=result.scan,
        status=Status.ACTIVE,
        lines_count=len(table.lines),
        total_allocation=table.total_allocation,
        total_realisation=table.total_realisation,
        overspent_count=table.overspent,
        created_by=actor_or_none(actor),
        created_at=timezone.now(),
        note=note,
    )
    save_to_field(new.file, filename, ContentFile(data))
    full_clean(new, _("Impor anggaran tidak valid."), exclude=["scan", "replaced_by"])
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError:
        # Another import of the same unit, year and kind became active first.
        raise Conflict(
            _("Impor lain untuk unit, tahun dan jenis ini baru saja disimpan. Muat ulang."),
            code="import_exists",
        ) from None
    BudgetLine.objects.bulk_create(
        (
            # The id, not the object: 50,000 lines skip the related-object descriptor.
            BudgetLine(
                budget_import_id=new.pk,
                code=line.code,
                parent_code=line.parent_code,
                sort_key=line.sort_key,
                depth=line.depth,
                child_count=line.child_count,
                description=line.description,
                allocation=line.allocation,
                realisation=line.realisation,
                row_number=line.row,
            )
            for line in table.lines
        ),
        batch_size=LINE_BATCH,
    )
    if current is not None:
        current.replaced_by = new
        current.save(update_fields=["replaced_by"])
        safety_services.scan_supersede(scan=current.scan, replacement=result.scan, actor=actor)
        _event(
            Kind.SUPERSEDED,
            budget_import=current,
            actor=actor,
            data={"replaced_by": new.pk},
        )
    _event(
        Kind.IMPORTED,
        budget_import=new,
        actor=actor,
        note=note,
        data={
            "file": filename,
            "sha256": sha256,
            "lines": new.lines_count,
            "total_allocation": str(new.total_allocation),
            "total_realisation": (
                None if new.total_realisation is None else str(new.total_realisation)
            ),
            "overspent": new.overspent_count,
            "replaces": current.pk if current is not None else None,
            "scan": result.scan.pk,
        },
    )
    if key_row is not None:
        key_row.budget_import = new
        key_row.save(update_fields=["budget_import"])
    return new
