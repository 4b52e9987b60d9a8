"""django-rules permission of the charter app (autodiscovered by `rules.apps`)."""

from __future__ import annotations

from terbuka.bodies.models import PublicBody
from terbuka.bodies.rules import add_perm, predicate
from terbuka.bodies.selectors import UserLike
from terbuka.charter import permissions


@predicate
def edits_service_info_of(user: UserLike, body: PublicBody | None) -> bool:
    """Is PPID Utama or admin of this body."""
    return body is not None and permissions.can_edit_service_info(user, body)


add_perm("charter.edit_service_info", edits_service_info_of)
