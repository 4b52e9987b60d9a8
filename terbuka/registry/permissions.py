"""Who may do what with the DIP; every predicate reads a selector of `selectors.py`."""

from __future__ import annotations

from terbuka.bodies.models import PublicBody, Unit
from terbuka.bodies.selectors import UserLike
from terbuka.bodies.selectors import is_superuser as _is_superuser
from terbuka.registry.models import ConsequenceTest, InformationEntry
from terbuka.registry.selectors import (
    bodies_for_office,
    consequence_editable_by,
    consequence_office_visible_to,
    dip_body_ids,
    entry_editable_by,
    entry_office_visible_to,
    units_for_new_entry,
)


def can_open_dip_office(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may open the body's DIP back office."""
    return bodies_for_office(user).filter(pk=body.pk).exists()


def can_view_entry_office(user: UserLike, entry: InformationEntry) -> bool:
    return entry_office_visible_to(user).filter(pk=entry.pk).exists()


def can_edit_entry(user: UserLike, entry: InformationEntry) -> bool:
    """The unit's PPID Pelaksana, or the body's PPID Utama and admins."""
    return entry_editable_by(user).filter(pk=entry.pk).exists()


def can_create_entry(user: UserLike, body: PublicBody, unit: Unit) -> bool:
    return unit.body_id == body.pk and units_for_new_entry(user, body).filter(pk=unit.pk).exists()


def can_keep_body_dip(user: UserLike, body: PublicBody) -> bool:
    """The body's PPID Utama and admins: import, export, override safety findings, decide tests.

    A finding may be overridden only by the PPID Utama: the unit that uploaded the file does not
    clear its own file for release (PSNI 2023, Islington 2012: the guard must not be the author).
    """
    if _is_superuser(user):
        return True
    return dip_body_ids(user).filter(unit__body_id=body.pk).exists()


def can_view_test_office(user: UserLike, test: ConsequenceTest) -> bool:
    return consequence_office_visible_to(user).filter(pk=test.pk).exists()


def can_edit_test(user: UserLike, test: ConsequenceTest) -> bool:
    """Propose or edit a draft test: the unit's PPID Pelaksana or the PPID Utama."""
    return consequence_editable_by(user).filter(pk=test.pk).exists()


def can_decide_test(user: UserLike, test: ConsequenceTest) -> bool:
    """Perki 1/2021: the result is fixed by a decision of the PPID (Utama)."""
    return can_keep_body_dip(user, test.body)
