"""Who may do what with budgets; every predicate reads a selector of `selectors.py`.

Reading active budgets is public (UU 14/2008 Pasal 9(2) huruf c, Pasal 11(1) huruf d) and
needs no predicate.
"""

from __future__ import annotations

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import UserLike
from terbuka.budget.models import BudgetDocument, BudgetImport
from terbuka.budget.selectors import (
    documents_office,
    import_editable_by,
    units_for_budget_import,
)


def can_import_budget(user: UserLike, body: PublicBody, unit: Unit) -> bool:
    """The unit's PPID Pelaksana, or the body's PPID Utama and admins, for an active unit."""
    return (
        unit.body_id == body.pk and units_for_budget_import(user, body).filter(pk=unit.pk).exists()
    )


def can_view_import_office(user: UserLike, budget_import: BudgetImport) -> bool:
    """Who sees an import's original file, its scan findings and its history."""
    return import_editable_by(user).filter(pk=budget_import.pk).exists()


def can_manage_document(user: UserLike, budget_document: BudgetDocument) -> bool:
    """Who replaces, releases and withdraws a budget document and sees its findings."""
    return documents_office(user).filter(pk=budget_document.pk).exists()
