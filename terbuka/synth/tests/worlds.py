"""A tiny synthetic world for the tests, and a digest of its rows."""

from __future__ import annotations

import hashlib
import io
from datetime import date

from django.apps import apps
from django.core.management import call_command

from terbuka.inforequests.states import Status

UNTIL = date(2026, 11, 20)
# Tables whose rows are written without an id: the sequence numbers them.
AUTO_IDS = {
    "inforequests.RequestEvent", "inforequests.WrittenNotice", "inforequests.Delivery",
    "inforequests.Payment", "inforequests.RequestRouting", "objections.ObjectionEvent",
    "objections.Dispute", "objections.AtasanResponse", "objections.Deliberation",
    "budget.BudgetLine", "monev.Evidence", "monev.Result", "monev.HistoricalResult",
    "search.SearchEntry", "registry.EntryCounter", "bodies.Membership",
    "inforequests.RequestSettings", "inforequests.RegistrationCounter",
    "objections.ObjectionCounter", "accounts.AccountEvent", "reports.MonthlyStat",
    "reports.DaysStat",
}  # fmt: skip
# Statuses reached only through a written notice (UU 14/2008 Pasal 22(7)).
NOTICE_STATUSES = {Status.NOTICE_ISSUED, Status.AWAITING_PAYMENT, Status.FULFILLED}


def generate_tiny(*extra: str) -> str:
    """Run `terbuka generate` for a world of 2 bodies, 30 units and 400 requests."""
    out = io.StringIO()
    call_command(
        "generate",
        "--units=30",
        "--documents=60",
        "--requests=400",
        "--bodies=2",
        f"--until={UNTIL.isoformat()}",
        *extra,
        stdout=out,
    )
    return out.getvalue()


def digest() -> str:
    """A hash of every synthetic row's values (clear identity values; no generated ids)."""
    result = hashlib.sha256()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "accounts", "bodies", "inforequests", "objections", "registry", "budget", "monev",
            "reports", "search", "safety",
        }:  # fmt: skip
            continue
        auto_pk = model._meta.label in AUTO_IDS
        names = [f.attname for f in model._meta.concrete_fields if not (auto_pk and f.primary_key)]
        rows = sorted(repr(row) for row in model._base_manager.values_list(*names))
        result.update(model._meta.label.encode())
        result.update("\n".join(rows).encode())
    return result.hexdigest()
