"""Who may edit a body's service information: its PPID Utama and admins (and superusers).

Perki 1/2021 Pasal 47-48 makes the charter the body's own statement, set by the PPID; the
scope is the bodies app's manager scope (`bodies.selectors.body_list_managed_by`), written once.
"""

from __future__ import annotations

from django.db.models import QuerySet

from terbuka.bodies import selectors as body_selectors
from terbuka.bodies.models import PublicBody
from terbuka.bodies.selectors import UserLike


def body_list_editable_by(user: UserLike) -> QuerySet[PublicBody]:
    """Return the bodies whose charter, procedures, hours and fees the user may edit."""
    return body_selectors.body_list_managed_by(user)


def can_edit_service_info(user: UserLike, body: PublicBody) -> bool:
    """Return whether the user may edit the body's charter, procedures, hours and fees."""
    return body_list_editable_by(user).filter(pk=body.pk).exists()
